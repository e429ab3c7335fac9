"""What review draws: each annotator's spans as boxes in their colour, and the review bar.

Each annotator has a colour (colour-blind-safe, Okabe-Ito) and a ring: their span's outline on every
line it covers, the first annotator's on the line's edge, the second's 2.5 pixels inside it, the
third's 2.5 outside, and so on alternately, so annotators who marked the same words show nested
boxes and a span only one marked shows one, and no outline crosses the middle of the letters (rules
above or below the text read as the neighbouring line's; deeper insets struck the text through).
Boxes of an open disagreement are solid; agreed or settled ones faint. The current disagreement is
tinted. The bar above the text names each annotator with their colour and key.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QLabel, QWidget

from annotator.core.adjudication import Candidate, Disagreement, Review

COLOURS = ("#E69F00", "#0072B2", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#8C6D00", "#7F7F7F", "#000000")
FAINT = 70  # alpha of an agreed or settled annotator rule: present, but not asking for attention

RectsOf = Callable[[int, int], list[QRectF]]


def annotator_colour(index: int) -> QColor:
    return QColor(COLOURS[index % len(COLOURS)])


def paint_review(
    painter: QPainter,
    rects_of: RectsOf,
    candidates: Sequence[Candidate],
    annotators: Sequence[str],
    open_keys: set[tuple[int, int, str]],
    current: Disagreement | None,
    highlight: QColor,
) -> None:
    """Draw these candidates (those on screen) as every annotator's boxes, then tint the current one."""
    row_of = {layer: n for n, layer in enumerate(annotators)}
    painter.save()
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for candidate in candidates:
        rects = rects_of(candidate.start, candidate.end)
        strong = candidate.key in open_keys
        for version in candidate.versions:
            row = row_of[version.layer]
            colour = annotator_colour(row)
            if not strong:
                colour.setAlpha(FAINT)
            painter.setPen(QPen(colour, 1.6 if strong else 1.2))
            inset = ring_inset(row)
            for rect in rects:
                painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), 2, 2)
    if current is not None:
        tint = QColor(highlight)
        tint.setAlpha(45)
        for rect in rects_of(current.start, current.end):
            painter.fillRect(rect, tint)
    painter.restore()


def ring_inset(row: int) -> float:
    """0, 2.5 in, 2.5 out, 5 in, 5 out…: nested boxes that stay near the line's edge."""
    step = (min(row, 6) + 1) // 2
    return 2.5 * step * (1 if row % 2 else -1)


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
        # Always two lines under the legend: a bar changing height would move the text under the eye.
        lines = "<br>".join(html.escape(line) or "&nbsp;" for line in [*where.splitlines(), "", ""][:2])
        self.setText(f"<b>Review</b> &nbsp; {legend}<br>{lines}")


def highlight_colour(widget: QWidget) -> QColor:
    return widget.palette().color(widget.palette().ColorRole.Highlight)

