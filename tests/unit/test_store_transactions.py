"""Every multi-step action is one transaction: creation, project-wide tag-all, replacing a link."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import annotator.store.project as project_module
from annotator.core.model import DocumentRecord
from annotator.store import Project

PRESET_NAMES = ["PERSON", "ORG", "GPE", "EVENT", "DATE", "QUOTE", "CLAIM"]


def test_a_creation_cut_short_leaves_nothing_half_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.sqlite"

    def presets_then_crash(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO labels (name, kind, colour, key, position) "
                     "VALUES ('PERSON', 'entity', '#ffffff', '1', 0)")
        raise RuntimeError("killed between the schema and the presets")

    monkeypatch.setattr(project_module, "_add_presets", presets_then_crash)
    with pytest.raises(RuntimeError):
        Project(path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0
    conn.close()
    monkeypatch.undo()
    with Project(path) as project:
        assert [label.name for label in project.labels()] == PRESET_NAMES


def test_opening_a_project_that_never_got_its_presets_repairs_it(tmp_path: Path) -> None:
    """What a kill between schema and presets left behind in earlier versions (two transactions)."""
    path = tmp_path / "p.sqlite"
    with Project(path) as project:
        project.add_label("TOPIC")
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM labels WHERE name != 'TOPIC'")
    conn.execute("DELETE FROM relation_types")
    conn.execute("DELETE FROM project_info WHERE key = 'created_at'")
    conn.commit()
    conn.close()
    with Project(path) as project:
        assert [label.name for label in project.labels()] == ["TOPIC", *PRESET_NAMES]
        assert {relation_type.name for relation_type in project.relation_types()} == {"SPEAKER", "CLAIMANT"}
        keys = [label.key for label in project.labels() if label.key]
        assert len(keys) == len(set(keys))  # TOPIC kept its key; the preset that wanted it has none
    with Project(path) as project:  # repaired once, not on every open
        assert len(project.labels()) == 8


def test_tag_all_across_documents_is_all_or_nothing(project: Project) -> None:
    ids = project.import_records([DocumentRecord(text=f"Berlin and Paris, {n}.") for n in range(3)]).added
    with pytest.raises(KeyError):
        project.add_spans_across({ids[0]: [(0, 6, "GPE")], ids[1]: [(0, 6, "GPE")], 999: [(0, 6, "GPE")]})
    assert sum(project.span_count(document_id) for document_id in ids) == 0
    added = project.add_spans_across({document_id: [(0, 6, "GPE")] for document_id in ids})
    assert [len(spans) for spans in added.values()] == [1, 1, 1]


def test_replacing_a_speaker_link_never_leaves_both_or_neither(project: Project) -> None:
    document_id = project.import_records(
        [DocumentRecord(text='"We stay," said Rutte, and Scholz agreed.')]
    ).added[0]
    quote = project.add_span(document_id, 0, 10, "QUOTE")
    rutte = project.add_span(document_id, 16, 21, "PERSON")
    scholz = project.add_span(document_id, 27, 33, "PERSON")
    added, removed = project.set_links(quote.id, "SPEAKER", [rutte.id])
    assert [link.child_span_id for link in added] == [rutte.id] and removed == []
    with pytest.raises(KeyError):  # a speaker deleted meanwhile: the old link stays
        project.set_links(quote.id, "SPEAKER", [999])
    assert [link.child_span_id for link in project.links_from(quote.id, "SPEAKER")] == [rutte.id]
    added, removed = project.set_links(quote.id, "SPEAKER", [scholz.id])
    assert [link.child_span_id for link in added] == [scholz.id]
    assert [link.child_span_id for link in removed] == [rutte.id]
    assert [link.child_span_id for link in project.links_from(quote.id, "SPEAKER")] == [scholz.id]
