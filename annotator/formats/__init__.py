"""File formats: one module per format, each reading bytes into records or writing records out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from annotator.core.model import DocumentRecord
from annotator.formats import html, jsonl, plaintext
from annotator.formats.errors import FormatError

Reader = Callable[[bytes, Path], list[DocumentRecord]]

READERS: dict[str, Reader] = {
    ".txt": plaintext.read,
    ".md": plaintext.read,
    ".html": html.read,
    ".htm": html.read,
    ".jsonl": jsonl.read,
}
EXPORT_FORMATS = ("jsonl", "doccano")


def read_path(path: Path) -> list[DocumentRecord]:
    """Read one file into records; raise FormatError (or OSError) if it cannot be taken."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise FormatError(
            f"unsupported file type {path.suffix or '(none)'!r}; "
            f"expected one of {', '.join(sorted(READERS))}"
        )
    return reader(path.read_bytes(), path)


__all__ = ["EXPORT_FORMATS", "READERS", "FormatError", "read_path"]
