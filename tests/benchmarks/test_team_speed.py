"""Team speed: merging 3 annotators × 10,000 documents × 100,000 spans, then their agreement (< 10 s).

Merge throughput (annotator versions of documents per second, each with its 10 spans and a link) is
set against the import benchmark's raw baseline (plain sqlite3 inserting small articles, one commit
each) measured in the same run; the target is at least half of it.
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest
from test_import_speed import baseline_import, write_articles  # the import benchmark's baseline

from annotator.core.model import DocumentRecord, DocumentStatus, RelationRecord, SpanRecord
from annotator.store import Project
from annotator.team.agreement_render import to_table
from annotator.team.agreement_report import project_agreement
from annotator.team.merge import merge_projects

DOCUMENTS = 10_000
SPANS_PER_DOCUMENT = 10
ANNOTATORS = ("amir", "kim", "zoe")
AGREEMENT_BUDGET = 10.0  # seconds, from the issue
MERGE_TARGET = 0.5
WORDS = (
    "the minister said on Tuesday that talks would resume after the summit in Brussels while "
    "officials from both parties declined to comment on the report published by the agency"
).split()
LABELS = ("PERSON", "ORG", "GPE", "DATE", "EVENT")


def texts() -> list[tuple[str, list[tuple[int, int]]]]:
    """10,000 articles of 14 segments of 5 words, with each segment's (start, end) in the text."""
    rng = random.Random(13)
    made = []
    for index in range(DOCUMENTS):
        text = f"Article {index}."
        segments = []
        for _ in range(14):
            words = " ".join(rng.choices(WORDS, k=5))
            segments.append((len(text) + 1, len(text) + 1 + len(words)))
            text += " " + words
        made.append((text, segments))
    return made


def annotator_records(seed: int, articles: list[tuple[str, list[tuple[int, int]]]]) -> list[DocumentRecord]:
    """Exactly 10 spans per document: mostly the same segments and labels as the others, some not,
    some with an edge moved; the first span is a QUOTE linked to the second, a PERSON."""
    shared, own = random.Random(7), random.Random(seed)
    records = []
    for text, segments in articles:
        plan = shared.sample(range(14), 12)  # the segments the annotators would mostly agree on
        spans = []
        for position, segment in enumerate(sorted(own.sample(plan, SPANS_PER_DOCUMENT))):
            start, end = segments[segment]
            if own.random() < 0.1:
                end -= 1  # a slip of the mouse
            label = LABELS[(segment + (own.random() < 0.1)) % len(LABELS)]
            spans.append(SpanRecord(start, end, ("QUOTE", "PERSON")[position] if position < 2 else label))
        records.append(DocumentRecord(text, spans=spans, relations=[RelationRecord(0, 1, "SPEAKER")],
                                      status=DocumentStatus.DONE))
    return records


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("team-speed")
    articles = texts()
    paths = []
    for seed, name in enumerate(ANNOTATORS, start=1):
        path = folder / f"{name}.sqlite"
        with Project(path, annotator=name) as project:
            records = annotator_records(seed, articles)
            for record in records:
                record.annotator = name
            result = project.import_records(records)
            assert len(result.added) == DOCUMENTS and result.spans == DOCUMENTS * SPANS_PER_DOCUMENT
        paths.append(path)
    return paths


@pytest.mark.benchmark
def test_merge_then_agreement_of_three_annotators(
    sources: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "articles"
    write_articles(folder, DOCUMENTS)
    started = time.perf_counter()
    assert baseline_import(folder, tmp_path / "baseline.sqlite") == DOCUMENTS
    baseline_seconds = time.perf_counter() - started

    team = tmp_path / "team.sqlite"
    started = time.perf_counter()
    report = merge_projects(team, sources)
    merge_seconds = time.perf_counter() - started
    versions = len(ANNOTATORS) * DOCUMENTS
    assert (report.documents_added, report.versions) == (DOCUMENTS, versions)
    assert report.versions_changed == versions
    assert report.spans == versions * SPANS_PER_DOCUMENT
    # The baseline counts documents (no spans) per second; ours annotator versions (10 spans, 1 link each).
    baseline_rate, merge_rate = DOCUMENTS / baseline_seconds, versions / merge_seconds
    ratio = merge_rate / baseline_rate
    with capsys.disabled():
        print(f"\nmerge {len(ANNOTATORS)} annotators x {DOCUMENTS:,} documents x "
              f"{DOCUMENTS * SPANS_PER_DOCUMENT:,} spans each (one transaction, after a backup)")
        print(f"  raw import baseline: {baseline_rate:>9,.0f} docs/s  "
              f"({baseline_seconds:.2f} s for {DOCUMENTS:,})")
        print(f"  merge:               {merge_rate:>9,.0f} annotator versions/s  ({merge_seconds:.2f} s for "
              f"{versions:,}; {report.spans / merge_seconds:,.0f} spans/s)")
        print(f"  ratio merge/baseline: {ratio:.2f}x   target >= {MERGE_TARGET}x: "
              f"{'MET' if ratio >= MERGE_TARGET else 'NOT MET'}")

    started = time.perf_counter()
    again = merge_projects(team, sources)
    with capsys.disabled():
        print(f"  merging the same files again: {time.perf_counter() - started:.2f} s, "
              f"{again.versions_changed} versions changed")
    assert not again.changed

    with Project(team, read_only=True) as project:
        started, cpu = time.perf_counter(), time.process_time()
        agreement = project_agreement(project)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    with capsys.disabled():
        print(f"agreement of {len(ANNOTATORS)} annotators over {agreement.documents:,} documents, "
              f"{sum(agreement.overall.spans.values()):,} spans: {seconds:.2f} s ({cpu:.2f} s of CPU; "
              f"the machine's load average then: {os.getloadavg()[0]:.1f}) "
              f"(budget {AGREEMENT_BUDGET:.0f} s: {'MET' if seconds < AGREEMENT_BUDGET else 'NOT MET'})")
        print("\n".join(to_table(agreement).splitlines()[:5]))
    assert agreement.documents == DOCUMENTS
    assert agreement.overall.spans == dict.fromkeys(ANNOTATORS, DOCUMENTS * SPANS_PER_DOCUMENT)
    assert 0 < agreement.overall.tokens.krippendorff_alpha.value < 1
