"""Project search: the index in step with the documents, matches, span search and filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.model import DocumentRecord, DocumentStatus, RelationRecord, SpanRecord
from annotator.core.search_query import DocumentFilter, SpanQuery, parse_query
from annotator.store import Project

RUTTE = 'Nato chief Mark Rutte spoke in Berlin. "We will work with them," Rutte said.'
CLAIM = "Olaf Scholz claimed that inflation has halved since January."
OTHER = "Café owners in Zürich say 🙂 prices rose; 北京工作 continues."


def records() -> list[DocumentRecord]:
    quote_start = RUTTE.index('"We')
    quote_end = RUTTE.index('them,"') + len('them,"')
    return [
        DocumentRecord(
            title="Rutte in Berlin", text=RUTTE, source="Reuters World", published="2024-03-05",
            spans=[SpanRecord(11, 21, "PERSON"), SpanRecord(quote_start, quote_end, "QUOTE",
                                                           attributes={"direct": True}, note="check"),
                   SpanRecord(RUTTE.rindex("Rutte"), RUTTE.rindex("Rutte") + 5, "PERSON")],
            relations=[RelationRecord(1, 0, "SPEAKER")],
        ),
        DocumentRecord(title="Scholz", text=CLAIM, source="AP", published="2023-12-31",
                       spans=[SpanRecord(0, 11, "PERSON"), SpanRecord(25, 59, "CLAIM")]),
        DocumentRecord(title="", text=OTHER, published="2024-07-01T10:00:00Z"),
    ]


@pytest.fixture
def project(tmp_path: Path):
    with Project(tmp_path / "search.sqlite", annotator="ana") as project:
        project.import_records(records())
        project.index_pending()  # as every import does at its end
        yield project


def fts_ids(project: Project, expression: str) -> list[int]:
    rows = project.conn.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rowid",
                                (expression,))
    return [row[0] for row in rows]


def test_import_indexes_title_and_text(project: Project) -> None:
    assert fts_ids(project, "rutte") == [1]
    assert fts_ids(project, "berlin") == [1]  # a title word (detail=none: no column queries)
    assert fts_ids(project, "zurich") == [3]  # diacritics folded by the index
    project.import_records([DocumentRecord(title="Headline", text="A later article about Rutte.")])
    project.index_pending()
    assert fts_ids(project, "rutte") == [1, 4]
    assert fts_ids(project, "headline") == [4]  # titles are indexed too


def test_title_and_text_edits_and_deletes_keep_the_index_in_step(project: Project) -> None:
    # No store call edits a title or text or deletes a document today; the triggers cover anyone
    # who does (another program, a later feature), which is what this checks.
    with project.transaction():
        project.conn.execute(
            "UPDATE documents SET title = 'Renamed', text = 'Fresh words only.' WHERE id = 2")
    assert fts_ids(project, "scholz") == []
    assert project.search_document_ids("fresh") == [2]  # waiting to be indexed again, found meanwhile
    project.index_pending()
    assert fts_ids(project, "fresh") == [2] and fts_ids(project, "renamed") == [2]
    with project.transaction():
        project.conn.execute("DELETE FROM documents WHERE id = 1")
    assert fts_ids(project, "rutte") == []
    assert project.conn.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")
    assert project.search("fresh").documents == 1


def test_search_returns_every_match_in_context_with_the_spans_on_it(project: Project) -> None:
    result = project.search("rutte")
    assert [(hit.document_id, hit.start, hit.end) for hit in result.hits] == [(1, 16, 21), (1, 65, 70)]
    first = result.hits[0]
    assert first.title == "Rutte in Berlin" and first.context.match == "Rutte"
    assert first.spans == (("PERSON", 11, 21),)
    assert result.hits[1].spans == (("PERSON", 65, 70),)
    assert project.search("rutte", limit=1).truncated


def test_search_phrases_regex_and_untitled_headline(project: Project) -> None:
    assert [hit.document_id for hit in project.search('"inflation has halved"').hits] == [2]
    assert project.search('"has inflation"').hits == []
    hit = project.search(parse_query(r"/\d+/")).hits
    assert hit == []
    found = project.search(parse_query("prices|continues", regex=True)).hits
    assert [OTHER[h.start:h.end] for h in found] == ["prices", "continues"]
    assert found[0].title.startswith("Café owners")
    assert [OTHER[h.start:h.end] for h in project.search("北京 🙂").hits] == ["🙂", "北京"]


def test_filter_box_matches_title_or_text_and_an_unfinished_last_word(project: Project) -> None:
    assert project.search_document_ids("berl") == [1]
    assert project.search_document_ids("scholz inflat") == [2]
    assert project.search_document_ids("zuri") == [3]
    assert project.search_document_ids("🙂") == [3]
    assert project.search_document_ids("NEAR( title: \"") == []
    assert project.search_document_ids("") == [1, 2, 3]


def test_document_filters(project: Project) -> None:
    project.set_status(2, DocumentStatus.DONE)

    def ids(**kwargs: object) -> list[int]:
        return project.filtered_document_ids(DocumentFilter(**kwargs))  # type: ignore[arg-type]

    assert ids(statuses=("done",)) == [2]
    assert ids(statuses=("todo", "in_progress")) == [1, 3]
    assert ids(label_present=("quote",)) == [1]
    assert ids(label_absent=("CLAIM",)) == [1, 3]
    assert ids(source="reuters") == [1]
    assert ids(since="2024") == [1, 3]
    assert ids(until="2024-03") == [1, 2]
    assert ids(since="2024-03-06", until="2024") == [3]
    assert ids(annotator="ana") == [2]  # it marked 2 done
    assert ids(annotator="nobody") == []
    with pytest.raises(ValueError, match="unknown label"):
        ids(label_present=("NOPE",))
    assert [hit.document_id for hit in project.search("said", DocumentFilter(statuses=("done",))).hits] == []


def test_document_label_filters_read_document_labels(project: Project) -> None:
    with project.transaction():
        cursor = project.conn.execute(
            "INSERT INTO labels (name, kind, colour, position) VALUES ('Politics', 'document', '#000', 99)")
        project.conn.execute("INSERT INTO document_labels (document_id, label_id, annotator, created_at) "
                             "VALUES (3, ?, 'bo', 'x')", (cursor.lastrowid,))
    assert project.filtered_document_ids(DocumentFilter(label_present=("politics",))) == [3]
    assert project.filtered_document_ids(DocumentFilter(label_absent=("Politics",))) == [1, 2]
    assert project.filtered_document_ids(DocumentFilter(annotator="bo")) == [3]


def test_span_search_by_label_speaker_link_note_attribute_annotator(project: Project) -> None:
    def texts(query: SpanQuery, **filters: object) -> list[str]:
        found = project.search_spans(query, DocumentFilter(**filters) if filters else None)  # type: ignore[arg-type]
        return [hit.span.text for hit in found]

    quote = RUTTE[RUTTE.index('"We'):RUTTE.index('them,"') + 6]
    assert texts(SpanQuery(label="quote", linked_text="mark RUTTE")) == [quote]
    assert texts(SpanQuery(label="QUOTE", linked_text="Scholz")) == []
    assert texts(SpanQuery(label="CLAIM", linked=False)) == [CLAIM[25:59]]
    assert texts(SpanQuery(label="PERSON", linked=True)) == ["Mark Rutte"]
    assert texts(SpanQuery(has_note=True)) == [quote]
    assert texts(SpanQuery(attributes=(("direct", "TRUE"),))) == [quote]
    assert texts(SpanQuery(attributes=(("direct", "false"),))) == []
    assert texts(SpanQuery(label="PERSON"), source="AP") == ["Olaf Scholz"]
    hit = project.search_spans(SpanQuery(label="QUOTE"))[0]
    assert hit.linked == ("Mark Rutte",) and hit.title == "Rutte in Berlin"
    assert hit.context.match == quote
    project.add_span(3, 0, 4, "ORG", annotator="bo")
    assert texts(SpanQuery(annotator="bo")) == ["Café"]
    assert len(project.search_spans(SpanQuery(), limit=2)) == 2


def test_an_index_rebuilt_with_detail_none_finds_the_same(tmp_path: Path) -> None:
    # detail=none is a third of the index and half its writing cost (benchmark); a later migration
    # may choose it. Queries then go without phrases and columns; the verifier keeps them exact.
    queries = ["rutte", '"mark rutte"', '"rutte mark"', "said rutte", "/Rut+e/", "zurich", "北京 🙂",
               "berlin"]
    boxes = ["berl", "rutte in", "zuri", "mark rutte", "in berlin"]
    path = tmp_path / "none.sqlite"
    with Project(path) as project:
        project.import_records(records())
        before = [[(h.document_id, h.start, h.end) for h in project.search(q).hits] for q in queries]
        box_before = [project.search_document_ids(typed) for typed in boxes]
        with project.transaction():
            definition = project.conn.execute(
                "SELECT sql FROM sqlite_master WHERE name = 'documents_fts'").fetchone()[0]
            project.conn.execute("DROP TABLE documents_fts")
            project.conn.execute(
                definition.replace("remove_diacritics 2'", "remove_diacritics 2', detail = none"))
            project.conn.execute("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")
    with Project(path) as project:
        assert not project._fts_positions()
        assert [[(h.document_id, h.start, h.end) for h in project.search(q).hits] for q in queries] == before
        assert [project.search_document_ids(typed) for typed in boxes] == box_before
    assert before[1] and not before[2] and box_before[0] == [1]


def test_documents_waiting_for_the_index_are_found_and_indexed_once(tmp_path: Path) -> None:
    """An import leaves its documents pending; search reads them directly until `index_pending`
    indexes them in one pass; deleting or editing a pending document never touches the index."""
    with Project(tmp_path / "pending.sqlite") as project:
        ids = project.import_records(records()).added
        pending = project.conn.execute("SELECT count(*) FROM documents_fts_pending").fetchone()[0]
        assert pending == 3 and fts_ids(project, "rutte") == []  # not indexed yet...
        assert [hit.document_id for hit in project.search("rutte").hits] == [ids[0], ids[0]]  # ...yet found
        assert project.search_document_ids("scho") == [ids[1]]
        with project.transaction():  # a pending document edited and another deleted: no index write
            project.conn.execute("UPDATE documents SET text = 'Renamed words.' WHERE id = ?", (ids[1],))
            project.conn.execute("DELETE FROM documents WHERE id = ?", (ids[2],))
        assert project.index_pending() == 2
        assert project.index_pending() == 0
        assert fts_ids(project, "rutte") == [ids[0]] and fts_ids(project, "renamed") == [ids[1]]
        assert fts_ids(project, "zurich") == []
        project.conn.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")
        with project.transaction():  # an indexed document edited, then deleted: the index follows
            project.conn.execute("UPDATE documents SET title = 'Fresh' WHERE id = ?", (ids[0],))
        assert project.search_document_ids("fresh") == [ids[0]]
        project.index_pending()
        with project.transaction():
            project.conn.execute("DELETE FROM documents WHERE id = ?", (ids[0],))
        assert fts_ids(project, "rutte") == [] and project.search("rutte").hits == []
        project.conn.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")
