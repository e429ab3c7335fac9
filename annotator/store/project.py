"""`Project`: the one class that reads and writes a project file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from annotator.core.model import (
    Document,
    DocumentRecord,
    DocumentStatus,
    Label,
    LabelKind,
    Relation,
    RelationType,
    Span,
)
from annotator.core.presets import EXTRA_COLOURS, NEWS_LABELS, NEWS_RELATION_TYPES
from annotator.store.database import open_database
from annotator.store.errors import DuplicateSpanError, SpanError
from annotator.store.record_writer import write_records
from annotator.store.rows import (
    DOCUMENT_COLUMNS,
    SPAN_COLUMNS,
    document_from_row,
    dump_json,
    label_from_row,
    now,
    relation_from_row,
    span_from_row,
)


@dataclass
class ImportResult:
    """What one `import_records` call did: new document ids, and how many were already there."""

    added: list[int] = field(default_factory=list)
    skipped: int = 0
    spans: int = 0
    new_labels: list[str] = field(default_factory=list)


class Project:
    """A project file. Every public write is one transaction, committed before the call returns."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.db, created = open_database(self.path)
        self.conn = self.db.conn
        if created:
            self._add_presets()

    # --- lifetime ------------------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _add_presets(self) -> None:
        with self.db.atomic():
            for position, (name, kind, colour, key) in enumerate(NEWS_LABELS):
                self._insert_label(name, kind, colour, key, position)
            self.conn.executemany(
                "INSERT INTO relation_types (name, head_kind, child_kind) VALUES (?, ?, ?)",
                [(name, head.value, child.value) for name, head, child in NEWS_RELATION_TYPES],
            )
            self.conn.execute(
                "INSERT INTO project_info (key, value) VALUES ('created_at', ?)", (now(),)
            )

    # --- labels --------------------------------------------------------------------------------

    def labels(self) -> list[Label]:
        rows = self.conn.execute(
            "SELECT id, name, kind, colour, key, position FROM labels ORDER BY position, id"
        )
        return [label_from_row(row) for row in rows]

    def label(self, name: str) -> Label | None:
        row = self.conn.execute(
            "SELECT id, name, kind, colour, key, position FROM labels WHERE name = ?", (name,)
        ).fetchone()
        return label_from_row(row) if row else None

    def add_label(
        self,
        name: str,
        kind: LabelKind = LabelKind.ENTITY,
        colour: str | None = None,
        key: str | None = None,
    ) -> Label:
        name = name.strip()
        if not name:
            raise ValueError("a label needs a name")
        with self.db.atomic():
            if self.label(name):
                raise ValueError(f"label {name!r} already exists")
            self._add_label_in_transaction(name, kind, colour, key)
        label = self.label(name)
        assert label is not None
        return label

    def _add_label_in_transaction(
        self, name: str, kind: LabelKind, colour: str | None, key: str | None
    ) -> None:
        """Add a label with the next free colour, key and position (caller holds a transaction)."""
        existing = self.labels()
        if colour is None:
            colour = EXTRA_COLOURS[len(existing) % len(EXTRA_COLOURS)]
        if key is None:
            used = {label.key for label in existing}
            key = next((digit for digit in "123456789" if digit not in used), None)
        position = max((label.position for label in existing), default=-1) + 1
        self._insert_label(name, kind, colour, key, position)

    def _insert_label(
        self, name: str, kind: LabelKind, colour: str, key: str | None, position: int
    ) -> None:
        self.conn.execute(
            "INSERT INTO labels (name, kind, colour, key, position) VALUES (?, ?, ?, ?, ?)",
            (name, kind.value, colour, key, position),
        )

    def relation_types(self) -> list[RelationType]:
        rows = self.conn.execute(
            "SELECT name, head_kind, child_kind FROM relation_types ORDER BY name"
        )
        return [RelationType(name, LabelKind(head), LabelKind(child)) for name, head, child in rows]

    # --- documents -----------------------------------------------------------------------------

    def document(self, document_id: int) -> Document:
        row = self.conn.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        if row is None:
            raise KeyError(f"no document {document_id}")
        return document_from_row(row)

    def documents(self, status: Iterable[DocumentStatus] | None = None) -> Iterator[Document]:
        where, params = _status_filter(status)
        rows = self.conn.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents {where} ORDER BY id", params
        )
        for row in rows:
            yield document_from_row(row)

    def document_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def set_status(self, document_id: int, status: DocumentStatus) -> None:
        with self.db.atomic():
            cursor = self.conn.execute(
                "UPDATE documents SET status = ?, updated_at = ? WHERE id = ?",
                (DocumentStatus(status).value, now(), document_id),
            )
            if cursor.rowcount == 0:
                raise KeyError(f"no document {document_id}")

    def import_records(self, records: list[DocumentRecord], source: str | None = None) -> ImportResult:
        """Store the articles read from one file, with their annotations: all of them or none."""
        result = ImportResult()
        with self.db.atomic():
            existing = {label.name for label in self.labels()}
            for label_name, kind in _new_labels(records, existing):
                self._add_label_in_transaction(label_name, kind, None, None)
                result.new_labels.append(label_name)
            labels = {label.name: label for label in self.labels()}
            relation_types = {relation_type.name for relation_type in self.relation_types()}
            write_records(self.conn, records, source, labels, relation_types, result)
        return result

    # --- spans and relations -------------------------------------------------------------------

    def spans(self, document_id: int) -> list[Span]:
        rows = self.conn.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans JOIN labels ON labels.id = spans.label_id "
            "WHERE document_id = ? ORDER BY start, \"end\" DESC, labels.position, spans.id",
            (document_id,),
        )
        return [span_from_row(row) for row in rows]

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
    ) -> Span:
        with self.db.atomic():
            text = self._document_text(document_id)
            if not 0 <= start < end <= len(text):
                raise SpanError(
                    f"span [{start}, {end}) does not fit document {document_id} "
                    f"({len(text)} characters)"
                )
            label_id = self._label_id(label)
            stamp = now()
            try:
                cursor = self.conn.execute(
                    "INSERT INTO spans (document_id, start, \"end\", label_id, text, attributes, "
                    "note, annotator, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (document_id, start, end, label_id, text[start:end],
                     dump_json(attributes or {}), note, annotator, stamp, stamp),
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
        with self.db.atomic():
            span = self.span(span_id)
            values: dict[str, Any] = {"updated_at": now()}
            if label is not None:
                values["label_id"] = self._label_id(label)
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

    def delete_span(self, span_id: int) -> None:
        """Delete a span and, through the foreign keys, every relation that uses it."""
        with self.db.atomic():
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
        with self.db.atomic():
            head, child = self.span(head_span_id), self.span(child_span_id)
            if head.document_id != child.document_id:
                raise SpanError("a relation links two spans of the same document")
            if relation_type not in {kind.name for kind in self.relation_types()}:
                raise ValueError(f"unknown relation type {relation_type!r}")
            try:
                cursor = self.conn.execute(
                    "INSERT INTO relations (head_span_id, child_span_id, type, created_at) "
                    "VALUES (?, ?, ?, ?)",
                    (head_span_id, child_span_id, relation_type, now()),
                )
            except sqlite3.IntegrityError as error:
                raise SpanError(f"cannot link span {head_span_id} to {child_span_id}: {error}") from error
            self._touch(head.document_id)
        return Relation(int(cursor.lastrowid or 0), head_span_id, child_span_id, relation_type)

    def delete_relation(self, relation_id: int) -> None:
        with self.db.atomic():
            self.conn.execute("DELETE FROM relations WHERE id = ?", (relation_id,))

    # --- statistics and bulk reading -----------------------------------------------------------

    def status_counts(self) -> dict[DocumentStatus, int]:
        counts = dict.fromkeys(DocumentStatus, 0)
        for status, count in self.conn.execute(
            "SELECT status, count(*) FROM documents GROUP BY status"
        ):
            counts[DocumentStatus(status)] = count
        return counts

    def label_counts(self) -> dict[str, int]:
        """Spans per label, every label listed (in label order), unused ones with 0."""
        rows = self.conn.execute(
            "SELECT labels.name, count(spans.id) FROM labels LEFT JOIN spans "
            "ON spans.label_id = labels.id GROUP BY labels.id ORDER BY labels.position, labels.id"
        )
        return {name: count for name, count in rows}

    def has_relations(self, status: Iterable[DocumentStatus] | None = None) -> bool:
        where, params = _status_filter(status)
        row = self.conn.execute(
            "SELECT 1 FROM relations JOIN spans ON spans.id = relations.head_span_id "
            f"WHERE spans.document_id IN (SELECT id FROM documents {where}) LIMIT 1",
            params,
        ).fetchone()
        return row is not None

    def annotated_documents(
        self, status: Iterable[DocumentStatus] | None = None
    ) -> Iterator[tuple[Document, list[Span], list[Relation]]]:
        """Every document (in id order) with its spans and relations, read in three passes."""
        where, params = _status_filter(status)
        span_rows = self.conn.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans JOIN labels ON labels.id = spans.label_id "
            f"WHERE document_id IN (SELECT id FROM documents {where}) "
            "ORDER BY document_id, start, \"end\" DESC, labels.position, spans.id",
            params,
        )
        relation_rows = self.conn.execute(
            "SELECT spans.document_id, relations.id, head_span_id, child_span_id, type "
            "FROM relations JOIN spans ON spans.id = relations.head_span_id "
            f"WHERE spans.document_id IN (SELECT id FROM documents {where}) "
            "ORDER BY spans.document_id, relations.id",
            params,
        )
        spans_by_document = _group(span_rows, 1, span_from_row)
        relations_by_document = _group(relation_rows, 0, lambda row: relation_from_row(row[1:]))
        for document in self.documents(status):
            yield (
                document,
                spans_by_document.get(document.id, []),
                relations_by_document.get(document.id, []),
            )

    # --- internals -----------------------------------------------------------------------------

    def _document_text(self, document_id: int) -> str:
        row = self.conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            raise KeyError(f"no document {document_id}")
        return str(row[0])

    def _label_id(self, name: str) -> int:
        row = self.conn.execute("SELECT id FROM labels WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise ValueError(f"unknown label {name!r}")
        return int(row[0])

    def _touch(self, document_id: int) -> None:
        self.conn.execute(
            "UPDATE documents SET updated_at = ? WHERE id = ?", (now(), document_id)
        )


def _status_filter(status: Iterable[DocumentStatus] | None) -> tuple[str, list[str]]:
    if status is None:
        return "", []
    values = [DocumentStatus(item).value for item in status]
    return f"WHERE status IN ({', '.join('?' for _ in values)})", values


def _group(rows: Iterable[tuple[Any, ...]], key_index: int, convert: Any) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row[key_index], []).append(convert(row))
    return grouped


def _new_labels(records: list[DocumentRecord], existing: set[str]) -> list[tuple[str, LabelKind]]:
    """Labels the records use that the project lacks, in first-seen order."""
    found: dict[str, LabelKind] = {}
    for record in records:
        for span in record.spans:
            if span.label not in existing and span.label not in found:
                upper = span.label.upper()
                kind = LabelKind.QUOTE if upper == "QUOTE" else (
                    LabelKind.CLAIM if upper == "CLAIM" else LabelKind.ENTITY
                )
                found[span.label] = kind
    return list(found.items())
