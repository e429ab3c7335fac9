"""File formats: one module per format, each reading bytes into records or writing records out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from annotator.core.model import DocumentRecord
from annotator.formats import jsonl, plaintext
from annotator.formats.errors import FormatError

Reader = Callable[[bytes, Path], list[DocumentRecord]]


def _read_html(data: bytes, path: Path) -> list[DocumentRecord]:
    # Imported on first use: trafilatura and lxml take ~0.3 s to load, which every start would pay.
    from annotator.formats import html

    return html.read(data, path)


READERS: dict[str, Reader] = {
    ".txt": plaintext.read,
    ".md": plaintext.read,
    ".html": _read_html,
    ".htm": _read_html,
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
