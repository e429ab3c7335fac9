"""Writing imported records (articles with their spans and relations) inside the caller's transaction."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from annotator.core.model import DocumentRecord, Label, LabelKind
from annotator.core.text import content_hash
from annotator.store.errors import SpanError
from annotator.store.rows import dump_json, now

if TYPE_CHECKING:
    from annotator.store.project import ImportResult


def write_records(
    conn: sqlite3.Connection,
    records: list[DocumentRecord],
    source: str | None,
    labels: dict[str, Label],
    relation_types: set[str],
    result: ImportResult,
) -> None:
    """Insert each record not already in the project; raise SpanError on the first bad span."""
    seen: set[str] = set()
    stamp = now()
    for record in records:
        _check_spans(record)
        fingerprint = content_hash(record.text)
        if fingerprint in seen or conn.execute(
            "SELECT 1 FROM documents WHERE content_hash = ?", (fingerprint,)
        ).fetchone():
            result.skipped += 1
            continue
        seen.add(fingerprint)
        cursor = conn.execute(
            "INSERT INTO documents (title, text, source, url, author, published, meta, status, "
            "status_by, content_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record.title, record.text, record.source or source, record.url, record.author,
             record.published, dump_json(record.meta), record.status.value, record.annotator,
             fingerprint, stamp, stamp),
        )
        document_id = int(cursor.lastrowid or 0)
        result.added.append(document_id)
        _insert_document_labels(conn, document_id, record, labels, stamp)
        span_ids = _insert_spans(conn, document_id, record, labels, stamp)
        result.spans += len(set(span_ids))
        _insert_relations(conn, record, span_ids, labels, relation_types, stamp)


def _check_spans(record: DocumentRecord) -> None:
    where = f"line {record.line}: " if record.line is not None else ""
    if "\r" in record.text:
        # Offsets are only stable over LF text; the format readers normalise before this point.
        raise SpanError(f"{where}text has CR line endings; normalise them to LF before storing")
    length = len(record.text)
    for index, span in enumerate(record.spans):
        if not isinstance(span.start, int) or not isinstance(span.end, int):
            raise SpanError(f"{where}span {index + 1}: start and end must be whole numbers")
        if not 0 <= span.start < span.end <= length:
            raise SpanError(
                f"{where}span {index + 1} [{span.start}, {span.end}) is empty or outside the text "
                f"({length} characters)"
            )
        actual = record.text[span.start:span.end]
        if span.text is not None and span.text != actual:
            raise SpanError(
                f"{where}span {index + 1} [{span.start}, {span.end}) says {span.text!r} "
                f"but the text there is {actual!r}"
            )
    for relation in record.relations:
        if not (0 <= relation.head < len(record.spans) and 0 <= relation.child < len(record.spans)):
            raise SpanError(f"{where}relation {relation.type!r} refers to a span that is not there")


def _insert_document_labels(
    conn: sqlite3.Connection, document_id: int, record: DocumentRecord, labels: dict[str, Label],
    stamp: str,
) -> None:
    where = f"line {record.line}: " if record.line is not None else ""
    for name in record.document_labels:
        if labels[name].kind != LabelKind.DOCUMENT:
            raise SpanError(f"{where}{name} is a span label ({labels[name].kind.value}), "
                            "not a document label")
        conn.execute(
            "INSERT OR IGNORE INTO document_labels (document_id, label_id, annotator, source, created_at) "
            "VALUES (?, ?, ?, 'human', ?)", (document_id, labels[name].id, record.annotator, stamp))


def _insert_spans(
    conn: sqlite3.Connection,
    document_id: int,
    record: DocumentRecord,
    labels: dict[str, Label],
    stamp: str,
) -> list[int]:
    """Insert the record's spans; return the stored id of each (a repeated span maps to the first)."""
    ids: list[int] = []
    by_key: dict[tuple[int, int, str], int] = {}
    for span in record.spans:
        key = (span.start, span.end, span.label)
        if labels[span.label].kind == LabelKind.DOCUMENT:
            where = f"line {record.line}: " if record.line is not None else ""
            raise SpanError(f"{where}{span.label} is a document label: it labels whole documents, "
                            "not spans")
        if key not in by_key:
            cursor = conn.execute(
                "INSERT INTO spans (document_id, start, \"end\", label_id, text, attributes, note, "
                "annotator, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (document_id, span.start, span.end, labels[span.label].id,
                 record.text[span.start:span.end], dump_json(span.attributes), span.note,
                 span.annotator or record.annotator, stamp, stamp),
            )
            by_key[key] = int(cursor.lastrowid or 0)
        ids.append(by_key[key])
    return ids


def _insert_relations(
    conn: sqlite3.Connection,
    record: DocumentRecord,
    span_ids: list[int],
    labels: dict[str, Label],
    relation_types: set[str],
    stamp: str,
) -> None:
    for relation in record.relations:
        if relation.type not in relation_types:
            head_kind = labels[record.spans[relation.head].label].kind
            child_kind = labels[record.spans[relation.child].label].kind
            conn.execute(
                "INSERT INTO relation_types (name, head_kind, child_kind) VALUES (?, ?, ?)",
                (relation.type, head_kind.value, child_kind.value),
            )
            relation_types.add(relation.type)
        head, child = span_ids[relation.head], span_ids[relation.child]
        if head != child:
            conn.execute(
                "INSERT OR IGNORE INTO relations (head_span_id, child_span_id, type, created_at) "
                "VALUES (?, ?, ?, ?)",
                (head, child, relation.type, stamp),
            )
