"""The span panel: the current document's spans in text order; a click jumps to one.

The model is updated in place after each edit (a bisect, then `beginInsertRows`/`beginRemoveRows` or
`dataChanged`), never reset, so tagging in a document with 10,000 spans stays instant.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QGuiApplication, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Span
from annotator.ui import theme
from annotator.ui.span_index import SpanIndex, SpanRow
from annotator.ui.table_model import HeaderedTableModel

Index = QModelIndex | QPersistentModelIndex
SpanRole = Qt.ItemDataRole.UserRole + 1
_ROLES = frozenset(
    {SpanRole, Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole}
)


# More spans than this in one change reset the model: one reset beats thousands of row inserts.
RESET_ABOVE = 500


class SpanTableModel(HeaderedTableModel):
    """The rows of a `SpanIndex` (shared with the text view): every change to it goes through here."""

    # Two columns: what people read. The offsets are in the inspector and the row's tooltip; a third
    # column cost ~1.5 ms of every key press's repaint of the list.
    COL_LABEL, COL_TEXT = range(2)
    HEADERS = ("Label", "Text")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.span_index = SpanIndex("", [])

    def set_index(self, index: SpanIndex) -> None:
        self.beginResetModel()
        self.span_index = index
        self.endResetModel()

    def spans(self) -> list[SpanRow]:
        return [self.span_index.row(row) for row in range(len(self.span_index))]

    def row_of(self, span_id: int) -> int | None:
        return self.span_index.row_of(span_id)

    def insert_spans(self, spans: list[Span]) -> list[tuple[int, int]]:
        """Add spans to the index; return the text ranges whose drawing may change."""
        if len(spans) > RESET_ABOVE:
            self.beginResetModel()
            dirty = [self.span_index.add(span) for span in spans]
            self.endResetModel()
            return dirty
        dirty = []
        for span in spans:
            row = self.span_index.insertion_row(span)
            self.beginInsertRows(QModelIndex(), row, row)
            dirty.append(self.span_index.add(span))
            self.endInsertRows()
        return dirty

    def remove_spans(self, span_ids: list[int]) -> list[tuple[int, int]]:
        """Remove spans from the index; return the text ranges whose drawing may change."""
        if len(span_ids) > RESET_ABOVE:
            self.beginResetModel()
            found = [self.span_index.remove(span_id) for span_id in span_ids]
            self.endResetModel()
            return [dirty for dirty in found if dirty is not None]
        dirty = []
        for span_id in span_ids:
            row = self.span_index.row_of(span_id)
            if row is None:
                continue
            self.beginRemoveRows(QModelIndex(), row, row)
            dirty.append(self.span_index.remove(span_id) or (0, 0))
            self.endRemoveRows()
        return dirty

    def replace_span(self, span: Span) -> list[tuple[int, int]]:
        """A span whose label, attributes or note changed (its offsets never do)."""
        row = self.span_index.row_of(span.id)
        if row is None:
            return []
        if self.span_index.insertion_row(span) not in (row, row + 1):  # a new label sorts it elsewhere
            return self.remove_spans([span.id]) + self.insert_spans([span])
        dirty = [self.span_index.remove(span.id) or (0, 0), self.span_index.add(span)]
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return dirty

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.span_index)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for a dozen roles per cell on every repaint: answer the unused ones first.
        if role not in _ROLES or not index.isValid():
            return None
        span = self.span_index.row(index.row())
        column = index.column()
        if role == SpanRole:
            return span
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_LABEL:
                return span.label
            text = " ".join(span.text.split())
            return text if len(text) <= 60 else text[:57] + "…"
        if role == Qt.ItemDataRole.ToolTipRole:
            # Marked up so Qt never guesses: the span's own text is escaped and shows literally.
            text = span.text if len(span.text) <= 300 else span.text[:297] + "…"
            return f"<p><b>{html.escape(span.label)}</b> at {span.start}–{span.end}: {html.escape(text)}</p>"
        if role == Qt.ItemDataRole.BackgroundRole and column == self.COL_LABEL:
            return label_tint(self.span_index.label_colour(span.label))
        return None


def label_tint(colour: str, palette: QPalette | None = None) -> QBrush:
    """The label cell's background: the label's colour halfway to the page, and readable under the
    palette's text (light or dark); the application's palette unless another is given.

    A background is a rectangle fill; a colour swatch (DecorationRole) made the view build a pixmap
    and an icon for every row on every repaint, about 2 ms of a 40-row table's 6.
    """
    palette = palette if palette is not None else QGuiApplication.palette()
    # Kept per palette (cacheKey changes with its colours): asked for every row on every repaint.
    key = (colour, palette.cacheKey())
    brush = _tints.get(key)
    if brush is None:
        if len(_tints) > 4096:
            _tints.clear()
        brush = _tints[key] = QBrush(theme.label_tint(colour, palette))
    return brush


_tints: dict[tuple[str, int], QBrush] = {}


class SpanPanel(QWidget):
    spanClicked = Signal(int)
    relabelRequested = Signal(int, str)  # span id, new label
    deleteRequested = Signal(int)  # span id

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
        # Always there: one appearing when a document with many spans opens would resize the table.
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(SpanTableModel.COL_LABEL, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(SpanTableModel.COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(SpanTableModel.COL_LABEL, 90)
        self.table.clicked.connect(self._clicked)
        self.table.activated.connect(self._clicked)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.label_names: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def set_index(self, index: SpanIndex) -> None:
        """Show another document's spans."""
        self.model.set_index(index)
        # Lay the rows out now, before the first paint: left to the view's own zero timer, the layout
        # lands after that paint and the whole table is painted twice (~5 ms at 10,000 spans).
        self.table.doItemsLayout()

    def show_current(self, span_id: int | None) -> None:
        row = self.model.row_of(span_id) if span_id is not None else None
        if row is None:
            self.table.clearSelection()
            return
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))

    def context_menu_for(self, span_id: int) -> QMenu:
        """Change label and Delete for one span (what a right click on its row offers)."""
        menu = QMenu(self)
        relabel = menu.addMenu("Change label")
        for name in self.label_names:
            relabel.addAction(name, lambda name=name: self.relabelRequested.emit(span_id, name))
        menu.addAction("Delete", lambda: self.deleteRequested.emit(span_id))
        return menu

    def keyPressEvent(self, event: QKeyEvent) -> None:
        span = self.table.currentIndex().data(SpanRole)
        if span is not None and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.deleteRequested.emit(span.id)
            return
        super().keyPressEvent(event)

    def _context_menu(self, position: QPoint) -> None:
        span = self.table.indexAt(position).data(SpanRole)
        if span is not None:
            self.context_menu_for(span.id).exec(self.table.viewport().mapToGlobal(position))

    def _clicked(self, index: QModelIndex) -> None:
        span = index.data(SpanRole)
        if span is not None:
            self.spanClicked.emit(span.id)
