"""What the quote detector returns: quotes with their speakers, as code-point offsets into the text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FoundSpeaker:
    start: int
    end: int  # exclusive
    text: str


@dataclass(frozen=True)
class FoundQuote:
    """A direct quote spans the text between its marks, without a comma that closes a part before its
    attribution ("…," she said) and without the spaces French puts inside « »; an indirect quote spans
    the reported clause to the end of its sentence."""

    start: int
    end: int  # exclusive
    kind: str  # "direct" or "indirect"
    speaker: FoundSpeaker | None
    group: int | None  # the parts of one split quote share a number; None for a quote in one part
