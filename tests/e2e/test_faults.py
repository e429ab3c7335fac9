"""The command line under faults: read-only projects, a full disk, exports to devices and pipes.

File modes bind only a normal user: the `normal_user` tests run as one even when the tests run as
root (tests/normal_user.py). The full disk is a real one: a 1 MB tmpfs, which mounting needs root.
"""

from __future__ import annotations

import errno
import os
import socket
import stat
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_cli import run  # the same folder: pytest puts it on the path

from annotator.core.model import DocumentRecord
from annotator.store import Project

ARTICLE = "Nato Secretary-General Mark Rutte spoke in Berlin on Monday.\n"


def make_project(path: Path) -> None:
    with Project(path) as project:
        project.import_records([DocumentRecord(title="Rutte in Berlin", text=ARTICLE)])
        project.add_span(1, ARTICLE.index("Berlin"), ARTICLE.index("Berlin") + 6, "GPE")


# --- a read-only project -----------------------------------------------------------------------


@pytest.mark.normal_user
@pytest.mark.parametrize("read_only", ["file", "folder"])
def test_stats_and_export_read_a_read_only_project_and_import_is_refused_in_one_line(
    tmp_path: Path, read_only: str
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    project = folder / "p.sqlite"
    make_project(project)
    (project if read_only == "file" else folder).chmod(0o444 if read_only == "file" else 0o555)
    before = sorted(os.listdir(folder))

    stats = run("stats", project)
    assert stats.returncode == 0, stats.stderr
    assert "Documents: 1" in stats.stdout and "Spans: 1" in stats.stdout
    exported = run("export", project)
    assert exported.returncode == 0, exported.stderr
    assert '"label":"GPE"' in exported.stdout.replace(" ", "")
    to_file = run("export", project, "--format", "doccano", "-o", tmp_path / "out.jsonl")
    assert to_file.returncode == 0 and "Exported 1 document" in to_file.stderr, to_file.stderr
    checked = run("check", project)
    assert checked.returncode == 0 and "ok" in checked.stderr, checked.stderr

    article = tmp_path / "more.txt"
    article.write_text("Olaf Scholz agreed.\n", encoding="utf-8")
    imported = run("import", project, article)
    assert imported.returncode == 1
    assert imported.stderr == (
        "annotator: Read-only: p.sqlite cannot be changed (file or folder not writable)\n")
    assert sorted(os.listdir(folder)) == before
    assert "Documents: 1" in run("stats", project).stdout


# --- a full disk -------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MB file system (tmpfs), unmounted afterwards."""
    if getattr(os, "geteuid", lambda: 1)() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0777", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a 1 MB tmpfs here: {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "--lazy", str(disk)], check=True)


def fill(disk: Path) -> None:
    """Take every free block of `disk`."""
    handle = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while True:
            os.write(handle, b"\0" * 65536)
    except OSError as error:
        assert error.errno == errno.ENOSPC
    finally:
        os.close(handle)
    assert os.statvfs(disk).f_bavail == 0


def test_creating_a_project_on_a_full_disk_says_so_and_leaves_no_file_behind(
    small_disk: Path, tmp_path: Path
) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    fill(small_disk)
    created = run("import", small_disk / "new.sqlite", article)
    assert created.returncode == 1
    assert created.stderr == (f"annotator: {small_disk / 'new.sqlite'}: the disk is full: the new project "
                              "was not saved; free some space and try again\n")
    assert os.listdir(small_disk) == ["filler"]  # no empty new.sqlite to be taken for a lost project


def test_on_a_full_disk_stats_and_export_still_read_and_an_import_is_refused_plainly(
    small_disk: Path, tmp_path: Path
) -> None:
    project = small_disk / "p.sqlite"
    make_project(project)
    article = tmp_path / "more.txt"
    article.write_text("Olaf Scholz agreed.\n", encoding="utf-8")
    fill(small_disk)

    stats = run("stats", project)
    assert stats.returncode == 0, stats.stderr
    assert "Documents: 1" in stats.stdout and "Spans: 1" in stats.stdout
    exported = run("export", project, "-o", tmp_path / "out.jsonl")
    assert exported.returncode == 0, exported.stderr
    assert len((tmp_path / "out.jsonl").read_text("utf-8").splitlines()) == 1

    imported = run("import", project, article)
    assert imported.returncode == 1
    assert imported.stderr.startswith(f"annotator: {project}: the disk is full: ")
    assert "free some space and try again" in imported.stderr and len(imported.stderr.splitlines()) == 1
    assert "Documents: 1" in run("stats", project).stdout

    (small_disk / "filler").unlink()  # room again: the same import goes through
    again = run("import", project, article)
    assert again.returncode == 0, again.stderr
    assert "Documents: 2" in run("stats", project).stdout


# --- exports to what is not a regular file -----------------------------------------------------


def test_export_to_a_character_device_streams_into_it_and_never_replaces_it(tmp_path: Path) -> None:
    project = tmp_path / "p.sqlite"
    make_project(project)
    null = tmp_path / "null"  # a second /dev/null: the real one is never put at risk by a test
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.stat("/dev/null").st_rdev)
    except PermissionError:
        pytest.skip("making a device node needs root (CI runs as root)")
    for format_name in ("jsonl", "spacy"):
        exported = run("export", project, "--format", format_name, "-o", null)
        assert exported.returncode == 0, exported.stderr
        assert exported.stderr == f"Exported 1 document to {null}.\n"
        assert stat.S_ISCHR(os.stat(null).st_mode)
        assert os.stat(null).st_rdev == os.stat("/dev/null").st_rdev
    assert not [name for name in os.listdir(tmp_path) if ".export-" in name]  # nothing built aside


def test_export_to_a_named_pipe_streams_the_whole_export(tmp_path: Path) -> None:
    from annotator.exporting import export_to_path

    project_path = tmp_path / "p.sqlite"
    make_project(project_path)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    # Held open for reading and writing, so neither side can wait forever (today's code replaced
    # the pipe): the reader gets its end of file once this is closed.
    keep = os.open(pipe, os.O_RDWR)
    # The read end is opened here, not in the thread: a thread that opened it only after `keep` was
    # closed would find the pipe's data gone and wait for a writer forever (seen under load).
    read_end = os.open(pipe, os.O_RDONLY)

    def drain() -> None:
        chunks = []
        while chunk := os.read(read_end, 65536):
            chunks.append(chunk)
        os.close(read_end)
        received.append(b"".join(chunks))

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        with Project(project_path) as project:
            result = export_to_path(project, "jsonl", pipe)
            export_to_path(project, "jsonl", tmp_path / "plain.jsonl")
    finally:
        os.close(keep)
        reader.join(timeout=30)
    assert result.documents == 1
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert received == [(tmp_path / "plain.jsonl").read_bytes()]


def test_export_to_a_socket_is_refused_and_leaves_it_be(tmp_path: Path) -> None:
    from annotator.exporting import export_to_path

    project_path = tmp_path / "p.sqlite"
    make_project(project_path)
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(tmp_path / "sock"))
    try:
        with Project(project_path) as project, pytest.raises(ValueError, match="is a socket"):
            export_to_path(project, "jsonl", tmp_path / "sock")
        assert stat.S_ISSOCK(os.stat(tmp_path / "sock").st_mode)
    finally:
        listening.close()
