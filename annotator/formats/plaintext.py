"""Plain text and Markdown articles, kept exactly as written (line endings aside)."""

from __future__ import annotations

from pathlib import Path

from annotator.core.model import DocumentRecord
from annotator.core.text import normalise_newlines
from annotator.formats.decoding import decode_bytes

TITLE_MAX = 150


def read(data: bytes, path: Path) -> list[DocumentRecord]:
    text, _ = normalise_newlines(decode_bytes(data))
    return [DocumentRecord(text=text, title=_title(text, path), source=str(path))]


def _title(text: str, path: Path) -> str:
    """The first line when it is short enough to be a headline, else the file's name."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if path.suffix.lower() == ".md":
        first = first.lstrip("#").strip()
    return first if 0 < len(first) <= TITLE_MAX else path.stem
