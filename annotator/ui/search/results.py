"""The search panel's results: one keyword-in-context line each, tickable, label keys tag them."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from annotator.core.kwic import KwicLine


class Result(NamedTuple):
    """One row: where the match (or span) is, and what to show around it."""

    document_id: int
    start: int
    end: int
    title: str
    context: KwicLine
    spans: str  # the labels on it, or a span's label and link ("QUOTE ← Mark Rutte")


class ResultsTable(QTableWidget):
    """Document, before, match, after, spans; Enter or a double-click opens a result, and a label's
    key (unmodified) tags the ticked results, or the current one when none is ticked."""

    COL_DOCUMENT, COL_BEFORE, COL_MATCH, COL_AFTER, COL_SPANS = range(5)
    opened = Signal(object)  # a Result
    tagRequested = Signal(str, list)  # label name, [Result]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.results: list[Result] = []
        self.label_keys: dict[str, str] = {}  # lower-case key -> label name
        self.setHorizontalHeaderLabels(["Document", "Before", "Match", "After", "Spans"])
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(False)
        self.setShowGrid(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.setColumnWidth(self.COL_DOCUMENT, 200)
        self.setColumnWidth(self.COL_BEFORE, 300)
        header.setSectionResizeMode(self.COL_MATCH, QHeaderView.ResizeMode.ResizeToContents)
        self.setColumnWidth(self.COL_AFTER, 300)
        self.cellDoubleClicked.connect(lambda row, _column: self._open(row))

    def set_results(self, results: list[Result], ticked: set[tuple[int, int, int]] = frozenset()) -> None:  # type: ignore[assignment]
        """Show `results`; those whose (document, start, end) is in `ticked` stay ticked."""
        self.results = results
        self.setRowCount(0)
        self.setRowCount(len(results))
        for row, result in enumerate(results):
            line = result.context
            title = QTableWidgetItem(result.title)
            title.setFlags(title.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            key = (result.document_id, result.start, result.end)
            title.setCheckState(Qt.CheckState.Checked if key in ticked else Qt.CheckState.Unchecked)
            title.setToolTip(result.title)
            before = QTableWidgetItem(("…" if line.cut_left else "") + line.left)
            before.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            match = QTableWidgetItem(line.match)
            font = match.font()
            font.setBold(True)
            match.setFont(font)
            after = QTableWidgetItem(line.right + ("…" if line.cut_right else ""))
            for column, item in enumerate((title, before, match, after, QTableWidgetItem(result.spans))):
                self.setItem(row, column, item)

    def ticked(self) -> list[Result]:
        return [result for row, result in enumerate(self.results)
                if self.item(row, 0).checkState() == Qt.CheckState.Checked]

    def ticked_keys(self) -> set[tuple[int, int, int]]:
        return {(result.document_id, result.start, result.end) for result in self.ticked()}

    def tick_all(self, ticked: bool) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        for row in range(self.rowCount()):
            self.item(row, 0).setCheckState(state)

    def event(self, event: QEvent) -> bool:
        # A label key is the window's shortcut (it tags the text's selection); here it tags results.
        if event.type() == QEvent.Type.ShortcutOverride and self._label_of(event) is not None:  # type: ignore[arg-type]
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        label = self._label_of(event)
        if label is not None:
            chosen = self.ticked() or ([self.results[self.currentRow()]] if self.currentRow() >= 0 else [])
            if chosen:
                self.tagRequested.emit(label, chosen)
            return
        if event.key() == Qt.Key.Key_Space and self.currentRow() >= 0:  # tick whatever column is current
            item = self.item(self.currentRow(), 0)
            ticked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self._open(self.currentRow())
            return
        super().keyPressEvent(event)

    def _label_of(self, event: QKeyEvent) -> str | None:
        if event.modifiers() not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier):
            return None
        return self.label_keys.get(event.text().lower()) if event.text() else None

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.results):
            self.opened.emit(self.results[row])
