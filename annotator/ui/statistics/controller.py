"""View > Statistics… (Ctrl+Shift+S): opens the statistics window for the open project."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from annotator.ui.actions import new_action
from annotator.ui.statistics.dialog import StatisticsDialog

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class StatisticsController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: StatisticsDialog | None = None
        self.action = new_action(
            window,
            "&Statistics…",
            self.show,
            shortcuts=["Ctrl+Shift+S"],
            tip="Charts of progress, labels, who is quoted and suggestions, with CSV",
        )
        window.view_menu.addSeparator()
        window.view_menu.addAction(self.action)
        window.addAction(self.action)
        window.projectLoaded.connect(self._project_changed)

    def show(self) -> StatisticsDialog | None:
        project = self.window.project
        if project is None:
            return None
        if self.dialog is None or self.dialog.project is not project:
            self._project_changed()
            self.dialog = StatisticsDialog(project, self.window)
        else:
            self.dialog.refresh()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def _project_changed(self) -> None:
        if self.dialog is not None:  # it shows the project just closed
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
