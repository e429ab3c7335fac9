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
    QScrollArea,
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
        self.where = QLabel()  # the offsets: code points, end exclusive, as in every export
        self.where.setTextFormat(Qt.TextFormat.PlainText)
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
        # A narrow panel puts a label above its field rather than pushing the field out of sight.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Label", self.label_box)
        form.addRow("Text", self.text)
        form.addRow("At", self.where)
        form.addRow(self.attribute_label, self.attribute_box)
        form.addRow("Note", self.note)
        form.addRow("Links", self.links)
        form.addRow(buttons)  # the whole row's width: beside "Links" the two buttons were cut off
        self.empty = QLabel("Select a span: put the caret in it, or click it in the list.")
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.body = QWidget()
        self.body.setLayout(form)
        content = QWidget()
        column = self._column = QVBoxLayout(content)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.empty)
        column.addWidget(self.body)
        column.addStretch(1)
        # In a scroll area, what the inspector shows never changes the size it asks for: without
        # it, every span selected (a long text, the hint swapped for the fields) re-laid out the
        # window, and the splitter resized the span list, repainting all of it (~4 ms a key press).
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        # Never narrower than its widest field (and a scroll bar): the splitter stops there.
        self.setMinimumWidth(
            content.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
        )
        self.scroll = scroll
        # Room for every field of a quote (its longest form) and four lines of its text, from the
        # start and always the same; a longer text scrolls.
        self.setMinimumHeight(
            self.body.sizeHint().height() + 3 * self.text.fontMetrics().lineSpacing()
            + 2 * column.contentsMargins().top()
        )
        self._label_names: tuple[str, ...] = ()
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
            self._settle()
            return
        kinds = {label.name: label.kind for label in labels}
        kind = kinds.get(span.label, LabelKind.ENTITY)
        # Relabelling keeps the kind (a quote stays a quote); the list is rebuilt only if it changed.
        names = tuple(label.name for label in labels if label.kind == kind)
        if names != self._label_names:
            self._label_names = names
            self.label_box.clear()
            self.label_box.addItems(list(names))
        self.label_box.setCurrentText(span.label)
        self.text.setText(span.text if len(span.text) <= 400 else span.text[:397] + "…")
        self.where.setText(f"{span.start}–{span.end} ({span.end - span.start} characters)")
        self._show_attribute(span, kind)
        if not self.note.hasFocus():
            self.note.setText(span.note or "")
        rows = []
        for relation in relations:
            if span.id not in (relation.head_span_id, relation.child_span_id):
                continue
            outgoing = relation.head_span_id == span.id
            other = find_span(relation.child_span_id if outgoing else relation.head_span_id)
            if other is not None:
                arrow = "→" if outgoing else "←"
                rows.append((f"{relation.type} {arrow} {other.label}: {_short(other.text)}",
                             (relation.head_span_id, relation.child_span_id, relation.type)))
        # Rebuilt only when it changed: clearing even an empty list re-lays it out after the paint.
        shown = [self.links.item(row) for row in range(self.links.count())]
        if rows != [(item.text(), item.data(LinkRole)) for item in shown]:
            self.links.clear()
            for text, link in rows:
                item = QListWidgetItem(text)
                item.setData(LinkRole, link)
                self.links.addItem(item)
        self.link_button.setEnabled(kind != LabelKind.ENTITY)
        self.unlink_button.setEnabled(self.links.count() > 0)
        self._settle()

    def _settle(self) -> None:
        """Lay the fields out now: left to the posted layout request, the new sizes land after the
        next paint and the inspector is painted twice for one span."""
        self._column.activate()

    def _show_attribute(self, span: Span, kind: LabelKind) -> None:
        choices: tuple[tuple[str, Any], ...]
        if kind == LabelKind.QUOTE:
            self._attribute_key, choices, title = QUOTE_TYPE, QUOTE_CHOICES, "Quote"
        elif kind == LabelKind.CLAIM:
            self._attribute_key, choices, title = CHECK_WORTHY, CLAIM_CHOICES, "Check-worthy"
        else:
            self._attribute_key, choices, title = "", (), ""
        self.attribute_label.setText(title)
        self.attribute_label.setVisible(bool(title))
        self.attribute_box.setVisible(bool(title))
        if choices is not self._choices:  # rebuilt only when the kind of span changes
            self._choices = choices
            self.attribute_box.clear()
            self.attribute_box.addItems([text for text, _value in choices])
        current = span.attributes.get(self._attribute_key)
        matching = (
            row
            for row, (_text, value) in enumerate(self._choices)
            if value == current and (value is None) == (current is None)
        )
        if self._choices:
            self.attribute_box.setCurrentIndex(next(matching, 0))

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
