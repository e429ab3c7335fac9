"""The span panel: the current document's spans in text order; a click jumps to one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from annotator.core.model import Label, Span

Index = QModelIndex | QPersistentModelIndex
SpanRole = Qt.ItemDataRole.UserRole + 1


class SpanTableModel(QAbstractTableModel):
    COL_LABEL, COL_TEXT, COL_START = range(3)
    HEADERS = ("Label", "Text", "At")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spans: list[Span] = []
        self._colours: dict[str, str] = {}

    def set_spans(self, spans: list[Span], labels: list[Label]) -> None:
        self.beginResetModel()
        self._spans = list(spans)
        self._colours = {label.name: label.colour for label in labels}
        self.endResetModel()

    def spans(self) -> list[Span]:
        return list(self._spans)

    def row_of(self, span_id: int) -> int | None:
        return next((row for row, span in enumerate(self._spans) if span.id == span_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._spans)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        span = self._spans[index.row()]
        column = index.column()
        if role == SpanRole:
            return span
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_LABEL:
                return span.label
            if column == self.COL_TEXT:
                text = " ".join(span.text.split())
                return text if len(text) <= 60 else text[:57] + "…"
            return span.start
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_TEXT:
            return span.text
        if role == Qt.ItemDataRole.DecorationRole and column == self.COL_LABEL:
            return QColor(self._colours.get(span.label, "#cccccc"))
        return None


class SpanPanel(QWidget):
    spanClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SpanTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # Fixed row heights and no ResizeToContents: either would ask data() for every row.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SpanTableModel.COL_LABEL, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(SpanTableModel.COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SpanTableModel.COL_START, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(SpanTableModel.COL_LABEL, 90)
        self.table.setColumnWidth(SpanTableModel.COL_START, 56)
        self.table.clicked.connect(self._clicked)
        self.table.activated.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def set_spans(self, spans: list[Span], labels: list[Label]) -> None:
        self.model.set_spans(spans, labels)

    def show_current(self, span_id: int | None) -> None:
        row = self.model.row_of(span_id) if span_id is not None else None
        if row is None:
            self.table.clearSelection()
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def _clicked(self, index: QModelIndex) -> None:
        span = index.data(SpanRole)
        if span is not None:
            self.spanClicked.emit(span.id)
