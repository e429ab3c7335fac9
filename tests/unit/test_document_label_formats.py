"""Document labels in every export format, in each tool's own shape, and read back by the imports."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.model import DocumentRecord
from annotator.exporting import export_project, export_to_path
from annotator.formats import read_path
from annotator.formats.labelstudio_config import labeling_config
from annotator.importing import import_paths
from annotator.store import Project

TEXT = "  Rutte said Nato stays.\nScholz agreed."


@pytest.fixture
def labelled(project: Project) -> Project:
    first = project.import_records([DocumentRecord(text=TEXT, title="Nato")]).added[0]
    project.import_records([DocumentRecord(text="Nothing labelled here.")])
    project.add_span(first, 2, 7, "PERSON")
    project.add_document_label("Politics", group="Topic")
    project.add_document_label("Economy", group="Topic")
    project.add_document_label("Opinion")
    project.set_document_label(first, "Politics", True)
    project.set_document_label(first, "Opinion", True)
    return project


def lines(project: Project, format_name: str) -> list[dict[str, Any]]:
    out = io.BytesIO()
    export_project(project, format_name, out)
    return [json.loads(line) for line in out.getvalue().decode("utf-8").splitlines()]


def test_prodigy_lines_carry_textcat_options_accept_and_spacy_cats(labelled: Project) -> None:
    first, second = lines(labelled, "jsonl")
    assert first["options"] == [{"id": "Politics", "text": "Politics"}, {"id": "Economy", "text": "Economy"},
                                {"id": "Opinion", "text": "Opinion"}]
    assert first["accept"] == ["Politics", "Opinion"]
    assert first["cats"] == {"Politics": 1.0, "Economy": 0.0, "Opinion": 1.0}
    assert second["accept"] == [] and set(second["cats"].values()) == {0.0}
    assert first["spans"][0]["label"] == "PERSON"


def test_a_project_without_document_labels_exports_as_before(project: Project) -> None:
    project.import_records([DocumentRecord(text=TEXT)])
    [line] = lines(project, "jsonl")
    assert not {"options", "accept", "cats"} & set(line)
    [doccano] = lines(project, "doccano")
    assert set(doccano) == {"id", "text", "label"}


def test_doccano_writes_its_intent_and_slot_shape_and_reads_classification_labels(
        labelled: Project, tmp_path: Path) -> None:
    first, second = lines(labelled, "doccano")
    assert first["entities"] == [[2, 7, "PERSON"]] and first["cats"] == ["Politics", "Opinion"]
    assert "label" not in first and second["cats"] == []
    classification = tmp_path / "classes.jsonl"
    classification.write_text(json.dumps({"text": "Prices rose.", "label": ["Economy", "Opinion"]}) + "\n"
                              + json.dumps({"text": "Rutte spoke.", "entities": [[0, 5, "PERSON"]],
                                            "cats": ["Politics"]}) + "\n", "utf-8")
    read_one, read_two = read_path(classification)
    assert read_one.document_labels == ["Economy", "Opinion"] and read_one.meta == {}
    assert read_two.document_labels == ["Politics"] and [s.label for s in read_two.spans] == ["PERSON"]


def test_doccano_with_relations_keeps_cats_beside_entities(labelled: Project) -> None:
    document_id = 1
    quote = labelled.add_span(document_id, 13, 23, "QUOTE")
    person = labelled.spans(document_id)[0]
    labelled.add_relation(quote.id, person.id, "SPEAKER")
    first, _ = lines(labelled, "doccano")
    assert isinstance(first["entities"][0], dict) and first["relations"]
    assert first["cats"] == ["Politics", "Opinion"]


def test_label_studio_gets_a_choices_result_and_a_choices_control(labelled: Project) -> None:
    out = io.BytesIO()
    export_project(labelled, "labelstudio", out)
    first, second = json.loads(out.getvalue())
    [choices] = [r for r in first["annotations"][0]["result"] if r["type"] == "choices"]
    assert choices == {"id": "document", "from_name": "document_labels", "to_name": "text",
                       "type": "choices", "value": {"choices": ["Politics", "Opinion"]}}
    assert "annotations" not in second
    config = labeling_config(labelled.labels(), labelled.relation_types())
    labels_part, choices_part = config.split("</Labels>")
    assert "Politics" not in labels_part and 'value="PERSON"' in labels_part
    assert '<Choices name="document_labels" toName="text" choice="multiple"' in choices_part
    assert '<Choice value="Economy"/>' in choices_part


def test_brat_writes_them_as_attributes_of_a_document_labels_annotation(
        labelled: Project, tmp_path: Path) -> None:
    export_to_path(labelled, "brat", tmp_path / "out")
    ann = sorted((tmp_path / "out").glob("00001-*.ann"))[0].read_text("utf-8").splitlines()
    assert ann == ["T1\tPERSON 2 7\tRutte", "T2\tDocument_labels 2 7\tRutte", "A1\tPolitics T2",
                   "A2\tOpinion T2"]
    conf = (tmp_path / "out" / "annotation.conf").read_text("utf-8")
    entities = conf.split("[relations]")[0]
    assert "Document_labels" in entities and "Politics" not in entities
    assert "Politics\tArg:Document_labels" in conf
    [record] = read_path(sorted((tmp_path / "out").glob("00001-*.txt"))[0], "brat")
    assert record.document_labels == ["Politics", "Opinion"]
    assert [(s.start, s.end, s.label) for s in record.spans] == [(2, 7, "PERSON")]


def test_spacy_docbin_sets_doc_cats_over_every_document_label(labelled: Project, tmp_path: Path) -> None:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    export_to_path(labelled, "spacy", tmp_path / "out.spacy")
    first, second = DocBin().from_disk(tmp_path / "out.spacy").get_docs(Vocab())
    assert first.cats == {"Politics": 1.0, "Economy": 0.0, "Opinion": 1.0}
    assert second.cats == {"Politics": 0.0, "Economy": 0.0, "Opinion": 0.0}
    records = read_path(tmp_path / "out.spacy")
    assert [record.document_labels for record in records] == [["Politics", "Opinion"], []]


def test_conll_leaves_them_out_with_a_warning(labelled: Project, tmp_path: Path) -> None:
    result = export_to_path(labelled, "conll", tmp_path / "out.conll")
    warning = "CoNLL carries no document labels: 2 document label(s) of 1 document(s) left out"
    assert warning in result.warnings


@pytest.mark.parametrize(("format_name", "target"), [
    ("jsonl", "out.jsonl"), ("doccano", "out.jsonl"), ("labelstudio", "out.json"), ("brat", "out"),
    ("spacy", "out.spacy")])
def test_every_carrying_format_brings_them_back_into_a_project(
        labelled: Project, tmp_path: Path, format_name: str, target: str) -> None:
    export_to_path(labelled, format_name, tmp_path / target)
    with Project(tmp_path / "again.sqlite") as again:
        assert import_paths(again, [tmp_path / target]).failures == []
        by_id = again.document_label_map()
        assert sorted(by_id.values()) == [["Politics", "Opinion"]]
        assert {choice.name for choice in again.document_label_choices()} >= {"Politics", "Opinion"}
        assert again.labels()[-1].kind.value == "document"
