"""The window's backups: one in the background when a project opens and its newest is old, File >
Restore from backup, File > Save a copy."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from annotator.store.backups import needs_backup
from annotator.store.errors import explain
from annotator.store.paths import side_files
from annotator.ui import dialogs, file_dialogs
from annotator.ui.backup.restore_dialog import choose_backup
from annotator.ui.backup.worker import BackupWorker

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class WindowBackups(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.worker: BackupWorker | None = None

    def project_opened(self, path: Path) -> BackupWorker | None:
        """Back up in the background if the newest backup is older than a few hours."""
        project = self.window.project
        if self.busy() or project is None or project.read_only or project.document_count() == 0:
            return None  # an empty project has nothing to lose; a read-only one cannot lose anything
        if not needs_backup(path):
            return None
        worker = BackupWorker(path, "opened", self)
        worker.failed.connect(self._failed)
        self.worker = worker
        worker.start()
        return worker

    def _failed(self, message: str) -> None:
        self.window.show_message(f"No backup made: {message}")

    def busy(self) -> bool:
        return self.worker is not None and self.worker.is_running()

    def wait(self) -> None:
        """Let a running backup finish (closing the window): a half backup is never kept anyway."""
        if self.busy():
            assert self.worker is not None
            self.worker.wait()

    def restore(self) -> bool:
        window = self.window
        if window.project is None:
            return False
        path = window.project.path
        chosen = choose_backup(window, path)
        if chosen is None:
            return False
        if not dialogs.confirm(window, "Restore from backup",
                               f"Make {path.name} what it was at {chosen.made:%Y-%m-%d %H:%M:%S}? "
                               "What it holds now is backed up first."):
            return False
        try:
            before = window.project.restore_backup(chosen.path)
        except Exception as error:  # noqa: BLE001 - any failure is said; the restore is one step
            dialogs.show_error(window, "Restore from backup", f"Nothing was restored: {explain(error)}")
            return False
        window.load_project(path)  # every view, and a new undo history: ids may name other things now
        window.show_message(f"Restored the backup of {chosen.made:%Y-%m-%d %H:%M}; "
                            f"the state before is in {before.path.name}.")
        return True

    def save_copy(self) -> Path | None:
        window = self.window
        if window.project is None:
            return None
        suggestion = str(window.project.path.with_name(f"{window.project.path.stem}-copy.sqlite"))
        target = file_dialogs.save_file_name(window, "Save a copy of the project", suggestion,
                                             dialogs.PROJECT_FILTER)
        if target is None:
            return None
        project_files = [window.project.path, *side_files(window.project.path)]
        if target.resolve() in {path.resolve() for path in project_files}:
            dialogs.show_error(window, "Save a copy", "That is the project itself: choose another name.")
            return None
        try:
            target.unlink(missing_ok=True)  # the dialog asked before overwriting
            window.project.backup(target=target)
        except Exception as error:  # noqa: BLE001
            dialogs.show_error(window, "Save a copy", f"No copy was saved: {explain(error)}")
            return None
        window.show_message(f"Saved a copy to {target}.")
        return target
