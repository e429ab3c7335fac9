"""Sentence and paragraph boundaries, found once per text and looked up by offset."""

from __future__ import annotations

import re
from bisect import bisect_right

_ABBREVIATIONS = (
    "Mr", "Mrs", "Ms", "Dr", "St", "Sr", "Jr", "No", "Nr", "vs", "Gen", "Gov", "Sen", "Rep", "Prof", "Lt",
    "Col", "Capt", "Sgt", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "Inc", "Ltd", "Co", "Corp", "approx", "etc", "al", "Mt", "Ft",
)
# A full stop ends a sentence unless it ends an abbreviation or an initial ("J. K. Rowling", "U.S.");
# the next sentence starts with anything but a lower-case letter ("“I lost it.” he said" is one).
_END = re.compile(
    "".join(rf"(?<!\b{a})" for a in _ABBREVIATIONS)
    + r"(?<!\b[A-Z])(?:[.!?…]+)[\"'”’»«」』)\]]*(?=\s+[^\sa-z]|\s*$)"
    + r"|[。！？]+[」』”]?|\n"
)


class Sentences:
    def __init__(self, text: str) -> None:
        self.text = text
        self.ends = [m.end() for m in _END.finditer(text)]

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
