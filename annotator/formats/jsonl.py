"""Reading JSON Lines files of annotated articles, in Prodigy's or doccano's shape, line by line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from annotator.core.model import DocumentRecord
from annotator.formats import doccano, prodigy
from annotator.formats.decoding import decode_bytes
from annotator.formats.errors import FormatError

LineReader = Callable[[dict[str, Any], int], DocumentRecord]


def read(data: bytes, path: Path, limit: int | None = None) -> list[DocumentRecord]:
    records: list[DocumentRecord] = []
    notes: list[str] = []
    for number, line in enumerate(decode_bytes(data, notes).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            # The parser counts within the one line it was given: only its column means anything.
            problem = f"{error.msg} at column {error.colno}"
            raise FormatError(f"line {number}: not valid JSON ({problem})") from error
        except ValueError as error:
            raise FormatError(f"line {number}: not valid JSON ({error})") from error
        except RecursionError as error:
            raise FormatError(f"line {number}: JSON nested too deeply to read (over a thousand "
                              "levels)") from error
        if not isinstance(item, dict):
            raise FormatError(f"line {number}: expected a JSON object, found {type(item).__name__}")
        records.append(_reader_for(item)(item, number))
    if not records:
        raise FormatError("the file is empty")
    records[0].warnings[:0] = notes
    return records


def _reader_for(item: dict[str, Any]) -> LineReader:
    # Prodigy lines may carry a text-classification "label" string: doccano's is always a list.
    if isinstance(item.get("entities"), list) or isinstance(item.get("label", item.get("labels")), list):
        return doccano.read_line
    return prodigy.read_line
