"""The project file beside other work: a second connection in the process, readers and writers outside.

The defect these guard against: Python opening and closing the project file (to read its header)
dropped every POSIX lock SQLite held for the process's live connection, so an outside reader
checkpointed and deleted the WAL that connection was still writing to. Acknowledged edits vanished.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from annotator.core.model import DocumentRecord
from annotator.store import Project

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX-only")

# The child keeps one connection open (the window's), then opens the file a second time the way
# one of the window's paths does, waits while the parent reads the file from outside, and tags.
CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from annotator.store import Project

    path, second, scratch = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    window = Project(path)
    document_id = window.document_summaries()[0].id
    if second == "worker":
        Project(path).close()
    elif second == "import":
        from annotator.importing import import_paths
        (scratch / "new.txt").write_text("An imported article about Berlin.", encoding="utf-8")
        with Project(path) as worker:
            import_paths(worker, [scratch / "new.txt"])
    elif second == "export":
        from annotator.exporting import export_to_path
        with Project(path) as worker:
            export_to_path(worker, "jsonl", scratch / "out.jsonl")
    elif second == "tag_all":
        window.add_spans_across({document_id: [(0, 4, "ORG")]})
        with Project(path) as worker:
            worker.span_count(document_id)
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(1, 6):
        span = window.add_span(document_id, 10 * i, 10 * i + 4, "PERSON")
        print("ack", span.id, flush=True)
    print("done", flush=True)
    time.sleep(600)
    """
)

# What another process does to the file meanwhile: read it plainly, `annotator stats`, `annotator import`.
OUTSIDE = {
    "sqlite3": ["-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                "c.execute('SELECT count(*) FROM spans').fetchone(); c.close()"],
    "stats": ["-c", "import sys; from annotator.cli import main; sys.argv[0] = 'annotator'; "
              "main(['stats', sys.argv[1]])"],
    "import": ["-c", "import sys, pathlib; from annotator.cli import main; "
               "f = pathlib.Path(sys.argv[1]).with_name('outside.txt'); "
               "f.write_text('An article imported from outside the window.'); "
               "main(['import', sys.argv[1], str(f)])"],
}


def make_project(path: Path) -> None:
    with Project(path) as project:
        project.import_records([DocumentRecord(text="word " * 40)])


@pytest.mark.parametrize("second", ["worker", "import", "export", "tag_all"])
@pytest.mark.parametrize("outside", sorted(OUTSIDE))
def test_work_outside_after_a_second_connection_loses_no_acknowledged_edit(
    tmp_path: Path, second: str, outside: str
) -> None:
    path = tmp_path / "p.sqlite"
    make_project(path)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), second, str(tmp_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "ready"
        other = subprocess.run([sys.executable, *OUTSIDE[outside], str(path)],
                               capture_output=True, text=True, timeout=60)
        assert other.returncode == 0, other.stderr
        child.stdin.write("go\n")
        child.stdin.flush()
        acknowledged = []
        for line in child.stdout:
            if line.startswith("done"):
                break
            acknowledged.append(int(line.split()[1]))
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert len(acknowledged) == 5

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in conn.execute("SELECT id FROM spans")}
    conn.close()
    assert set(acknowledged) <= stored


def test_a_write_waits_for_another_writer_instead_of_failing(tmp_path: Path) -> None:
    """A write that reads first (relabel) while another connection holds the write lock waits."""
    path = tmp_path / "p.sqlite"
    make_project(path)
    with Project(path) as project:
        document_id = project.document_summaries()[0].id
        span = project.add_span(document_id, 0, 4, "PERSON")
        other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE documents SET title = 'busy'")
        release = threading.Timer(0.5, lambda: other.execute("COMMIT"))
        release.start()
        try:
            began = time.monotonic()
            relabelled = project.update_span(span.id, label="ORG")
            waited = time.monotonic() - began
        finally:
            release.join()
            other.close()
        assert relabelled.label == "ORG"
        assert waited >= 0.3  # it waited for the other writer rather than failing at once
        assert project.document(document_id).title == "busy"


def test_importing_the_project_file_itself_is_refused_without_reading_it(tmp_path: Path) -> None:
    from annotator.importing import import_paths

    path = tmp_path / "p.sqlite"
    make_project(path)
    with Project(path) as project:
        report = import_paths(project, [path, Path(str(path) + "-wal")], format_name="text")
        assert [outcome.error for outcome in report.files] == [
            "is the project file itself (or one of its -wal/-shm files); not imported"
        ] * 2
        assert project.document_count() == 1


def test_a_cli_import_waits_for_a_writer_that_holds_the_file(tmp_path: Path) -> None:
    """`annotator import` beside another writer keeps trying instead of failing the file."""
    path = tmp_path / "p.sqlite"
    make_project(path)
    (tmp_path / "a.txt").write_text("An article that arrives while the file is busy.", encoding="utf-8")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE documents SET title = 'held'")
    importer = subprocess.Popen(
        [sys.executable, "-c", "import sys; from annotator.cli import main; main(sys.argv[1:])",
         "import", str(path), str(tmp_path / "a.txt")],
        stderr=subprocess.PIPE, text=True,
    )
    time.sleep(1.5)  # the importer is waiting for the write lock
    assert importer.poll() is None
    holder.execute("COMMIT")
    holder.close()
    _, errors = importer.communicate(timeout=60)
    assert importer.returncode == 0, errors
    with Project(path) as project:
        assert project.document_count() == 2
