"""File formats: one module per format, each reading bytes into records or writing documents out.

Readers take `(data, path, limit)` and return records (`limit` bounds what a reader reads or unpacks
beyond `data`: brat's other file, a .spacy file's decompressed size); stream writers take
`(documents, out, context)`, folder writers `(documents, folder, context)`. Heavy libraries load on
first use, not at start.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import BinaryIO

from annotator.core.model import AnnotatedDocument, DocumentRecord
from annotator.formats.errors import FormatError
from annotator.formats.export_checks import ExportContext
from annotator.formats.limits import MAX_NESTING, nested_past, read_limited, size_limit

Reader = Callable[[bytes, Path, int], list[DocumentRecord]]
StreamWriter = Callable[[Iterable[AnnotatedDocument], BinaryIO, ExportContext], int]
FolderWriter = Callable[[Iterable[AnnotatedDocument], Path, ExportContext], int]

# Import format name -> module (its `read`). Modules are imported when first used.
IMPORT_MODULES: dict[str, str] = {
    "text": "plaintext",
    "html": "html",
    "jsonl": "jsonl",
    "brat": "brat",
    "conll": "conll",
    "labelstudio": "labelstudio",
    "spacy": "spacy_docbin",
}
# File suffix -> import format name, for detection.
SUFFIX_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ann": "brat",
    ".conll": "conll",
    ".iob": "conll",
    ".json": "labelstudio",
    ".spacy": "spacy",
}
# Export format name -> (module, whether it writes a folder rather than one stream).
EXPORT_MODULES: dict[str, tuple[str, bool]] = {
    "jsonl": ("prodigy", False),
    "doccano": ("doccano", False),
    "brat": ("brat", True),
    "conll": ("conll", False),
    "labelstudio": ("labelstudio", False),
    "spacy": ("spacy_docbin", False),
}
IMPORT_FORMATS = tuple(IMPORT_MODULES)
EXPORT_FORMATS = tuple(EXPORT_MODULES)
READERS = SUFFIX_FORMATS  # the suffixes a folder import picks up


def detect_format(path: Path) -> str:
    """The import format of a file, from its suffix (a .txt beside a .ann is brat)."""
    suffix = path.suffix.lower()
    if suffix == ".txt" and path.with_suffix(".ann").is_file():
        return "brat"
    format_name = SUFFIX_FORMATS.get(suffix)
    if format_name is None:
        raise FormatError(
            f"unsupported file type {path.suffix or '(none)'!r}; "
            f"expected one of {', '.join(sorted(SUFFIX_FORMATS))}"
        )
    return format_name


def read_path(
    path: Path, format_name: str | None = None, max_size: int | None = None
) -> list[DocumentRecord]:
    """Read one file into records; raise FormatError (or OSError) if it cannot be taken.

    A file past its format's size limit (`max_size` when given; see `limits.size_limit`) is refused
    before it is read, as is anything but a regular file."""
    format_name = format_name or detect_format(path)
    if format_name not in IMPORT_MODULES:
        raise FormatError(f"unknown import format {format_name!r}; choose {', '.join(IMPORT_FORMATS)}")
    limit = size_limit(format_name, max_size)
    data = read_limited(path, limit, format_name)
    reader: Reader = _module(IMPORT_MODULES[format_name]).read
    try:
        records = reader(data, path, limit)
    except RecursionError as error:
        # JSON or metadata nested thousands of levels deep; no real article file is.
        raise FormatError("nested too deeply to read (over a thousand levels)") from error
    for number, record in enumerate(records, start=1):
        if nested_past([record.meta, [span.attributes for span in record.spans]]):
            where = f"line {record.line}" if record.line else f"document {number}"
            raise FormatError(f"{where}: metadata nested over {MAX_NESTING} levels deep; exports "
                              "could not write it")
    return records


def stream_writer(format_name: str) -> StreamWriter:
    module, is_folder = _export_module(format_name)
    if is_folder:
        raise FormatError(f"{format_name} export writes a folder: give -o DIR")
    writer: StreamWriter = module.write
    return writer


def folder_writer(format_name: str) -> FolderWriter | None:
    """The folder writer of a format that writes folders, else None."""
    module, is_folder = _export_module(format_name)
    if not is_folder:
        return None
    writer: FolderWriter = module.write_folder
    return writer


def _export_module(format_name: str) -> tuple[ModuleType, bool]:
    if format_name not in EXPORT_MODULES:
        raise FormatError(f"unknown export format {format_name!r}; choose {', '.join(EXPORT_FORMATS)}")
    module_name, is_folder = EXPORT_MODULES[format_name]
    return _module(module_name), is_folder


def _module(name: str) -> ModuleType:
    try:
        return importlib.import_module(f"annotator.formats.{name}")
    except ImportError as error:
        if error.name != "spacy":
            raise
        # spaCy is an optional extra: say how to get it.
        raise FormatError('the spacy format needs spaCy: pip install "annotator[spacy]"') from error


__all__ = [
    "EXPORT_FORMATS", "IMPORT_FORMATS", "ExportContext", "FormatError", "detect_format",
    "folder_writer", "read_path", "stream_writer",
]
