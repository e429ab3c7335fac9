"""Exporting 100,000 spans over 10,000 documents (Prodigy JSONL and doccano) against plain sqlite3 + json."""

from __future__ import annotations

import json
import random
import sqlite3
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from annotator.core.model import DocumentRecord, DocumentStatus, RelationRecord, SpanRecord
from annotator.core.tokens import TOKEN_PATTERN
from annotator.exporting import export_project
from annotator.store import Project

DOCUMENTS = 10_000
SPANS_PER_DOCUMENT = 10
SPANS = DOCUMENTS * SPANS_PER_DOCUMENT
RELATIONS = DOCUMENTS * 2
ROUNDS = 3  # best of: the first round also warms the page cache for both sides
BATCH = 1_000

WORDS = (
    "the minister said on Tuesday that talks would resume after the summit in Brussels while "
    "officials from both parties declined to comment on the report published by the agency"
).split()
UNUSUAL = ("Zürich", "São Paulo", "Ελλάδα", "北京", "Kyiv 🇺🇦", "naïve", "🙂", "👩‍⚕️", "café", "€40m")
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "EVENT", "DATE")
STATUSES = tuple(DocumentStatus)


def article(index: int, rng: random.Random, with_relations: bool) -> DocumentRecord:
    """80 words in 10 segments of 8; one span per segment, except a quote in segment 8 with an
    entity nested inside it (sometimes sharing its start); some spans end mid-token or in a space."""
    words = [f"№{index}"] + rng.choices(WORDS, k=79)
    for _ in range(3):
        words[rng.randrange(1, 80)] = rng.choice(UNUSUAL)
    if index % 2:
        words[16] = "Zürich-based"  # a span covering only "Zürich" splits this token on export
    offsets, position = [], 0
    for word in words:
        offsets.append((position, position + len(word)))
        position += len(word) + 1
    text = " ".join(words) + "."

    def cover(first: int, last: int, label: str) -> SpanRecord:
        return SpanRecord(offsets[first][0], offsets[last][1], label)

    spans = []
    for segment in range(7):
        first = segment * 8 + rng.randrange(0, 6)
        spans.append(cover(first, first + rng.randrange(0, 2), ENTITY_LABELS[segment % 5]))
    if index % 2:
        spans[2] = SpanRecord(offsets[16][0], offsets[16][0] + len("Zürich"), "GPE")
    quote = cover(64, 71, "QUOTE")
    if index % 10 == 5:  # a quote selected with its trailing space: the space becomes a token
        quote.end += 1
    spans.append(quote)
    nested = 64 if index % 4 == 0 else 66
    spans.append(cover(nested, nested + 1, "PERSON"))
    spans.append(cover(72, 79, "CLAIM"))
    relations = [RelationRecord(7, 0, "SPEAKER"), RelationRecord(9, 1, "CLAIMANT")] if with_relations else []
    return DocumentRecord(
        text=text,
        title=f"Report {index}: {' '.join(words[1:6])}",
        source=f"wire/{index:05d}.txt",
        url=f"https://news.example/{index}" if index % 2 else None,
        meta={"section": rng.choice(("world", "politics", "business"))},
        status=STATUSES[index % len(STATUSES)],
        spans=spans,
        relations=relations,
    )


def build_project(path: Path, with_relations: bool) -> Path:
    rng = random.Random(20240502)
    records = [article(index, rng, with_relations) for index in range(DOCUMENTS)]
    with Project(path) as project:
        for first in range(0, DOCUMENTS, BATCH):
            project.import_records(records[first:first + BATCH], source="benchmark")
        assert project.document_count() == DOCUMENTS
        assert sum(project.label_counts().values()) == SPANS
    return path


@pytest.fixture(scope="module")
def project_with_relations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(tmp_path_factory.mktemp("export") / "relations.annotator", with_relations=True)


@pytest.fixture(scope="module")
def project_without_relations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_project(tmp_path_factory.mktemp("export") / "spans.annotator", with_relations=False)


# --- the baseline: what a minimal hand-written exporter over the same file would do --------------

SPAN_QUERY = (
    "SELECT spans.document_id, spans.id, spans.start, spans.\"end\", labels.name, spans.text, "
    "spans.attributes, spans.note FROM spans JOIN labels ON labels.id = spans.label_id "
    "ORDER BY spans.document_id, spans.start, spans.\"end\", spans.label_id"
)


def spans_by_document(conn: sqlite3.Connection) -> dict[int, list[tuple[Any, ...]]]:
    grouped: dict[int, list[tuple[Any, ...]]] = {}
    for row in conn.execute(SPAN_QUERY):
        grouped.setdefault(row[0], []).append(row[1:])
    return grouped


def dumps(value: dict[str, Any]) -> str:
    # Compact and unescaped, as orjson writes, so the two files can be compared byte for byte.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def baseline_token_bounds(text: str, spans: list[tuple[Any, ...]]) -> list[tuple[int, int]]:
    """Tokens cut at span edges; whitespace a span starts or ends in becomes tokens of its own."""
    cuts = sorted({offset for span in spans for offset in (span[1], span[2])})
    # Every non-space character belongs to a token, so the gaps between tokens are whitespace.
    starts_in_gap = [span[1] for span in spans if text[span[1]].isspace()]
    ends_in_gap = [span[2] for span in spans if text[span[2] - 1].isspace()]
    bounds: list[tuple[int, int]] = []

    def gap(first: int, last: int) -> None:
        if any(first <= start < last for start in starts_in_gap) or any(
            first < end <= last for end in ends_in_gap
        ):
            edges = [first, *cuts[bisect_right(cuts, first):bisect_left(cuts, last)], last]
            bounds.extend(zip(edges, edges[1:], strict=False))

    previous_end = 0
    for match in TOKEN_PATTERN.finditer(text):
        start, end = match.span()
        if previous_end < start and (starts_in_gap or ends_in_gap):
            gap(previous_end, start)
        for cut in cuts[bisect_right(cuts, start):bisect_left(cuts, end)]:
            bounds.append((start, cut))
            start = cut
        bounds.append((start, end))
        previous_end = end
    if previous_end < len(text) and (starts_in_gap or ends_in_gap):
        gap(previous_end, len(text))
    return bounds


def baseline_task(
    document: tuple[Any, ...], spans: list[tuple[Any, ...]], relations: list[tuple[Any, ...]]
) -> dict[str, Any]:
    document_id, text, title, source, url, author, published, meta_json, status = document
    # spaCy-style: a token's ws is one trailing space; other whitespace is a token of its own.
    bounds: list[tuple[int, int, bool]] = []
    position = 0
    for start, end in [*baseline_token_bounds(text, spans), (len(text), len(text))]:
        if position < start:
            gap = position
            previous = bounds[-1] if bounds else None
            if previous and text[gap] == " " and not previous[2] and text[previous[0]:previous[1]].strip():
                bounds[-1] = (previous[0], previous[1], True)
                gap += 1
            if gap < start:
                bounds.append((gap, start, False))
        if start < end:
            bounds.append((start, end, False))
        position = end
    tokens = [
        {"text": text[start:end], "start": start, "end": end, "id": index, "ws": ws}
        for index, (start, end, ws) in enumerate(bounds)
    ]
    token_at_start = {start: index for index, (start, _, _) in enumerate(bounds)}
    token_at_end = {end: index for index, (_, end, _) in enumerate(bounds)}
    entries = {}
    for span_id, start, end, label, span_text, attributes, note in spans:
        entry = {"start": start, "end": end, "label": label, "text": span_text,
                 "token_start": token_at_start[start], "token_end": token_at_end[end]}
        if attributes != "{}":
            entry["attributes"] = json.loads(attributes)
        if note:
            entry["note"] = note
        entries[span_id] = entry
    meta = json.loads(meta_json)
    meta["document_id"] = document_id
    for key, value in zip(("title", "source", "url", "author", "published"),
                          (title, source, url, author, published), strict=True):
        if value:
            meta[key] = value
    meta["status"] = status
    reference = ("start", "end", "token_start", "token_end", "label")
    links = [
        {"head": entries[head]["token_end"], "child": entries[child]["token_end"], "label": kind,
         "head_span": {key: entries[head][key] for key in reference},
         "child_span": {key: entries[child][key] for key in reference}}
        for head, child, kind in relations
    ]
    return {
        "text": text, "meta": meta, "tokens": tokens, "spans": list(entries.values()),
        "relations": links, "answer": "ignore" if status == "skipped" else "accept",
    }


def baseline_jsonl(database: Path, out_path: Path) -> int:
    conn = sqlite3.connect(database)
    spans = spans_by_document(conn)
    relations: dict[int, list[tuple[Any, ...]]] = {}
    for document_id, *relation in conn.execute(
        "SELECT spans.document_id, head_span_id, child_span_id, type FROM relations "
        "JOIN spans ON spans.id = relations.head_span_id ORDER BY spans.document_id, relations.id"
    ):
        relations.setdefault(document_id, []).append(tuple(relation))
    count = 0
    with out_path.open("w", encoding="utf-8") as out:
        for document in conn.execute(
            "SELECT id, text, title, source, url, author, published, meta, status FROM documents "
            "ORDER BY id"
        ):
            out.write(dumps(baseline_task(document, spans.get(document[0], []),
                                          relations.get(document[0], []))))
            count += 1
    conn.close()
    return count


def baseline_doccano(database: Path, out_path: Path) -> int:
    conn = sqlite3.connect(database)
    spans = spans_by_document(conn)
    count = 0
    with out_path.open("w", encoding="utf-8") as out:
        for document_id, text in conn.execute("SELECT id, text FROM documents ORDER BY id"):
            labels = [[start, end, label] for _, start, end, label, *_ in spans.get(document_id, [])]
            out.write(dumps({"id": document_id, "text": text, "label": labels}))
            count += 1
    conn.close()
    return count


# --- timing --------------------------------------------------------------------------------------


def timed(run: Callable[[], int]) -> tuple[float, int]:
    started = time.perf_counter()
    written = run()
    return time.perf_counter() - started, written


def best_of_rounds(baseline: Callable[[], int], ours: Callable[[], int]) -> tuple[float, float]:
    """Alternate the two sides ROUNDS times; return each side's best time."""
    baseline_times, ours_times = [], []
    for _ in range(ROUNDS):
        seconds, written = timed(baseline)
        assert written == DOCUMENTS
        baseline_times.append(seconds)
        seconds, written = timed(ours)
        assert written == DOCUMENTS
        ours_times.append(seconds)
    return min(baseline_times), min(ours_times)


def export_ours(project: Project, format_name: str, out_path: Path) -> Callable[[], int]:
    # The project is already open, as it is in the app: opening (quick_check) is not export time.
    def run() -> int:
        with out_path.open("wb") as out:
            return export_project(project, format_name, out).documents

    return run


def assert_same_lines(ours_path: Path, baseline_path: Path) -> None:
    """Byte for byte the same output, or the first line that differs: the baseline must stay honest."""
    with ours_path.open("rb") as ours, baseline_path.open("rb") as baseline:
        for number, (mine, theirs) in enumerate(zip(ours, baseline, strict=True), start=1):
            assert mine == theirs, f"line {number} differs from the baseline's"


def lines(path: Path) -> Iterator[dict[str, Any]]:
    with path.open("rb") as handle:
        for line in handle:
            yield orjson.loads(line)


@pytest.mark.benchmark
def test_export_jsonl_100000_spans(
    project_with_relations: Path, tmp_path: Path, compare: Callable[..., float]
) -> None:
    ours_path, baseline_path = tmp_path / "ours.jsonl", tmp_path / "baseline.jsonl"
    with Project(project_with_relations) as project:
        baseline_seconds, ours_seconds = best_of_rounds(
            lambda: baseline_jsonl(project_with_relations, baseline_path),
            export_ours(project, "jsonl", ours_path),
        )
    compare(f"export {SPANS:,} spans over {DOCUMENTS:,} documents as Prodigy JSONL (best of {ROUNDS})",
            "spans", SPANS, baseline_seconds, ours_seconds)
    tasks = list(lines(ours_path))
    assert len(tasks) == DOCUMENTS
    assert sum(len(task["spans"]) for task in tasks) == SPANS
    assert sum(len(task["relations"]) for task in tasks) == RELATIONS
    assert all(task["tokens"] for task in tasks)
    assert_same_lines(ours_path, baseline_path)


@pytest.mark.benchmark
def test_export_doccano_100000_spans(
    project_without_relations: Path, tmp_path: Path, compare: Callable[..., float]
) -> None:
    ours_path, baseline_path = tmp_path / "ours.jsonl", tmp_path / "baseline.jsonl"
    with Project(project_without_relations) as project:
        baseline_seconds, ours_seconds = best_of_rounds(
            lambda: baseline_doccano(project_without_relations, baseline_path),
            export_ours(project, "doccano", ours_path),
        )
    compare(f"export {SPANS:,} spans over {DOCUMENTS:,} documents as doccano (best of {ROUNDS})",
            "spans", SPANS, baseline_seconds, ours_seconds)
    items = list(lines(ours_path))
    assert len(items) == DOCUMENTS
    assert sum(len(item["label"]) for item in items) == SPANS
    assert_same_lines(ours_path, baseline_path)
