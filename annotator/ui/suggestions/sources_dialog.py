"""Suggestions > Suggestion sources…: which sources this project runs (stored in the project file)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.suggestions import SuggestionSettings
from annotator.ui import file_dialogs

PATTERN_FILES = "Patterns and gazetteers (*.jsonl *.json *.txt);;All files (*)"


class SourcesDialog(QDialog):
    def __init__(self, settings: SuggestionSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Suggestion sources")
        self.quotes = QCheckBox("&Quotes and their speakers (built in)")
        self.quotes.setChecked(settings.quotes)
        self.known = QCheckBox("&Known names: text tagged in other documents, wherever it appears again")
        self.known.setChecked(settings.known)
        self.patterns = QListWidget()
        self.patterns.addItems(list(settings.patterns))
        self.patterns.setMaximumHeight(120)
        self.patterns.setToolTip("spaCy/Prodigy pattern files (JSONL of label and pattern) or gazetteers "
                                 "(one name per line)")
        add, remove = QPushButton("&Add…"), QPushButton("&Remove")
        add.clicked.connect(self._add_patterns)
        remove.clicked.connect(self._remove_pattern)
        buttons = QVBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        files = QHBoxLayout()
        files.addWidget(self.patterns, 1)
        files.addLayout(buttons)
        self.model = QLineEdit(settings.model or "")
        self.model.setPlaceholderText("an installed spaCy pipeline (en_core_web_sm) or a folder; empty: none")
        form = QFormLayout()
        form.addRow(self.quotes)
        form.addRow(self.known)
        files_label = QLabel("&Pattern files:")  # a row of a list and buttons: the label needs its buddy
        files_label.setBuddy(self.patterns)
        form.addRow(files_label, files)
        form.addRow("&Model:", self.model)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box)
        self.resize(560, self.sizeHint().height())

    def _add_patterns(self) -> None:
        present = {self.patterns.item(row).text() for row in range(self.patterns.count())}
        for path in file_dialogs.open_file_names(self, "Add pattern files", PATTERN_FILES):
            if str(path) not in present:
                self.patterns.addItem(str(path))

    def _remove_pattern(self) -> None:
        for item in self.patterns.selectedItems():
            self.patterns.takeItem(self.patterns.row(item))

    def settings(self) -> SuggestionSettings:
        return SuggestionSettings(
            quotes=self.quotes.isChecked(),
            known=self.known.isChecked(),
            patterns=tuple(self.patterns.item(row).text() for row in range(self.patterns.count())),
            model=self.model.text().strip() or None,
        )
