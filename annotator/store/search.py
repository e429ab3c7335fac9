"""Finding words, phrases, patterns and spans across every document of a project (issue 14)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from annotator.core.kwic import KwicLine, kwic
from annotator.core.model import DocumentStatus, LabelKind, Span
from annotator.core.search_query import (
    DocumentFilter,
    Query,
    SpanQuery,
    attribute_text,
    parse_query,
)
from annotator.store.connected import Connected
from annotator.store.rows import SPAN_COLUMNS, span_from_row

BATCH = 200  # documents read per statement while verifying candidates
# The index's rowid order is the documents' id order: no sort, whatever the number of candidates.
_FTS_IDS = (
    "SELECT documents_fts.rowid FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
    "WHERE documents_fts MATCH ? AND {where} ORDER BY documents_fts.rowid"
)


@dataclass(frozen=True)
class SearchHit:
    """One match: where it is, the words around it, and the spans it touches (label, start, end)."""

    document_id: int
    title: str
    start: int
    end: int
    context: KwicLine
    spans: tuple[tuple[str, int, int], ...] = ()


@dataclass
class SearchResult:
    hits: list[SearchHit] = field(default_factory=list)
    documents: int = 0  # documents with at least one match among those read
    truncated: bool = False  # stopped at the limit: more matches exist


@dataclass(frozen=True)
class SpanHit:
    span: Span
    title: str
    context: KwicLine
    linked: tuple[str, ...] = ()  # texts of the spans it links to (its speaker, its claimant)


class SearchMixin(Connected):
    """The search half of `Project`: it reads (the index is kept in step by triggers), and indexes
    what imports left pending."""

    def index_pending(self) -> int:
        """Index the documents added since the last call (imports leave them pending: one indexing
        pass for a whole folder instead of one per file); return how many. Search is right without
        it (pending documents are read directly), only slower."""
        waiting = self.conn.execute("SELECT 1 FROM documents_fts_pending LIMIT 1").fetchone()
        if self.read_only or waiting is None:
            return 0
        with self.transaction():
            cursor = self.conn.execute(
                "INSERT INTO documents_fts (rowid, title, text) SELECT d.id, d.title, d.text "
                "FROM documents_fts_pending p JOIN documents d ON d.id = p.document_id ORDER BY d.id")
            self.conn.execute("DELETE FROM documents_fts_pending")
        return cursor.rowcount

    def search(
        self, query: Query | str, filters: DocumentFilter | None = None, limit: int | None = 500
    ) -> SearchResult:
        """Every match of `query` in the texts of the documents `filters` lets through, in document
        order, at most `limit` (None: all). The index narrows; each candidate is then verified."""
        if isinstance(query, str):
            query = parse_query(query)
        result = SearchResult()
        if query.empty:
            return result
        match = query.fts_match(positions=self._fts_positions())
        for document_id, title, text in self._candidates(match, filters):
            positions = query.matches(text)
            if not positions:
                continue
            result.documents += 1
            if limit is not None and len(result.hits) + len(positions) > limit:
                positions = positions[: limit - len(result.hits)]
                result.truncated = True
            spans = self._span_ranges(document_id)
            headline = _headline(title, text)
            for start, end in positions:
                touching = tuple(span for span in spans if span[1] < end and span[2] > start)
                line = kwic(text, start, end)
                result.hits.append(SearchHit(document_id, headline, start, end, line, touching))
            if result.truncated:
                break
        return result

    def search_document_ids(self, text: str, filters: DocumentFilter | None = None) -> list[int]:
        """Documents whose title or text holds every word typed (the last may be unfinished): what
        the filter box over the document list shows."""
        query = parse_query(text)
        if query.empty:
            return self._filtered_ids(filters)
        positions = self._fts_positions()
        match = query.fts_match("{title text}", prefix_last=True, positions=positions)
        if match is not None and query.fully_indexed(positions):
            where, params = self._filter_sql(filters)
            rows = self.conn.execute(
                _FTS_IDS.format(where=where),
                [match, *params],
            )
            found = [row[0] for row in rows]
            pending = self._pending_ids(where, params)
            if not pending:
                return found
            return sorted(set(found).union(document_id for document_id, title, body in self._read(pending)
                                           if query.matches(f"{title}\n{body}")))
        # Words the index cannot hold as such (emoji, CJK runs): read the candidates.
        return [document_id for document_id, title, body in self._candidates(match, filters)
                if query.matches(f"{title}\n{body}")]

    def filtered_document_ids(self, filters: DocumentFilter | None = None) -> list[int]:
        """The ids of every document `filters` lets through, in id order."""
        return self._filtered_ids(filters)

    def search_spans(
        self, query: SpanQuery, filters: DocumentFilter | None = None, limit: int | None = 500,
        text: Query | None = None,
    ) -> list[SpanHit]:
        """Spans by label, linked text (a quote's speaker), link, note, attributes and annotator;
        with `text`, only spans whose own text matches it."""
        where, params = self._filter_sql(filters)
        clauses: list[str] = ["1"]
        span_params: list[Any] = []
        if query.label is not None:
            clauses.append("spans.label_id = ?")
            span_params.append(self._label_row(query.label)[0])
        if query.has_note is not None:
            clauses.append(("" if query.has_note else "NOT ") + "coalesce(spans.note, '') != ''")
        if query.annotator is not None:
            clauses.append("spans.annotator = ?")
            span_params.append(query.annotator)
        if query.linked is not None:
            clauses.append(("" if query.linked else "NOT ") + "EXISTS (SELECT 1 FROM relations WHERE "
                           "relations.head_span_id = spans.id OR relations.child_span_id = spans.id)")
        if query.linked_text is not None:
            clauses.append("EXISTS (SELECT 1 FROM relations WHERE relations.head_span_id = spans.id)")
        rows = self.conn.execute(
            f"SELECT {SPAN_COLUMNS}, (SELECT group_concat(child.text, char(31)) FROM relations "
            "JOIN spans AS child ON child.id = relations.child_span_id "
            "WHERE relations.head_span_id = spans.id) FROM spans JOIN labels ON labels.id = spans.label_id "
            f"JOIN documents d ON d.id = spans.document_id WHERE {' AND '.join(clauses)} AND {where} "
            "ORDER BY spans.document_id, spans.start, spans.id",
            [*span_params, *params],
        )
        wanted = _folded(query.linked_text) if query.linked_text is not None else None
        attributes = [(key, value.casefold()) for key, value in query.attributes]
        hits: list[SpanHit] = []
        documents: dict[int, tuple[str, str]] = {}
        for row in rows:
            linked = tuple(row[-1].split("\x1f")) if row[-1] else ()
            if wanted is not None and not any(wanted in _folded(text) for text in linked):
                continue
            if attributes:
                stored = json.loads(row[6])
                if not all(key in stored and attribute_text(stored[key]).casefold() == value
                           for key, value in attributes):
                    continue
            if text is not None and not text.empty and not text.matches(row[5]):
                continue
            span = span_from_row(row[:-1])
            if span.document_id not in documents:
                documents[span.document_id] = self._title_and_text(span.document_id)
            title, body = documents[span.document_id]
            hits.append(SpanHit(span, title, kwic(body, span.start, span.end), linked))
            if limit is not None and len(hits) >= limit:
                break
        return hits

    # --- helpers ------------------------------------------------------------------------------

    def _candidates(
        self, match: str | None, filters: DocumentFilter | None
    ) -> Iterator[tuple[int, str, str]]:
        """(id, title, text) of every document the index (or, without a MATCH, the filters alone)
        lets through, in id order; texts are read a batch at a time, only as far as the caller goes."""
        where, params = self._filter_sql(filters)
        if match is None:
            ids = self._filtered_ids(filters)
        else:
            ids = [row[0] for row in self.conn.execute(
                _FTS_IDS.format(where=where),
                [match, *params],
            )]
            pending = self._pending_ids(where, params)
            if pending:  # not indexed yet: every one is a candidate
                ids = sorted(set(ids) | set(pending))
        yield from self._read(ids)

    def _pending_ids(self, where: str, params: list[Any]) -> list[int]:
        """Documents `filters` let through that the index does not hold yet (see `index_pending`)."""
        rows = self.conn.execute(
            "SELECT d.id FROM documents_fts_pending p JOIN documents d ON d.id = p.document_id "
            f"WHERE {where}",
            params)
        return [row[0] for row in rows]

    def _read(self, ids: list[int]) -> Iterator[tuple[int, str, str]]:
        """(id, title, text) of these documents, in the given order, a batch at a time."""
        for first in range(0, len(ids), BATCH):
            batch = ids[first:first + BATCH]
            marks = ", ".join("?" for _ in batch)
            yield from self.conn.execute(
                f"SELECT id, title, text FROM documents WHERE id IN ({marks}) ORDER BY id", batch)

    def _filtered_ids(self, filters: DocumentFilter | None) -> list[int]:
        where, params = self._filter_sql(filters)
        rows = self.conn.execute(f"SELECT d.id FROM documents d WHERE {where} ORDER BY d.id", params)
        return [row[0] for row in rows]

    def _filter_sql(self, filters: DocumentFilter | None) -> tuple[str, list[Any]]:
        """A WHERE condition over `documents d` (never empty: "1" lets everything through)."""
        if filters is None:
            return "1", []
        clauses: list[str] = []
        params: list[Any] = []
        if filters.statuses:
            statuses = [DocumentStatus(status).value for status in filters.statuses]
            clauses.append(f"d.status IN ({', '.join('?' for _ in statuses)})")
            params += statuses
        for names, negate in ((filters.label_present, ""), (filters.label_absent, "NOT ")):
            for name in names:
                label_id, kind = self._label_row(name)
                table = "document_labels" if kind == LabelKind.DOCUMENT.value else "spans"
                clauses.append(f"{negate}EXISTS (SELECT 1 FROM {table} WHERE {table}.document_id = d.id "
                               f"AND {table}.label_id = ?)")
                params.append(label_id)
        if filters.annotator is not None:
            clauses.append(
                "(d.status_by = ? OR EXISTS (SELECT 1 FROM spans WHERE spans.document_id = d.id AND "
                "spans.annotator = ?) OR EXISTS (SELECT 1 FROM status_changes AS c WHERE "
                "c.document_id = d.id AND c.annotator = ?) OR EXISTS (SELECT 1 FROM document_labels AS l "
                "WHERE l.document_id = d.id AND l.annotator = ?))")
            params += [filters.annotator] * 4
        if filters.source is not None:
            clauses.append("instr(lower(coalesce(d.source, '')), lower(?)) > 0")
            params.append(filters.source)
        # Dates compare as text on their first characters: "2024" as until takes all of 2024.
        if filters.since is not None:
            clauses.append("substr(d.published, 1, ?) >= ?")
            params += [len(filters.since), filters.since]
        if filters.until is not None:
            clauses.append("substr(d.published, 1, ?) <= ?")
            params += [len(filters.until), filters.until]
        return (" AND ".join(clauses) or "1"), params

    def _fts_positions(self) -> bool:
        """Whether the index keeps token positions and columns (detail=full, as schema 4 makes it);
        an index rebuilt with detail=none (smaller, quicker to write) is queried without them."""
        known = self.__dict__.get("_fts_detail_full")
        if known is None:
            row = self.conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'documents_fts'").fetchone()
            definition = " ".join((row[0] if row else "").lower().split())
            known = self.__dict__["_fts_detail_full"] = "detail = none" not in definition.replace(
                "detail=none", "detail = none")
        return bool(known)

    def _label_row(self, name: str) -> tuple[int, str]:
        folded = name.casefold()
        for label_id, label_name, kind in self.conn.execute("SELECT id, name, kind FROM labels"):
            if label_name.casefold() == folded:
                return int(label_id), str(kind)
        raise ValueError(f"unknown label {name!r}")

    def _span_ranges(self, document_id: int) -> list[tuple[str, int, int]]:
        rows = self.conn.execute(
            "SELECT labels.name, start, \"end\" FROM spans JOIN labels ON labels.id = spans.label_id "
            "WHERE document_id = ? ORDER BY start, \"end\" DESC", (document_id,))
        return [(name, start, end) for name, start, end in rows]

    def _title_and_text(self, document_id: int) -> tuple[str, str]:
        title, text = self.conn.execute(
            "SELECT title, text FROM documents WHERE id = ?", (document_id,)).fetchone()
        return _headline(title, text), text


def _headline(title: str, text: str) -> str:
    """A one-line title: an untitled document is headed by its first line."""
    source = title if title.strip() else text[:200]
    line = next((line.strip() for line in source.splitlines() if line.strip()), "")
    return line[:120] or "(untitled)"


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())
