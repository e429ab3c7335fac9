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
    def __init__(self) -> None:
        self.items: list[Suggestion] = []  # by start, longest first
        self._starts: list[int] = []
        self._longest = 0
        self.current: Suggestion | None = None
        self.labels: dict[str, Label] = {}
        self.palette: Callable[[], QPalette] = QPalette
        # Suggestions the document's spans already hold (tagged by hand meanwhile) are not shown.
        self.is_tagged: Callable[[Suggestion], bool] = lambda _suggestion: False

    def set_labels(self, labels: Sequence[Label]) -> None:
        self.labels = {label.name: label for label in labels}

    def set_items(self, suggestions: Sequence[Suggestion]) -> None:
        self.items = sorted(suggestions, key=lambda s: (s.start, -s.end, s.label, s.source, s.id))
        self._starts = [s.start for s in self.items]
        self._longest = max((s.end - s.start for s in self.items), default=0)
        if self.current is not None:
            self.current = next((s for s in self.items if s.id == self.current.id), None)

    def shown(self) -> list[Suggestion]:
        """The suggestions the user can step through and decide, in text order."""
        return [s for s in self.items if not self.is_tagged(s)]

    def by_id(self, suggestion_id: int | None) -> Suggestion | None:
        return next((s for s in self.items if s.id == suggestion_id), None)

    def overlapping(self, start: int, end: int) -> list[Suggestion]:
        """Shown suggestions with a character in [start, end)."""
        first = bisect_left(self._starts, start - self._longest)
        last = bisect_left(self._starts, end)
        return [s for s in self.items[first:last] if s.end > start and not self.is_tagged(s)]

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
        keys = [(s.start, -s.end, s.label, s.source, s.id) for s in shown]
        current = self.current
        if current is not None and current in shown:
            here = keys.index((current.start, -current.end, current.label, current.source, current.id))
            position = here + 1 if forward else here - 1
        else:  # the first starting at or after the caret; back: the last starting before it
            position = bisect_left(keys, (offset,)) - (0 if forward else 1)
        if 0 <= position < len(shown):
            return shown[position], False
        return shown[0 if forward else -1], True

    def number(self, suggestion: Suggestion) -> tuple[int, int]:
        """(its place counting from 1, how many are shown)."""
        shown = self.shown()
        return next((i + 1 for i, s in enumerate(shown) if s.id == suggestion.id), 0), len(shown)

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
