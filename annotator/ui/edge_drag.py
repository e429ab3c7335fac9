"""Dragging the current span's start or end with the mouse: an event filter on the text's viewport.

A press within a few pixels of an edge of the current span picks that edge up (the text view would
otherwise start a new selection); the move shows the range it would become; the release moves the
edge, snapped to whole tokens (punctuation trimmed, as tagging does) unless Alt is held. One undo
step, through `span_edges.move_to`, so the span keeps its id, links, attributes and note.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QMouseEvent

from annotator.core.offsets import Utf16Offsets
from annotator.core.tokens import snap_selection
from annotator.ui.span_edges import move_to

if TYPE_CHECKING:
    from annotator.ui.editor import AnnotationEditor

GRAB_PIXELS = 4  # how near an edge a press must be: a caret's width plus a hand's wobble


class EdgeDrag(QObject):
    """Watches the view's viewport for presses on the current span's edges."""

    def __init__(self, editor: AnnotationEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.edge: str | None = None  # "start" or "end" while a drag is under way
        self._offsets, self._offsets_of = Utf16Offsets(""), ""
        self._hovering = False
        editor.view.viewport().installEventFilter(self)
        editor.view.viewport().setMouseTracking(True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            if event.button() == Qt.MouseButton.LeftButton:
                self.edge = self.edge_at(event.position().toPoint())
                if self.edge is not None:
                    return True  # the press is ours: no new selection starts under it
        elif kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
            if self.edge is not None:
                self._show(self._range(event.position().toPoint(), exact=True))
                return True
            self._hover(event.position().toPoint())
        elif kind == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            if self.edge is not None:
                exact = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
                self._drop(self._range(event.position().toPoint(), exact))
                return True
        return False

    def edge_at(self, point: QPoint) -> str | None:
        """Which edge of the current span is under `point` (viewport coordinates), if any."""
        span, view = self.editor.current, self.editor.view
        if span is None:
            return None
        offsets = self._text_offsets()
        for edge, offset in (("start", span.start), ("end", span.end)):
            cursor = view.textCursor()
            cursor.setPosition(offsets.to_utf16(offset))
            rect = view.cursorRect(cursor)
            if abs(point.x() - rect.center().x()) <= GRAB_PIXELS and rect.top() <= point.y() <= rect.bottom():
                return edge
        return None

    def _range(self, point: QPoint, exact: bool) -> tuple[int, int] | None:
        """The span's range with the dragged edge at `point`; None if it would be empty."""
        span, document = self.editor.current, self.editor.document
        if span is None or document is None:
            return None
        offset = self._text_offsets().from_utf16(self.editor.view.cursorForPosition(point).position())
        start, end = (offset, span.end) if self.edge == "start" else (span.start, offset)
        if start >= end:
            return None
        if not exact:
            # Only the dragged edge snaps: an exact edge at the other end stays where it is.
            snapped = snap_selection(document.text, start, end)
            if snapped[0] == snapped[1]:
                return None
            start, end = (snapped[0], end) if self.edge == "start" else (start, snapped[1])
        return start, end

    def _text_offsets(self) -> Utf16Offsets:
        """The open text's offsets, worked out once per document: the hover test runs on every move."""
        text = self.editor.view.text
        if text is not self._offsets_of:
            self._offsets, self._offsets_of = Utf16Offsets(text), text
        return self._offsets

    def _show(self, target: tuple[int, int] | None) -> None:
        span = self.editor.current
        if target is not None and span is not None:
            with self.editor._keeping_current():  # the span being resized stays current
                self.editor.view.select_range(*target)

    def _drop(self, target: tuple[int, int] | None) -> None:
        self.edge = None
        span = self.editor.current
        if span is None:
            return
        with self.editor._keeping_current():
            self.editor.view.place_caret(span.start)
        if target is None:
            self.editor.message.emit("A span keeps at least one character: drag the edge less far.")
        else:
            move_to(self.editor, *target)

    def _hover(self, point: QPoint) -> None:
        """A resize cursor over a grabbable edge says it can be dragged."""
        near = self.edge_at(point) is not None
        if near != self._hovering:
            self._hovering = near
            viewport = self.editor.view.viewport()
            viewport.setCursor(Qt.CursorShape.SizeHorCursor if near else Qt.CursorShape.IBeamCursor)
