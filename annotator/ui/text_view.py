"""The read-only article view: paints spans over the visible text and speaks code-point offsets.

Qt counts positions in UTF-16 units (an emoji is two); the rest of the app counts code points.
This widget is the only place that converts, through `Utf16Offsets`. It never reads the text back
from Qt (`toPlainText()` turns NBSP into spaces): the string it was given is the truth.

Highlighting is painted in `paintEvent`, only for the blocks on screen, so opening a document with
thousands of spans costs what opening it bare costs, and nothing touches the document's undo history.
An edit updates the span index in place and repaints only the lines whose drawing it changes.
"""

from __future__ import annotations

import html
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPen, QTextBlock, QTextCursor, QTextLine
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from annotator.core.model import LabelKind, Relation, Span
from annotator.core.offsets import Utf16Offsets
from annotator.ui import theme
from annotator.ui.link_arcs import draw_link
from annotator.ui.reading import ReadingControls, align_paragraph, has_right_to_left, line_pieces
from annotator.ui.span_index import PlacedSpan, SpanIndex, SpanRow

_RectsOf = Callable[[int, int], list[QRectF]]  # one rectangle per screen line of a code-point range

# Colours come from `theme`: they follow the palette, so a dark desktop keeps the text readable.


class AnnotatedTextView(ReadingControls, QPlainTextEdit):
    """Shows one document with its spans; emits the caret position in code points."""

    caretMoved = Signal(int)
    marginChanged = Signal(int)  # the page's side margin (pixels), for what lines up with its text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        # Read-only text ignores keyboard selection unless told otherwise.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # Always there: a scroll bar appearing when a long article follows a short one would resize
        # the viewport, re-wrapping and repainting the text twice on opening.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setAcceptDrops(False)  # files dropped here go to the window, which imports them
        self.document().setUndoRedoEnabled(False)
        self.document().setDocumentMargin(16)
        font = QFont()
        font.setFamilies(["Noto Serif", "Georgia", "DejaVu Serif", "Times New Roman", "serif"])
        font.setPointSizeF(max(QFont().pointSizeF(), 10.0) * 1.3)
        self.setFont(font)
        self.setCursorWidth(2)
        self.init_reading()
        self._text = ""
        self._offsets = Utf16Offsets("")
        self._index = SpanIndex("", [])
        self._relations: list[Relation] = []
        self._current: int | None = None
        self._linked: set[int] = set()
        self.show_all_links = False  # View > Show all links; else only the current span's
        self._matches: list[tuple[int, int]] = []
        self._dirty: tuple[int, int] | None = None
        self._flush_pending = False
        self._bidi: dict[int, bool] = {}  # block position -> holds right-to-left text (scanned once)
        # Review (ui/review) draws every annotator's spans over the text: (painter, rects of a code-point
        # range, first and last code point repainted); its tooltips add lines for an offset.
        self.review_overlays: list[Callable[[QPainter, _RectsOf, int, int], None]] = []
        self.review_tooltips: list[Callable[[int], str]] = []
        self.cursorPositionChanged.connect(self._emit_caret)

    # --- content -------------------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self._text

    @property
    def index(self) -> SpanIndex:
        return self._index

    def set_text(self, text: str) -> None:
        self.setExtraSelections([])  # setting a document under extra selections can crash
        self._text = text
        self._offsets = Utf16Offsets(text)
        self._matches = []
        self._current = None
        self._linked = set()
        self._bidi = {}
        self.setPlainText(text)

    def set_index(self, index: SpanIndex, relations: list[Relation]) -> None:
        """Show a document's spans (the index is shared with the span panel, which edits it)."""
        self._index = index
        self._relations = relations
        self._update_linked()
        self.viewport().update()

    def set_relations(self, relations: list[Relation]) -> None:
        self._relations = relations
        self._set_linked()
        if self._links_shown():
            self.viewport().update()  # arcs cross text that no span repaint covers

    def set_current_span(self, span_id: int | None) -> None:
        if span_id != self._current:
            had_links = not self.show_all_links and bool(self._links_shown())
            self._repaint_spans([self._current])
            self._current = span_id
            self._repaint_spans([span_id])
            if had_links or (not self.show_all_links and self._links_shown()):
                self.viewport().update()  # the old arc goes, the new one is drawn whole
        self._set_linked()

    def _set_linked(self) -> None:
        before = self._linked
        self._update_linked()
        if before != self._linked:
            self._repaint_spans(before ^ self._linked)

    def _repaint_spans(self, span_ids: Iterable[int | None]) -> None:
        for span_id in span_ids:
            span = self._index.get(span_id) if span_id is not None else None
            if span is not None:
                self.repaint_range(span.start, span.end)

    def repaint_ranges(self, ranges: Iterable[tuple[int, int]]) -> None:
        for start, end in ranges:
            self.repaint_range(start, end)

    def repaint_range(self, start: int, end: int) -> None:
        """Schedule a repaint of the on-screen lines that show any of [start, end) (code points)."""
        if self._dirty is None:
            self._dirty = (start, end)
        else:
            self._dirty = (min(self._dirty[0], start), max(self._dirty[1], end))
        if not self._flush_pending:
            self._flush_pending = True
            # After this event: one edit can touch several ranges; measure the blocks once.
            QTimer.singleShot(0, self._flush_repaint)

    def _flush_repaint(self) -> None:
        self._flush_pending = False
        dirty, self._dirty = self._dirty, None
        if dirty is None:
            return
        start16, end16 = self._offsets.to_utf16(dirty[0]), self._offsets.to_utf16(dirty[1])
        top = bottom = None
        for block, corner in self._visible_blocks():
            position = block.position()
            if position >= end16 or position + block.length() <= start16:
                continue
            height = self.blockBoundingRect(block).height()
            top = corner.y() if top is None else top
            bottom = corner.y() + height
        if top is not None and bottom is not None:
            width = self.viewport().width()
            self.viewport().update(QRect(0, int(top) - 1, width, int(bottom - top) + 3))

    def set_find_matches(self, matches: list[tuple[int, int]]) -> None:
        self._matches = sorted(matches)
        self.viewport().update()

    def _update_linked(self) -> None:
        current = self._current
        self._linked = {
            relation.child_span_id if relation.head_span_id == current else relation.head_span_id
            for relation in self._relations
            if current in (relation.head_span_id, relation.child_span_id)
        }

    # --- offsets and selection, in code points --------------------------------------------------

    def selection_range(self) -> tuple[int, int]:
        cursor = self.textCursor()
        return (
            self._offsets.from_utf16(cursor.selectionStart()),
            self._offsets.from_utf16(cursor.selectionEnd()),
        )

    def caret_offset(self) -> int:
        return self._offsets.from_utf16(self.textCursor().position())

    def select_range(self, start: int, end: int) -> None:
        """Select [start, end) (code points), the caret at `end`, and scroll it into view."""
        cursor = self.textCursor()
        cursor.setPosition(self._offsets.to_utf16(start))
        cursor.setPosition(self._offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def place_caret(self, offset: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self._offsets.to_utf16(offset))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def _emit_caret(self) -> None:
        self.caretMoved.emit(self.caret_offset())

    # --- painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        area = event.rect()
        visible = list(self._visible_blocks(area.top(), area.bottom()))
        for block, _corner in visible:
            # Before Qt draws the text and before the spans are measured: both follow the alignment.
            align_paragraph(block)
        blocks = [_LaidOutBlock.of(block, corner, self._holds_bidi(block)) for block, corner in visible]
        placed: list[PlacedSpan] = []
        matches: list[tuple[int, int]] = []
        if blocks:
            start = self._offsets.from_utf16(blocks[0].position)
            end = self._offsets.from_utf16(blocks[-1].end)
            placed = self._index.overlapping(start, end)
            matches = [m for m in self._matches if m[1] > start and m[0] < end]
        # Each span's rectangles, measured once: the passes below draw backgrounds, underlines, outlines.
        rects = {item.span.id: self._rects(item.span.start, item.span.end, blocks) for item in placed}
        painter = QPainter(self.viewport())
        for item in placed:
            if item.kind == LabelKind.ENTITY:
                inset, colour = min(item.depth, 3) * 2.0, theme.label_fill(item.colour, self.palette())
                for rect in rects[item.span.id]:
                    painter.fillRect(rect.adjusted(0, inset, 0, -inset), colour)
        for start, end in matches:
            for rect in self._rects(start, end, blocks):
                painter.fillRect(rect, theme.find_fill(self.palette()))
        painter.end()

        super().paintEvent(event)

        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for item in placed:
            if item.kind != LabelKind.ENTITY:
                painter.setPen(QPen(theme.label_line(item.colour, self.palette()), 2.0))
                for rect in rects[item.span.id]:
                    y = rect.bottom() - 1.5 - 3.0 * min(item.depth, 3)
                    painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        for item in placed:
            if item.span.id == self._current:
                painter.setPen(QPen(self.palette().color(self.palette().ColorRole.Text), 1.5))
            elif item.span.id in self._linked:
                painter.setPen(QPen(theme.link_colour(self.palette()), 2.0, Qt.PenStyle.DashLine))
            else:
                continue
            for rect in rects[item.span.id]:
                painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 3, 3)
        self._draw_links(painter)
        if blocks:
            first, last = (self._offsets.from_utf16(blocks[0].position),
                           self._offsets.from_utf16(blocks[-1].end))
            for overlay in self.review_overlays:
                overlay(painter, lambda a, b: self._rects(a, b, blocks), first, last)
        painter.end()

    def set_show_all_links(self, on: bool) -> None:
        """Draw every link of the document, not only the current span's."""
        self.show_all_links = on
        self.viewport().update()

    def _links_shown(self) -> list[Relation]:
        if self.show_all_links:
            return self._relations
        current = self._current
        return [r for r in self._relations if current in (r.head_span_id, r.child_span_id)]

    def _draw_links(self, painter: QPainter) -> None:
        links = self._links_shown()
        if not links:
            return
        # Measured over the whole viewport, not the repainted area: an arc crosses lines whose
        # spans were not repainted, and must be drawn whole wherever it passes.
        blocks = [_LaidOutBlock.of(block, corner, self._holds_bidi(block))
                  for block, corner in self._visible_blocks()]
        colour = theme.link_colour(self.palette())
        for relation in links:
            head, child = self._index.get(relation.head_span_id), self._index.get(relation.child_span_id)
            if head is None or child is None:
                continue
            head_rects = self._rects(head.start, head.end, blocks)
            child_rects = self._rects(child.start, child.end, blocks)
            if head_rects and child_rects:
                draw_link(painter, head_rects[0], child_rects[0], relation.type, colour)

    def _holds_bidi(self, block: QTextBlock) -> bool:
        # Scanning a paragraph of a megabyte takes ~15 ms: once per document, not once per paint.
        found = self._bidi.get(block.position())
        if found is None:
            found = self._bidi[block.position()] = has_right_to_left(block.text())
        return found

    def _visible_blocks(
        self, top: float = 0, bottom: float | None = None
    ) -> Iterator[tuple[QTextBlock, QPointF]]:
        """On-screen blocks between `top` and `bottom`, each with its top-left corner in the viewport."""
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        bottom = self.viewport().height() if bottom is None else bottom
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            if block.isVisible() and geometry.bottom() >= top:
                yield block, geometry.topLeft()
            block = block.next()

    def _rects(self, start: int, end: int, blocks: list[_LaidOutBlock]) -> list[QRectF]:
        """One rectangle per laid-out line that [start, end) (code points) covers on screen."""
        start16, end16 = self._offsets.to_utf16(start), self._offsets.to_utf16(end)
        rects = []
        for block in blocks:
            if block.position >= end16 or block.end <= start16:
                continue
            first, last = start16 - block.position, end16 - block.position
            number = max(0, bisect_right(block.line_starts, first) - 1)
            for line_start, line_end, y, height, line in block.lines[number:]:
                if line_start >= last:
                    break
                a, b = max(first, line_start), min(last, line_end)
                if a < b:
                    for left, width in line_pieces(line, a, b, block.bidi):
                        rects.append(QRectF(block.x + left, block.y + y, width, height))
        return rects

    # --- tooltips ------------------------------------------------------------------------------

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            offset = self._offset_under(QPointF(event.pos()))
            spans = [placed.span for placed in self._index.at(offset)] if offset is not None else []
            extra = [line for tip in self.review_tooltips if offset is not None and (line := tip(offset))]
            if spans or extra:
                text = "<br>".join(([self.tooltip_text(spans)] if spans else []) + extra)
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def tooltip_text(self, spans: Sequence[Span | SpanRow]) -> str:
        """Every span under the mouse, outermost first, escaped: article text is never markup."""
        lines = []
        for span in spans:
            text = span.text if len(span.text) <= 80 else span.text[:77] + "…"
            line = f"<b>{html.escape(span.label)}</b>: {html.escape(text)}"
            for relation in self._relations:
                child = self._index.get(relation.child_span_id) if relation.head_span_id == span.id else None
                if child is not None:
                    line += f" — {html.escape(relation.type.lower())}: {html.escape(child.text)}"
            lines.append(line)
        return "<br>".join(lines)

    def _offset_under(self, point: QPointF) -> int | None:
        """Code-point offset of the character under a viewport point, or None between lines."""
        cursor = self.cursorForPosition(point.toPoint())
        block = cursor.block()
        geometry = self.blockBoundingGeometry(block).translated(self.contentOffset())
        layout = block.layout()
        local = point - geometry.topLeft() - layout.position()
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            if line.y() <= local.y() < line.y() + line.height():
                drawn = line.naturalTextRect()  # where the text is, right-aligned lines included
                if not drawn.left() <= local.x() <= drawn.right():
                    return None
                index = line.xToCursor(local.x(), QTextLine.CursorPosition.CursorOnCharacter)
                return self._offsets.from_utf16(block.position() + index)
        return None


class _LaidOutBlock(NamedTuple):
    """An on-screen block's lines, read from Qt once per paint rather than once per span."""

    position: int  # UTF-16, like everything Qt reports
    end: int
    x: float  # the block's layout origin in the viewport
    y: float
    line_starts: list[int]
    lines: list[tuple[int, int, float, float, QTextLine]]  # start, end, y, height, line
    bidi: bool  # holds right-to-left text: a range's part of a line may be in several pieces

    @classmethod
    def of(cls, block: QTextBlock, corner: QPointF, bidi: bool) -> _LaidOutBlock:
        layout = block.layout()
        origin = corner + layout.position()
        lines = []
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            line_start = line.textStart()
            lines.append((line_start, line_start + line.textLength(), line.y(), line.height(), line))
        position = block.position()
        return cls(
            position, position + block.length(), origin.x(), origin.y(), [line[0] for line in lines], lines,
            bidi,
        )
