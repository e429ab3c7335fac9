"""Killing a writing process with SIGKILL loses nothing it acknowledged and leaves no half-import."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.core.model import DocumentRecord
from annotator.store import Project

BATCH = 25

WRITER = textwrap.dedent(
    """
    import sys
    from annotator.core.model import DocumentRecord, SpanRecord
    from annotator.store import Project

    project = Project(sys.argv[1])
    document_id = int(sys.argv[2])
    batch = int(sys.argv[3])
    round_number = 0
    while True:
        start = round_number % 20
        span = project.add_span(document_id, start, start + 5 + round_number // 20 % 40, "PERSON")
        print("span", span.id, flush=True)
        records = [DocumentRecord(text=f"article {round_number} part {i}",
                                  spans=[SpanRecord(0, 7, "ORG")]) for i in range(batch)]
        result = project.import_records(records)
        print("import", *result.added, flush=True)
        round_number += 1
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX-only")
def test_sigkill_mid_burst_keeps_every_acknowledged_edit(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    with Project(path) as project:
        document_id = project.import_records([DocumentRecord(text="x" * 100)]).added[0]
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(document_id), str(BATCH)],
        stdout=subprocess.PIPE, text=True,
    )
    acknowledged_spans: list[int] = []
    acknowledged_documents: list[int] = []
    assert child.stdout is not None
    for line in child.stdout:
        kind, *ids = line.split()
        (acknowledged_spans if kind == "span" else acknowledged_documents).extend(map(int, ids))
        if len(acknowledged_spans) >= 300:
            break
    os.kill(child.pid, signal.SIGKILL)  # mid-burst: the child is writing as fast as it can
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    with Project(path) as project:  # opening runs PRAGMA quick_check
        assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored_spans = {row[0] for row in project.conn.execute("SELECT id FROM spans")}
        stored_documents = {row[0] for row in project.conn.execute("SELECT id FROM documents")}
        assert set(acknowledged_spans) <= stored_spans
        assert set(acknowledged_documents) <= stored_documents
        # Each import is one transaction: whole batches or nothing, never part of one.
        assert (len(stored_documents) - 1) % BATCH == 0
        orphans = project.conn.execute(
            "SELECT count(*) FROM documents WHERE id != ? AND id NOT IN (SELECT document_id FROM spans)",
            (document_id,),
        ).fetchone()[0]
        assert orphans == 0
