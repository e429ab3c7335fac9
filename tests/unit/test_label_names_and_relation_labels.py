"""Label names unique whatever their case, links counted per label, and the labels a relation
type's child may carry (migration 3)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core.model import DocumentRecord, LabelKind
from annotator.store import Project
from annotator.store.database import _statements
from annotator.store.schema import APPLICATION_ID, MIGRATIONS


def test_label_names_are_unique_whatever_their_case(project: Project) -> None:
    with pytest.raises(ValueError, match="already exists"):
        project.add_label("person")
    project.add_label("Law")
    with pytest.raises(ValueError, match="already exists"):
        project.update_label("ORG", new_name="LAW")
    project.update_label("Law", new_name="LAW")  # its own name in another case is fine
    assert project.label_named("law") == project.label("LAW")
    with pytest.raises(sqlite3.IntegrityError):  # the file itself refuses it too
        project.conn.execute("INSERT INTO labels (name, kind, colour, position) "
                             "VALUES ('Org', 'entity', '#ffffff', 99)")


def test_new_projects_allow_people_and_organisations_as_speakers(project: Project) -> None:
    allowed = {kind.name: kind.child_labels for kind in project.relation_types()}
    assert allowed == {"SPEAKER": ("PERSON", "ORG"), "CLAIMANT": ("PERSON", "ORG")}
    project.set_relation_type_labels("SPEAKER", ["PERSON"])
    assert {kind.name: kind.child_labels for kind in project.relation_types()}["SPEAKER"] == ("PERSON",)


def test_a_removed_label_leaves_the_speakers_and_comes_back_with_its_undo(project: Project) -> None:
    org = project.label("ORG")
    assert org is not None
    order = [label.name for label in project.labels()]
    project.delete_label("ORG")
    assert {kind.name: kind.child_labels for kind in project.relation_types()}["SPEAKER"] == ("PERSON",)
    project.restore_label(org, order, [], [])
    assert {kind.name: kind.child_labels for kind in project.relation_types()}["SPEAKER"] == ("PERSON", "ORG")


def test_label_link_count(project: Project) -> None:
    document = project.import_records([DocumentRecord(text='Rutte said "yes".')]).added[0]
    person = project.add_span(document, 0, 5, "PERSON")
    quote = project.add_span(document, 11, 16, "QUOTE")
    project.add_relation(quote.id, person.id, "SPEAKER")
    assert project.label_link_count("PERSON") == 1 and project.label_link_count("ORG") == 0


def test_a_version_2_file_gets_speaker_labels_and_case_twins_renamed(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)  # a file as version 2 of Annotator wrote it
    for migration in MIGRATIONS[:2]:
        for statement in _statements(migration):
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 2")
    conn.executemany("INSERT INTO labels (id, name, kind, colour, key, position) VALUES (?, ?, ?, ?, ?, ?)",
                     [(1, "PERSON", "entity", "#ffffff", "1", 0), (2, "Person", "entity", "#ffffff", None, 1),
                      (3, "QUOTE", "quote", "#ffffff", "2", 2)])
    conn.execute("INSERT INTO relation_types VALUES ('SPEAKER', 'quote', 'entity')")
    conn.execute("INSERT INTO project_info VALUES ('created_at', 'then')")
    conn.commit()
    conn.close()
    with Project(path) as project:
        assert [label.name for label in project.labels()] == ["PERSON", "Person #2", "QUOTE"]
        assert [(kind.name, kind.child_labels) for kind in project.relation_types()] == [
            ("SPEAKER", ("PERSON",))]
        assert project.label_named("person") is not None
        assert project.add_label("LAW", LabelKind.ENTITY).name == "LAW"


def test_an_import_naming_a_label_in_another_case_uses_the_projects_label(project: Project) -> None:
    from annotator.core.model import SpanRecord

    result = project.import_records([DocumentRecord(text="Ana met Bo.", spans=[
        SpanRecord(0, 3, "person"), SpanRecord(8, 10, "Person"), SpanRecord(4, 7, "verb"),
        SpanRecord(8, 10, "VERB")])])
    assert result.new_labels == ["verb"]
    assert [span.label for span in project.spans(result.added[0])] == ["PERSON", "verb", "PERSON", "verb"]
