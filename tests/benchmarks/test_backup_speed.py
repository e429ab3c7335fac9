"""Backups of a 10,000-document project: how long a verified backup, a restore and a salvage take,
against the same-run baseline of copying the file's pages with plain sqlite3 (no check, no
rotation); and how long the window's event loop stalls while a backup runs in the background."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from annotator.core.model import DocumentRecord, SpanRecord
from annotator.store import Project
from annotator.store.backups import list_backups
from annotator.store.salvage import salvage

DOCUMENTS = 10_000
SPANS_EACH = 10
WORDS = "the minister said on Tuesday that talks would resume after the summit in Brussels".split()


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("backup") / "big.sqlite"
    with Project(path) as project:
        records = []
        for n in range(DOCUMENTS):
            text = f"Report {n}: " + " ".join(WORDS[(n + k) % len(WORDS)] for k in range(120))
            people = [SpanRecord(8 + 4 * k, 9 + 4 * k, "PERSON") for k in range(SPANS_EACH - 1)]
            records.append(DocumentRecord(text=text, spans=[SpanRecord(0, 6, "ORG"), *people]))
        project.import_records(records)
    return path


def seconds(function) -> float:  # noqa: ANN001
    began = time.perf_counter()
    function()
    return time.perf_counter() - began


@pytest.mark.benchmark
def test_backup_restore_and_salvage_of_10000_documents(big_project: Path, tmp_path: Path, capsys) -> None:
    size_mb = big_project.stat().st_size / 1e6

    def plain_copy() -> None:
        source, target = sqlite3.connect(big_project), sqlite3.connect(tmp_path / "plain.sqlite")
        source.backup(target)
        source.close()
        target.close()

    baseline = seconds(plain_copy)
    with Project(big_project) as project:
        backup_time = seconds(lambda: project.backup("benchmark"))
        project.add_span(1, 0, 1, "PERSON")
        [made] = [b for b in list_backups(big_project) if b.reason == "benchmark"]
        restore_time = seconds(lambda: project.restore_backup(made.path))
        assert project.span_count(1) == SPANS_EACH
    salvage_time = seconds(lambda: salvage(big_project, tmp_path / "salvaged.sqlite"))
    with capsys.disabled():
        print(f"\nbackups of {DOCUMENTS:,} documents, {DOCUMENTS * SPANS_EACH:,} spans ({size_mb:.0f} MB)")
        print(f"  baseline, plain page copy:     {baseline:6.2f} s")
        print(f"  verified backup (+ check):     {backup_time:6.2f} s  ({backup_time / baseline:.1f}x)")
        print(f"  restore (backup first, check): {restore_time:6.2f} s  ({restore_time / baseline:.1f}x)")
        print(f"  salvage into a new project:    {salvage_time:6.2f} s  ({salvage_time / baseline:.1f}x)")


@pytest.mark.benchmark
def test_the_window_keeps_responding_during_a_background_backup(big_project: Path, qtbot, capsys) -> None:
    from PySide6.QtCore import QElapsedTimer, QTimer

    from annotator.ui.backup.worker import BackupWorker

    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer(interval=5)
    timer.timeout.connect(tick)
    timer.start()
    qtbot.wait(300)
    idle = max(gaps)
    gaps.clear()
    worker = BackupWorker(big_project, "benchmark")
    began = time.perf_counter()
    worker.start()
    qtbot.waitUntil(lambda: not worker.is_running(), timeout=60000)
    took = time.perf_counter() - began
    timer.stop()
    with capsys.disabled():
        print(f"\nevent loop during a background backup of {DOCUMENTS:,} documents ({took:.2f} s)")
        print(f"  longest gap between 5 ms timer ticks: {max(gaps):.0f} ms (idle baseline {idle:.0f} ms)")
