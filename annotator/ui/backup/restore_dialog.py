"""File > Restore from backup: the project's backups with their date, reason, documents and spans."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.store.backups import Backup, list_backups

REASONS = {"": "", "opened": "on opening", "manual": "by hand", "before-restore": "before a restore",
           "before-migration": "before an upgrade", "before-tag-all": "before a project-wide tag-all",
           "before-remove-label": "before removing a label", "before-import": "before a large import"}


def choose_backup(parent: QWidget, project_path: Path) -> Backup | None:
    """Ask which backup to restore; None if there are none or the user cancels."""
    backups = list_backups(project_path)
    dialog = QDialog(parent)
    dialog.setWindowTitle("Restore from backup")
    table = QTableWidget(len(backups), 4)
    table.setHorizontalHeaderLabels(["Made", "Why", "Documents", "Spans"])
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    for row, backup in enumerate(backups):
        try:
            documents, spans = (str(count) for count in backup.contents())
        except Exception:  # noqa: BLE001 - a damaged backup is listed, not hidden
            documents, spans = "unreadable", ""
        why = REASONS.get(backup.reason, backup.reason)
        cells = [f"{backup.made:%Y-%m-%d %H:%M:%S}", why, documents, spans]
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column >= 2:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, item)
    table.resizeColumnsToContents()
    if backups:
        table.selectRow(0)
    table.doubleClicked.connect(lambda _index: dialog.accept())
    note = QLabel("The project becomes what the chosen backup holds. What it holds now is backed up "
                  "first, so this can be taken back the same way." if backups else
                  "This project has no backups yet: one is made when it is opened, every few hours.")
    note.setWordWrap(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Restore")
    buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(backups))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(table)
    layout.addWidget(note)
    layout.addWidget(buttons)
    dialog.resize(560, 360)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or not backups:
            return None
        row = table.currentRow()
        return backups[row] if 0 <= row < len(backups) else None
    finally:
        dialog.deleteLater()
