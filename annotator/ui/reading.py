"""How the article reads: zoom, a comfortable line length, each paragraph in its own direction."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QSettings, QSize, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPalette,
    QResizeEvent,
    QTextBlock,
    QTextLine,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QPlainTextEdit

if TYPE_CHECKING:
    from annotator.ui.text_view import AnnotatedTextView

ZOOM_KEY = "view/zoom"
ZOOM_STEPS = range(-5, 13)  # about 60 % to 300 % of the base size
ZOOM_FACTOR = 1.1
_MOUSE = {
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove,
}
MEASURE = 100  # characters a line holds at most: longer lines are hard to follow back to the start


def saved_zoom() -> int:
    return clamp_zoom(int(QSettings().value(ZOOM_KEY, 0, type=int)))  # type: ignore[call-overload]


def save_zoom(steps: int) -> None:
    QSettings().setValue(ZOOM_KEY, steps)


def clamp_zoom(steps: int) -> int:
    return max(ZOOM_STEPS.start, min(ZOOM_STEPS.stop - 1, steps))


def zoomed_font(font: QFont, base_point_size: float, steps: int) -> QFont:
    zoomed = QFont(font)
    zoomed.setPointSizeF(base_point_size * ZOOM_FACTOR**steps)
    return zoomed


def side_margin(available: int, font: QFont, document_margin: float) -> int:
    """Margin on each side that keeps lines to about `MEASURE` characters in `available` pixels."""
    measure = MEASURE * QFontMetricsF(font).averageCharWidth() + 2 * document_margin
    return max(0, int((available - measure) / 2))


def align_paragraph(block: QTextBlock) -> None:
    """Right-align a right-to-left paragraph (Arabic, Hebrew), judged by its first strong character.

    QPlainTextEdit lays every block out with the document's one text option, ignoring the block
    format: the bidi algorithm already orders each paragraph from its first strong character (the
    option's direction is Auto), but the lines stay flush left. Alignment is applied when a line is
    drawn or measured, not when it is broken, so setting it on the laid-out block needs no relayout.
    """
    layout = block.layout()
    option = layout.textOption()
    right_to_left = block.textDirection() == Qt.LayoutDirection.RightToLeft
    wanted = Qt.AlignmentFlag.AlignRight if right_to_left else Qt.AlignmentFlag.AlignLeft
    if option.alignment() != wanted:
        option.setAlignment(wanted)
        layout.setTextOption(option)


def text_direction(text: str) -> Qt.LayoutDirection:
    """The direction of a line of text, from its first strong character (as Qt judges paragraphs)."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind == "L":
            return Qt.LayoutDirection.LeftToRight
        if kind in ("R", "AL"):
            return Qt.LayoutDirection.RightToLeft
    return Qt.LayoutDirection.LeftToRight


class ReadingControls:
    """Mixed into the text view: zoom (remembered across restarts) and margins for a readable measure."""

    _base_point_size: float
    _zoom: int
    _wheel_rest: int

    def init_reading(self: AnnotatedTextView) -> None:
        """Call once the base font is set: applies the saved zoom."""
        self._base_point_size = self.font().pointSizeF()
        self._zoom = 0
        self._wheel_rest = 0  # touchpads send fractions of a wheel step: they add up to one
        # The margins then look like the page, not like a frame around it.
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.set_zoom(saved_zoom(), remember=False)

    @property
    def zoom(self) -> int:
        return self._zoom

    def zoom_in(self: AnnotatedTextView) -> None:
        self.set_zoom(self._zoom + 1)

    def zoom_out(self: AnnotatedTextView) -> None:
        self.set_zoom(self._zoom - 1)

    def reset_zoom(self: AnnotatedTextView) -> None:
        self.set_zoom(0)

    def set_zoom(self: AnnotatedTextView, steps: int, remember: bool = True) -> None:
        steps = clamp_zoom(steps)
        if remember:
            save_zoom(steps)
        if steps == self._zoom and remember:
            return
        self._zoom = steps
        self.setFont(zoomed_font(self.font(), self._base_point_size, steps))
        self.fit_measure()

    def fit_measure(self: AnnotatedTextView) -> None:
        """Margins that keep a line to about `MEASURE` characters of the current font."""
        margins = self.viewportMargins()
        available = self.viewport().width() + margins.left() + margins.right()
        side = side_margin(available, self.font(), self.document().documentMargin())
        if side != margins.left() or side != margins.right():
            self.setViewportMargins(side, 0, side, 0)
            self.marginChanged.emit(side)
            # Margins set while the window first gets its size reach the viewport as a resize whose
            # width Qt takes as unchanged: the text would keep wrapping (and scrolling) at the old one.
            QPlainTextEdit.resizeEvent(self, QResizeEvent(self.viewport().size(), QSize(-1, -1)))

    def wheelEvent(self: AnnotatedTextView, event: QWheelEvent) -> None:
        # Read-only QPlainTextEdit zooms on Ctrl+wheel by itself, unremembered and unbounded.
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            super().wheelEvent(event)
            return
        self._wheel_rest += event.angleDelta().y()
        steps = int(self._wheel_rest / 120)
        if steps:
            self._wheel_rest -= steps * 120
            self.set_zoom(self._zoom + steps)
        event.accept()

    def resizeEvent(self: AnnotatedTextView, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_measure()

    def event(self: AnnotatedTextView, event: QEvent) -> bool:
        # The margins are outside the viewport, and a scroll area drops wheel turns and clicks over
        # its frame: the page must scroll, zoom and select wherever the mouse is over it.
        if event.type() == QEvent.Type.Wheel:
            self.wheelEvent(event)  # type: ignore[arg-type]
            return True
        if event.type() in _MOUSE and self.viewportMargins().left() > 0:
            return self._to_viewport(event)  # type: ignore[arg-type]
        return super().event(event)

    def _to_viewport(self: AnnotatedTextView, event: QMouseEvent) -> bool:
        """A click in a margin acts at the nearest edge of the text (the start or end of a line)."""
        viewport = self.viewport()
        point = viewport.mapFrom(self, event.position())
        inside = QPointF(min(max(point.x(), 0.0), viewport.width() - 1.0), point.y())
        forwarded = QMouseEvent(
            event.type(), inside, event.globalPosition(), event.button(), event.buttons(), event.modifiers()
        )
        QApplication.sendEvent(viewport, forwarded)
        return True


# Hebrew, Arabic, Syriac, Thaana, NKo… and their presentation forms: a block holding none of these
# lays out in one direction, and a span's part of a line is one stretch between two cursor positions.
_RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def has_right_to_left(text: str) -> bool:
    return _RIGHT_TO_LEFT.search(text) is not None


def line_pieces(line: QTextLine, start: int, end: int, bidi: bool) -> list[tuple[float, float]]:
    """(left, width) of each stretch of a line that shows [start, end) (UTF-16 within the block).

    Mixed directions split a range: in "قال Mark Rutte" the first two words are at the two ends.
    The glyph runs of the range give each visual stretch; they cost more, so only for such blocks.
    """
    if bidi:
        # One run per font and direction: a stretch can come as several touching (or equal) runs,
        # and a translucent fill painted twice would show darker.
        stretches = sorted(
            (rect.left(), rect.right())
            for rect in (run.boundingRect() for run in line.glyphRuns(start, end - start))
            if rect.width() > 0
        )
        merged: list[list[float]] = []
        for left, right in stretches:
            if merged and left <= merged[-1][1] + 0.5:
                merged[-1][1] = max(merged[-1][1], right)
            else:
                merged.append([left, right])
        return [(left, right - left) for left, right in merged]
    x0, x1 = _x(line, start), _x(line, end)
    return [(min(x0, x1), abs(x1 - x0))]


def _x(line: QTextLine, position: int) -> float:
    result = line.cursorToX(position)
    # PySide6 returns (x, position) because one C++ overload takes the position by pointer.
    return float(result[0] if isinstance(result, tuple) else result)
