"""Helpers the line-based readers share: field checks and line-ending remapping of spans."""

from __future__ import annotations

import re
from typing import Any

from annotator.core.model import Document, DocumentRecord, SpanRecord
from annotator.core.text import normalise_newlines
from annotator.formats.errors import FormatError

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def require_text(item: dict[str, Any], line: int) -> str:
    text = item.get("text")
    if not isinstance(text, str):
        raise FormatError(f'line {line}: no "text" string')
    if not text.strip():
        raise FormatError(f'line {line}: "text" is empty')
    surrogate = _LONE_SURROGATE.search(text)
    if surrogate:
        # JSON can escape half of an emoji ("\ud83d"); no file can store it as UTF-8.
        raise FormatError(f'line {line}: "text" holds a lone UTF-16 surrogate at offset {surrogate.start()} '
                          "(half of an emoji?)")
    return text


def whole_number(value: Any, line: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FormatError(f"line {line}: {what} must be a whole number, not {value!r}")
    return value


def annotator_name(value: Any) -> str | None:
    """Who annotated, as a file names them: a name, a user id, or a user object (email, username, id)."""
    if isinstance(value, dict):
        value = next((value[key] for key in ("email", "username", "id")
                      if value.get(key) not in (None, "")), None)
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value).strip() or None


def normalised_record(raw_text: str, record: DocumentRecord) -> DocumentRecord:
    """Normalise the record's text to LF line endings and move its spans' offsets to match."""
    text, remap = normalise_newlines(raw_text)
    record.text = text
    if text is not raw_text:
        record.spans = [
            SpanRecord(
                remap(span.start), remap(span.end), span.label,
                None if span.text is None else normalise_newlines(span.text)[0],
                span.attributes, span.note,
            )
            for span in record.spans
        ]
    return record


def check_span_shapes(record: DocumentRecord, raw_text: str, line: int) -> None:
    """Refuse spans that are empty, out of range, or whose given text disagrees, before remapping."""
    for index, span in enumerate(record.spans, start=1):
        if not 0 <= span.start < span.end <= len(raw_text):
            raise FormatError(
                f"line {line}: span {index} [{span.start}, {span.end}) is empty or outside the "
                f"text ({len(raw_text)} characters)"
            )
        actual = raw_text[span.start:span.end]
        if span.text is not None and span.text != actual:
            raise FormatError(
                f"line {line}: span {index} [{span.start}, {span.end}) says {span.text!r} but the "
                f"text there is {actual!r}"
            )


# A document's columns that exports write into their metadata, and imports read back.
DOCUMENT_FIELDS = ("title", "source", "url", "author", "published")


def document_meta(
    document: Document, fields: tuple[str, ...] = DOCUMENT_FIELDS, without: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Imported metadata plus the document's id, set `fields` and status, for an export's `meta`."""
    meta: dict[str, Any] = {key: value for key, value in document.meta.items() if key not in without}
    meta["document_id"] = document.id
    for key in fields:
        value = getattr(document, key)
        if value:
            meta[key] = value
    meta["status"] = document.status.value
    return meta
