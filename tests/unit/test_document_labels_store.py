"""Document labels in the store: single- and multi-choice groups, exact undo, refusals, imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.model import DocumentRecord, LabelKind, SpanRecord
from annotator.store import LabelInUseError, Project, SpanError


@pytest.fixture
def project(tmp_path: Path):
    with Project(tmp_path / "doclabels.sqlite", annotator="ana") as project:
        project.import_records([DocumentRecord(text="Rutte spoke in Berlin.", title="One"),
                                DocumentRecord(text="Prices rose again.", title="Two")])
        project.add_document_label("Politics", group="Topic")
        project.add_document_label("Economy", group="Topic")
        project.add_document_label("Opinion", group="Genre", multiple=True)
        project.add_document_label("Analysis", group="Genre")
        project.add_document_label("Check-worthy")
        yield project


def test_document_labels_are_listed_with_their_groups_and_take_no_span_key(project: Project) -> None:
    choices = {choice.name: choice for choice in project.document_label_choices()}
    assert list(choices) == ["Politics", "Economy", "Opinion", "Analysis", "Check-worthy"]
    assert choices["Politics"].exclusive and choices["Economy"].group == "Topic"
    assert choices["Opinion"].multiple and not choices["Opinion"].exclusive
    assert choices["Check-worthy"].group is None and not choices["Check-worthy"].exclusive
    assert [group.name for group in project.choice_groups()] == ["Topic", "Genre"]
    assert all(project.label(name).key is None for name in choices)  # type: ignore[union-attr]
    assert project.label("Politics").kind == LabelKind.DOCUMENT  # type: ignore[union-attr]


def test_single_choice_turns_the_other_off_and_undo_restores_it_exactly(project: Project) -> None:
    first = project.set_document_label(1, "Politics", True)
    assert first.added == ("Politics",) and first.removed == ()
    switch = project.set_document_label(1, "Economy", True)
    assert project.document_labels(1) == ["Economy"]
    assert [row.label for row in switch.removed] == ["Politics"]
    assert switch.removed[0].annotator == "ana"
    stored_at = switch.removed[0].created_at
    project.undo_document_label_change(switch)
    assert project.document_labels(1) == ["Politics"]
    assert project.conn.execute("SELECT created_at FROM document_labels").fetchone()[0] == stored_at
    project.redo_document_label_change(switch)
    assert project.document_labels(1) == ["Economy"]


def test_multiple_choice_and_ungrouped_labels_add_up(project: Project) -> None:
    project.set_document_label(2, "Opinion", True)
    project.set_document_label(2, "Analysis", True)
    project.set_document_label(2, "Check-worthy", True)
    project.set_document_label(2, "Economy", True)
    assert project.document_labels(2) == ["Economy", "Opinion", "Analysis", "Check-worthy"]
    off = project.set_document_label(2, "Opinion", False)
    assert off.added == () and [row.label for row in off.removed] == ["Opinion"]
    assert not project.set_document_label(2, "Opinion", False)  # already off: nothing changed
    assert project.document_label_map() == {2: ["Economy", "Analysis", "Check-worthy"]}
    assert project.document_label_counts() == {"Politics": 0, "Economy": 1, "Opinion": 0, "Analysis": 1,
                                               "Check-worthy": 1}
    assert project.documents_with_document_label("Economy") == [2]


def test_a_labelled_document_is_in_progress(project: Project) -> None:
    project.set_document_label(1, "Politics", True)
    assert project.document_status(1).value == "in_progress"


def test_spans_refuse_document_labels_and_documents_refuse_span_labels(project: Project) -> None:
    with pytest.raises(SpanError, match="document label"):
        project.add_span(1, 0, 5, "Politics")
    span = project.add_span(1, 0, 5, "PERSON")
    with pytest.raises(SpanError, match="document label"):
        project.update_span(span.id, label="Politics")
    with pytest.raises(ValueError, match="span label"):
        project.set_document_label(1, "PERSON", True)
    assert project.document_labels(1) == [] and project.span(span.id).label == "PERSON"


def test_choice_groups_rename_switch_to_several_and_delete(project: Project) -> None:
    project.rename_choice_group("Topic", "Subject")
    groups = {choice.name: choice.group for choice in project.document_label_choices()}
    assert groups["Politics"] == groups["Economy"] == "Subject"
    with pytest.raises(ValueError, match="already exists"):
        project.rename_choice_group("Subject", "genre")
    project.set_choice_group_multiple("Subject", True)
    project.set_document_label(1, "Politics", True)
    project.set_document_label(1, "Economy", True)
    assert project.document_labels(1) == ["Politics", "Economy"]
    project.delete_choice_group("Subject")
    assert project.label("Politics") is not None
    assert [group.name for group in project.choice_groups()] == ["Genre"]
    with pytest.raises(ValueError, match="already exists"):
        project.add_choice_group("GENRE")


def test_a_used_label_keeps_its_side_and_removing_one_is_undone_whole(project: Project) -> None:
    project.set_document_label(1, "Politics", True)
    with pytest.raises(ValueError, match="keeps its kind"):
        project.update_label("Politics", kind=LabelKind.ENTITY)
    with pytest.raises(LabelInUseError, match="1 document"):
        project.delete_label("Politics")
    label = project.label("Politics")
    order = [each.name for each in project.labels()]
    project.delete_label("Politics", with_spans=True)
    assert project.document_labels(1) == []
    project.restore_label(label, order, [], [])  # type: ignore[arg-type]
    assert project.document_labels(1) == ["Politics"]
    assert project.document_label_choices()[0].group == "Topic"


def test_imports_create_document_labels_and_refuse_a_clash(project: Project) -> None:
    result = project.import_records([DocumentRecord(
        text="Sport today.", document_labels=["Sports", "Politics"], spans=[SpanRecord(0, 5, "ORG")])])
    assert result.new_labels == ["Sports"]
    [new_id] = result.added
    assert project.document_labels(new_id) == ["Politics", "Sports"]
    assert project.label("Sports").kind == LabelKind.DOCUMENT  # type: ignore[union-attr]
    with pytest.raises(SpanError, match="not a document label"):
        project.import_records([DocumentRecord(text="Other text.", document_labels=["PERSON"])])
    with pytest.raises(SpanError, match="document label"):
        project.import_records([DocumentRecord(text="Third text.", spans=[SpanRecord(0, 5, "Politics")])])
    assert project.document_count() == 3
