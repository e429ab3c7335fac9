"""Exports: Prodigy-shaped JSONL with tokens, doccano JSONL, span checks, determinism, round trips."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.model import DocumentRecord, DocumentStatus, SpanRecord
from annotator.exporting import export_project, export_to_path
from annotator.formats.export_checks import ExportError
from annotator.importing import import_paths
from annotator.store import Project

TEXT = "Rutte said: “Nato 🙂 stays united,” in Berlin.\nScholz agreed."


def export_lines(project: Project, format_name: str = "jsonl", **kwargs: Any) -> list[dict[str, Any]]:
    out = io.BytesIO()
    export_project(project, format_name, out, **kwargs)
    return [json.loads(line) for line in out.getvalue().decode("utf-8").splitlines()]


@pytest.fixture
def annotated(project: Project) -> Project:
    document_id = project.import_records([DocumentRecord(text=TEXT, title="Nato", url="https://x")]).added[0]
    rutte = project.add_span(document_id, 0, 5, "PERSON")
    quote = project.add_span(document_id, 12, 34, "QUOTE", attributes={"direct": True}, note="verify")
    project.add_span(document_id, 13, 17, "ORG")  # nested inside the quote
    project.add_span(document_id, TEXT.index("Berlin"), TEXT.index("Berlin") + 6, "GPE")
    project.add_relation(quote.id, rutte.id, "SPEAKER")
    project.import_records([DocumentRecord(text="Nothing tagged here.")])
    return project


def test_jsonl_export_is_prodigy_shaped_with_consistent_tokens(annotated: Project) -> None:
    first, second = export_lines(annotated)
    assert first["text"] == TEXT and first["answer"] == "accept"
    assert first["meta"]["title"] == "Nato" and first["meta"]["status"] == "in_progress"
    assert first["meta"]["document_id"] == 1 and first["meta"]["url"] == "https://x"
    tokens = first["tokens"]
    for token in tokens:
        assert TEXT[token["start"]:token["end"]] == token["text"]
        assert token["ws"] == (TEXT[token["end"]:token["end"] + 1] == " ")
    # words and trailing spaces rebuild the text exactly, as spaCy's Doc(words, spaces) does
    assert "".join(token["text"] + " " * token["ws"] for token in tokens) == TEXT
    assert {"text": "\n", "start": 45, "end": 46, "id": 13, "ws": False} in tokens
    assert [token["id"] for token in tokens] == list(range(len(tokens)))
    for span in first["spans"]:
        assert TEXT[span["start"]:span["end"]] == span["text"]
        assert tokens[span["token_start"]]["start"] == span["start"]
        assert tokens[span["token_end"]]["end"] == span["end"]
    quote = next(span for span in first["spans"] if span["label"] == "QUOTE")
    assert quote["attributes"] == {"direct": True} and quote["note"] == "verify"
    relation, = first["relations"]
    assert relation["label"] == "SPEAKER"
    assert relation["head_span"]["label"] == "QUOTE" and relation["child_span"]["label"] == "PERSON"
    assert relation["child"] == relation["child_span"]["token_end"]
    assert second["spans"] == [] and second["relations"] == []


def test_emoji_does_not_shift_offsets_in_export(annotated: Project) -> None:
    first, _ = export_lines(annotated)
    berlin = next(span for span in first["spans"] if span["label"] == "GPE")
    assert berlin["start"] == TEXT.index("Berlin") and berlin["text"] == "Berlin"


def test_status_filter_and_skipped_answer(annotated: Project) -> None:
    annotated.set_status(2, DocumentStatus.SKIPPED)
    assert [line["meta"]["document_id"] for line in export_lines(annotated, statuses=["done"])] == []
    skipped, = export_lines(annotated, statuses=[DocumentStatus.SKIPPED])
    assert skipped["answer"] == "ignore"


def test_doccano_export_uses_entities_and_relations_when_links_exist(annotated: Project) -> None:
    first, second = export_lines(annotated, "doccano")
    assert {(e["start_offset"], e["end_offset"], e["label"]) for e in first["entities"]} == {
        (0, 5, "PERSON"), (12, 34, "QUOTE"), (13, 17, "ORG"), (38, 44, "GPE")}
    relation, = first["relations"]
    ids = {entity["id"]: entity["label"] for entity in first["entities"]}
    assert (ids[relation["from_id"]], ids[relation["to_id"]], relation["type"]) == (
        "QUOTE", "PERSON", "SPEAKER")
    assert second["entities"] == []


def test_doccano_export_uses_label_triples_without_links(project: Project) -> None:
    document_id = project.import_records([DocumentRecord(text="EU rejects German call.")]).added[0]
    project.add_span(document_id, 0, 2, "ORG")
    line, = export_lines(project, "doccano")
    assert line == {"id": document_id, "text": "EU rejects German call.", "label": [[0, 2, "ORG"]]}


def test_export_is_deterministic(annotated: Project) -> None:
    runs = []
    for _ in range(2):
        out = io.BytesIO()
        export_project(annotated, "jsonl", out)
        runs.append(out.getvalue())
    assert runs[0] == runs[1]


def test_a_span_whose_text_disagrees_stops_the_export_and_writes_no_file(
    annotated: Project, tmp_path: Path
) -> None:
    annotated.conn.execute("UPDATE spans SET text = 'Trump' WHERE label_id = 1")
    target = tmp_path / "out.jsonl"
    with pytest.raises(ExportError, match="stored as 'Trump' but the text there is 'Rutte'"):
        export_to_path(annotated, "jsonl", target)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "project.sqlite",
                                        tmp_path / "project.sqlite-wal",
                                        tmp_path / "project.sqlite-shm"] or not target.exists()


# --- round trips over hard text ---------------------------------------------------------------

PIECES = ["Rutte", "Nato", "🙂", "👩\u200d👧", "e\u0301", "مرحبا", "\u00a0", "\r\n", "\n", " ",
          "“", "”", "2024", "東京", "\u2028", "-", "."]


@st.composite
def annotated_records(draw: st.DrawFn) -> DocumentRecord:
    text = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join))
    if not text.strip():
        text += "x"
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        # A span never starts inside a CRLF pair: that position does not exist once normalised.
        if text[start - 1:start + 1] == "\r\n" or text[end - 1:end + 1] == "\r\n":
            continue
        spans.append(SpanRecord(start, end, draw(st.sampled_from(["PERSON", "QUOTE", "ORG"]))))
    document_labels = draw(st.lists(st.sampled_from(["Politics", "Economy"]), unique=True, max_size=2))
    return DocumentRecord(text=text, spans=spans, source="wire", document_labels=document_labels)


def _strip_ids(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for line in lines:
        line.pop("id", None)
        id_to_key = {}
        for entity in line.get("entities", []):
            if not isinstance(entity, dict):
                continue  # [start, end, LABEL]: doccano's intent-and-slot shape, when documents have labels
            id_to_key[entity.pop("id")] = (entity["start_offset"], entity["end_offset"], entity["label"])
        for relation in line.get("relations", []):
            relation.pop("id", None)
            relation["from_id"] = id_to_key[relation["from_id"]]
            relation["to_id"] = id_to_key[relation["to_id"]]
    return lines


@given(st.lists(annotated_records(), min_size=1, max_size=4, unique_by=lambda r: r.text))
def test_export_import_export_is_identical(records: list[DocumentRecord]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        # In through the real import path, so CRLF is normalised and offsets remapped on the way.
        source = base / "source.jsonl"
        source.write_text("".join(json.dumps({
            "text": record.text, "meta": {"source": "wire"},
            "spans": [{"start": span.start, "end": span.end, "label": span.label}
                      for span in record.spans],
            "cats": {name: 1.0 for name in record.document_labels}}) + "\n" for record in records), "utf-8")
        with Project(base / "a.sqlite") as first:
            assert import_paths(first, [source]).failures == []
            labelled = sorted(map(sorted, first.document_label_map().values()))
            for format_name in ("jsonl", "doccano"):
                exported = base / f"first.{format_name}.jsonl"
                export_to_path(first, format_name, exported)
                with Project(base / f"b-{format_name}.sqlite") as second:
                    report = import_paths(second, [exported])
                    assert report.failures == []
                    assert sorted(map(sorted, second.document_label_map().values())) == labelled
                    again = base / f"second.{format_name}.jsonl"
                    export_to_path(second, format_name, again)
                if format_name == "jsonl":
                    assert again.read_bytes() == exported.read_bytes()
                else:
                    load = lambda path: [json.loads(x) for x in path.read_text("utf-8").split("\n") if x]  # noqa: E731
                    assert _strip_ids(load(again)) == _strip_ids(load(exported))
