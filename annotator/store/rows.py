"""Turning database rows into domain dataclasses, and small shared helpers for writing rows."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from annotator.core.model import Document, DocumentStatus, Label, LabelKind, Relation, Span

DOCUMENT_COLUMNS = "id, text, title, source, url, author, published, meta, status, content_hash"
SPAN_COLUMNS = (
    "spans.id, spans.document_id, spans.start, spans.\"end\", labels.name, spans.text, "
    "spans.attributes, spans.note, spans.annotator, spans.source"
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def dump_json(value: dict[str, Any]) -> str:
    # Sorted keys: the same content always gives the same bytes in the file and in exports.
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


_STATUSES = {status.value: status for status in DocumentStatus}


def document_from_row(row: tuple[Any, ...]) -> Document:
    id_, text, title, source, url, author, published, meta, status, content_hash = row
    return Document(id_, text, title, source, url, author, published,
                    json.loads(meta) if meta != "{}" else {}, _STATUSES[status], content_hash)


_loads = json.loads


def span_from_row(row: tuple[Any, ...]) -> Span:
    id_, document_id, start, end, label, text, attributes, note, annotator, source = row
    return Span(id_, document_id, start, end, label, text,
                _loads(attributes) if attributes != "{}" else {}, note, annotator, source)


def label_from_row(row: tuple[Any, ...]) -> Label:
    id_, name, kind, colour, key, position = row
    return Label(id_, name, LabelKind(kind), colour, key, position)


def relation_from_row(row: tuple[Any, ...]) -> Relation:
    return Relation(*row)
