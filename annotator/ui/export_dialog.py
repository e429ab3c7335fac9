"""The Export dialog: formats by the names people know them by, what each keeps, which documents."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from annotator.core.model import DocumentStatus
from annotator.formats import EXPORT_FORMATS
from annotator.ui import file_dialogs

# Format name -> (what people call it, what it keeps and what it leaves out: the README's table).
FORMAT_NAMES: dict[str, tuple[str, str]] = {
    "jsonl": ("Prodigy / spaCy JSONL", "Keeps everything: spans, nesting, links, attributes, notes, "
              "document metadata."),
    "doccano": ("doccano JSONL", "Keeps spans and links; drops attributes, notes and metadata."),
    "brat": ("brat standoff (folder)", "A .txt and .ann per document: spans, links, attributes and "
             "notes; drops document metadata."),
    "conll": ("CoNLL IOB2", "Entities only, not nested: quotes, claims, links, attributes and notes "
              "are left out."),
    "labelstudio": ("Label Studio JSON", "Spans, links, notes and metadata; drops span attributes."),
    "spacy": ("spaCy DocBin (.spacy)", "Everything (doc.spans and user_data); doc.ents keeps the "
              "longest of overlapping entities."),
}
SUFFIXES = {"jsonl": ".jsonl", "doccano": ".jsonl", "conll": ".conll", "labelstudio": ".json",
            "spacy": ".spacy"}


class ExportDialog(QDialog):
    """Format and statuses; every status is ticked at first, as the command line exports all."""

    def __init__(self, parent: QWidget, counts: dict[DocumentStatus, int] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.formats = QComboBox()
        for name in EXPORT_FORMATS:
            self.formats.addItem(FORMAT_NAMES.get(name, (name, ""))[0], name)
        self.keeps = QLabel()
        self.keeps.setWordWrap(True)
        self.keeps.setTextFormat(Qt.TextFormat.PlainText)
        self.formats.currentIndexChanged.connect(self._describe)
        self.boxes: dict[DocumentStatus, QCheckBox] = {}
        row = QHBoxLayout()
        for status in DocumentStatus:
            text = status.value.replace("_", " ")
            if counts is not None:
                text += f" ({counts.get(status, 0)})"
            box = self.boxes[status] = QCheckBox(text)
            box.setChecked(True)
            row.addWidget(box)
        ok_cancel = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(ok_cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Format", self.formats)
        form.addRow("", self.keeps)
        form.addRow("Documents", row)
        form.addRow(buttons)
        self._describe()

    @property
    def format_name(self) -> str:
        return str(self.formats.currentData())

    def statuses(self) -> list[DocumentStatus] | None:
        """The ticked statuses; None when all are (the whole project)."""
        chosen = [status for status, box in self.boxes.items() if box.isChecked()]
        return None if len(chosen) == len(self.boxes) else chosen

    def _describe(self) -> None:
        self.keeps.setText(FORMAT_NAMES.get(self.format_name, ("", ""))[1])


def ask_export(
    parent: QWidget, counts: dict[DocumentStatus, int] | None = None
) -> tuple[str, list[DocumentStatus] | None, Path] | None:
    """Format, statuses (None: all) and where to export, or None if the user cancels."""
    dialog = ExportDialog(parent, counts)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        format_name, statuses = dialog.format_name, dialog.statuses()
    finally:
        dialog.deleteLater()
    target = ask_target(parent, format_name)
    return None if target is None else (format_name, statuses, target)


def ask_target(parent: QWidget, format_name: str) -> Path | None:
    """brat writes a folder of pairs: an empty folder is chosen for it; other formats name a file."""
    if format_name == "brat":
        return file_dialogs.existing_directory(parent, "Export to an empty folder")
    suffix = SUFFIXES.get(format_name, "")
    return file_dialogs.save_file_name(parent, "Export to", f"export-{format_name}{suffix}")
