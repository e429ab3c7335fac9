"""File names as messages show them and documents store them: control characters and bad bytes escaped."""

from __future__ import annotations

import os
import re

# Control characters (a newline would split a one-line message, ESC starts a terminal sequence),
# bidirectional overrides (they reorder what the name seems to say), line separators, and
# surrogates: Python decodes a name's undecodable bytes to U+DC80..U+DCFF, which no UTF-8 file,
# terminal or SQLite text can hold.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def safe_name(name: str | os.PathLike[str]) -> str:
    """`name` with what a terminal, a message box or a database would trip on written as escapes:
    `a\\nb.txt`, `caf\\xe9.txt` for the byte 0xE9 that is not UTF-8; anything else as it is."""
    text = os.fspath(name)
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def _escape(found: re.Match[str]) -> str:
    char = found.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
