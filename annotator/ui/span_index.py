"""Finding the spans in a range of text quickly, and how deep each one sits among its neighbours.

Pure Python (no Qt): the text view asks it, on every paint, which spans touch the visible text.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from typing import NamedTuple

from annotator.core.model import LabelKind, Span


class PlacedSpan(NamedTuple):  # a tuple: built 10,000 times per document, frozen dataclasses are slow
    span: Span
    kind: LabelKind
    colour: str
    depth: int  # entities: nesting depth among entities; quotes/claims: underline track


class SpanIndex:
    """Spans sorted by start, with a running maximum of ends so a range query skips what ended."""

    def __init__(self, spans: list[Span], kinds: dict[str, LabelKind], colours: dict[str, str]) -> None:
        ordered = sorted(spans, key=lambda span: (span.start, -span.end, span.id))
        entity_depths = _depths([s for s in ordered if kinds.get(s.label) == LabelKind.ENTITY])
        line_depths = _depths([s for s in ordered if kinds.get(s.label) != LabelKind.ENTITY])
        depths = {**line_depths, **entity_depths}
        entity = LabelKind.ENTITY
        self.placed = [
            PlacedSpan(
                span, kinds.get(span.label, entity), colours.get(span.label, "#cccccc"), depths[span.id]
            )
            for span in ordered
        ]
        self._starts = [span.start for span in ordered]
        self._max_end: list[int] = []
        running = -1
        for span in ordered:
            running = max(running, span.end)
            self._max_end.append(running)
        self.by_id = {placed.span.id: placed for placed in self.placed}

    def __len__(self) -> int:
        return len(self.placed)

    def overlapping(self, start: int, end: int) -> list[PlacedSpan]:
        """Spans with at least one character in [start, end), in start order."""
        first = bisect_right(self._max_end, start)
        last = bisect_left(self._starts, end)
        return [placed for placed in self.placed[first:last] if placed.span.end > start]

    def at(self, offset: int) -> list[PlacedSpan]:
        """Spans covering the character at `offset`, outermost first."""
        return self.overlapping(offset, offset + 1)

    def innermost_at_caret(self, offset: int) -> Span | None:
        """The shortest span the caret is in; a caret just after a span's last character counts."""
        inside = [placed.span for placed in self.at(offset)]
        if not inside:
            inside = [
                placed.span for placed in self.overlapping(offset - 1, offset) if placed.span.end == offset
            ]
        return min(inside, key=lambda span: (span.end - span.start, -span.start), default=None)


def _depths(spans: list[Span]) -> dict[int, int]:
    """Smallest free level for each span among the spans overlapping it (interval colouring)."""
    depths: dict[int, int] = {}
    active: list[tuple[int, int]] = []  # (end, level) of spans still open
    free: list[int] = []
    next_level = 0
    for span in spans:  # sorted by start, longest first
        while active and active[0][0] <= span.start:
            _, level = heapq.heappop(active)
            heapq.heappush(free, level)
        if free:
            level = heapq.heappop(free)
        else:
            level, next_level = next_level, next_level + 1
        depths[span.id] = level
        heapq.heappush(active, (span.end, level))
    return depths
