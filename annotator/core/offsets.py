"""Conversion between Python code-point offsets and Qt's UTF-16 positions."""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Offsets:
    """Maps offsets in one string between code points and UTF-16 units.

    Only characters outside the Basic Multilingual Plane (emoji, some CJK) take two UTF-16 units, so
    the map keeps their positions and bisects, instead of a per-character table.
    """

    def __init__(self, text: str) -> None:
        # Most articles have no astral characters: checking that (isascii is free, a UTF-16 encode
        # ~3 ms per MB) is cheaper than scanning with the regex (~6 ms per MB).
        plain = text.isascii() or len(text.encode("utf-16-le", "surrogatepass")) == 2 * len(text)
        self._astral = [] if plain else [m.start() for m in _ASTRAL.finditer(text)]
        # UTF-16 position of each astral character: its code-point index plus the astrals before it.
        self._astral_utf16 = [position + index for index, position in enumerate(self._astral)]
        self.length = len(text)
        self.utf16_length = len(text) + len(self._astral)

    def to_utf16(self, offset: int) -> int:
        return offset + bisect_left(self._astral, offset)

    def from_utf16(self, position: int) -> int:
        """Code-point offset of a UTF-16 position; a position inside a surrogate pair rounds down."""
        before = bisect_left(self._astral_utf16, position)
        # A position that points at the low surrogate of astral number `before - 1`.
        if before and self._astral_utf16[before - 1] + 1 == position:
            return self._astral[before - 1]
        return position - before
