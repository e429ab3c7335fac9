"""An export killed mid-way leaves its hidden temporary file; the next export to the folder removes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.model import DocumentRecord, SpanRecord
from annotator.exporting import _temporary_prefix, export_to_path
from annotator.store import Project

pytestmark = pytest.mark.skipif(os.name != "posix", reason="leftovers are only recognised on POSIX")


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # reaped: no process has this id now (until the system hands it out again)
    return child.pid


def test_the_next_export_removes_what_dead_exports_left_and_only_that(project: Project,
                                                                       tmp_path: Path) -> None:
    project.import_records([DocumentRecord(text="Merkel spoke.", spans=[SpanRecord(0, 6, "PERSON")])])
    folder = tmp_path / "out"
    folder.mkdir()
    host_and_pid = _temporary_prefix(folder / "x").removeprefix(".x.export-")
    host = host_and_pid.rsplit("-", 2)[0]
    dead, live = _dead_pid(), os.getppid()
    leftovers = [
        folder / f".old.jsonl.export-{host}-{dead}-abc12_xy",  # a killed jsonl export
        folder / f".brat.export-{host}-{dead}-zz99zz99",  # a killed brat export: a folder
    ]
    leftovers[0].write_text('{"text": "half')
    leftovers[1].mkdir()
    (leftovers[1] / "1.txt").write_text("half")
    kept = [
        folder / f".old.jsonl.export-{host}-{live}-abcdefgh",  # an export still running
        folder / f".old.jsonl.export-otherhost-{dead}-abcdefgh",  # another machine's, on a shared folder
        folder / ".old.jsonl.abcdefgh",  # not named by us
        folder / "notes.txt",
    ]
    for path in kept:
        path.write_text("keep")

    export_to_path(project, "jsonl", folder / "new.jsonl")

    assert not any(path.exists() for path in leftovers)
    assert all(path.read_text() == "keep" for path in kept)
    assert (folder / "new.jsonl").read_text().startswith('{"text":"Merkel spoke."')


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX-only")
def test_an_export_killed_while_writing_is_cleared_by_the_next_one(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    with Project(path) as project:
        project.import_records([DocumentRecord(text=f"Article {index} about Berlin.",
                                               spans=[SpanRecord(0, 7, "ORG")]) for index in range(3000)])
    target = tmp_path / "out.jsonl"
    # The child stops itself half-way through writing (a SIGKILL at a known point, not a race).
    script = (
        "import os, signal, sys\n"
        "import annotator.formats.prodigy as prodigy\n"
        "from annotator.cli import main\n"
        "write = prodigy.write\n"
        "def dying(documents, out, context):\n"
        "    def some():\n"
        "        for index, document in enumerate(documents):\n"
        "            if index == 1500:\n"
        "                out.flush(); os.kill(os.getpid(), signal.SIGKILL)\n"
        "            yield document\n"
        "    return write(some(), out, context)\n"
        "prodigy.write = dying\n"
        "main(['export', sys.argv[1], '-o', sys.argv[2]])\n"
    )
    killed = subprocess.run([sys.executable, "-c", script, str(path), str(target)], capture_output=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    left = [entry for entry in tmp_path.iterdir() if entry.name.startswith(".out.jsonl.export-")]
    assert len(left) == 1 and left[0].stat().st_size > 0
    assert not target.exists()

    again = subprocess.run([sys.executable, "-m", "annotator", "export", str(path), "-o", str(target)],
                           capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert not left[0].exists()
    assert target.read_text().count("\n") == 3000
