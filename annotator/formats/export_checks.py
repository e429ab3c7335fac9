"""The check every export runs before writing: each span's stored text is what its offsets cover."""

from __future__ import annotations

from collections.abc import Iterable

from annotator.core.model import Document, Span


class ExportError(ValueError):
    """The project holds something an export must not write out silently."""


def check_spans(document: Document, spans: Iterable[Span]) -> None:
    text = document.text
    for span in spans:
        if text[span.start:span.end] != span.text or not 0 <= span.start < span.end <= len(text):
            raise ExportError(
                f"document {document.id} ({document.title!r}): span {span.id} {span.label} "
                f"[{span.start}, {span.end}) is stored as {span.text!r} but the text there is "
                f"{text[span.start:span.end]!r}"
            )
