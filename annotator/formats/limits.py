"""How much an import reads: a size limit per format, checked before reading, and reads that stop there."""

from __future__ import annotations

import os
import re
import stat
import zlib
from pathlib import Path
from typing import Any

from annotator.formats.errors import FormatError

MB = 1_000_000
# Peak memory while reading one file, measured per MB of input (issue 10): HTML ~35 MB and ~3 s per
# MB, and worse than linearly (trafilatura: 20 MB took 56 s and 675 MB), so HTML stops at 10 MB, 25
# times the largest saved news page in tests/corpus. Text ~5 MB per MB, JSON Lines and Label Studio
# JSON ~7, brat ~10 (a span per name), CoNLL ~35 (a tuple per token): each limit keeps a file under
# about 1.5 GB. A .spacy file's limit is what it decompresses to (DocBin is one zlib stream of
# msgpack; ~2.4 MB peak per MB inflated, and 20,000 short articles inflate 2 MB to 221 MB).
DEFAULT_LIMITS: dict[str, int] = {
    "text": 200 * MB,
    "html": 10 * MB,
    "jsonl": 200 * MB,
    "brat": 50 * MB,
    "conll": 20 * MB,
    "labelstudio": 100 * MB,
    "spacy": 500 * MB,
}
FALLBACK_LIMIT = 100 * MB
ENVIRONMENT_VARIABLE = "ANNOTATOR_MAX_SIZE"
RAISE_HINT = f"raise the limit with --max-size or {ENVIRONMENT_VARIABLE}"
_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": MB, "mb": MB, "g": 10**9, "gb": 10**9,
          "kib": 2**10, "mib": 2**20, "gib": 2**30}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", re.IGNORECASE)
# orjson, which exports use, refuses anything nested past 255 levels; a task wraps metadata in a few.
MAX_NESTING = 100
_INFLATE_STEP = 1 << 20  # decompressed bytes per step: the most a bounded inflate holds at once
# O_NONBLOCK: should the file be swapped for a pipe after the stat, opening it cannot hang either.
_OPEN_FLAGS = os.O_RDONLY | sum(getattr(os, name, 0) for name in ("O_NONBLOCK", "O_NOCTTY", "O_BINARY",
                                                                 "O_CLOEXEC"))


def parse_size(text: str) -> int:
    """`500MB`, `1.5GB`, `64MiB` or a number of bytes, as bytes; ValueError if it is none of those."""
    found = _SIZE.fullmatch(text)
    unit = _UNITS.get(found.group(2).lower()) if found else None
    if found is None or unit is None or float(found.group(1)) <= 0:
        raise ValueError(f"cannot read {text!r} as a size; write it like 500MB or 2GB")
    return int(float(found.group(1)) * unit)


def size_limit(format_name: str, max_size: int | None = None) -> int:
    """The most of one file a `format_name` import reads: `max_size` when given, else the
    ANNOTATOR_MAX_SIZE environment variable (the window's way to raise it), else the default."""
    if max_size is not None:
        return max_size
    configured = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if configured:
        try:
            return parse_size(configured)
        except ValueError as error:
            raise FormatError(f"{ENVIRONMENT_VARIABLE}: {error}") from error
    return DEFAULT_LIMITS.get(format_name, FALLBACK_LIMIT)


def describe_size(size: int) -> str:
    if size >= MB:
        return f"{size / MB:,.1f}".removesuffix(".0") + " MB"
    if size >= 1000:
        return f"{size / 1000:,.1f}".removesuffix(".0") + " kB"
    return f"{size} bytes"


def special_kind(mode: int) -> str | None:
    """What a file that is not a regular file is ("a named pipe"), from its stat mode; None if regular."""
    if stat.S_ISREG(mode):
        return None
    for test, kind in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "a special file"


def read_limited(path: Path, limit: int, format_name: str) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; FormatError for anything else.

    Pipes, devices and sockets are refused from `os.stat` (which follows links) before any open:
    reading a pipe waits forever for a writer, /dev/zero never ends, and opening some devices acts.
    """
    _check_stat(os.stat(path), limit, format_name)
    with os.fdopen(os.open(path, _OPEN_FLAGS), "rb") as file:
        info = os.fstat(file.fileno())  # the file opened, should it have been swapped since the stat
        _check_stat(info, limit, format_name)
        data = file.read(info.st_size + 1)
        if len(data) > info.st_size:  # it grew since the stat (or is a /proc file, which says 0)
            data += file.read(limit + 1 - len(data))
    if len(data) > limit:
        raise FormatError(too_big(len(data), limit, format_name))
    return data


def _check_stat(info: os.stat_result, limit: int, format_name: str) -> None:
    kind = special_kind(info.st_mode)
    if kind is not None:
        raise FormatError(f"{kind}, not a regular file; not read")
    if info.st_size > limit:
        raise FormatError(too_big(info.st_size, limit, format_name))


def too_big(size: int, limit: int, format_name: str) -> str:
    return (f"{describe_size(size)}, past the {describe_size(limit)} limit for {format_name} files; "
            f"{RAISE_HINT}")


def nested_past(value: Any, limit: int = MAX_NESTING) -> bool:
    """Whether lists and dicts in `value` nest deeper than `limit` (counted without recursion)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            continue
        if depth == limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def check_inflated_size(data: bytes, limit: int) -> None:
    """Refuse zlib-compressed `data` that would decompress past `limit`, without holding more than
    one step of its output: a few MB of zeros can unpack to gigabytes."""
    inflater = zlib.decompressobj()
    pending, total = data, 0
    while not inflater.eof:
        try:
            out = inflater.decompress(pending, _INFLATE_STEP)
        except zlib.error:
            return  # not zlib, or damaged: the reader says what is wrong with it
        total += len(out)
        if total > limit:
            raise FormatError(f"decompresses past {describe_size(limit)}; {RAISE_HINT}")
        if not out and len(inflater.unconsumed_tail) == len(pending):
            return  # no progress: the stream is cut short, for the reader to report
        pending = inflater.unconsumed_tail
