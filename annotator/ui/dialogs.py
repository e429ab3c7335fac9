"""Small modal dialogs. Each is one function, so tests replace it with a stub that answers at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import DocumentStatus, Span
from annotator.formats import READERS
from annotator.ui import file_dialogs

PROJECT_FILTER = "Annotator projects (*.sqlite *.annotator *.db);;All files (*)"


def choose_entity(parent: QWidget, title: str, entities: list[Span], preselect: int | None,
                  avoid: QRect | None = None) -> Span | None:
    """Pick one of `entities` (type to filter, Enter to choose), placed off `avoid` (the quote on
    screen, global coordinates) so the quote stays readable while choosing."""
    from annotator.ui.speaker_chooser import choose

    return choose(parent, title, entities, preselect, avoid)


def review_tag_all(parent: QWidget, question: str, occurrences: list[Any]) -> list[Any] | None:
    """The occurrences (`tag_all_review.Occurrence`) a project-wide tag all keeps, each shown in
    its context and ticked; None if the user cancels."""
    from annotator.ui.tag_all_review import review

    return review(parent, question, occurrences)


def confirm(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def show_error(parent: QWidget, title: str, text: str, details: str = "") -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setDetailedText(details)
    box.exec()


def show_info(parent: QWidget, title: str, text: str, details: str = "") -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setDetailedText(details)
    box.exec()


def ask_import_files(parent: QWidget) -> list[Path]:
    patterns = " ".join(f"*{suffix}" for suffix in sorted(READERS))
    return file_dialogs.open_file_names(parent, "Import articles", f"Articles ({patterns})")


def ask_import_folder(parent: QWidget) -> list[Path]:
    folder = file_dialogs.existing_directory(parent, "Import a folder of articles")
    return [folder] if folder else []


def ask_new_project(parent: QWidget) -> Path | None:
    return file_dialogs.save_file_name(parent, "New project", "project.sqlite", PROJECT_FILTER)


def ask_open_project(parent: QWidget) -> Path | None:
    return file_dialogs.open_file_name(parent, "Open project", PROJECT_FILTER)


def ask_export(
    parent: QWidget, counts: dict[DocumentStatus, int] | None = None
) -> tuple[str, list[DocumentStatus] | None, Path] | None:
    """Format, statuses (None: all) and file or folder to export to, or None if the user cancels."""
    from annotator.ui.export_dialog import ask_export as ask

    return ask(parent, counts)


def show_shortcuts(parent: QWidget, rows: list[tuple[str, str]]) -> None:
    dialog = QDialog(parent)
    dialog.setWindowTitle("Keyboard shortcuts")
    table = QTableWidget(len(rows), 2)
    table.setHorizontalHeaderLabels(["Action", "Keys"])
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    for row, (action, keys) in enumerate(rows):
        table.setItem(row, 0, QTableWidgetItem(action))
        table.setItem(row, 1, QTableWidgetItem(keys))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    hint = QLabel(
        "Select text with the mouse or Shift+arrows (Shift+Ctrl+arrows by word), then press a "
        "label key. Hold Alt to keep the exact characters instead of whole words."
    )
    hint.setWordWrap(True)
    hint.setTextFormat(Qt.TextFormat.PlainText)
    layout.addWidget(hint)
    layout.addWidget(table)
    layout.addWidget(buttons)
    dialog.resize(520, 560)
    dialog.exec()
