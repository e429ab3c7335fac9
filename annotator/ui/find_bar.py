"""Find in the open document: every match highlighted, Enter (or F3) selects the next one."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from annotator.ui.text_view import AnnotatedTextView


class FindBar(QWidget):
    def __init__(self, view: AnnotatedTextView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.matches: list[tuple[int, int]] = []
        self.field = QLineEdit()
        self.field.setPlaceholderText("Find in this article")
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self.search)
        self.field.returnPressed.connect(self.find_next)
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        close = QPushButton("×")
        close.setFlat(True)
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(close)
        self.hide()

    def open_bar(self) -> None:
        start, end = self.view.selection_range()
        if start != end and "\n" not in self.view.text[start:end]:
            self.field.setText(self.view.text[start:end])
        self.show()
        self.field.setFocus()
        self.field.selectAll()
        self.search()

    def close_bar(self) -> None:
        self.view.setFocus()  # first: hiding the focused field would hand focus to the next widget
        self.hide()
        self.view.set_find_matches([])

    def search(self) -> None:
        query = self.field.text()
        text = self.view.text
        self.matches = (
            [match.span() for match in re.finditer(re.escape(query), text, re.IGNORECASE)] if query else []
        )
        self.view.set_find_matches(self.matches)
        self.count.setText(f"{len(self.matches)} found" if query else "")

    def refresh(self) -> None:
        """Search again (another document opened)."""
        if self.isVisible():
            self.search()

    def find_next(self) -> None:
        if not self.isVisible():
            self.open_bar()
            return
        if not self.matches:
            return
        caret = self.view.selection_range()[1]
        start, end = next(((s, e) for s, e in self.matches if s >= caret), self.matches[0])
        self.view.select_range(start, end)
        index = self.matches.index((start, end)) + 1
        self.count.setText(f"{index} of {len(self.matches)}")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
        else:
            super().keyPressEvent(event)
