"""What review draws: each annotator's spans as a coloured rule over the text, and the review bar.

Each annotator has a colour (colour-blind-safe, Okabe-Ito) and a row: a 2-pixel rule along the top of
every line their span covers, 3 pixels below the previous annotator's, so three annotators' versions
of one passage stand one above the other without hiding the text or the gold spans' own drawing.
Rules of an open disagreement are solid; agreed or settled ones faint. The current disagreement is
outlined (dashed). The bar above the text names each annotator with their colour and key.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QLabel, QWidget

from annotator.core.adjudication import Candidate, Disagreement, Review

COLOURS = ("#E69F00", "#0072B2", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#8C6D00", "#7F7F7F", "#000000")
FAINT = 80  # alpha of an agreed or settled annotator rule: present, but not asking for attention

RectsOf = Callable[[int, int], list[QRectF]]


def annotator_colour(index: int) -> QColor:
    return QColor(COLOURS[index % len(COLOURS)])


def paint_review(
    painter: QPainter,
    rects_of: RectsOf,
    start: int,
    end: int,
    review: Review,
    open_keys: set[tuple[int, int, str]],
    current: Disagreement | None,
    palette_text: QColor,
) -> None:
    """Draw every annotator's spans visible in [start, end), then outline the current disagreement."""
    row_of = {layer: n for n, layer in enumerate(review.annotators)}
    painter.save()
    for candidate in _visible(review.candidates, start, end):
        rects = rects_of(candidate.start, candidate.end)
        strong = candidate.key in open_keys
        for version in candidate.versions:
            row = row_of[version.layer]
            colour = annotator_colour(row)
            if not strong:
                colour.setAlpha(FAINT)
            painter.setPen(QPen(colour, 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
            for rect in rects:
                y = rect.top() + 1.0 + 3.0 * min(row, 5)
                painter.drawLine(QPointF(rect.left() + 0.5, y), QPointF(rect.right() - 0.5, y))
    if current is not None and current.end > start and current.start < end:
        painter.setPen(QPen(palette_text, 1.2, Qt.PenStyle.DashLine))
        for rect in rects_of(current.start, current.end):
            painter.drawRoundedRect(rect.adjusted(-2, -1, 2, 1), 3, 3)
    painter.restore()


def _visible(candidates: Sequence[Candidate], start: int, end: int) -> list[Candidate]:
    return [c for c in candidates if c.end > start and c.start < end]


def candidates_tooltip(review: Review, offset: int) -> str:
    """The candidates under the mouse: label, offsets, who marked it, "2 of 3 agree"."""
    lines = []
    for candidate in review.candidates:
        if candidate.start <= offset < candidate.end:
            who = ", ".join(html.escape(layer) for layer in candidate.supporters)
            lines.append(f"<b>{html.escape(candidate.label)}</b> [{candidate.start},{candidate.end}): "
                         f"{who} — {candidate.agreement}")
    return "<br>".join(lines)


class ReviewBar(QLabel):
    """Over the text while reviewing: the annotators with their colours and keys, and where you are."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet("padding: 3px 8px;")
        self.hide()

    def show_state(self, annotators: Sequence[str], where: str) -> None:
        legend = " &nbsp; ".join(
            f"<span style='color:{annotator_colour(n).name()}'>▬▬</span> "
            f"Ctrl+{n + 1} {html.escape(layer)}" if n < 9 else html.escape(layer)
            for n, layer in enumerate(annotators)
        )
        lines = "<br>".join(html.escape(line) for line in where.splitlines())
        self.setText(f"<b>Review</b> &nbsp; {legend}<br>{lines}")


def text_colour(widget: QWidget) -> QColor:
    return widget.palette().color(widget.palette().ColorRole.Text)

