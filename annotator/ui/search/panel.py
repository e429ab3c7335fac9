"""The search panel: the query with its options, filters, span search, and the results."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Label, LabelKind
from annotator.core.search_query import DocumentFilter, Query, SpanQuery, parse_attribute, parse_query
from annotator.ui.search.results import ResultsTable

ANY = "(any)"
STATUSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (ANY, ()),
    ("Not done", ("todo", "in_progress")),
    ("To do", ("todo",)),
    ("In progress", ("in_progress",)),
    ("Done", ("done",)),
    ("Skipped", ("skipped",)),
)
LINKS = ((ANY, None), ("linked", True), ("not yet linked", False))


class SearchPanel(QWidget):
    """Emits `searchRequested` when the user asks (Enter in a field, the button, an option)."""

    searchRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.query = QLineEdit()
        self.query.setPlaceholderText('Words, "a phrase" or /a regex/ (Enter to search)')
        self.query.setClearButtonEnabled(True)
        self.query.installEventFilter(self)  # Down goes from the query to the results
        self.regex = QCheckBox("Regex")
        self.whole_word = QCheckBox("Whole word")
        self.case = QCheckBox("Match case")
        self.search_button = QPushButton("Search")
        self.more = QToolButton()
        self.more.setText("Filters ▸")
        self.more.setCheckable(True)
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        for widget in (self.regex, self.whole_word, self.case, self.more, self.search_button):
            top.addWidget(widget)

        self.status = QComboBox()
        for text, _statuses in STATUSES:
            self.status.addItem(text)
        self.label_present, self.label_absent, self.span_label = QComboBox(), QComboBox(), QComboBox()
        self.annotator, self.source = QLineEdit(), QLineEdit()
        self.since, self.until = QLineEdit(), QLineEdit()
        for edit in (self.since, self.until):
            edit.setPlaceholderText("YYYY-MM-DD")
        self.speaker = QLineEdit()
        self.speaker.setPlaceholderText("text of the linked speaker or claimant")
        self.links = QComboBox()
        for text, _value in LINKS:
            self.links.addItem(text)
        self.has_note = QCheckBox("with a note")
        self.attribute = QLineEdit()
        self.attribute.setPlaceholderText("key=value")
        self.filters = QWidget()
        form = QFormLayout(self.filters)
        form.setContentsMargins(0, 0, 0, 0)
        documents = QHBoxLayout()
        for text, widget in (("Status", self.status), ("with label", self.label_present),
                             ("without", self.label_absent)):
            documents.addWidget(QLabel(text))
            documents.addWidget(widget)
        form.addRow("Documents:", documents)
        who = QHBoxLayout()
        for text, widget in (("Annotator", self.annotator), ("Source", self.source),
                             ("Published from", self.since), ("to", self.until)):
            who.addWidget(QLabel(text))
            who.addWidget(widget)
        form.addRow("", who)
        spans = QHBoxLayout()
        for widget in (self.span_label, QLabel("linked to"), self.speaker, self.links, self.has_note,
                       QLabel("attribute"), self.attribute):
            spans.addWidget(widget)
        form.addRow("Spans instead:", spans)
        self.filters.setVisible(False)
        self.more.toggled.connect(self._show_filters)

        self.results = ResultsTable()
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.tick_all, self.untick_all = QPushButton("Tick all"), QPushButton("Untick all")
        self.tick_all.clicked.connect(lambda: self.results.tick_all(True))
        self.untick_all.clicked.connect(lambda: self.results.tick_all(False))
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(QLabel("Tick results and press a label's key to tag them all (one undo step)."))
        bottom.addWidget(self.tick_all)
        bottom.addWidget(self.untick_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.results, 1)
        layout.addLayout(bottom)

        for edit in (self.query, self.annotator, self.source, self.since, self.until, self.speaker,
                     self.attribute):
            edit.returnPressed.connect(self.searchRequested)
        self.search_button.clicked.connect(self.searchRequested)
        for box in (self.regex, self.whole_word, self.case, self.has_note):
            box.toggled.connect(self._option_changed)
        for combo in (self.status, self.label_present, self.label_absent, self.span_label, self.links):
            combo.activated.connect(self._option_changed)

    def set_labels(self, labels: list[Label]) -> None:
        combos = ((self.label_present, ANY), (self.label_absent, ANY), (self.span_label, "(text)"))
        for combo, first in combos:
            chosen = combo.currentText()
            combo.clear()
            combo.addItem(first)
            if combo is self.span_label:
                combo.addItem("(any span)")
            combo.addItems([label.name for label in labels
                            if combo is not self.span_label or label.kind != LabelKind.DOCUMENT])
            combo.setCurrentIndex(max(0, combo.findText(chosen)))

    def text_query(self) -> Query:
        """What the query field asks (ValueError for a bad regex)."""
        return parse_query(self.query.text(), regex=self.regex.isChecked(),
                           whole_word=self.whole_word.isChecked(), case=self.case.isChecked())

    def document_filter(self) -> DocumentFilter:
        """The filters as set (ValueError for a date that is not one)."""

        def text(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        present, absent = self.label_present.currentText(), self.label_absent.currentText()
        return DocumentFilter(
            STATUSES[self.status.currentIndex()][1],
            (present,) if present != ANY else (), (absent,) if absent != ANY else (),
            text(self.annotator), text(self.source), text(self.since), text(self.until))

    def span_query(self) -> SpanQuery | None:
        """The span search asked for, or None to find text."""
        if self.span_label.currentIndex() <= 0:
            return None
        label = self.span_label.currentText() if self.span_label.currentIndex() > 1 else None
        attribute = self.attribute.text().strip()
        return SpanQuery(
            label, self.speaker.text().strip() or None, LINKS[self.links.currentIndex()][1],
            True if self.has_note.isChecked() else None, (parse_attribute(attribute),) if attribute else ())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        down = isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down
        pressed = event.type() == QEvent.Type.KeyPress
        if watched is self.query and pressed and down and self.results.rowCount() > 0:
            self.results.setFocus()
            self.results.selectRow(max(0, self.results.currentRow()))
            return True
        return super().eventFilter(watched, event)

    def _show_filters(self, shown: bool) -> None:
        self.filters.setVisible(shown)
        self.more.setText("Filters ▾" if shown else "Filters ▸")

    def _option_changed(self) -> None:
        if self.query.text().strip() or self.span_label.currentIndex() > 0:
            self.searchRequested.emit()
