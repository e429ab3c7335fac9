"""Spans and relations of a project's documents: add, edit, delete, and restore for undo."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from annotator.core.model import Relation, Span
from annotator.core.occurrences import whole_token_occurrences
from annotator.store.connected import Connected
from annotator.store.errors import DuplicateSpanError, SpanError
from annotator.store.rows import SPAN_COLUMNS, dump_json, now, relation_from_row, span_from_row
from annotator.store.snapshot import Columns, read_span_columns

_INSERT_SPAN = (
    "INSERT INTO spans (id, document_id, start, \"end\", label_id, text, attributes, note, annotator, "
    "source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class AnnotationsMixin(Connected):
    """The span and relation half of `Project`; every public write is one transaction."""

    def spans(self, document_id: int) -> list[Span]:
        """A document's spans: by start, longest first, then in label order and by id."""
        rows = self.conn.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans JOIN labels ON labels.id = spans.label_id "
            "WHERE document_id = ? ORDER BY start, \"end\" DESC, labels.position, spans.id",
            (document_id,),
        )
        return list(map(span_from_row, rows))

    def span_columns(self, document_id: int) -> Columns:
        """(ids, starts, ends, label ids) of a document's spans, as four lists in no particular order.

        What a view needs to draw and find thousands of spans without a `Span` for each.
        """
        return read_span_columns(self.conn, document_id)

    def span(self, span_id: int) -> Span:
        row = self.conn.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans JOIN labels ON labels.id = spans.label_id "
            "WHERE spans.id = ?",
            (span_id,),
        ).fetchone()
        if row is None:
            raise KeyError(f"no span {span_id}")
        return span_from_row(row)

    def add_span(
        self,
        document_id: int,
        start: int,
        end: int,
        label: str,
        *,
        attributes: dict[str, Any] | None = None,
        note: str | None = None,
        annotator: str | None = None,
        source: str = "human",
    ) -> Span:
        """Tag [start, end) of a document; `annotator` defaults to the project's `annotator`."""
        with self.transaction():
            text = self._document_text(document_id)
            if not 0 <= start < end <= len(text):
                raise SpanError(
                    f"span [{start}, {end}) does not fit document {document_id} "
                    f"({len(text)} characters)"
                )
            label_id = self._span_label_id(label)
            stamp = now()
            try:
                cursor = self.conn.execute(
                    "INSERT INTO spans (document_id, start, \"end\", label_id, text, attributes, note, "
                    "annotator, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (document_id, start, end, label_id, text[start:end], dump_json(attributes or {}),
                     note, annotator or self.annotator, source, stamp, stamp),
                )
            except sqlite3.IntegrityError as error:
                raise DuplicateSpanError(
                    f"{label} already covers [{start}, {end}) in document {document_id}"
                ) from error
            self._touch(document_id)
        return self.span(int(cursor.lastrowid or 0))

    def update_span(
        self,
        span_id: int,
        *,
        label: str | None = None,
        attributes: dict[str, Any] | None = None,
        note: str | None = None,
        clear_note: bool = False,
    ) -> Span:
        """Change a span's label, attributes (replaced whole) or note; offsets never change."""
        with self.transaction():
            span = self.span(span_id)
            values: dict[str, Any] = {"updated_at": now()}
            if label is not None:
                values["label_id"] = self._span_label_id(label)
            if attributes is not None:
                values["attributes"] = dump_json(attributes)
            if note is not None or clear_note:
                values["note"] = None if clear_note else note
            assignments = ", ".join(f"{column} = ?" for column in values)
            try:
                self.conn.execute(
                    f"UPDATE spans SET {assignments} WHERE id = ?", (*values.values(), span_id)
                )
            except sqlite3.IntegrityError as error:
                raise DuplicateSpanError(
                    f"{label} already covers [{span.start}, {span.end}) in document "
                    f"{span.document_id}"
                ) from error
            self._touch(span.document_id)
        return self.span(span_id)

    def move_span(self, span_id: int, start: int, end: int) -> Span:
        """Move a span's edges to [start, end); it keeps its id, label, links, attributes and note.

        Refused (nothing written): an empty range, one outside the text, or one another span of the
        same label already covers exactly.
        """
        with self.transaction():
            span = self.span(span_id)
            text = self._document_text(span.document_id)
            if not 0 <= start < end <= len(text):
                raise SpanError(
                    f"span [{start}, {end}) does not fit document {span.document_id} "
                    f"({len(text)} characters)"
                )
            try:
                self.conn.execute(
                    "UPDATE spans SET start = ?, \"end\" = ?, text = ?, updated_at = ? WHERE id = ?",
                    (start, end, text[start:end], now(), span_id),
                )
            except sqlite3.IntegrityError as error:
                raise DuplicateSpanError(
                    f"{span.label} already covers [{start}, {end}) in document {span.document_id}"
                ) from error
            self._touch(span.document_id)
        return self.span(span_id)

    def delete_span(self, span_id: int) -> None:
        """Delete a span and, through the foreign keys, every relation that uses it."""
        with self.transaction():
            span = self.span(span_id)
            self.conn.execute("DELETE FROM spans WHERE id = ?", (span_id,))
            self._touch(span.document_id)

    def relations(self, document_id: int) -> list[Relation]:
        rows = self.conn.execute(
            "SELECT relations.id, head_span_id, child_span_id, type FROM relations "
            "JOIN spans ON spans.id = relations.head_span_id WHERE spans.document_id = ? "
            "ORDER BY relations.id",
            (document_id,),
        )
        return [relation_from_row(row) for row in rows]

    def add_relation(self, head_span_id: int, child_span_id: int, relation_type: str) -> Relation:
        with self.transaction():
            head, child = self.span(head_span_id), self.span(child_span_id)
            if head.document_id != child.document_id:
                raise SpanError("a relation links two spans of the same document")
            known = self.conn.execute("SELECT 1 FROM relation_types WHERE name = ?", (relation_type,))
            if known.fetchone() is None:
                raise ValueError(f"unknown relation type {relation_type!r}")
            try:
                cursor = self.conn.execute(
                    "INSERT INTO relations (head_span_id, child_span_id, type, created_at, annotator) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (head_span_id, child_span_id, relation_type, now(), self.annotator),
                )
            except sqlite3.IntegrityError as error:
                raise SpanError(f"cannot link span {head_span_id} to {child_span_id}: {error}") from error
            self._touch(head.document_id)
        return Relation(int(cursor.lastrowid or 0), head_span_id, child_span_id, relation_type)

    def delete_relation(self, relation_id: int) -> None:
        with self.transaction():
            self.conn.execute("DELETE FROM relations WHERE id = ?", (relation_id,))

    def links_from(self, head_span_id: int, relation_type: str) -> list[Relation]:
        """A span's outgoing links of one type (a quote's speaker links), oldest first."""
        rows = self.conn.execute(
            "SELECT id, head_span_id, child_span_id, type FROM relations "
            "WHERE head_span_id = ? AND type = ? ORDER BY id",
            (head_span_id, relation_type),
        )
        return [relation_from_row(row) for row in rows]

    def set_links(
        self, head_span_id: int, relation_type: str, child_span_ids: Sequence[int]
    ) -> tuple[list[Relation], list[Relation]]:
        """Make a span's links of one type go to exactly these spans; return (added, removed).

        One transaction: replacing a quote's speaker never leaves it with neither link nor both.
        """
        with self.transaction():
            outgoing = self.links_from(head_span_id, relation_type)
            removed = [relation for relation in outgoing if relation.child_span_id not in child_span_ids]
            for relation in removed:
                self.delete_relation(relation.id)
            kept = {relation.child_span_id for relation in outgoing}
            added = [
                self.add_relation(head_span_id, child_id, relation_type)
                for child_id in dict.fromkeys(child_span_ids) if child_id not in kept
            ]
        return added, removed


    def spans_at(self, document_id: int, offset: int) -> list[Span]:
        """Spans of a document that contain `offset` (start <= offset < end), innermost first."""
        rows = self.conn.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans JOIN labels ON labels.id = spans.label_id "
            "WHERE document_id = ? AND start <= ? AND \"end\" > ? ORDER BY \"end\" - start, spans.id",
            (document_id, offset, offset),
        )
        return [span_from_row(row) for row in rows]

    def span_count(self, document_id: int) -> int:
        return int(self.conn.execute(
            "SELECT count(*) FROM spans WHERE document_id = ?", (document_id,)).fetchone()[0])

    def untagged_occurrences(self, phrase: str, label: str) -> list[tuple[int, int, int]]:
        """(document id, start, end) of every whole-token occurrence of `phrase`, in every document,
        that `label` does not already cover exactly: what "tag all in the project" would add."""
        if not phrase.strip():
            return []
        label_id = self._label_id(label)
        found: list[tuple[int, int, int]] = []
        # instr() narrows to the documents that contain the phrase without loading every text.
        rows = self.conn.execute(
            "SELECT id, text FROM documents WHERE instr(text, ?) > 0 ORDER BY id", (phrase,))
        for document_id, text in rows.fetchall():
            tagged = set(self.conn.execute(
                "SELECT start, \"end\" FROM spans WHERE document_id = ? AND label_id = ?",
                (document_id, label_id)).fetchall())
            found += [(document_id, start, end) for start, end in whole_token_occurrences(text, phrase)
                      if (start, end) not in tagged]
        return found

    def span_relations(self, span_id: int) -> list[Relation]:
        """Every relation that has this span at either end."""
        rows = self.conn.execute(
            "SELECT id, head_span_id, child_span_id, type FROM relations "
            "WHERE head_span_id = ? OR child_span_id = ? ORDER BY id",
            (span_id, span_id),
        )
        return [relation_from_row(row) for row in rows]

    def add_spans(
        self, document_id: int, spans: Sequence[tuple[int, int, str]], annotator: str | None = None
    ) -> list[Span]:
        """Add several spans at once (tag all occurrences); exact duplicates already there are left out."""
        added = []
        with self.transaction():
            for start, end, label in spans:
                try:
                    added.append(self.add_span(document_id, start, end, label, annotator=annotator))
                except DuplicateSpanError:
                    continue
        return added

    def add_spans_across(
        self, targets: Mapping[int, Sequence[tuple[int, int, str]]], annotator: str | None = None
    ) -> dict[int, list[Span]]:
        """`add_spans` for many documents (tag all occurrences in the project) in one transaction."""
        with self.transaction():
            return {
                document_id: self.add_spans(document_id, spans, annotator)
                for document_id, spans in targets.items()
            }

    def delete_spans(self, span_ids: Sequence[int]) -> tuple[list[Span], list[Relation]]:
        """Delete spans with their relations; return both, as `restore` wants them for undo."""
        with self.transaction():
            spans = [self.span(span_id) for span_id in span_ids]
            relations = {relation.id: relation for span_id in span_ids
                         for relation in self.span_relations(span_id)}
            self.conn.executemany("DELETE FROM spans WHERE id = ?", [(span.id,) for span in spans])
            for document_id in {span.document_id for span in spans}:
                self._touch(document_id)
        return spans, sorted(relations.values(), key=lambda relation: relation.id)

    def restore(self, spans: Sequence[Span], relations: Sequence[Relation] = ()) -> None:
        """Put back deleted spans and relations with their original ids (undo of a delete)."""
        stamp = now()
        with self.transaction():
            for span in spans:
                text = self._document_text(span.document_id)
                if text[span.start:span.end] != span.text:
                    raise SpanError(f"span {span.id} no longer matches its document's text")
                try:
                    self.conn.execute(_INSERT_SPAN, (
                        span.id, span.document_id, span.start, span.end, self._span_label_id(span.label),
                        span.text, dump_json(span.attributes), span.note, span.annotator, span.source, stamp,
                        stamp))
                except sqlite3.IntegrityError as error:
                    raise DuplicateSpanError(f"span {span.id} is already there: {error}") from error
            for relation in relations:
                self.conn.execute(
                    "INSERT INTO relations (id, head_span_id, child_span_id, type, created_at, annotator) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (relation.id, relation.head_span_id, relation.child_span_id, relation.type, stamp,
                     self.annotator),
                )
            for document_id in {span.document_id for span in spans}:
                self._touch(document_id)
