"""Backups through SQLite, restores that never replay a foreign -wal, damaged files never made worse."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from annotator.core.model import DocumentRecord, SpanRecord
from annotator.store import DamagedProjectError, Project
from annotator.store.backups import list_backups, make_backup, rotate

CLI = [sys.executable, "-c", "import sys; from annotator.cli import main; main(sys.argv[1:])"]


def run_cli(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, timeout=120)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_project(path: Path, documents: int = 200, spans_each: int = 10) -> None:
    text = " ".join(f"word{n}" for n in range(60))
    with Project(path) as project:
        project.import_records([
            DocumentRecord(text=f"{n}: {text}", spans=[SpanRecord(0, 1 + len(str(n)), "ORG")] + [
                SpanRecord(3 + 7 * k + len(str(n)), 8 + 7 * k + len(str(n)), "PERSON")
                for k in range(1, spans_each)
            ]) for n in range(documents)
        ])


def counts(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("SELECT count(*) FROM documents").fetchone()[0],
                conn.execute("SELECT count(*) FROM spans").fetchone()[0])
    finally:
        conn.close()


def crash_leaving_a_wal(path: Path) -> None:
    """A session that tags documents 1-8 and dies: its edits are left in the -wal beside the file."""
    crasher = subprocess.Popen([sys.executable, "-c", (
        "import os, sys; from annotator.store import Project\n"
        "p = Project(sys.argv[1]); p.conn.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "for n in range(1, 9): p.add_span(n, 0, 1, 'PERSON')\n"
        "os._exit(9)"), str(path)])
    crasher.wait(timeout=60)


def test_a_backup_holds_what_is_still_in_the_wal(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    make_project(path, documents=20)
    with Project(path) as project:
        project.conn.execute("PRAGMA wal_autocheckpoint = 0")  # everything new stays in the -wal
        project.add_span(1, 0, 1, "PERSON")
        made = project.backup("test")
        assert made.contents() == (20, 201)
        # One self-contained file: no -wal of its own, integrity checked.
        assert not Path(str(made.path) + "-wal").exists()
        assert sqlite3.connect(made.path).execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_backup_and_restore_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    make_project(path, documents=30)
    done = run_cli("backup", path)
    assert done.returncode == 0, done.stderr
    assert "30 documents (300 spans)" in done.stderr
    [backup] = list_backups(path)
    with Project(path) as project:
        project.add_span(1, 0, 1, "PERSON")
        project.import_records([DocumentRecord(text="added after the backup")])
    listed = run_cli("restore", path)
    assert str(backup.path) in listed.stdout and "30 documents" in listed.stdout
    done = run_cli("restore", path, backup.path)
    assert done.returncode == 0, done.stderr
    assert counts(path) == (30, 300)
    before = [b for b in list_backups(path) if b.reason == "before-restore"]
    assert len(before) == 1 and before[0].contents() == (31, 301)  # the restore can be undone
    assert run_cli("check", path).returncode == 0


def test_restore_over_a_crashed_project_never_replays_its_wal(tmp_path: Path) -> None:
    """The crashed session's -wal stays the project's own business: the restore writes through it."""
    path = tmp_path / "p.sqlite"
    make_project(path, documents=10)
    backup = make_backup(path, path, "old")
    crash_leaving_a_wal(path)
    assert Path(str(path) + "-wal").stat().st_size > 0  # the crash left its -wal beside the file
    assert run_cli("restore", path, backup.path).returncode == 0
    assert counts(path) == (10, 100)
    assert run_cli("check", path).returncode == 0


def test_another_files_wal_beside_a_project_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    path, other = tmp_path / "p.sqlite", tmp_path / "other.sqlite"
    make_project(path, documents=30)
    make_project(other, documents=5)
    crasher = subprocess.Popen([sys.executable, "-c", (
        "import os, sys; from annotator.store import Project\n"
        "p = Project(sys.argv[1]); p.conn.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "p.import_records([__import__('annotator.core.model', fromlist=['x']).DocumentRecord("
        "text=str(n) * 500) for n in range(40)])\n"
        "os._exit(9)"), str(other)])
    crasher.wait(timeout=60)
    shutil.copy(Path(str(other) + "-wal"), Path(str(path) + "-wal"))  # the user's copying mistake
    before = digest(path)
    with pytest.raises(DamagedProjectError, match="does not belong to it"):
        Project(path)
    assert digest(path) == before


@pytest.mark.parametrize("damage", ["truncated", "flipped"])
def test_a_damaged_project_is_refused_untouched_then_checked_and_salvaged(
    tmp_path: Path, damage: str
) -> None:
    path = tmp_path / "p.sqlite"
    make_project(path, documents=300)
    data = bytearray(path.read_bytes())
    if damage == "truncated":
        data = data[: len(data) * 9 // 10]
    else:
        for offset in range(len(data) // 2, len(data) // 2 + 4096 * 3, 97):
            data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    before = digest(path)
    opened = run_cli("stats", path)
    assert opened.returncode == 1
    message = opened.stderr.strip()
    assert "damaged" in message and "***" not in message and "\n" not in message
    assert "annotator salvage" in message
    assert digest(path) == before
    checked = run_cli("check", path)
    assert checked.returncode == 1 and "problem" in checked.stderr
    salvaged = run_cli("salvage", path, "-o", tmp_path / "saved.sqlite")
    assert salvaged.returncode == 0, salvaged.stderr
    assert digest(path) == before
    documents, spans = counts(tmp_path / "saved.sqlite")
    assert 0 < documents <= 300 and 0 < spans <= 3000
    assert documents >= 200  # one damaged region costs the rows on it, not the rest
    assert run_cli("check", tmp_path / "saved.sqlite").returncode == 0
    exported = run_cli("export", tmp_path / "saved.sqlite", "-o", tmp_path / "saved.jsonl")
    assert exported.returncode == 0, exported.stderr


def test_an_emptied_project_with_backups_is_damaged_not_new(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    make_project(path, documents=3)
    make_backup(path, path, "test")
    for side in (Path(str(path) + "-wal"), Path(str(path) + "-shm")):
        side.unlink(missing_ok=True)
    path.write_bytes(b"")
    with pytest.raises(DamagedProjectError, match="empty"):
        Project(path)
    assert path.stat().st_size == 0


def test_rotation_keeps_recent_daily_and_weekly(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    make_project(path, documents=1)
    folder = tmp_path / "p.sqlite.backups"
    folder.mkdir()
    now = datetime(2026, 12, 1, 12, 0)
    for hours in list(range(0, 12)) + [24 * d for d in range(1, 60)]:
        made = now - timedelta(hours=hours)
        (folder / f"p-{made:%Y%m%d-%H%M%S-%f}.sqlite").write_bytes(b"")
    rotate(path, now)
    kept = [backup.made for backup in list_backups(path)]
    assert kept[:5] == [now - timedelta(hours=h) for h in range(5)]
    assert len({made.date() for made in kept if now - made <= timedelta(days=7)}) == 8
    assert max(now - made for made in kept) <= timedelta(weeks=5)
    assert len(kept) < 25
    assert os.listdir(folder)


def test_a_large_import_is_backed_up_first_and_a_small_one_only_when_backups_are_old(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.sqlite"
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(3):
        (folder / f"a{n}.txt").write_text(f"Article number {n} about Berlin.", encoding="utf-8")
    assert run_cli("import", path, folder / "a0.txt").returncode == 0
    assert list_backups(path) == []  # a new, empty project has nothing to lose
    assert run_cli("import", path, folder).returncode == 0
    assert [backup.reason for backup in list_backups(path)] == ["before-import"]
    assert list_backups(path)[0].contents() == (1, 0)
    (tmp_path / "one.txt").write_text("One more article.", encoding="utf-8")
    assert run_cli("import", path, tmp_path / "one.txt").returncode == 0
    assert len(list_backups(path)) == 1  # the newest backup is minutes old: none needed


def test_an_upgrade_is_backed_up_first(tmp_path: Path) -> None:
    from annotator.store.schema import MIGRATIONS, SCHEMA_VERSION

    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(MIGRATIONS[0])
    conn.execute("INSERT INTO labels (name, kind, colour, key, position) "
                 "VALUES ('PERSON', 'entity', '#fff', '1', 0)")
    conn.execute("INSERT INTO project_info (key, value) VALUES ('created_at', '2025-01-01')")
    conn.execute("PRAGMA application_id = 1095650895")
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    with Project(path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    [backup] = list_backups(path)
    assert backup.reason == "before-migration"
    assert sqlite3.connect(backup.path).execute("PRAGMA user_version").fetchone()[0] == 1


def test_an_old_backup_copied_by_hand_over_a_crashed_project_is_refused_not_mixed(
    tmp_path: Path,
) -> None:
    """What a restore by hand did before: the crashed session's -wal replayed into the older copy."""
    path = tmp_path / "p.sqlite"
    make_project(path, documents=10)
    backup = make_backup(path, path, "old")
    crash_leaving_a_wal(path)
    wal = Path(str(path) + "-wal")
    assert wal.stat().st_size > 0
    shutil.copyfile(backup.path, path)  # the user's restore by hand, beside the crashed -wal
    before, wal_before = digest(path), digest(wal)
    with pytest.raises(DamagedProjectError, match="belongs to another copy"):
        Project(path)
    done = run_cli("stats", path)
    assert done.returncode == 1 and "move p.sqlite-wal away" in done.stderr
    assert (digest(path), digest(wal)) == (before, wal_before)
    wal.rename(tmp_path / "crashed.sqlite-wal")  # as the message says
    with Project(path) as project:
        assert project.document_count() == 10 and project.span_count(1) == 10
