"""Salvage keeps what schema 4 added (document labels, history, layers, suggestions) and still reads
files older than those tables."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.core.model import DocumentRecord
from annotator.store import Project
from annotator.store.database import _statements
from annotator.store.salvage import salvage
from annotator.store.schema import APPLICATION_ID, MIGRATIONS

TEXT = '"We will win," Mark Rutte said in Berlin.'


def rows(path: Path, query: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def test_salvage_copies_every_table_of_schema_4(tmp_path: Path) -> None:
    path = tmp_path / "full.sqlite"
    with Project(path, annotator="alice") as project:
        document = project.import_records([DocumentRecord(text=TEXT, title="t")]).added[0]
        project.add_span(document, 1, 12, "QUOTE")
        project.set_status(document, "done")
        with project.transaction():  # rows the feature APIs will write, put in plainly here
            conn = project.conn
            conn.execute(
                "INSERT INTO labels (name, kind, colour, position, choice_group) "
                "VALUES ('Politics', 'document', '#eeeeee', 99, 'Topic')"
            )
            conn.execute("INSERT INTO choice_groups (name, multiple) VALUES ('Topic', 0)")
            conn.execute(
                "INSERT INTO document_labels (document_id, label_id, annotator, created_at) "
                "SELECT ?, id, 'alice', 'now' FROM labels WHERE name = 'Politics'",
                (document,),
            )
            conn.execute(
                'INSERT INTO suggestions (id, document_id, start, "end", label_id, text, source, '
                "created_at) SELECT 5, ?, 15, 25, id, 'Mark Rutte', 'quotes', 'now' FROM labels "
                "WHERE name = 'PERSON'",
                (document,),
            )
            conn.execute(
                'INSERT INTO suggestions (id, document_id, start, "end", label_id, text, source, '
                "speaker_id, relation_type, created_at) SELECT 3, ?, 1, 12, id, 'We will win', "
                "'quotes', 5, 'SPEAKER', 'now' FROM labels WHERE name = 'QUOTE'",
                (document,),
            )
            conn.execute(
                'INSERT INTO layer_spans (id, layer, document_id, start, "end", label_id, text, '
                "created_at) SELECT 1, 'bob', ?, 15, 25, id, 'Mark Rutte', 'now' FROM labels "
                "WHERE name = 'PERSON'",
                (document,),
            )
            conn.execute(
                'INSERT INTO layer_spans (id, layer, document_id, start, "end", label_id, text, '
                "created_at) SELECT 2, 'bob', ?, 1, 12, id, 'We will win', 'now' FROM labels "
                "WHERE name = 'QUOTE'",
                (document,),
            )
            conn.execute(
                "INSERT INTO layer_relations (head_span_id, child_span_id, type) VALUES (2, 1, 'SPEAKER')"
            )
            conn.execute(
                "INSERT INTO layer_documents (document_id, layer, status) VALUES (?, 'bob', 'done')",
                (document,),
            )
    report = salvage(path, tmp_path / "saved.sqlite")
    saved = tmp_path / "saved.sqlite"
    assert report.lost == 0
    for table in (
        "labels",
        "choice_groups",
        "document_labels",
        "status_changes",
        "layer_spans",
        "layer_relations",
        "layer_documents",
        "relation_type_labels",
    ):
        assert rows(saved, f"SELECT * FROM {table} ORDER BY 1") == rows(
            path, f"SELECT * FROM {table} ORDER BY 1"
        ), table
    assert rows(saved, "SELECT id, speaker_id FROM suggestions ORDER BY id") == [(3, 5), (5, None)]
    assert rows(saved, "SELECT source, annotator FROM spans") == [("human", "alice")]
    assert rows(saved, "SELECT status, status_by FROM documents") == [("done", "alice")]
    # The search index is built for the salvaged documents.
    assert rows(saved, "SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'rutte'") == [(document,)]
    assert "1 layer_spans" not in report.summary() and "2 layer_spans" in report.summary()


def test_salvage_reads_a_file_older_than_the_new_tables(tmp_path: Path) -> None:
    path = tmp_path / "v3.sqlite"
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[:3]:
        for statement in _statements(migration):
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO labels VALUES (1, 'PERSON', 'entity', '#ffffff', '1', 0)")
    conn.execute(
        "INSERT INTO documents (id, text, content_hash, created_at, updated_at) "
        "VALUES (1, 'Rutte said so.', 'h', 'now', 'now')"
    )
    conn.execute(
        'INSERT INTO spans (id, document_id, start, "end", label_id, text, created_at, '
        "updated_at) VALUES (7, 1, 0, 5, 1, 'Rutte', 'now', 'now')"
    )
    conn.commit()
    conn.close()
    report = salvage(path, tmp_path / "saved.sqlite")
    assert report.lost == 0
    assert rows(tmp_path / "saved.sqlite", "SELECT id, text, source FROM spans") == [(7, "Rutte", "human")]
    assert "suggestions" not in report.tables  # the old file had no such table: nothing to read
