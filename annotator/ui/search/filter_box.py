"""The filter box over the document list (Ctrl+K): only documents holding every word typed."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

DELAY_MS = 150  # typing "berlin" searches once, not six times


class DocumentFilterBox(QLineEdit):
    """Filters `proxy` (the list's StatusFilter) by the index: words in title or text, the last one
    matched from its start as it is being typed."""

    def __init__(self, proxy: Any, project: Callable[[], Any], done: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy, self.project, self.done = proxy, project, done
        self.setPlaceholderText("Filter documents by words (Ctrl+K)")
        self.setClearButtonEnabled(True)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self.apply)
        self.textChanged.connect(lambda _text: self.timer.start())
        self.returnPressed.connect(self.apply)

    def apply(self) -> None:
        """Filter now (the list was reloaded, or the user pressed Enter)."""
        self.timer.stop()
        project = self.project()
        text = self.text().strip()
        ids: set[int] | None = None
        if project is not None and text:
            try:
                ids = set(project.search_document_ids(text))
            except (sqlite3.Error, ValueError) as error:
                self.setToolTip(str(error))
                return
        self.setToolTip("")
        if ids != self.proxy.ids:
            self.proxy.set_ids(ids)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.apply()
            self.done()
            return
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.apply()
            if event.key() == Qt.Key.Key_Down:
                self.done()
                return
        super().keyPressEvent(event)
