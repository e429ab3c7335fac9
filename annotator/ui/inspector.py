"""The inspector: the selected span's label, text, attributes, note and links, editable in place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Label, LabelKind, Relation, Span
from annotator.ui.span_index import SpanRow

# Attribute names and values as stored in `Span.attributes` (and exported as they are).
QUOTE_TYPE = "quote_type"  # "direct" | "indirect"
CHECK_WORTHY = "check_worthy"  # True | False
QUOTE_CHOICES: tuple[tuple[str, Any], ...] = (("—", None), ("direct", "direct"), ("indirect", "indirect"))
CLAIM_CHOICES: tuple[tuple[str, Any], ...] = (("—", None), ("yes", True), ("no", False))
LinkRole = Qt.ItemDataRole.UserRole + 1


class Inspector(QWidget):
    relabelRequested = Signal(str)
    attributeChanged = Signal(str, object)
    noteChanged = Signal(str)
    linkRequested = Signal()
    unlinkRequested = Signal(int, int, str)  # head id, child id, relation type

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.span: Span | None = None
        self.label_box = QComboBox()
        self.label_box.activated.connect(self._relabel)
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.PlainText)  # article text is never markup
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.attribute_label = QLabel()
        self.attribute_box = QComboBox()
        self.attribute_box.activated.connect(self._attribute)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note (Enter to save)")
        self.note.editingFinished.connect(self._note)
        self.links = QListWidget()
        self.links.setMaximumHeight(90)
        self.link_button = QPushButton("Link…")
        self.link_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.link_button.clicked.connect(self.linkRequested)
        self.unlink_button = QPushButton("Remove link")
        self.unlink_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.unlink_button.clicked.connect(self._unlink)
        buttons = QHBoxLayout()
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.unlink_button)
        buttons.addStretch(1)
        form = QFormLayout()
        form.addRow("Label", self.label_box)
        form.addRow("Text", self.text)
        form.addRow(self.attribute_label, self.attribute_box)
        form.addRow("Note", self.note)
        form.addRow("Links", self.links)
        form.addRow("", buttons)
        self.empty = QLabel("Select a span: put the caret in it, or click it in the list.")
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.body = QWidget()
        self.body.setLayout(form)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.empty)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self._choices: tuple[tuple[str, Any], ...] = ()
        self._attribute_key = ""
        self.show_span(None, [], [], lambda _span_id: None)

    def show_span(
        self,
        span: Span | None,
        labels: list[Label],
        relations: list[Relation],
        find_span: Callable[[int], Span | SpanRow | None],
    ) -> None:
        """Show a span (None: a hint instead); `find_span` looks up the spans its links point to."""
        self.span = span
        self.empty.setVisible(span is None)
        self.body.setVisible(span is not None)
        if span is None:
            return
        kinds = {label.name: label.kind for label in labels}
        kind = kinds.get(span.label, LabelKind.ENTITY)
        self.label_box.clear()
        for label in labels:
            if label.kind == kind:  # relabelling keeps the kind: a quote stays a quote
                self.label_box.addItem(label.name)
        self.label_box.setCurrentText(span.label)
        self.text.setText(span.text if len(span.text) <= 400 else span.text[:397] + "…")
        self._show_attribute(span, kind)
        if not self.note.hasFocus():
            self.note.setText(span.note or "")
        self.links.clear()
        for relation in relations:
            if span.id not in (relation.head_span_id, relation.child_span_id):
                continue
            outgoing = relation.head_span_id == span.id
            other = find_span(relation.child_span_id if outgoing else relation.head_span_id)
            if other is None:
                continue
            arrow = "→" if outgoing else "←"
            item = QListWidgetItem(f"{relation.type} {arrow} {other.label}: {_short(other.text)}")
            item.setData(LinkRole, (relation.head_span_id, relation.child_span_id, relation.type))
            self.links.addItem(item)
        self.link_button.setEnabled(kind != LabelKind.ENTITY)
        self.unlink_button.setEnabled(self.links.count() > 0)

    def _show_attribute(self, span: Span, kind: LabelKind) -> None:
        if kind == LabelKind.QUOTE:
            self._attribute_key, self._choices, title = QUOTE_TYPE, QUOTE_CHOICES, "Quote"
        elif kind == LabelKind.CLAIM:
            self._attribute_key, self._choices, title = CHECK_WORTHY, CLAIM_CHOICES, "Check-worthy"
        else:
            self._attribute_key, self._choices, title = "", (), ""
        self.attribute_label.setText(title)
        self.attribute_label.setVisible(bool(title))
        self.attribute_box.setVisible(bool(title))
        self.attribute_box.clear()
        current = span.attributes.get(self._attribute_key)
        for row, (text, value) in enumerate(self._choices):
            self.attribute_box.addItem(text)
            if value == current and (value is None) == (current is None):
                self.attribute_box.setCurrentIndex(row)

    def _relabel(self, _row: int) -> None:
        name = self.label_box.currentText()
        if self.span is not None and name and name != self.span.label:
            self.relabelRequested.emit(name)

    def _attribute(self, row: int) -> None:
        if self.span is not None and self._attribute_key and 0 <= row < len(self._choices):
            value = self._choices[row][1]
            if self.span.attributes.get(self._attribute_key) != value:
                self.attributeChanged.emit(self._attribute_key, value)

    def _note(self) -> None:
        if self.span is not None and self.note.text().strip() != (self.span.note or ""):
            self.noteChanged.emit(self.note.text())

    def _unlink(self) -> None:
        item = self.links.currentItem() or self.links.item(0)
        if item is not None:
            head, child, relation_type = item.data(LinkRole)
            self.unlinkRequested.emit(head, child, relation_type)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "…"
