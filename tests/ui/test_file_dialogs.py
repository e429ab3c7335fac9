"""Browsing the project's folder in a file dialog never touches the project file.

Qt's default icon provider reads a file's first bytes to guess its type; closing that descriptor
dropped SQLite's locks for the whole process, and tags made afterwards were lost once another
process had read the project (found trying File > Import under Xvfb).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from annotator.core.model import DocumentRecord
from annotator.store import Project
from annotator.ui import dialogs, file_dialogs

COUNT_SPANS = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
               "print(c.execute('SELECT count(*) FROM spans').fetchone()[0]); c.close()")


def outside_count(path: Path) -> int:
    done = subprocess.run([sys.executable, "-c", COUNT_SPANS, str(path)],
                          capture_output=True, text=True, check=True, timeout=60)
    return int(done.stdout)


def test_tags_after_browsing_the_project_folder_survive_an_outside_reader(
    qtbot, qapp, tmp_path: Path
) -> None:
    path = tmp_path / "project.sqlite"
    with Project(path) as project:
        document_id = project.import_records([DocumentRecord(text="word " * 40)]).added[0]
        project.add_span(document_id, 0, 4, "PERSON")  # the -wal and -shm are there to list too
        dialog = file_dialogs._dialog(None, "Import articles", str(tmp_path), "")
        qtbot.addWidget(dialog)
        dialog.setViewMode(QFileDialog.ViewMode.Detail)  # the Type column asks for every entry's type
        dialog.show()
        deadline = time.monotonic() + 1.5  # icons and types are gathered in a thread, then shown
        while time.monotonic() < deadline:
            qapp.processEvents()
            time.sleep(0.01)
        dialog.close()
        assert outside_count(path) == 1  # another process reads (and, last out, checkpoints)
        for n in range(1, 6):
            project.add_span(document_id, 5 * n, 5 * n + 4, "PERSON")
        assert outside_count(path) == 6


def test_every_file_dialog_of_the_window_names_files_without_opening_them(qtbot, monkeypatch) -> None:
    seen: list[QFileDialog] = []

    def record(dialog: QFileDialog) -> int:
        seen.append(dialog)
        return QFileDialog.DialogCode.Rejected

    monkeypatch.setattr(QFileDialog, "exec", record)
    dialogs.ask_import_files(None)
    dialogs.ask_import_folder(None)
    dialogs.ask_open_project(None)
    dialogs.ask_new_project(None)
    assert len(seen) == 4
    for dialog in seen:
        assert isinstance(dialog.iconProvider(), file_dialogs.NameOnlyIconProvider)
        assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)


def test_an_import_report_escapes_file_names_and_counts_special_files(
    window, qtbot, tmp_path: Path, monkeypatch
) -> None:
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("An article about Berlin.", encoding="utf-8")
    (folder / "bad\nname\x1b[31m.jsonl").write_text("{not json", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_error",
                        lambda parent, title, text, details="": shown.append((text, details)))
    worker = window.files.start_import([folder])
    qtbot.waitUntil(lambda: window.files.worker is None, timeout=20000)
    assert worker is not None
    [(text, details)] = shown
    assert "1 special file left out (a named pipe" in text
    # The reason is in the text itself now; the name still cannot forge a line of it.
    assert "bad\\nname\\x1b[31m.jsonl" in text and "\x1b" not in text + details
    assert not any(line.startswith("name") for line in text.splitlines())
