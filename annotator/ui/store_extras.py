"""Read-only project queries the window needs that `Project` does not offer yet.

Everything here is marked "MOVE TO STORE": it reads `project.conn` directly, which the ui layer
should not do once `Project` grows these methods.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.model import DocumentStatus
from annotator.store import Project


@dataclass(frozen=True)
class DocumentSummary:
    """What the document list shows for one document, without loading its text."""

    id: int
    title: str
    status: DocumentStatus
    span_count: int


# MOVE TO STORE: Project.document_summaries() -> list[DocumentSummary]
def document_summaries(project: Project) -> list[DocumentSummary]:
    """Every document in id order with its title (or first line) and span count, in one query."""
    rows = project.conn.execute(
        "SELECT documents.id, documents.title, documents.status, "
        "(SELECT count(*) FROM spans WHERE spans.document_id = documents.id), "
        "CASE WHEN documents.title = '' THEN substr(documents.text, 1, 120) ELSE '' END "
        "FROM documents ORDER BY documents.id"
    )
    return [
        DocumentSummary(id_, title or _first_line(opening), DocumentStatus(status), count)
        for id_, title, status, count, opening in rows
    ]


def _first_line(text: str) -> str:
    stripped = text.strip()
    return stripped.splitlines()[0][:80] if stripped else "(empty)"
