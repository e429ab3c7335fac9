"""The open document's open suggestions: found by offset and order, painted as dashed outlines.

Pure bookkeeping plus one `paint` the text view calls after it has drawn the text, the spans and
the links (its `review_overlays` hook). A suggestion is never filled: an outline in its label's
colour, dashed, so it cannot be mistaken for an annotation; the current one is thicker, hatched and ringed,
its suggested speaker outlined as a linked span's partner is. Only the suggestions that touch the
repainted lines are looked at.
"""

from __future__ import annotations

import html
from bisect import bisect_left
from collections.abc import Callable, Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPen

from annotator.core.model import Label, LabelKind
from annotator.core.suggestions import Suggestion
from annotator.ui import theme

Rects = Callable[[int, int], list[QRectF]]  # (start, end) -> one rectangle per line on screen
DASHES = [4.0, 3.0]  # unlike the even dashes of a linked span's outline


def describe(suggestion: Suggestion) -> str:
    """"quotes, 0.92": where a suggestion came from and how sure its source was."""
    score = f", {suggestion.score:.2f}" if suggestion.score is not None else ""
    return f"{suggestion.source}{score}"


class SuggestionOverlay:
    """The open suggestions of the open document, in text order, and which of them are shown.

    A suggestion a span now holds (same range and label, tagged by hand meanwhile) is a span, no
    longer a suggestion: `tagged` holds those ids, and they are neither drawn nor stepped to. Every
    lookup is a bisect or a dict: stepping through 10,000 suggestions costs what stepping through ten does.
    """

    def __init__(self) -> None:
        self.items: list[Suggestion] = []  # by start, longest first
        self._starts: list[int] = []
        self._longest = 0
        self.tagged: set[int] = set()
        self._shown: list[Suggestion] | None = None  # items not tagged, built on first need
        self._shown_starts: list[int] = []
        self._place: dict[int, int] = {}  # suggestion id -> its index in the shown list
        self._by_id: dict[int, Suggestion] = {}
        self.current: Suggestion | None = None
        self.labels: dict[str, Label] = {}
        self.palette: Callable[[], QPalette] = QPalette

    def set_labels(self, labels: Sequence[Label]) -> None:
        self.labels = {label.name: label for label in labels}

    def set_items(self, suggestions: Sequence[Suggestion], tagged: set[int] | None = None) -> None:
        self.items = sorted(suggestions, key=lambda s: (s.start, -s.end, s.label, s.source, s.id))
        self._starts = [s.start for s in self.items]
        self._longest = max((s.end - s.start for s in self.items), default=0)
        self._by_id = {s.id: s for s in self.items}
        self.set_tagged(tagged or set())

    def set_tagged(self, tagged: set[int]) -> None:
        self.tagged = tagged
        self._shown = None
        if self.current is not None:
            self.current = self.by_id(self.current.id)

    def shown(self) -> list[Suggestion]:
        """The suggestions the user can step through and decide, in text order."""
        if self._shown is None:
            tagged = self.tagged
            self._shown = [s for s in self.items if s.id not in tagged] if tagged else list(self.items)
            self._shown_starts = [s.start for s in self._shown]
            self._place = {s.id: i for i, s in enumerate(self._shown)}
        return self._shown

    def by_id(self, suggestion_id: int | None) -> Suggestion | None:
        found = self._by_id.get(suggestion_id) if suggestion_id is not None else None
        return found if found is not None and found.id not in self.tagged else None

    def equal_to(self, start: int, end: int, label: str) -> list[Suggestion]:
        """The suggestions with exactly this range and label (one per source)."""
        first = bisect_left(self._starts, start)
        last = bisect_left(self._starts, start + 1)
        return [s for s in self.items[first:last] if s.end == end and s.label == label]

    def overlapping(self, start: int, end: int) -> list[Suggestion]:
        """Shown suggestions with a character in [start, end)."""
        first = bisect_left(self._starts, start - self._longest)
        last = bisect_left(self._starts, end)
        tagged = self.tagged
        return [s for s in self.items[first:last] if s.end > start and s.id not in tagged]

    def at_caret(self, offset: int) -> Suggestion | None:
        """The shortest suggestion the caret is in (just after its last character counts, as for spans)."""
        inside = self.overlapping(offset, offset + 1) or [
            s for s in self.overlapping(offset - 1, offset) if s.end == offset
        ]
        return min(inside, key=lambda s: (s.end - s.start, -s.start), default=None)

    def step(self, offset: int, forward: bool) -> tuple[Suggestion | None, bool]:
        """The next (previous) suggestion from the current one, or from `offset` when there is none;
        wraps around at the end. Returns it and whether it wrapped."""
        shown = self.shown()
        if not shown:
            return None, False
        current = self.current
        here = self._place.get(current.id) if current is not None else None
        if here is not None:
            position = here + 1 if forward else here - 1
        else:  # the first starting at or after the caret; back: the last starting before it
            position = bisect_left(self._shown_starts, offset) - (0 if forward else 1)
        if 0 <= position < len(shown):
            return shown[position], False
        return shown[0 if forward else -1], True

    def number(self, suggestion: Suggestion) -> tuple[int, int]:
        """(its place counting from 1, how many are shown)."""
        shown = self.shown()
        return self._place.get(suggestion.id, -1) + 1, len(shown)

    def speaker_range(self, suggestion: Suggestion) -> tuple[int, int] | None:
        if suggestion.speaker_range is not None:
            return suggestion.speaker_range
        speaker = self.by_id(suggestion.speaker_id)
        return (speaker.start, speaker.end) if speaker is not None else None

    # --- the text view's overlay --------------------------------------------------------------

    def paint(self, painter: QPainter, rects: Rects, start: int, end: int) -> None:
        """Draw the suggestions touching code points [start, end] (the text view's overlay hook)."""
        palette = self.palette()
        current = self.current
        speaker = self.speaker_range(current) if current is not None else None
        link = theme.link_colour(palette)
        for suggestion in self.overlapping(start, end + 1):
            label = self.labels.get(suggestion.label)
            colour = theme.label_line(label.colour if label else "#888888", palette)
            mine = current is not None and suggestion.id == current.id
            pen = QPen(colour, 2.5 if mine else 1.5, Qt.PenStyle.CustomDashLine)
            pen.setDashPattern(DASHES)
            painter.setPen(pen)
            hatch = QColor(colour)
            hatch.setAlpha(110)
            painter.setBrush(QBrush(hatch, Qt.BrushStyle.BDiagPattern) if mine else Qt.BrushStyle.NoBrush)
            # Quotes and claims a little larger than entities, so that a suggested speaker's box
            # inside a suggested quote stays visible.
            grow = 2.0 if label is not None and label.kind != LabelKind.ENTITY else 0.0
            boxes = [rect.adjusted(-1 - grow, -grow, 1 + grow, grow)
                     for rect in rects(suggestion.start, suggestion.end)]
            for box in boxes:
                painter.drawRoundedRect(box, 3, 3)
            if mine:  # and a ring in the selection colour around it: the one Enter and - act on
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2.0))
                for box in boxes:
                    painter.drawRoundedRect(box.adjusted(-2.5, -1.5, 2.5, 1.5), 4, 4)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if speaker is not None and speaker[1] > start and speaker[0] <= end:
            # The current quote's suggested speaker, outlined as a linked span's partner is.
            painter.setPen(QPen(link, 2.0, Qt.PenStyle.DotLine))
            for rect in rects(*speaker):
                painter.drawRoundedRect(rect.adjusted(-3, -3, 3, 3), 4, 4)

    def tooltip(self, offset: int) -> str:
        """Lines for the text view's tooltip at `offset`: each suggestion there, its source and score."""
        return "<br>".join(self.tooltip_lines(offset))

    def tooltip_lines(self, offset: int) -> list[str]:
        return [
            f"<i>Suggested</i> <b>{html.escape(s.label)}</b> ({html.escape(describe(s))}): "
            f"{html.escape(s.text if len(s.text) <= 80 else s.text[:77] + '…')}"
            for s in self.overlapping(offset, offset + 1)
        ]
