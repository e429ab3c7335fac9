"""The project file: creation, refusal of foreign or newer files, spans, relations, transactions."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from annotator.core.model import DocumentRecord, DocumentStatus, LabelKind, SpanRecord
from annotator.store import DuplicateSpanError, Project, ProjectError, SpanError
from annotator.store.schema import SCHEMA_VERSION


def add_document(project: Project, text: str = "Mark Rutte spoke in Berlin on Monday.") -> int:
    return project.import_records([DocumentRecord(text=text, title="t")]).added[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_project_has_the_news_preset(project: Project) -> None:
    labels = project.labels()
    assert [(label.name, label.kind, label.key) for label in labels] == [
        ("PERSON", LabelKind.ENTITY, "1"), ("ORG", LabelKind.ENTITY, "2"),
        ("GPE", LabelKind.ENTITY, "3"), ("EVENT", LabelKind.ENTITY, "4"),
        ("DATE", LabelKind.ENTITY, "5"), ("QUOTE", LabelKind.QUOTE, "6"),
        ("CLAIM", LabelKind.CLAIM, "7"),
    ]
    assert {(kind.name, kind.head_kind, kind.child_kind) for kind in project.relation_types()} == {
        ("SPEAKER", LabelKind.QUOTE, LabelKind.ENTITY),
        ("CLAIMANT", LabelKind.CLAIM, LabelKind.ENTITY),
    }


def test_project_file_is_plain_sqlite_in_wal_with_foreign_keys(project: Project) -> None:
    assert project.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert project.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert project.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    other = sqlite_utils.Database(project.path)
    assert {"documents", "labels", "spans", "relations", "relation_types"} <= set(other.table_names())
    assert other["labels"].count == 7


def test_reopening_keeps_everything_and_does_not_add_presets_twice(project_path: Path) -> None:
    with Project(project_path) as project:
        document_id = add_document(project)
        project.add_span(document_id, 0, 10, "PERSON")
    with Project(project_path) as project:
        assert len(project.labels()) == 7
        assert [span.text for span in project.spans(document_id)] == ["Mark Rutte"]


def test_a_newer_project_file_is_refused_and_left_untouched(project_path: Path) -> None:
    Project(project_path).close()
    with sqlite3.connect(project_path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = digest(project_path)
    with pytest.raises(ProjectError, match="newer Annotator"):
        Project(project_path)
    assert digest(project_path) == before


def test_another_programs_sqlite_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(ProjectError, match="not an Annotator project"):
        Project(path)
    assert digest(path) == before
    assert not (tmp_path / "other.db-wal").exists()


def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("my precious notes\n")
    with pytest.raises(ProjectError, match="not a SQLite file"):
        Project(path)
    assert path.read_text() == "my precious notes\n"


def test_a_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="does not exist"):
        Project(tmp_path / "nowhere" / "p.sqlite")


def test_spans_store_their_text_and_refuse_bad_offsets_and_duplicates(project: Project) -> None:
    document_id = add_document(project)
    span = project.add_span(document_id, 20, 26, "GPE", annotator="ana")
    assert (span.text, span.label, span.annotator) == ("Berlin", "GPE", "ana")
    with pytest.raises(DuplicateSpanError):
        project.add_span(document_id, 20, 26, "GPE")
    for start, end in [(5, 5), (6, 2), (-1, 3), (30, 99)]:
        with pytest.raises(SpanError):
            project.add_span(document_id, start, end, "GPE")
    with pytest.raises(ValueError, match="unknown label"):
        project.add_span(document_id, 0, 4, "NOPE")
    # The same offsets under another label is a different span (nesting and overlap are allowed).
    project.add_span(document_id, 20, 26, "ORG")
    project.add_span(document_id, 0, 37, "CLAIM")
    assert [(s.start, s.end, s.label) for s in project.spans(document_id)] == [
        (0, 37, "CLAIM"), (20, 26, "ORG"), (20, 26, "GPE")]  # nesting order, then label order


def test_update_span_relabels_sets_attributes_and_note(project: Project) -> None:
    document_id = add_document(project)
    span = project.add_span(document_id, 0, 10, "ORG")
    updated = project.update_span(span.id, label="PERSON", attributes={"checked": True}, note="<b>x</b>")
    assert (updated.label, updated.attributes, updated.note) == ("PERSON", {"checked": True}, "<b>x</b>")
    assert project.update_span(span.id, clear_note=True).note is None


def test_deleting_a_span_removes_its_relations(project: Project) -> None:
    document_id = add_document(project, "Rutte said: “Nato stays united.”")
    speaker = project.add_span(document_id, 0, 5, "PERSON")
    quote = project.add_span(document_id, 12, 32, "QUOTE")
    relation = project.add_relation(quote.id, speaker.id, "SPEAKER")
    assert project.relations(document_id) == [relation]
    project.delete_span(speaker.id)
    assert project.relations(document_id) == []
    assert project.conn.execute("SELECT count(*) FROM relations").fetchone()[0] == 0


def test_relations_must_stay_inside_one_document_and_use_known_types(project: Project) -> None:
    first, second = add_document(project, "Rutte spoke."), add_document(project, "Scholz spoke.")
    a = project.add_span(first, 0, 5, "PERSON")
    b = project.add_span(second, 0, 6, "PERSON")
    with pytest.raises(SpanError):
        project.add_relation(a.id, b.id, "SPEAKER")
    c = project.add_span(first, 0, 12, "QUOTE")
    with pytest.raises(ValueError, match="unknown relation type"):
        project.add_relation(c.id, a.id, "MADE_UP")


def test_import_is_all_or_nothing(project: Project) -> None:
    good = DocumentRecord(text="Mark Rutte", spans=[SpanRecord(0, 4, "PERSON")])
    bad = DocumentRecord(text="Olaf Scholz", spans=[SpanRecord(0, 40, "PERSON")], line=2)
    with pytest.raises(SpanError, match="line 2"):
        project.import_records([good, bad])
    assert project.document_count() == 0
    assert project.conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 0


def test_import_adds_unknown_labels_and_skips_known_articles(project: Project) -> None:
    record = DocumentRecord(text="EU rejects German call.", spans=[SpanRecord(0, 2, "MISC")])
    result = project.import_records([record])
    assert result.new_labels == ["MISC"] and result.spans == 1
    assert project.label("MISC") is not None and project.label("MISC").key == "8"
    again = project.import_records([DocumentRecord(text="EU rejects German call.")])
    assert (again.added, again.skipped) == ([], 1)
    assert project.document_count() == 1


def test_span_given_text_must_match_the_offsets(project: Project) -> None:
    record = DocumentRecord(text="Mark Rutte", spans=[SpanRecord(0, 4, "PERSON", text="Mike")])
    with pytest.raises(SpanError, match="says 'Mike' but the text there is 'Mark'"):
        project.import_records([record])


def test_status_counts_label_counts_and_filtered_reading(project: Project) -> None:
    first, second = add_document(project, "one"), add_document(project, "two")
    project.set_status(second, DocumentStatus.DONE)
    project.add_span(first, 0, 3, "DATE")
    assert project.status_counts()[DocumentStatus.DONE] == 1
    # The first edit moves a document from "to do" to "in progress"; "done" stays done.
    assert project.status_counts()[DocumentStatus.IN_PROGRESS] == 1
    assert project.status_counts()[DocumentStatus.TODO] == 0
    project.add_span(second, 0, 3, "DATE")
    assert project.document(second).status is DocumentStatus.DONE
    assert project.label_counts()["DATE"] == 2 and project.label_counts()["PERSON"] == 0
    done = list(project.annotated_documents([DocumentStatus.DONE]))
    assert [document.id for document, _, _ in done] == [second]
    everything = list(project.annotated_documents())
    assert [len(spans) for _, spans, _ in everything] == [1, 1]


def test_add_label_picks_next_key_and_refuses_duplicates(project: Project) -> None:
    label = project.add_label("LAW", LabelKind.ENTITY)
    assert (label.key, label.position) == ("8", 7)
    with pytest.raises(ValueError, match="already exists"):
        project.add_label("LAW")


def test_a_version_1_file_is_migrated_with_its_data_and_ids_are_never_reused(tmp_path: Path) -> None:
    from annotator.store.database import _statements
    from annotator.store.schema import APPLICATION_ID, MIGRATIONS

    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)  # a file as version 1 of Annotator wrote it
    for statement in _statements(MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO labels VALUES (1, 'PERSON', 'entity', '#ffffff', '1', 0)")
    conn.execute("INSERT INTO relation_types VALUES ('SPEAKER', 'quote', 'entity')")
    conn.execute("INSERT INTO documents (id, text, content_hash, created_at, updated_at) "
                 "VALUES (1, 'Rutte said so.', 'h', 'now', 'now')")
    conn.execute("INSERT INTO spans (id, document_id, start, \"end\", label_id, text, created_at, "
                 "updated_at) VALUES (7, 1, 0, 5, 1, 'Rutte', 'now', 'now')")
    conn.commit()
    conn.close()
    with Project(path) as project:
        assert project.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert project.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert [(span.id, span.text, span.label) for span in project.spans(1)] == [(7, "Rutte", "PERSON")]
        project.delete_span(7)
        assert project.add_span(1, 0, 5, "PERSON").id == 8  # 7 stays free for an undo to restore
