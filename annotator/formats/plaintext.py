"""Plain text and Markdown articles, kept exactly as written (line endings aside)."""

from __future__ import annotations

import re
from pathlib import Path

from annotator.core.model import DocumentRecord
from annotator.core.text import normalise_newlines
from annotator.formats.decoding import decode_bytes
from annotator.formats.file_names import safe_name

TITLE_MAX = 150
# A last line naming where the article came from, as saved articles and wire copy often end:
# "Source: https://…", "Source link: https://…", "URL: https://…". The text keeps it as written.
SOURCE_LINE = re.compile(r"^(?:source(?: link| url)?|url|link)\s*:\s*(https?://\S+)\s*$", re.IGNORECASE)


def read(data: bytes, path: Path, limit: int | None = None) -> list[DocumentRecord]:
    notes: list[str] = []
    text, _ = normalise_newlines(decode_bytes(data, notes))
    return [DocumentRecord(text=text, title=_title(text, path), url=_url(text), warnings=notes)]


def _url(text: str) -> str | None:
    last = next((line.strip() for line in reversed(text.split("\n")) if line.strip()), "")
    found = SOURCE_LINE.match(last)
    return found.group(1) if found else None


def _title(text: str, path: Path) -> str:
    """The first line when it is short enough to be a headline, else the file's name."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    if path.suffix.lower() == ".md":
        first = first.lstrip("#").strip()
    return first if 0 < len(first) <= TITLE_MAX else safe_name(path.stem)
