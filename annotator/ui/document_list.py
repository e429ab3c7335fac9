"""The document list: title, status and span count, a status filter, and "12 of 40 done"."""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import DocumentStatus, DocumentSummary
from annotator.ui import theme
from annotator.ui.table_model import HeaderedTableModel

Index = QModelIndex | QPersistentModelIndex
SummaryRole = Qt.ItemDataRole.UserRole + 1
STATUS_TEXT = {
    DocumentStatus.TODO: "to do",
    DocumentStatus.IN_PROGRESS: "in progress",
    DocumentStatus.DONE: "done",
    DocumentStatus.SKIPPED: "skipped",
}
STATUS_COLOUR = {
    DocumentStatus.DONE: QColor("#2e7d32"),
    DocumentStatus.IN_PROGRESS: QColor("#b26a00"),
    DocumentStatus.SKIPPED: QColor("#777777"),
}


class DocumentTableModel(HeaderedTableModel):
    COL_TITLE, COL_STATUS, COL_SPANS, COL_LABELS = range(4)
    HEADERS = ("Title", "Status", "Spans", "Labels")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DocumentSummary] = []
        self._row_of: dict[int, int] = {}
        self.document_labels: dict[int, list[str]] = {}  # id -> document labels (topic…), shown last

    def set_document_labels(self, labels: dict[int, list[str]]) -> None:
        self.document_labels = labels
        if self._rows:
            last = len(self._rows) - 1
            self.dataChanged.emit(self.index(0, self.COL_LABELS), self.index(last, self.COL_LABELS))

    def set_summaries(self, summaries: list[DocumentSummary]) -> None:
        self.beginResetModel()
        self._rows = list(summaries)
        self._row_of = {summary.id: row for row, summary in enumerate(self._rows)}
        self.endResetModel()

    def summaries(self) -> list[DocumentSummary]:
        return list(self._rows)

    def row_of(self, document_id: int) -> int | None:
        return self._row_of.get(document_id)

    def summary(self, document_id: int) -> DocumentSummary | None:
        row = self._row_of.get(document_id)
        return self._rows[row] if row is not None else None

    def update(self, document_id: int, **changes: Any) -> None:
        row = self._row_of.get(document_id)
        if row is None:
            return
        self._rows[row] = replace(self._rows[row], **changes)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        summary = self._rows[index.row()]
        column = index.column()
        if role == SummaryRole:
            return summary
        if role == Qt.ItemDataRole.ToolTipRole:
            # Every cell says it all: a narrow list elides titles and squeezes the numbers.
            spans = f"{summary.span_count} span{'' if summary.span_count == 1 else 's'}"
            # Marked up (titles escaped, never read as markup) so that a long title wraps.
            labels = html.escape(", ".join(self.document_labels.get(summary.id, [])))
            return (f"<p><b>{html.escape(summary.title)}</b><br>{STATUS_TEXT[summary.status]}, {spans}"
                    + (f"<br>{labels}" if labels else "") + "</p>")
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_TITLE:
                return summary.title
            if column == self.COL_STATUS:
                return STATUS_TEXT[summary.status]
            if column == self.COL_LABELS:
                return ", ".join(self.document_labels.get(summary.id, []))
            return summary.span_count
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COL_STATUS:
            colour = STATUS_COLOUR.get(summary.status)
            # Adjusted to the palette: the dark theme's page made green and amber hard to read.
            return theme.coloured_text(colour.name(), QGuiApplication.palette()) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_SPANS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class StatusFilter(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.statuses: set[DocumentStatus] | None = None
        self.ids: set[int] | None = None  # the filter box's matches (search); None: no words typed
        self.label_ids: set[int] | None = None  # documents with the chosen document label; None: any

    def set_label_ids(self, ids: set[int] | None) -> None:
        self.beginFilterChange()
        self.label_ids = ids
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_statuses(self, statuses: set[DocumentStatus] | None) -> None:
        self.beginFilterChange()
        self.statuses = statuses
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_ids(self, ids: set[int] | None) -> None:
        self.beginFilterChange()
        self.ids = ids
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self.statuses is None and self.ids is None and self.label_ids is None:
            return True
        summary = self.sourceModel().index(source_row, 0, source_parent).data(SummaryRole)
        if self.ids is not None and summary.id not in self.ids:
            return False
        if self.label_ids is not None and summary.id not in self.label_ids:
            return False
        return self.statuses is None or summary.status in self.statuses


FILTERS: tuple[tuple[str, set[DocumentStatus] | None], ...] = (
    ("All documents", None),
    ("Not done", {DocumentStatus.TODO, DocumentStatus.IN_PROGRESS}),
    ("To do", {DocumentStatus.TODO}),
    ("In progress", {DocumentStatus.IN_PROGRESS}),
    ("Done", {DocumentStatus.DONE}),
    ("Skipped", {DocumentStatus.SKIPPED}),
)


class DocumentList(QWidget):
    """The list with its filter and progress line; emits the id of the document the user picks."""

    documentActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentTableModel(self)
        self.proxy = StatusFilter(self)
        self.proxy.setSourceModel(self.model)
        self.filter_box = QComboBox()
        for text, _statuses in FILTERS:
            self.filter_box.addItem(text)
        self.filter_box.currentIndexChanged.connect(lambda row: self.proxy.set_statuses(FILTERS[row][1]))
        self.progress = QLabel()
        self.progress.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # Fixed row heights and no ResizeToContents: either would ask data() for every row.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DocumentTableModel.COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DocumentTableModel.COL_STATUS, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DocumentTableModel.COL_SPANS, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DocumentTableModel.COL_LABELS, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnHidden(DocumentTableModel.COL_LABELS, True)  # shown once a project has some
        # Wide enough for their words in this font (a large font cut "in progress" and "Spans").
        advance = self.table.fontMetrics().horizontalAdvance
        self.table.setColumnWidth(DocumentTableModel.COL_STATUS, max(78, advance("in progress") + 14))
        self.table.setColumnWidth(DocumentTableModel.COL_SPANS, max(42, advance("Spans") + 18))
        self.table.clicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.table)
        layout.addWidget(self.progress)
        self.setMinimumWidth(150)  # a few words of each title and the counts, however small the window

    def set_summaries(self, summaries: list[DocumentSummary]) -> None:
        self.model.set_summaries(summaries)
        self.update_progress()

    def update_progress(self) -> None:
        rows = self.model.summaries()
        done = sum(1 for summary in rows if summary.status == DocumentStatus.DONE)
        self.progress.setText(f"{done} of {len(rows)} done")

    def show_current(self, document_id: int) -> None:
        """Select the document's row (if the filter shows it) without emitting `documentActivated`."""
        row = self.model.row_of(document_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)
        else:
            self.table.clearSelection()

    def visible_ids(self) -> list[int]:
        return [self.proxy.index(row, 0).data(SummaryRole).id for row in range(self.proxy.rowCount())]

    def _activated(self, index: QModelIndex) -> None:
        summary = index.data(SummaryRole)
        if summary is not None:
            self.documentActivated.emit(summary.id)
