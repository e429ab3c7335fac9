"""Editing a project the way the window does: labels, batches, undo-friendly delete and restore."""

from __future__ import annotations

import pytest

from annotator.core.model import DocumentRecord, DocumentStatus, LabelKind
from annotator.core.occurrences import find_all, whole_token_occurrences
from annotator.store import DuplicateSpanError, LabelInUseError, Project

TEXT = "Rutte met Scholz. Rutte said: “Nato stays.” Ruttes is not a word."


@pytest.fixture
def document_id(project: Project) -> int:
    return project.import_records([DocumentRecord(text=TEXT, title="")]).added[0]


def test_document_summaries_count_spans_and_title_untitled_documents(
    project: Project, document_id: int
) -> None:
    project.add_span(document_id, 0, 5, "PERSON")
    project.import_records([DocumentRecord(text="second", title="Second")])
    project.set_status(document_id, DocumentStatus.DONE)
    first, second = project.document_summaries()
    assert (first.title, first.status, first.span_count) == (TEXT, DocumentStatus.DONE, 1)
    assert (second.title, second.span_count) == ("Second", 0)


def test_delete_spans_then_restore_brings_back_ids_and_relations(
    project: Project, document_id: int
) -> None:
    rutte = project.add_span(document_id, 0, 5, "PERSON")
    quote = project.add_span(document_id, 30, 43, "QUOTE", attributes={"direct": True})
    link = project.add_relation(quote.id, rutte.id, "SPEAKER")
    spans, relations = project.delete_spans([rutte.id])
    assert spans == [rutte] and relations == [link]
    assert project.relations(document_id) == []
    project.restore(spans, relations)
    assert project.span(rutte.id) == rutte
    assert project.relations(document_id) == [link]
    with pytest.raises(DuplicateSpanError):
        project.restore(spans)


def test_add_spans_is_one_step_and_skips_existing(project: Project, document_id: int) -> None:
    project.add_span(document_id, 0, 5, "PERSON")
    added = project.add_spans(document_id, [(start, end, "PERSON")
                                            for start, end in whole_token_occurrences(TEXT, "Rutte")])
    assert [(span.start, span.end) for span in added] == [(18, 23)]
    with pytest.raises(ValueError):
        project.add_spans(document_id, [(10, 16, "PERSON"), (0, 3, "NO_SUCH_LABEL")])
    assert len(project.spans(document_id)) == 2  # the failed batch left nothing behind


def test_spans_at_lists_innermost_first(project: Project, document_id: int) -> None:
    claim = project.add_span(document_id, 18, 43, "CLAIM")
    quote = project.add_span(document_id, 30, 43, "QUOTE")
    nato = project.add_span(document_id, 31, 35, "ORG")
    assert project.spans_at(document_id, 32) == [nato, quote, claim]
    assert project.spans_at(document_id, 43) == []


def test_whole_token_occurrences_skip_partial_words() -> None:
    assert find_all(TEXT, "Rutte") == [(0, 5), (18, 23), (44, 49)]
    assert whole_token_occurrences(TEXT, "Rutte") == [(0, 5), (18, 23)]
    assert find_all("NATO nato Nato", "nato", case_sensitive=False) == [(0, 4), (5, 9), (10, 14)]


def test_labels_can_be_renamed_recoloured_rekeyed_and_reordered(
    project: Project, document_id: int
) -> None:
    span = project.add_span(document_id, 0, 5, "PERSON")
    renamed = project.update_label("PERSON", new_name="PER", colour="#123456", key="9")
    assert (renamed.name, renamed.colour, renamed.key) == ("PER", "#123456", "9")
    assert project.span(span.id).label == "PER"
    project.update_label("ORG", key="9")  # keys are unique: PER loses it
    assert project.label("PER").key is None and project.label("ORG").key == "9"
    project.update_label("EVENT", kind=LabelKind.CLAIM)
    assert project.label("EVENT").kind is LabelKind.CLAIM
    project.reorder_labels(["CLAIM", "QUOTE"])
    assert [label.name for label in project.labels()][:3] == ["CLAIM", "QUOTE", "PER"]
    with pytest.raises(ValueError, match="already exists"):
        project.update_label("ORG", new_name="GPE")
    with pytest.raises(ValueError, match="#rrggbb"):
        project.update_label("ORG", colour="red")


def test_a_label_in_use_is_removed_only_with_its_spans(project: Project, document_id: int) -> None:
    quote = project.add_span(document_id, 30, 43, "QUOTE")
    rutte = project.add_span(document_id, 18, 23, "PERSON")
    project.add_relation(quote.id, rutte.id, "SPEAKER")
    with pytest.raises(LabelInUseError, match="label PERSON is used by 1 span") as refused:
        project.delete_label("PERSON")
    assert refused.value.count == 1 and project.label("PERSON") is not None
    removed_spans, removed_relations = project.delete_label("PERSON", with_spans=True)
    assert removed_spans == [rutte] and len(removed_relations) == 1
    assert project.label("PERSON") is None
    assert project.relations(document_id) == []
    assert project.delete_label("EVENT") == ([], [])


def test_restore_label_brings_back_its_id_place_spans_and_links(project: Project, document_id: int) -> None:
    quote = project.add_span(document_id, 30, 43, "QUOTE")
    rutte = project.add_span(document_id, 18, 23, "PERSON")
    link = project.add_relation(quote.id, rutte.id, "SPEAKER")
    label, order = project.label("PERSON"), [label.name for label in project.labels()]
    spans, relations = project.delete_label("PERSON", with_spans=True)
    project.restore_label(label, order, spans, relations)
    assert project.label("PERSON") == label
    assert [label.name for label in project.labels()] == order
    assert project.span(rutte.id) == rutte and project.relations(document_id) == [link]


def test_untagged_occurrences_across_the_project(project: Project, document_id: int) -> None:
    other = project.import_records([DocumentRecord(text="Rutte again, not Ruttes. Rutte!")]).added[0]
    project.import_records([DocumentRecord(text="Nothing about him here.")])
    project.add_span(document_id, 0, 5, "PERSON")
    assert project.untagged_occurrences("Rutte", "PERSON") == [
        (document_id, 18, 23), (other, 0, 5), (other, 25, 30)]
    assert project.untagged_occurrences("Rutte", "ORG")[0] == (document_id, 0, 5)
    assert project.untagged_occurrences("  ", "PERSON") == []
    assert project.span_count(document_id) == 1
