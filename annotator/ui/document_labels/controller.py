"""The window's document labels: the toggle row, Ctrl+Alt+1…9, and the document list's column and filter."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QBoxLayout, QComboBox

from annotator.core.document_labels import DocumentLabelChoice
from annotator.ui.actions import new_action
from annotator.ui.document_labels.commands import ToggleDocumentLabel
from annotator.ui.document_labels.label_row import DocumentLabelRow
from annotator.ui.document_list import DocumentTableModel

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

ANY, NONE = "Any document label", "No document label"


class DocumentLabelsController(QObject):
    """Created in `MainWindow.__init__`; places its widgets once the window's layout exists."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.choices: list[DocumentLabelChoice] = []
        self.row = DocumentLabelRow()
        self.row.toggled.connect(self.toggle)
        self.row.hide()
        self.filter = QComboBox()
        self.filter.setToolTip("Show only the documents with this document label")
        self.filter.activated.connect(lambda _row: self.apply_filter())
        self.filter.hide()
        self.actions = [
            new_action(window, f"Toggle document label {number}", self._toggler(number),
                       [f"Ctrl+Alt+{number}"])
            for number in range(1, 10)
        ]
        window.addActions(self.actions)
        window.projectLoaded.connect(self.project_loaded)
        window.documentOpened.connect(lambda _document_id: self.show_document())
        window.labelsChanged.connect(self.labels_changed)
        # The list is read again after an import or another program's change: so are the labels.
        window.documents.model.modelReset.connect(self._list_reloaded)
        self._placed = False

    # --- following the window ------------------------------------------------------------------

    def project_loaded(self) -> None:
        self._place()
        self.filter.setCurrentIndex(0)
        self.labels_changed()

    def labels_changed(self) -> None:
        project = self.window.project
        self.choices = project.document_label_choices() if project is not None else []
        self.row.set_choices(self.choices)
        for number, action in enumerate(self.actions, start=1):
            name = self.choices[number - 1].name if number <= len(self.choices) else None
            action.setText(f"Toggle document label {name}" if name else f"Toggle document label {number}")
            action.setEnabled(name is not None)
        chosen = self.filter.currentText()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItems([ANY, *(choice.name for choice in self.choices), NONE])
        self.filter.setCurrentText(chosen if chosen in [ANY, NONE, *self.names()] else ANY)
        self.filter.blockSignals(False)
        self.filter.setVisible(bool(self.choices))
        table = self.window.documents.table
        if self.choices and table.isColumnHidden(DocumentTableModel.COL_LABELS):
            # Narrow: the title keeps the room (the cell's tooltip lists every label).
            table.setColumnWidth(DocumentTableModel.COL_LABELS,
                                 max(56, table.fontMetrics().horizontalAdvance("Labels") + 18))
        table.setColumnHidden(DocumentTableModel.COL_LABELS, not self.choices)
        self.refresh_list()
        self.show_document()

    def _list_reloaded(self) -> None:
        if self.choices and self.window.project is not None:
            self.window.documents.model.document_labels = self.window.project.document_label_map()
            self.apply_filter()
            self.show_document()

    def show_document(self) -> None:
        project, document_id = self.window.project, self.window.document_id
        self.row.setVisible(bool(self.choices) and document_id is not None)
        if project is not None and document_id is not None:
            self.row.set_checked(set(project.document_labels(document_id)))

    def refresh_list(self) -> None:
        project = self.window.project
        self.window.documents.model.set_document_labels(project.document_label_map() if project else {})
        self.apply_filter()

    def apply_filter(self) -> None:
        """Only the documents with the chosen label (or with none); every document for "any"."""
        chosen = self.filter.currentText()
        labels = self.window.documents.model.document_labels
        ids: set[int] | None = None
        if chosen == NONE:
            every = {summary.id for summary in self.window.documents.model.summaries()}
            ids = every - set(labels)
        elif chosen and chosen != ANY:
            ids = {document_id for document_id, names in labels.items() if chosen in names}
        self.window.documents.proxy.set_label_ids(ids)

    # --- labelling ---------------------------------------------------------------------------

    def names(self) -> list[str]:
        return [choice.name for choice in self.choices]

    def _toggler(self, number: int) -> Callable[[], None]:
        return lambda: self.toggle_number(number)

    def toggle_number(self, number: int) -> None:
        if 0 < number <= len(self.choices):
            self.toggle(self.choices[number - 1].name)

    def toggle(self, name: str) -> bool:
        """Turn the label on the shown document on or off: one undo step."""
        window = self.window
        project, session, document_id = window.project, window.session, window.document_id
        if project is None or session is None or document_id is None:
            return False
        on = name not in project.document_labels(document_id)
        return session.push(lambda: ToggleDocumentLabel(session, document_id, name, on, self.changed))

    def changed(self, document_id: int) -> None:
        """After a toggle, its undo or redo: show that document's labels (opening it if it is not
        the one shown, as span undo does) and update the list."""
        if document_id != self.window.document_id:
            self.window.open_document(document_id)
        self.refresh_list()
        self.show_document()
        names = self.window.documents.model.document_labels.get(document_id, [])
        self.window.show_message(f"Document labels: {', '.join(names) or 'none'}")

    def _place(self) -> None:
        """Under the article title, and above the document list (after the layout is built)."""
        if self._placed:
            return
        middle = self.window.title.parentWidget()
        column = middle.layout() if middle is not None else None
        if isinstance(column, QBoxLayout):
            column.insertWidget(column.indexOf(self.window.title) + 1, self.row)
        documents = self.window.documents.layout()
        if isinstance(documents, QBoxLayout):
            documents.insertWidget(1, self.filter)
        self._placed = True
