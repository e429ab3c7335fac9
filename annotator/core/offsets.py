"""Conversion between Python code-point offsets and Qt's UTF-16 positions."""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CHUNK = 65_536  # code points scanned at a time: a screenful needs one chunk, not the whole article


class Utf16Offsets:
    """Maps offsets in one string between code points and UTF-16 units.

    Only characters outside the Basic Multilingual Plane (emoji, some CJK) take two UTF-16 units, so
    the map keeps their positions and bisects, instead of a per-character table. The positions are
    found lazily, from the start of the text as far as a conversion needs: opening a 1 MB article
    with an emoji in every paragraph and showing its top scans 64 KB, not the megabyte (~10 ms).
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._astral: list[int] = []
        # UTF-16 position of each astral character: its code-point index plus the astrals before it.
        self._astral_utf16: list[int] = []
        # Text up to here has been scanned. An ASCII text has nothing to find (isascii is ~free).
        self._scanned = len(text) if text.isascii() else 0
        self.length = len(text)

    @property
    def utf16_length(self) -> int:
        self._scan_to(self.length)
        return self.length + len(self._astral)

    def _scan_to(self, offset: int) -> None:
        """Find the astral characters before `offset` (code points), if not found yet."""
        if offset <= self._scanned:
            return
        end = min(self.length, max(offset, self._scanned + _CHUNK))
        found = [match.start() for match in _ASTRAL.finditer(self._text, self._scanned, end)]
        before = len(self._astral)
        self._astral += found
        self._astral_utf16 += [position + index for index, position in enumerate(found, before)]
        self._scanned = end

    def to_utf16(self, offset: int) -> int:
        self._scan_to(offset)
        return offset + bisect_left(self._astral, offset)

    def from_utf16(self, position: int) -> int:
        """Code-point offset of a UTF-16 position; a position inside a surrogate pair rounds down."""
        # A code-point offset is never more than its UTF-16 position: scanning that far is enough.
        self._scan_to(position)
        before = bisect_left(self._astral_utf16, position)
        # A position that points at the low surrogate of astral number `before - 1`.
        if before and self._astral_utf16[before - 1] + 1 == position:
            return self._astral[before - 1]
        return position - before
