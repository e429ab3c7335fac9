"""Which occurrences "tag all" leaves alone: those a span of the same label already covers."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable


def outside(
    occurrences: Iterable[tuple[int, int]], covering: Iterable[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The occurrences no covering range contains ("Rutte" inside a "Mark Rutte" of the same
    label is already tagged as part of it; an equal range contains it too)."""
    ranges = sorted(covering)
    starts = [start for start, _ in ranges]
    # The furthest end among ranges starting at or before each one: one bisect answers per occurrence.
    reach: list[int] = []
    for _, end in ranges:
        reach.append(max(end, reach[-1]) if reach else end)
    kept = []
    for start, end in occurrences:
        before = bisect_right(starts, start)
        if not before or reach[before - 1] < end:
            kept.append((start, end))
    return kept
