"""Backing up off the GUI thread: the copy and its check run on a connection of their own.

A plain Python thread, not a QThread: nothing of Qt runs in it but two signal emissions, and the
interpreter joins it at exit, so a window closed (or a test ended) mid-backup never destroys a
running QThread (which aborts the process).
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal


class BackupWorker(QObject):
    """Makes one verified backup of the project file; says `done(path)` or `failed(message)`."""

    done = Signal(str)
    failed = Signal(str)

    def __init__(self, project_path: Path, reason: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project_path, self.reason = project_path, reason
        self._thread = threading.Thread(target=self._run, name="annotator-backup")

    def start(self) -> None:
        self._thread.start()

    def is_running(self) -> bool:
        return self._thread.is_alive()

    def wait(self) -> None:
        if self._thread.ident is not None:
            self._thread.join()

    def _run(self) -> None:
        from annotator.store.backups import make_backup
        from annotator.store.errors import explain

        try:
            # From the path, not the window's connection: SQLite connections stay in their thread.
            made = make_backup(self.project_path, self.project_path, self.reason)
        except Exception as error:  # noqa: BLE001 - said in the window, never lost in a thread
            self.failed.emit(explain(error))
        else:
            self.done.emit(str(made.path))
