"""When a project will not open because it is damaged: say so plainly, and offer a way back.

The damaged file is never written to. The newest backup that passes its check is copied (through
SQLite) into a new project beside it, or every readable row is salvaged into one; either opens.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.store.backups import Backup, list_backups, make_backup
from annotator.store.errors import DamagedProjectError, explain
from annotator.store.salvage import salvage
from annotator.ui import dialogs


def newest_good_backup(path: Path) -> Backup | None:
    for backup in list_backups(path):
        try:
            backup.contents()
        except Exception:  # noqa: BLE001 - an unreadable backup is passed over
            continue
        return backup
    return None


def offer_recovery(parent: QWidget | None, path: Path, error: DamagedProjectError) -> Path | None:
    """Ask what to do about a damaged project; return the new project to open instead, or None."""
    backup = newest_good_backup(path)
    box = QMessageBox(QMessageBox.Icon.Warning, "Project damaged",
                      f"{path.name} is damaged: {error.detail}. It has been left exactly as it is.",
                      QMessageBox.StandardButton.Cancel, parent)
    restore = None
    if backup is not None:
        documents, spans = backup.contents()
        restore = box.addButton(f"Open the backup of {backup.made:%Y-%m-%d %H:%M} "
                                f"({documents} documents, {spans} spans)", QMessageBox.ButtonRole.AcceptRole)
    rescue = box.addButton("Salvage what can be read", QMessageBox.ButtonRole.ActionRole)
    box.setInformativeText("Either way a new project is made beside it and opened; the damaged file stays "
                           "for you to keep, send or delete.")
    box.exec()
    clicked = box.clickedButton()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        if restore is not None and clicked is restore:
            target = path.with_name(f"{path.stem}-restored-{stamp}.sqlite")
            make_backup(backup.path, path, target=target)  # type: ignore[union-attr]
            return target
        if clicked is rescue:
            target = path.with_name(f"{path.stem}-salvaged-{stamp}.sqlite")
            report = salvage(path, target)
            lost = f"; {report.lost} row(s) could not be read" if report.lost else ""
            dialogs.show_info(parent, "Salvaged", f"Copied into {target.name}: {report.summary()}{lost}.")
            return target
    except Exception as failure:  # noqa: BLE001 - said, and the damaged file is still untouched
        dialogs.show_error(parent, "Project damaged", f"That did not work: {explain(failure)}")
    return None
