"""Statistics of a 10,000-document project with 100,000 spans, 20,000 quote links and a year of status
history: how long the view's charts take to read, against the same-run baseline of counting the spans
per label (the cheapest figure the view shows), and how long the HTML page takes to write."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from annotator.core.model import DocumentRecord, DocumentStatus, RelationRecord, SpanRecord
from annotator.statistics_page import statistics_page
from annotator.store import Project

DOCUMENTS = 10_000
PEOPLE = [
    f"Minister {name}" for name in ("Rutte", "Scholz", "Macron", "Meloni", "Tusk", "Sanchez", "Frederiksen")
]


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stats") / "big.sqlite"
    chance = random.Random(4)
    with Project(path) as project:
        records = []
        for n in range(DOCUMENTS):
            person = PEOPLE[n % len(PEOPLE)]
            text = f"Report {n}. {person} said that talks resume. " + "Words of the article go on. " * 40
            at = len(f"Report {n}. ")
            spans = [
                SpanRecord(at, at + len(person), "PERSON"),
                SpanRecord(at + len(person) + 11, at + len(person) + 24, "QUOTE"),
            ]
            spans += [SpanRecord(60 + 28 * k, 65 + 28 * k, "ORG") for k in range(8)]
            records.append(
                DocumentRecord(text=text, spans=spans, relations=[RelationRecord(1, 0, "SPEAKER")])
            )
        project.import_records(records)
        ids = [document.id for document in project.documents()]
        for name in ("alice", "bob", "carol"):  # a year of status changes (about 6,000 of them)
            project.annotator = name
            for document_id in chance.sample(ids, 2000):
                project.set_status(document_id, chance.choice(list(DocumentStatus)))
        with project.transaction():
            project.conn.execute(
                "UPDATE status_changes SET changed_at = date('2026-01-01', '+' || (id % 365) || ' days')"
            )
    return path


@pytest.mark.benchmark
def test_statistics_of_10000_documents(big_project: Path, capsys) -> None:
    with Project(big_project, read_only=True) as project:
        began = time.perf_counter()
        baseline = project.label_counts()
        baseline_seconds = time.perf_counter() - began
        began = time.perf_counter()
        charts = project.statistics()
        seconds = time.perf_counter() - began
        began = time.perf_counter()
        page = statistics_page("big", charts)
        page_seconds = time.perf_counter() - began
    by_key = {chart.key: chart for chart in charts}
    assert baseline["PERSON"] == DOCUMENTS and sum(by_key["quotes_per_speaker"].series[0].values) == DOCUMENTS
    assert len(by_key["progress"].categories) == 365
    with capsys.disabled():
        print(f"\nstatistics of {DOCUMENTS:,} documents, {sum(baseline.values()):,} spans:")
        print(f"  baseline (spans per label): {baseline_seconds * 1000:.0f} ms")
        print(f"  every chart ({len(charts)}):  {seconds * 1000:.0f} ms  ({seconds / baseline_seconds:.1f}x)")
        print(f"  HTML page: {page_seconds * 1000:.0f} ms, {len(page) / 1e3:.0f} kB")
