"""Annotator layers in the store: written per document, read back in order, idempotent, transactional."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.layers import LayerContent, LayerSpan, agreeing_layers
from annotator.core.model import DocumentRecord, DocumentStatus, RelationRecord, SpanRecord
from annotator.store import Project
from annotator.store.errors import ReadOnlyProjectError, SpanError

TEXT = '"We will win," said Ana Lima of the Green Party in Lisbon.'
QUOTE = (0, 14)  # "We will win,"
ANA = (20, 28)  # Ana Lima
PARTY = (36, 47)  # Green Party
LISBON = (51, 57)  # Lisbon


@pytest.fixture
def project(tmp_path: Path) -> Project:
    with Project(tmp_path / "team.sqlite") as opened:
        opened.import_records([DocumentRecord(TEXT, title="one"), DocumentRecord("Second text.")])
        yield opened


def content(*spans: tuple[tuple[int, int], str], links=(), status=DocumentStatus.DONE) -> LayerContent:
    return LayerContent(
        spans=[SpanRecord(start, end, label) for (start, end), label in spans],
        relations=[RelationRecord(head, child, "SPEAKER") for head, child in links],
        status=status,
    )


def test_fixture_offsets_name_the_words() -> None:
    assert TEXT[slice(*QUOTE)] == '"We will win,"'
    assert TEXT[slice(*ANA)] == "Ana Lima"
    assert TEXT[slice(*PARTY)] == "Green Party"
    assert TEXT[slice(*LISBON)] == "Lisbon"


def test_layers_read_back_sorted_with_links_statuses_and_no_effect_on_gold(project: Project) -> None:
    assert project.layers() == [] and project.documents_with_layers() == []
    project.set_layer_document(
        1, "zoe", content((LISBON, "GPE"), (ANA, "PERSON"), status=DocumentStatus.IN_PROGRESS))
    project.set_layer_document(1, "amir", content((QUOTE, "QUOTE"), (ANA, "PERSON"), links=[(0, 1)]))

    assert project.layers() == ["amir", "zoe"]
    assert project.documents_with_layers() == [1]
    spans = project.layer_spans(1)
    # By start, longest first, then layer: the two Ana Lima spans are ordered amir, zoe.
    assert [(span.start, span.layer, span.label, span.text) for span in spans] == [
        (0, "amir", "QUOTE", '"We will win,"'),
        (20, "amir", "PERSON", "Ana Lima"),
        (20, "zoe", "PERSON", "Ana Lima"),
        (51, "zoe", "GPE", "Lisbon"),
    ]
    assert all(isinstance(span, LayerSpan) and span.source == "human" for span in spans)
    assert [span.label for span in project.layer_spans(1, "zoe")] == ["PERSON", "GPE"]
    (link,) = project.layer_relations(1)
    assert (link.layer, link.type) == ("amir", "SPEAKER")
    assert project.layer_span(link.head_span_id).label == "QUOTE"
    assert project.layer_span(link.child_span_id).text == "Ana Lima"
    assert project.layer_relations(1, "zoe") == []
    assert project.layer_statuses(1) == {"amir": DocumentStatus.DONE, "zoe": DocumentStatus.IN_PROGRESS}
    assert project.layer_statuses(2) == {}
    # The project's own (gold) layer is untouched.
    assert project.spans(1) == [] and project.document_status(1) == DocumentStatus.TODO


def test_writing_the_same_content_again_changes_nothing_and_keeps_ids(project: Project) -> None:
    version = content((QUOTE, "QUOTE"), (ANA, "PERSON"), links=[(0, 1)])
    assert project.set_layer_document(1, "amir", version) is True
    before = (project.layer_spans(1), project.layer_relations(1), project.layer_statuses(1))
    assert project.set_layer_document(1, "amir", version) is False
    assert (project.layer_spans(1), project.layer_relations(1), project.layer_statuses(1)) == before


def test_a_new_version_replaces_the_layer_keeping_unchanged_spans(project: Project) -> None:
    project.set_layer_document(1, "amir", content((QUOTE, "QUOTE"), (ANA, "PERSON"), links=[(0, 1)]))
    ana_id = project.layer_spans(1)[1].id
    changed = LayerContent(
        spans=[SpanRecord(*ANA, "PERSON", note="check spelling"), SpanRecord(*PARTY, "ORG")],
        status=DocumentStatus.SKIPPED,
    )
    assert project.set_layer_document(1, "amir", changed) is True
    spans = project.layer_spans(1)
    assert [(span.id == ana_id, span.label, span.note) for span in spans] == [
        (True, "PERSON", "check spelling"), (False, "ORG", None)]
    assert project.layer_relations(1) == []  # the quote went, and its link with it
    assert project.layer_statuses(1) == {"amir": DocumentStatus.SKIPPED}


def test_bad_content_writes_nothing(project: Project) -> None:
    good = SpanRecord(*ANA, "PERSON")
    with pytest.raises(SpanError, match="does not fit document 1"):
        project.set_layer_document(1, "amir", LayerContent(spans=[good, SpanRecord(51, 999, "GPE")]))
    with pytest.raises(ValueError, match="unknown label 'NOPE'"):
        project.set_layer_document(1, "amir", LayerContent(spans=[good, SpanRecord(*LISBON, "NOPE")]))
    assert project.layers() == [] and project.layer_spans(1) == []


def test_labels_match_whatever_their_case_and_attributes_round_trip(project: Project) -> None:
    span = SpanRecord(*QUOTE, "quote", attributes={"direct": True})
    project.set_layer_document(1, "amir", LayerContent(spans=[span], span_sources=["quotes"]))
    (stored,) = project.layer_spans(1)
    assert (stored.label, stored.attributes, stored.source) == ("QUOTE", {"direct": True}, "quotes")


def test_worked_documents_leave_out_untouched_todo_ones(project: Project) -> None:
    project.set_layer_document(1, "amir", content(status=DocumentStatus.DONE))
    project.set_layer_document(2, "amir", content(status=DocumentStatus.TODO))
    project.set_layer_document(2, "zoe", content(((0, 6), "PERSON"), status=DocumentStatus.TODO))
    assert project.layer_worked_documents() == {"amir": {1}, "zoe": {2}}
    assert sorted(project.layer_span_rows()) == [("zoe", 2, 0, 6, "PERSON")]


def test_layer_reads_as_an_export_reads_the_gold_layer(project: Project) -> None:
    project.set_layer_document(1, "amir", content((QUOTE, "QUOTE"), (ANA, "PERSON"), links=[(0, 1)]))
    project.set_layer_document(2, "zoe", content(status=DocumentStatus.IN_PROGRESS))
    ((document, spans, relations),) = list(project.layer_annotated_documents("amir"))
    assert document.id == 1 and document.status == DocumentStatus.DONE
    assert [(span.label, span.annotator) for span in spans] == [("QUOTE", "amir"), ("PERSON", "amir")]
    assert [(r.head_span_id, r.child_span_id) for r in relations] == [(spans[0].id, spans[1].id)]
    assert list(project.layer_annotated_documents("amir", [DocumentStatus.TODO])) == []


def test_delete_layer_and_read_only_refusal(project: Project, tmp_path: Path) -> None:
    project.set_layer_document(1, "amir", content((QUOTE, "QUOTE"), (ANA, "PERSON"), links=[(0, 1)]))
    project.set_layer_document(1, "zoe", content((ANA, "PERSON")))
    project.delete_layer("amir")
    assert project.layers() == ["zoe"] and project.layer_relations(1) == []
    with Project(project.path, read_only=True) as reader:
        assert reader.layers() == ["zoe"]
        with pytest.raises(ReadOnlyProjectError):
            reader.set_layer_document(1, "zoe", content())


def test_agreeing_layers_counts_who_has_each_span(project: Project) -> None:
    project.set_layer_document(1, "amir", content((ANA, "PERSON"), (LISBON, "GPE")))
    project.set_layer_document(1, "zoe", content((ANA, "PERSON"), (LISBON, "EVENT")))
    project.set_layer_document(1, "kim", content((ANA, "PERSON")))
    agreeing = agreeing_layers(project.layer_spans(1))
    assert agreeing[(*ANA, "PERSON")] == ["amir", "kim", "zoe"]
    assert agreeing[(*LISBON, "GPE")] == ["amir"]
