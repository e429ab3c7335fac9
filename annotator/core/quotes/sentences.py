"""Sentence and paragraph boundaries, found once per text and looked up by offset."""

from __future__ import annotations

import re
from bisect import bisect_right

_ABBREVIATIONS = frozenset(
    """Mr Mrs Ms Dr St Sr Jr No Nr vs Gen Gov Sen Rep Prof Lt Col Capt Sgt Jan Feb Mar Apr Jun Jul Aug Sep
    Sept Oct Nov Dec Inc Ltd Co Corp approx etc al Mt Ft""".split()
)
# A full stop ends a sentence unless it ends an abbreviation or an initial ("J. K. Rowling", "U.S.");
# the next sentence starts with anything but a lower-case letter ("“I lost it.” he said" is one).
# One character class first, so that the engine skips ahead to punctuation.
_END = re.compile(
    r"[.!?…。！？\n](?:(?<=[.!?…])[.!?…]*[\"'”’»«」』)\]]*(?=\s+[^\sa-z]|\s*$)|(?<=[。！？])[。！？]*[」』”]?|(?<=\n))"
)
_WORD_BEFORE = re.compile(r"(\w+)$")


class Sentences:
    def __init__(self, text: str) -> None:
        self.text = text
        self.ends = [m.end() for m in _END.finditer(text) if not self._abbreviation(m)]

    def _abbreviation(self, match: re.Match[str]) -> bool:
        if self.text[match.start()] != "." or self.text[match.start() + 1 : match.start() + 2] in ".!?…":
            return False
        at = match.start()
        word = _WORD_BEFORE.search(self.text, max(0, at - 12), at)
        if word is None:
            return False
        before = word.group(1)
        return before in _ABBREVIATIONS or (len(before) == 1 and before.isalpha())  # "J.", "a.m."

    def start_of(self, position: int) -> int:
        """Where the sentence holding `position` starts (after the previous sentence's end)."""
        index = bisect_right(self.ends, position) - 1
        start = self.ends[index] if index >= 0 else 0
        while start < position and self.text[start].isspace():
            start += 1
        return start

    def end_of(self, position: int) -> int:
        """Where the sentence holding `position` ends, its final punctuation included."""
        index = bisect_right(self.ends, position)
        end = self.ends[index] if index < len(self.ends) else len(self.text)
        while end > position and self.text[end - 1].isspace():
            end -= 1
        return end

    def has_end_within(self, start: int, end: int) -> bool:
        index = bisect_right(self.ends, start)
        return index < len(self.ends) and self.ends[index] < end
