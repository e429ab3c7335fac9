"""Choosing a quote's speaker (a claim's claimant): filtered as you type, placed off the quote."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.core.speakers import Placed

S = TypeVar("S", bound=Placed)
GAP = 12  # pixels between the quote and the chooser


class SpeakerChooser(QDialog):
    """A list of candidate spans under a filter field; Enter takes the highlighted one."""

    def __init__(self, parent: QWidget | None, title: str, candidates: Sequence[Placed],
                 preselect: int | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Type to filter")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.filter.installEventFilter(self)  # Up and Down move in the list while typing
        self.filter.returnPressed.connect(lambda: self.chosen_row() is not None and self.accept())
        self.list = QListWidget()
        for row, span in enumerate(candidates):
            item = QListWidgetItem(f"{span.label}: {' '.join(span.text.split())}  (at {span.start})")
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.list.addItem(item)
        self.list.setCurrentRow(preselect if preselect is not None else 0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        ok_cancel = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(ok_cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(420, 320)

    def chosen_row(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None or item.isHidden() else int(item.data(Qt.ItemDataRole.UserRole))

    def _filter(self, typed: str) -> None:
        words = typed.casefold().split()
        first = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = not all(word in item.text().casefold() for word in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = row
        current = self.list.currentItem()
        if current is None or current.isHidden():
            self.list.setCurrentRow(first if first is not None else -1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                self.list.keyPressEvent(event)
                return True
        return super().eventFilter(watched, event)

    def place_away_from(self, avoid: QRect) -> None:
        """Move beside `avoid` (global coordinates): below it, else above, else to a side."""
        screen = QGuiApplication.screenAt(avoid.center()) or self.screen()
        area = screen.availableGeometry()
        self.move(away_from(avoid, self.frameGeometry().size().expandedTo(self.size()), area))


def away_from(avoid: QRect, size: QSize, area: QRect) -> QPoint:
    """Where a window of `size` goes inside `area` without covering `avoid`."""
    x = max(area.left(), min(avoid.left(), area.right() - size.width()))
    if avoid.bottom() + GAP + size.height() <= area.bottom():
        return QPoint(x, avoid.bottom() + GAP)
    if avoid.top() - GAP - size.height() >= area.top():
        return QPoint(x, avoid.top() - GAP - size.height())
    y = max(area.top(), min(avoid.top(), area.bottom() - size.height()))
    if avoid.right() + GAP + size.width() <= area.right():
        return QPoint(avoid.right() + GAP, y)
    return QPoint(max(area.left(), avoid.left() - GAP - size.width()), y)


def quote_rect(view: QPlainTextEdit, start: int, end: int) -> QRect:
    """The on-screen rectangle (global coordinates) of [start, end) code points in `view`."""
    text = view.toPlainText()
    cursor = QTextCursor(view.document())

    def at(offset: int) -> QRect:
        cursor.setPosition(len(text[:offset].encode("utf-16-le")) // 2)
        return view.cursorRect(cursor)

    first, last = at(start), at(end)
    if first.top() == last.top():
        rect = first.united(last)
    else:  # several lines: their whole width
        rect = QRect(0, first.top(), view.viewport().width(), last.bottom() - first.top())
    rect = rect.intersected(view.viewport().rect()) or rect
    return QRect(view.viewport().mapToGlobal(rect.topLeft()), rect.size())


def choose(parent: QWidget | None, title: str, candidates: Sequence[S], preselect: int | None,
           avoid: QRect | None = None) -> S | None:
    """The candidate the user picks, or None if they cancel."""
    dialog = SpeakerChooser(parent, title, candidates, preselect)
    try:
        if avoid is not None:
            dialog.place_away_from(avoid)
        dialog.filter.setFocus()
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        row = dialog.chosen_row()
        return None if row is None else candidates[row]
    finally:
        dialog.deleteLater()
