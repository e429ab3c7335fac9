"""The store under faults of the file system: read-only files and folders, a full disk.

File modes bind only a normal user: the `normal_user` tests run as one even when the tests run as
root (tests/normal_user.py).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.model import DocumentRecord
from annotator.store import DiskFullError, Project, ProjectError, ReadOnlyProjectError

NOTICE = "Read-only: p.sqlite cannot be changed (file or folder not writable)"


def make_project(path: Path, spans: int = 1) -> None:
    with Project(path) as project:
        project.import_records([DocumentRecord(title="Berlin", text="Rutte spoke in Berlin. " * 20)])
        for index in range(spans):
            project.add_span(1, 23 * index, 23 * index + 5, "PERSON")


def count_spans(path: Path) -> int:
    from annotator.store.database import connect_read_only

    conn = connect_read_only(path)
    try:
        return int(conn.execute("SELECT count(*) FROM spans").fetchone()[0])
    finally:
        conn.close()


def assert_refuses_every_change(project: Project, notice: str = NOTICE) -> None:
    for change in (
        lambda: project.add_span(1, 6, 11, "PERSON"),
        lambda: project.delete_spans([1]),
        lambda: project.add_label("TOPIC"),
        lambda: project.set_status(1, "done"),
        lambda: project.import_records([DocumentRecord(text="More news.")]),
    ):
        with pytest.raises(ReadOnlyProjectError) as refused:
            change()
        assert str(refused.value) == notice


@pytest.mark.normal_user
def test_a_read_only_file_opens_read_only_and_refuses_every_change_before_trying(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    make_project(path)
    path.chmod(0o444)
    with Project(path) as project:
        assert project.read_only and project.read_only_notice == NOTICE
        assert project.document_count() == 1 and len(project.spans(1)) == 1
        assert len(project.span_snapshot(1).columns()[0]) == 1
        assert_refuses_every_change(project)
    assert count_spans(path) == 1


@pytest.mark.normal_user
def test_reading_a_read_only_file_leaves_nothing_that_keeps_it_read_only_afterwards(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    make_project(path)
    path.chmod(0o444)
    with Project(path) as project:
        assert project.read_only and project.label_counts()["PERSON"] == 1
    path.chmod(0o644)  # SQLite would have made a p.sqlite-shm as read-only as the file
    with Project(path) as project:
        assert not project.read_only
        project.add_span(1, 6, 11, "PERSON")
    assert count_spans(path) == 2


@pytest.mark.normal_user
def test_a_writable_file_in_a_read_only_folder_opens_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "p.sqlite"
    make_project(path)
    folder.chmod(0o555)
    with Project(path) as project:  # SQLite cannot make p.sqlite-shm here: read as immutable
        assert project.read_only and project.read_only_notice == NOTICE
        assert project.label_counts()["PERSON"] == 1
        assert len(project.span_snapshot(1).columns()[0]) == 1  # the window's second connection
        assert_refuses_every_change(project)
    assert sorted(os.listdir(folder)) == ["p.sqlite"]


@pytest.mark.normal_user
def test_no_project_is_created_in_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o555)
    with pytest.raises(ProjectError, match=r"new\.sqlite: cannot be created: folder .* is not writable"):
        Project(folder / "new.sqlite")
    assert os.listdir(folder) == []


@pytest.mark.normal_user
def test_changes_waiting_in_a_wal_that_cannot_be_read_here_are_said_plainly(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "p.sqlite"
    make_project(path)
    # A program killed mid-session leaves its last changes in p.sqlite-wal.
    subprocess.run([sys.executable, "-c", (
        "import os, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "conn.execute(\"UPDATE documents SET title = 'Kyiv'\")\n"
        "os._exit(0)\n"
    ), str(path)], check=True)
    (folder / "p.sqlite-shm").unlink()
    folder.chmod(0o555)
    with pytest.raises(ProjectError, match="latest changes are in p.sqlite-wal"):
        Project(path)


@pytest.mark.normal_user
def test_a_read_only_project_that_needs_an_upgrade_is_refused_with_the_reason(tmp_path: Path) -> None:
    from annotator.store.database import _statements
    from annotator.store.schema import APPLICATION_ID, MIGRATIONS

    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)  # as version 1 of Annotator wrote it
    for statement in _statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    path.chmod(0o444)
    with pytest.raises(ProjectError, match=r"earlier Annotator \(schema 1\).*cannot be changed"):
        Project(path)


def test_opened_read_only_on_request_it_never_writes(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    make_project(path)
    with Project(path, read_only=True) as project:
        assert project.read_only
        assert_refuses_every_change(project, "Read-only: p.sqlite cannot be changed (opened read-only)")
        with Project(path) as other:  # it holds no write lock: another program writes meanwhile
            other.add_span(1, 6, 11, "PERSON")
        assert len(project.spans(1)) == 2


def test_a_change_the_disk_has_no_room_for_is_refused_whole_and_said_plainly(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    make_project(path)
    with Project(path) as project:
        pages = project.conn.execute("PRAGMA page_count").fetchone()[0]
        project.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's "disk", full
        targets = {1: [(start, start + 1, "ORG") for start in range(400)]}  # pages more than there are
        with pytest.raises(DiskFullError) as refused:
            project.add_spans_across(targets)
        assert str(refused.value) == (
            "the disk is full: the change was not saved; free some space and try again")
        assert not project.conn.in_transaction
        assert len(project.spans(1)) == 1
        project.conn.execute("PRAGMA max_page_count = 1073741823")
        project.add_spans_across(targets)  # room again: the same change goes through
        assert len(project.spans(1)) == 1 + len(targets[1])
