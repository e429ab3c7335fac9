"""Noticing that the project file changed under the window (`annotator import`, sqlite-utils, a worker).

SQLite's `PRAGMA data_version` changes whenever another connection commits to the file, and never
for this connection's own commits; reading it costs microseconds, so the window asks once a second.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from annotator.store import Project

CHECK_EVERY_MS = 1000


class OutsideChanges(QObject):
    """Says `changed` after another connection (in any process) committed to the project file."""

    changed = Signal()

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self._seen = project.data_version()
        self._timer = QTimer(self, interval=CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def stop(self) -> None:
        """No more looking: the project is being closed."""
        self._timer.stop()

    def check(self) -> bool:
        """Look now (also when the window is activated); True if something changed."""
        version = self.project.data_version()
        if version == self._seen:
            return False
        self._seen = version
        self.changed.emit()
        return True
