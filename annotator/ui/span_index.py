"""The open document's spans in memory: found by range, by id and at the caret; updated in place.

Pure Python (no Qt). The text view asks it, on every paint, which spans touch the visible text; the
span panel shows its rows; the editor updates it after each edit (a bisect and a list insert).

It keeps only what drawing and finding need: one sort key per span, (start, -end, label position,
id, label id), the order `Project.spans` uses, built from `Project.span_columns` in a few
milliseconds for 10,000 spans. Full `Span`s (attributes, note) are fetched one at a time when a span
is selected, and cached. The running maximum of ends (to skip spans that ended before a range) is
extended lazily, as far as a query needs, and cut back to an edit's position on every edit: opening
a document at its top computes a few hundred of them, not ten thousand.

Depth (how far an entity's background is inset, which track a quote's underline takes) is an
interval colouring per layer: the smallest level free among overlapping spans. It is computed lazily
per cluster of transitively overlapping spans, from the cluster's first span: nothing is open there,
so the levels equal those of a sweep from the start of the document, and only clusters on screen
are ever coloured.

It can also be read in two parts (`SpanIndex.reading`): the spans that start in the first few
screens of text, then the rest on the first query that reaches past them (or `complete()`). Both
parts come from one `SpanSnapshot`, so edits made in between are applied on top of the same state
an index read at once would hold; any edit completes the index first.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate, islice, repeat
from operator import neg
from typing import NamedTuple, Protocol

from annotator.core.model import Label, LabelKind, Span
from annotator.store.snapshot import Columns

Key = tuple[int, int, int, int, int]  # start, -end, label position, span id, label id
UNKNOWN = 1 << 30  # position of a label the index was not told about: after all others
FIRST_READ = 8_192  # code points read at once by `SpanIndex.reading`: a few screens of text


class SpanSource(Protocol):
    """A document's spans frozen at one moment (`store.snapshot.SpanSnapshot`)."""

    count: int

    def columns(self, start_from: int = 0, start_before: int | None = None) -> Columns: ...

    def close(self) -> None: ...


class SpanRow(NamedTuple):
    """What drawing, the span list and tooltips need of a span (a `Span` has the same fields)."""

    id: int
    start: int
    end: int
    label: str
    text: str


class PlacedSpan(NamedTuple):
    span: SpanRow
    kind: LabelKind
    colour: str
    depth: int  # entities: nesting depth among entities; quotes/claims: underline track


class SpanIndex:
    def __init__(self, text: str, labels: Sequence[Label], columns: Columns = ([], [], [], [])) -> None:
        self.text = text
        self._names = {label.id: label.name for label in labels}
        self._ids = {label.name: label.id for label in labels}
        self._positions = {label.id: label.position for label in labels}
        self._colours = {label.id: label.colour for label in labels}
        self._kinds = {label.id: label.kind for label in labels}
        self.keys: list[Key] = self._sorted_keys(columns)
        self._unread: tuple[int, SpanSource] | None = None  # spans starting from here are not read yet
        self._max_end: list[int] = []  # running maximum of ends, for a prefix of `keys`
        self._start_of: dict[int, int] | None = None  # span id -> start, built on first use
        self._depths: dict[int, int] = {}  # span id -> level, for the clusters coloured so far
        self.full: dict[int, Span] = {}  # span id -> the whole span, for those fetched or edited

    def _sorted_keys(self, columns: Columns) -> list[Key]:
        ids, starts, ends, label_ids = columns
        positions = map(self._positions.get, label_ids, repeat(UNKNOWN))
        # C-level zip and sort: the columns come in the covering index's order, so nearly sorted.
        return sorted(zip(starts, map(neg, ends), positions, ids, label_ids, strict=True))

    @classmethod
    def reading(
        cls, text: str, labels: Sequence[Label], source: SpanSource, first: int = FIRST_READ
    ) -> SpanIndex:
        """The source's spans: those starting before `first` read now, the rest when first needed.

        Opening an article at its top then reads the few hundred spans its first screens show, not
        all 10,000 (~10 ms less before the first paint); the source is closed once all are read.
        """
        index = cls(text, labels, source.columns(0, first))
        if len(index.keys) < source.count:
            index._unread = (first, source)
        else:
            source.close()
        return index

    def complete(self) -> None:
        """Read the spans not read yet (nothing to do once all are here)."""
        if self._unread is None:
            return
        first, source = self._unread
        # Read before changing anything: if the read fails, the index is as it was and can try again
        # (the count it reports still holds; the source stays open until read or replaced).
        rest = self._sorted_keys(source.columns(first))
        self._unread = None
        # Every unread span starts at or after `first`, after every key held: appending keeps order.
        self.keys += rest
        source.close()
        self._start_of = None

    @property
    def is_complete(self) -> bool:
        return self._unread is None

    def _read_starts_before(self, offset: int) -> None:
        """Make sure every span starting before `offset` is here."""
        if self._unread is not None and offset > self._unread[0]:
            self.complete()

    @classmethod
    def from_spans(cls, text: str, labels: Sequence[Label], spans: Iterable[Span]) -> SpanIndex:
        spans = list(spans)
        label_ids = {label.name: label.id for label in labels}
        index = cls(
            text,
            labels,
            (
                [span.id for span in spans],
                [span.start for span in spans],
                [span.end for span in spans],
                [label_ids.get(span.label, -1) for span in spans],
            ),
        )
        index.full.update((span.id, span) for span in spans)
        return index

    def __len__(self) -> int:
        return len(self.keys) if self._unread is None else self._unread[1].count

    # --- rows -----------------------------------------------------------------------------------

    def row(self, i: int) -> SpanRow:
        if i >= len(self.keys):
            self.complete()
        start, end, _, span_id, label_id = self.keys[i]
        return SpanRow(span_id, start, -end, self._names.get(label_id, "?"), self.text[start:-end])

    def row_of(self, span_id: int) -> int | None:
        if self._start_of is None:
            self._start_of = {key[3]: key[0] for key in self.keys}
        start = self._start_of.get(span_id)
        if start is None:
            if self._unread is None:
                return None
            self.complete()
            return self.row_of(span_id)
        i = bisect_left(self.keys, (start,))
        while i < len(self.keys) and self.keys[i][0] == start:
            if self.keys[i][3] == span_id:
                return i
            i += 1
        return None

    def get(self, span_id: int) -> SpanRow | None:
        i = self.row_of(span_id)
        return None if i is None else self.row(i)

    def label_colour(self, label: str) -> str:
        return self._colours.get(self._ids.get(label, -1), "#cccccc")

    def _key(self, span: Span) -> Key:
        label_id = self._ids.get(span.label, -1)
        return (span.start, -span.end, self._positions.get(label_id, UNKNOWN), span.id, label_id)

    def insertion_row(self, span: Span) -> int:
        self.complete()
        return bisect_left(self.keys, self._key(span))

    # --- edits ----------------------------------------------------------------------------------

    def add(self, span: Span) -> tuple[int, int]:
        """Add a span (at `insertion_row(span)`); return the text range whose drawing may change."""
        self.complete()
        key = self._key(span)
        i = bisect_left(self.keys, key)
        self.keys.insert(i, key)
        del self._max_end[i:]
        if self._start_of is not None:
            self._start_of[span.id] = span.start
        self.full[span.id] = span
        self._depths.clear()
        return self._cluster_range(i)

    def remove(self, span_id: int) -> tuple[int, int] | None:
        """Remove a span; return the text range whose drawing may change (None: it was not here)."""
        self.complete()
        i = self.row_of(span_id)
        if i is None:
            return None
        dirty = self._cluster_range(i)
        del self.keys[i], self._max_end[i:]
        if self._start_of is not None:
            del self._start_of[span_id]
        self.full.pop(span_id, None)
        self._depths.clear()
        return dirty

    def _max_ends(self, count: int) -> list[int]:
        """The running maximum of ends, computed for at least the first `count` spans."""
        max_end = self._max_end
        done = len(max_end)
        if done < count:
            count = min(len(self.keys), max(count, done + 256))
            ends = (-key[1] for key in islice(self.keys, done, count))
            max_end += accumulate(ends, max, initial=max_end[-1]) if done else accumulate(ends, max)
            if done:
                del max_end[done]  # the initial value, repeated
        return max_end

    def _cluster_start(self, i: int) -> int:
        """Index of the first span of the cluster (spans overlapping one another, transitively) of i."""
        max_end = self._max_ends(i)
        while i > 0 and self.keys[i][0] < max_end[i - 1]:
            i -= 1
        return i

    def _cluster_range(self, i: int) -> tuple[int, int]:
        """Text range of the cluster holding index i: a change to i can move the levels of all of it."""
        first, last = self._cluster_start(i), i + 1
        max_end = self._max_ends(last)
        while last < len(self.keys) and self.keys[last][0] < max_end[last - 1]:
            last += 1
            max_end = self._max_ends(last)
        return self.keys[first][0], max_end[last - 1]

    # --- queries --------------------------------------------------------------------------------

    def overlapping(self, start: int, end: int) -> list[PlacedSpan]:
        """Spans with at least one character in [start, end), in key order."""
        self._read_starts_before(end)
        last = bisect_left(self.keys, (end,))
        first = bisect_right(self._max_ends(last), start, 0, last)
        if first >= last:
            return []
        depths = self._levels(first, last)
        kinds, colours, entity = self._kinds, self._colours, LabelKind.ENTITY
        return [
            PlacedSpan(self.row(i), kinds.get(key[4], entity), colours.get(key[4], "#cccccc"), depths[key[3]])
            for i, key in enumerate(self.keys[first:last], first)
            if -key[1] > start
        ]

    def _levels(self, first: int, last: int) -> dict[int, int]:
        """Levels of the spans at indexes [first, last), swept from the start of their cluster."""
        known = self._depths
        if all(key[3] in known for key in self.keys[first:last]):
            return known
        entity = LabelKind.ENTITY
        # One sweep per layer: entities are coloured among entities, quotes and claims among those.
        active: dict[bool, list[tuple[int, int]]] = {True: [], False: []}  # (end, level) still open
        free: dict[bool, list[int]] = {True: [], False: []}
        next_level = {True: 0, False: 0}
        begin = self._cluster_start(first)
        for start, neg_end, _, span_id, label_id in self.keys[begin:last]:
            layer = self._kinds.get(label_id, entity) == entity
            open_spans, levels = active[layer], free[layer]
            while open_spans and open_spans[0][0] <= start:
                heapq.heappush(levels, heapq.heappop(open_spans)[1])
            if levels:
                level = heapq.heappop(levels)
            else:
                level = next_level[layer]
                next_level[layer] += 1
            known[span_id] = level
            heapq.heappush(open_spans, (-neg_end, level))
        return known

    def at(self, offset: int) -> list[PlacedSpan]:
        """Spans covering the character at `offset`, outermost first."""
        return self.overlapping(offset, offset + 1)

    def innermost_at_caret(self, offset: int) -> SpanRow | None:
        """The shortest span the caret is in; a caret just after a span's last character counts."""
        inside = [placed.span for placed in self.at(offset)]
        if not inside:
            inside = [
                placed.span for placed in self.overlapping(offset - 1, offset) if placed.span.end == offset
            ]
        return min(inside, key=lambda span: (span.end - span.start, -span.start), default=None)

    def find(self, start: int, end: int, label: str) -> SpanRow | None:
        """The span with exactly these offsets and label, if there is one."""
        self._read_starts_before(start + 1)
        label_id = self._ids.get(label, -1)
        i = bisect_left(self.keys, (start, -end))
        while i < len(self.keys) and self.keys[i][:2] == (start, -end):
            if self.keys[i][4] == label_id:
                return self.row(i)
            i += 1
        return None
