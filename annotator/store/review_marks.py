"""Disagreements a reviewer rejected (settled with nothing in gold), kept in `project_info` per document.

A rejection leaves no span to find it by, so it is remembered apart: one `project_info` row per
document (`review.rejected.<id>`, a JSON list of [lane, start, end]), no schema change. Functions
over an open `Project` rather than a mixin: the class's bases are shared by every feature.
"""

from __future__ import annotations

import json

from annotator.store.connected import Connected

Ident = tuple[str, int, int]  # a disagreement's lane and extent (`core.adjudication.Disagreement.ident`)


def _key(document_id: int) -> str:
    return f"review.rejected.{document_id}"


def rejected_disagreements(project: Connected, document_id: int) -> set[Ident]:
    """The disagreements of a document the reviewer rejected (none: an empty set)."""
    row = project.conn.execute(
        "SELECT value FROM project_info WHERE key = ?", (_key(document_id),)).fetchone()
    if row is None:
        return set()
    try:
        return {(str(lane), int(start), int(end)) for lane, start, end in json.loads(row[0])}
    except (ValueError, TypeError):  # a hand-edited row: as if nothing were rejected, never a crash
        return set()


def set_rejected_disagreements(project: Connected, document_id: int, idents: set[Ident]) -> None:
    """Make these the document's rejected disagreements (one transaction; none: the row goes)."""
    with project.transaction():
        if idents:
            project.conn.execute(
                "INSERT OR REPLACE INTO project_info (key, value) VALUES (?, ?)",
                (_key(document_id), json.dumps(sorted(idents))))
        else:
            project.conn.execute("DELETE FROM project_info WHERE key = ?", (_key(document_id),))
