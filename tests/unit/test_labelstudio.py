"""Label Studio JSON: code-point offsets both ways (UTF-16 files from old versions converted), CRLF,
annotation choice, relations, notes, clear errors, and export → import → export round trips."""

from __future__ import annotations

import io
import json
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.model import DocumentRecord, DocumentStatus, SpanRecord
from annotator.exporting import export_project, export_to_path
from annotator.formats import FormatError, read_path
from annotator.formats.labelstudio_config import labeling_config
from annotator.importing import import_paths
from annotator.store import Project

TEXT = "Rutte said: “Nato 🙂 stays united,” in Berlin.\nScholz agreed."


@pytest.fixture
def annotated(project: Project) -> Project:
    document_id = project.import_records(
        [DocumentRecord(text=TEXT, title="Nato", url="https://x", source="wire")]).added[0]
    rutte = project.add_span(document_id, 0, 5, "PERSON")
    quote = project.add_span(document_id, 12, 34, "QUOTE", attributes={"direct": True}, note="verify")
    project.add_span(document_id, 13, 17, "ORG")  # nested inside the quote
    project.add_span(document_id, TEXT.index("Berlin"), TEXT.index("Berlin") + 6, "GPE")
    project.add_relation(quote.id, rutte.id, "SPEAKER")
    project.import_records([DocumentRecord(text="Nothing tagged here.", source="wire")])
    return project


def exported(project: Project) -> tuple[list[dict[str, Any]], list[str]]:
    out = io.BytesIO()
    result = export_project(project, "labelstudio", out)
    return json.loads(out.getvalue()), result.warnings


def write_tasks(tmp_path: Path, tasks: Any, name: str = "tasks.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(tasks, ensure_ascii=False), "utf-8")
    return path


def labels(result_id: str, start: int, end: int, label: str, text: str | None = None) -> dict[str, Any]:
    value: dict[str, Any] = {"start": start, "end": end, "labels": [label]}
    if text is not None:
        value["text"] = text
    return {"id": result_id, "from_name": "label", "to_name": "text", "type": "labels", "value": value}


# --- export ------------------------------------------------------------------------------------


def test_export_writes_tasks_with_one_annotation_of_labels_and_relations(annotated: Project) -> None:
    (first, second), warnings = exported(annotated)
    assert first["data"] == {"text": TEXT, "title": "Nato"}
    assert first["meta"] == {"document_id": 1, "source": "wire", "url": "https://x", "status": "in_progress"}
    annotation, = first["annotations"]
    assert annotation["was_cancelled"] is False
    spans = [result for result in annotation["result"] if result["type"] == "labels"]
    assert [(r["value"]["start"], r["value"]["end"], r["value"]["labels"]) for r in spans] == [
        (0, 5, ["PERSON"]), (12, 34, ["QUOTE"]), (13, 17, ["ORG"]), (38, 44, ["GPE"])]
    for result in spans:
        assert (result["from_name"], result["to_name"]) == ("label", "text")
        assert TEXT[result["value"]["start"]:result["value"]["end"]] == result["value"]["text"]
    ids = {result["id"]: result["value"]["labels"][0] for result in spans}
    relation, = [result for result in annotation["result"] if result["type"] == "relation"]
    assert (ids[relation["from_id"]], ids[relation["to_id"]]) == ("QUOTE", "PERSON")
    assert relation["labels"] == ["SPEAKER"] and relation["direction"] == "right"
    note, = [result for result in annotation["result"] if result["type"] == "textarea"]
    assert ids[note["id"]] == "QUOTE" and note["value"]["text"] == ["verify"]
    # An untouched document goes out without an annotation: Label Studio would count it as labelled.
    assert "annotations" not in second and second["data"] == {"text": "Nothing tagged here."}
    assert warnings == ["Label Studio results carry no span attributes: left out of 1 span(s)"]


def test_export_offsets_after_an_emoji_count_code_points_as_label_studio_does(annotated: Project) -> None:
    (first, _), _ = exported(annotated)
    berlin = next(r for r in first["annotations"][0]["result"] if r["value"].get("labels") == ["GPE"])
    start = TEXT.index("Berlin")
    assert (berlin["value"]["start"], berlin["value"]["end"]) == (start, start + 6)
    # The JavaScript (UTF-16) position is one further on: that is what Label Studio converts from.
    assert len(TEXT[:start].encode("utf-16-le")) // 2 == start + 1


def test_export_of_an_empty_selection_is_an_empty_list(project: Project) -> None:
    out = io.BytesIO()
    assert export_project(project, "labelstudio", out).documents == 0
    assert json.loads(out.getvalue()) == []


def test_labeling_config_names_every_label_and_relation(annotated: Project) -> None:
    config = ElementTree.fromstring(labeling_config(annotated.labels(), annotated.relation_types()))
    assert [label.get("value") for label in config.iter("Label")][:3] == ["PERSON", "ORG", "GPE"]
    assert {relation.get("value") for relation in config.iter("Relation")} >= {"SPEAKER", "CLAIMANT"}
    labels_tag, = config.iter("Labels")
    text_tag, = config.iter("Text")
    assert (labels_tag.get("name"), labels_tag.get("toName")) == ("label", "text")
    assert text_tag.get("name") == "text"


# --- import ------------------------------------------------------------------------------------


def test_import_takes_code_point_offsets_after_an_emoji(tmp_path: Path) -> None:
    # Label Studio's own end-to-end test: "test" in this text is serialised as start 21, end 25.
    text = "🐱 Warning: This is a test text"
    path = write_tasks(tmp_path, [{"id": 7, "data": {"text": text, "source_file": "a.txt"}, "annotations": [
        {"id": 3, "result": [labels("r1", 21, 25, "X", "test")]}]}])
    record, = read_path(path)
    assert [(s.start, s.end, s.label) for s in record.spans] == [(21, 25, "X")]
    assert record.text[21:25] == "test" and record.warnings == []
    assert record.meta == {"source_file": "a.txt", "labelstudio_id": 7}
    assert record.status is DocumentStatus.DONE


def test_a_file_from_an_old_label_studio_counting_utf16_units_is_converted(tmp_path: Path) -> None:
    # The export from label-studio issue #1347: "annotation" given at 13..23, one past in code points.
    text = "💩This is an annotation."
    path = write_tasks(tmp_path, {"data": {"text": text},
                                  "annotations": [{"result": [labels("a", 13, 23, "Annotation", "annotation"),
                                                              labels("b", 0, 2, "Emoji", "💩")]}]})
    record, = read_path(path)
    assert [(s.start, s.end) for s in record.spans] == [(12, 22), (0, 1)]
    assert [text[s.start:s.end] for s in record.spans] == ["annotation", "💩"]
    assert record.warnings == ["task 1: offsets read as UTF-16 units, as Label Studio versions before "
                               "the emoji fix wrote them"]


def test_crlf_offsets_count_both_characters_and_move_with_the_line_ending(tmp_path: Path) -> None:
    text = "Rutte spoke.\r\nIn 🙂 Berlin\r\nScholz agreed."
    start = text.index("Berlin")
    scholz = text.index("Scholz")
    path = write_tasks(tmp_path, [{"data": {"text": text}, "annotations": [{"result": [
        labels("b", start, start + 6, "GPE", "Berlin"),
        # The editor writes a selection's line break as the two characters \n.
        labels("m", start, scholz + 6, "QUOTE", "Berlin\\n\\nScholz")]}]}])
    record, = read_path(path)
    assert "\r" not in record.text
    assert [record.text[s.start:s.end] for s in record.spans] == ["Berlin", "Berlin\nScholz"]


def test_collapsed_whitespace_in_the_editor_text_is_accepted(tmp_path: Path) -> None:
    text = "Text: Berlin,  Germany."  # label-studio#3078: the selection text loses the double space
    path = write_tasks(tmp_path, [{"data": {"text": text}, "annotations": [
        {"result": [labels("x", 6, 22, "LOC", "Berlin, Germany")]}]}])
    record, = read_path(path)
    assert record.text[record.spans[0].start:record.spans[0].end] == "Berlin,  Germany"


def test_text_that_disagrees_is_refused_naming_task_and_result(tmp_path: Path) -> None:
    path = write_tasks(tmp_path, [
        {"data": {"text": "Fine."}},
        {"id": 42, "data": {"text": "Rutte met Scholz."},
         "annotations": [{"result": [labels("ok", 0, 5, "PERSON", "Rutte"),
                                     labels("Xy_9", 10, 16, "PERSON", "Merkel")]}]}])
    with pytest.raises(FormatError, match=r"^task 2 \(id 42\): result 'Xy_9' \[10, 16\) says 'Merkel' "
                                          r"but the text there is 'Scholz'$"):
        read_path(path)


@pytest.mark.parametrize(("content", "message"), [
    ('[\n  {"data": {"text": "a"}},\n  {"data": }\n]',
     r"^line 3, column 12: not valid JSON \(Expecting value\)$"),
    ('"just a string"', "^expected a list of Label Studio tasks, found str$"),
    ("[]", "^the file holds no tasks$"),
    ('[{"text": "JSON-MIN"}]', r'^task 1: no "data" object'),
    ('[{"data": {"review": "x"}}]', r'^task 1: no "data.text" string \(data has review\)$'),
    ('[{"data": {"text": "  "}}]', r'^task 1: "data.text" is empty$'),
    ('[{"data": {"text": "abc"}, "annotations": [{"result": [{"id": "q", "type": "labels", '
     '"value": {"start": 1, "end": 9, "labels": ["X"]}}]}]}]',
     r"^task 1: result 'q' \[1, 9\) is empty or outside the text \(3 characters\)$"),
    ('[{"data": {"text": "abc"}, "annotations": [{"result": [{"id": "q", "type": "labels", '
     '"value": {"start": "/p[1]", "end": 2, "labels": ["X"]}}]}]}]',
     r"^task 1: result 'q' start must be a whole number, not '/p\[1\]'$"),
    ('[{"data": {"text": "abc"}, "annotations": [{"result": [{"id": "q", "type": "labels", '
     '"value": {"start": 0, "end": 2, "labels": []}}]}]}]', r"^task 1: result 'q' has no labels$"),
    ('[{"data": {"text": "abc"}, "annotations": [{"result": [{"from_id": "a", "to_id": "b", '
     '"type": "relation"}]}]}]', r"^task 1: a relation refers to region 'a', which is not in the "
                                 r"imported annotation$"),
    ('[{"data": {"text": "abc"}, "annotations": {"result": []}}]',
     r'^task 1: "annotations" must be a list of objects$'),
])
def test_bad_files_are_refused_with_a_message_saying_where(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, "utf-8")
    with pytest.raises(FormatError, match=message):
        read_path(path)


def test_the_first_annotation_not_cancelled_is_taken(tmp_path: Path) -> None:
    text = "Rutte met Scholz."
    path = write_tasks(tmp_path, [
        {"data": {"text": text}, "annotations": [
            {"was_cancelled": True, "result": [labels("a", 0, 5, "CANCELLED")]},
            {"was_cancelled": False, "result": [labels("b", 10, 16, "PERSON")]},
            {"result": [labels("c", 0, 5, "SECOND")]}],
         "predictions": [{"result": [labels("p", 0, 5, "PREDICTED")]}]},
        {"data": {"text": "Skipped task."}, "annotations": [{"was_cancelled": True, "result": []}]},
        {"data": {"text": "Pre-annotated."}, "predictions": [
            {"model_version": "1", "result": [labels("p", 0, 3, "ORG", "Pre")]}, {"result": []}]},
    ])
    chosen, skipped, predicted = read_path(path)
    assert [span.label for span in chosen.spans] == ["PERSON"]
    assert chosen.status is DocumentStatus.DONE
    assert chosen.warnings == ["task 1: 2 other annotation(s) not imported (only the first not "
                               "cancelled is)"]
    assert skipped.status is DocumentStatus.SKIPPED and skipped.spans == []
    assert [span.label for span in predicted.spans] == ["ORG"]
    assert predicted.status is DocumentStatus.TODO
    assert predicted.warnings == ["task 3: 1 other prediction(s) not imported (only the first is)"]


def test_relations_follow_their_direction_and_other_results_are_counted(tmp_path: Path) -> None:
    text = "Rutte said: “Nato stays.”"
    results = [
        labels("q", 12, 25, "QUOTE"), labels("r", 0, 5, "PERSON"),
        {"id": "multi", "type": "labels", "value": {"start": 13, "end": 17, "labels": ["ORG", "GPE"]}},
        {"from_id": "q", "to_id": "r", "type": "relation", "direction": "right", "labels": ["SPEAKER"]},
        {"from_id": "r", "to_id": "q", "type": "relation", "direction": "left", "labels": ["SAID"]},
        {"from_id": "q", "to_id": "multi", "type": "relation", "direction": "bi"},
        {"id": "q", "from_name": "note", "to_name": "text", "type": "textarea",
         "value": {"start": 12, "end": 25, "text": ["check", "source"]}},
        {"id": "c", "from_name": "sentiment", "to_name": "text", "type": "choices",
         "value": {"choices": ["Positive"]}},
        {"id": "h", "type": "hypertextlabels", "value": {"start": "/p", "end": "/p", "htmllabels": ["X"]}},
        {"from_id": "h", "to_id": "q", "type": "relation", "labels": ["X"]},
    ]
    path = write_tasks(tmp_path, [{"data": {"text": text}, "annotations": [{"result": results}]}])
    record, = read_path(path)
    assert [(s.start, s.end, s.label) for s in record.spans] == [
        (12, 25, "QUOTE"), (0, 5, "PERSON"), (13, 17, "ORG"), (13, 17, "GPE")]
    assert record.spans[0].note == "check\nsource"
    assert [(r.head, r.child, r.type) for r in record.relations] == [
        (0, 1, "SPEAKER"), (0, 1, "SAID"), (0, 2, "RELATED")]
    assert record.warnings == [
        "task 1: 1 relation(s) without a label imported as RELATED",
        "task 1: 1 relation(s) between regions not imported left out",
        "task 1: result(s) not imported: 1 hypertextlabels",
    ]
    assert record.document_labels == ["Positive"]  # a choices result labels the document


def test_import_into_a_project_keeps_document_fields_and_status(project: Project, tmp_path: Path) -> None:
    path = write_tasks(tmp_path, [{
        "data": {"text": "Rutte spoke.", "title": "Speech", "lang": "en"},
        "meta": {"document_id": 9, "status": "in_progress", "url": "https://x", "desk": "politics"},
        "annotations": [{"result": [labels("r", 0, 5, "PERSON", "Rutte")]}]}])
    report = import_paths(project, [path])
    assert report.failures == [] and report.spans == 1
    (document, _, _), = project.annotated_documents()
    assert (document.title, document.url, document.status) == ("Speech", "https://x",
                                                                 DocumentStatus.IN_PROGRESS)
    assert document.meta == {"lang": "en", "desk": "politics"}


def test_export_import_export_keeps_notes_relations_and_status(annotated: Project, tmp_path: Path) -> None:
    annotated.set_status(1, DocumentStatus.DONE)
    annotated.set_status(2, DocumentStatus.SKIPPED)
    first = tmp_path / "first.json"
    export_to_path(annotated, "labelstudio", first)
    with Project(tmp_path / "again.sqlite") as again:
        assert import_paths(again, [first]).failures == []
        second = tmp_path / "second.json"
        export_to_path(again, "labelstudio", second)
    assert second.read_bytes() == first.read_bytes()
    skipped = json.loads(first.read_text("utf-8"))[1]
    assert skipped["annotations"] == [{"result": [], "was_cancelled": True}]


# --- round trips over hard text ---------------------------------------------------------------

PIECES = ["Rutte", "Nato", "🙂", "👩\u200d👧", "e\u0301", "مرحبا", "\u00a0", "\r\n", "\n", " ",
          "  ", "“", "”", "2024", "東京", "\u2028", "-", ".", "𝐚"]


@st.composite
def annotated_lines(draw: st.DrawFn) -> dict[str, Any]:
    """A Prodigy JSONL line with nested spans, notes and relations over hard text."""
    text = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join))
    if not text.strip():
        text += "x"
    spans: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        # A span never starts inside a CRLF pair: that position does not exist once normalised.
        if text[start - 1:start + 1] == "\r\n" or text[end - 1:end + 1] == "\r\n":
            continue
        span = {"start": start, "end": end, "label": draw(st.sampled_from(["PERSON", "QUOTE", "ORG"]))}
        if draw(st.booleans()):
            span["note"] = draw(st.sampled_from(["check", "two\nlines", "🙂"]))
        spans.append(span)
    relations = []
    if len(spans) >= 2 and draw(st.booleans()):
        head, child = spans[0], spans[-1]
        if (head["start"], head["end"]) != (child["start"], child["end"]):
            relations.append({"label": "SPEAKER", "head_span": head, "child_span": child})
    chosen = draw(st.lists(st.sampled_from(["Politics", "Economy"]), unique=True, max_size=2))
    return {"text": text, "meta": {"source": "wire"}, "spans": spans, "relations": relations,
            "cats": {name: 1.0 for name in chosen}}


@given(st.lists(annotated_lines(), min_size=1, max_size=4, unique_by=lambda line: line["text"]))
def test_export_import_export_is_identical(lines: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        # In through the real import path, so CRLF is normalised and offsets remapped on the way.
        source = base / "source.jsonl"
        source.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
        with Project(base / "a.sqlite") as first:
            assert import_paths(first, [source]).failures == []
            exported = base / "first.json"
            export_to_path(first, "labelstudio", exported)
            stored = {document.text: spans for document, spans, _ in first.annotated_documents()}
            labelled = sorted(map(sorted, first.document_label_map().values()))
        tasks = json.loads(exported.read_text("utf-8"))
        for task in tasks:
            text = task["data"]["text"]
            results = [r for a in task.get("annotations", []) for r in a["result"] if r["type"] == "labels"]
            assert len(results) == len(stored[text])
            for result in results:
                assert text[result["value"]["start"]:result["value"]["end"]] == result["value"]["text"]
        with Project(base / "b.sqlite") as second:
            report = import_paths(second, [exported])
            assert report.failures == [] and all(not outcome.warnings for outcome in report.files)
            assert sorted(map(sorted, second.document_label_map().values())) == labelled
            again = base / "second.json"
            export_to_path(second, "labelstudio", again)
        assert again.read_bytes() == exported.read_bytes()


def test_an_emoji_span_and_a_line_break_read_back_on_the_same_characters(tmp_path: Path) -> None:
    """A small fixed case of the property above, readable when it fails."""
    with Project(tmp_path / "p.sqlite") as project:
        project.import_records([DocumentRecord(text="A 🙂 b\nc", spans=[SpanRecord(2, 3, "X"),
                                                                       SpanRecord(4, 7, "Y")])])
        out = tmp_path / "out.json"
        export_to_path(project, "labelstudio", out)
    record, = read_path(out)
    assert [(s.start, s.end, s.label, record.text[s.start:s.end]) for s in record.spans] == [
        (2, 3, "X", "🙂"), (4, 7, "Y", "b\nc")]
