"""Reviewing a project-wide "tag all": every occurrence in its context, ticked, to leave some out."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.tag_all import outside

CONTEXT = 40  # characters shown either side of an occurrence


class Occurrence(NamedTuple):
    """One place "tag all" would tag, with the words around it (keyword in context)."""

    document_id: int
    start: int
    end: int
    title: str
    left: str
    match: str
    right: str


def untagged_outside(project: Any, targets: list[tuple[int, int, int]], label: str
                     ) -> list[tuple[int, int, int]]:
    """`targets` without those a span of `label` already contains ("Rutte" in "Mark Rutte")."""
    by_document: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for document_id, start, end in targets:
        by_document[document_id].append((start, end))
    kept = []
    for document_id, ranges in by_document.items():
        covering = [(span.start, span.end) for span in project.spans(document_id) if span.label == label]
        kept += [(document_id, start, end) for start, end in outside(ranges, covering)]
    return kept


def in_context(project: Any, targets: list[tuple[int, int, int]]) -> list[Occurrence]:
    """Each target with its document's title and the text around it, on one line."""
    documents: dict[int, Any] = {}
    found = []
    for document_id, start, end in targets:
        document = documents.get(document_id) or documents.setdefault(
            document_id, project.document(document_id))
        text = document.text
        found.append(Occurrence(
            document_id, start, end, document.title or f"Document {document_id}",
            _one_line(text[max(0, start - CONTEXT):start]), _one_line(text[start:end]),
            _one_line(text[end:end + CONTEXT])))
    return found


def _one_line(text: str) -> str:
    return " ".join(text.split()) if text.strip() else ""


class TagAllReview(QDialog):
    """A table of occurrences, each ticked; the button says how many will be tagged."""

    def __init__(self, parent: QWidget | None, question: str, occurrences: list[Occurrence]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tag all occurrences in the project")
        self.occurrences = occurrences
        intro = QLabel(question + " Untick those to leave out.")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(len(occurrences), 4)
        self.table.setHorizontalHeaderLabels(["Document", "Before", "Occurrence", "After"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, occurrence in enumerate(occurrences):
            title = QTableWidgetItem(occurrence.title)
            title.setFlags(title.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            title.setCheckState(Qt.CheckState.Checked)
            self.table.setItem(row, 0, title)
            before = QTableWidgetItem(occurrence.left)
            before.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 1, before)
            match = QTableWidgetItem(occurrence.match)
            font = match.font()
            font.setBold(True)
            match.setFont(font)
            self.table.setItem(row, 2, match)
            self.table.setItem(row, 3, QTableWidgetItem(occurrence.right))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemChanged.connect(lambda _item: self._count())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply = self.buttons.addButton("Tag", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ticks = QHBoxLayout()
        for text, state in (("Tick all", Qt.CheckState.Checked), ("Untick all", Qt.CheckState.Unchecked)):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, state=state: self.tick_all(state))
            ticks.addWidget(button)
        ticks.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addLayout(ticks)
        layout.addWidget(self.buttons)
        self.resize(760, 460)
        self._count()

    def tick(self, row: int, ticked: bool) -> None:
        self.table.item(row, 0).setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def tick_all(self, state: Qt.CheckState) -> None:
        for row in range(self.table.rowCount()):
            self.table.item(row, 0).setCheckState(state)

    def chosen(self) -> list[Occurrence]:
        return [occurrence for row, occurrence in enumerate(self.occurrences)
                if self.table.item(row, 0).checkState() == Qt.CheckState.Checked]

    def _count(self) -> None:
        count = len(self.chosen())
        self.apply.setText(f"Tag {count}")
        self.apply.setEnabled(count > 0)


def review(parent: QWidget | None, question: str, occurrences: list[Occurrence]) -> list[Occurrence] | None:
    """The occurrences the user keeps ticked, or None if they cancel."""
    dialog = TagAllReview(parent, question, occurrences)
    try:
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
