"""Team work in the window: the annotator's name (status bar, Edit menu), File > Merge projects…,
Team > Agreement…."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu

from annotator.ui import dialogs, file_dialogs
from annotator.ui.actions import new_action
from annotator.ui.team.name import annotator_name, ask_name, needs_asking, set_annotator_name
from annotator.ui.team.workers import AgreementWorker, MergeWorker

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow
    from annotator.ui.team.agreement_dialog import AgreementDialog  # loaded when first shown

PROJECT_FILTER = "Annotator projects (*.sqlite *.annotator *.db);;All files (*)"


def named_menu(window: MainWindow, title: str) -> QMenu | None:
    """One of the window's menus, found by its title ("Edit", "Team")."""
    for action in window.menuBar().actions():
        if action.menu() is not None and action.text().replace("&", "") == title:
            return action.menu()
    return None


class TeamController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.merge_worker: MergeWorker | None = None
        self.agreement_worker: AgreementWorker | None = None
        self.dialog: AgreementDialog | None = None
        self.name_label = QLabel()
        window.statusBar().addPermanentWidget(self.name_label)
        self.rename = new_action(window, "Annotator &name…", self.change_name,
                                 tip="The name recorded on the spans, links and statuses you make")
        self.merge = new_action(window, "&Merge projects…", self.choose_merge,
                                tip="Bring annotators' project files into this one, each as their layer")
        self.agreement = new_action(window, "&Agreement…", self.show_agreement,
                                    tip="How far the annotators agree, per label and pair, with counts")
        self._place(self.rename, "Edit")
        self._place(self.merge, "File", before=window.actions.save_copy)
        self._team_menu().addAction(self.agreement)
        window.projectLoaded.connect(self._project_loaded)
        if needs_asking():
            chosen = ask_name(window, first_time=True)
            set_annotator_name(chosen or annotator_name())
        self._show_name()

    def _place(self, action: QAction, title: str, before: QAction | None = None) -> None:
        menu = named_menu(self.window, title)
        if menu is None:
            return
        if before is not None and before in menu.actions():
            menu.insertAction(before, action)
        else:
            menu.addSeparator()
            menu.addAction(action)

    def _team_menu(self) -> QMenu:
        from annotator.ui.review.controller import team_menu

        return team_menu(self.window)

    # --- the annotator's name ------------------------------------------------------------------

    def _show_name(self) -> None:
        name = annotator_name()
        self.name_label.setText(f"Annotator: {name}")
        self.name_label.setToolTip("Recorded on every span, link and status you make "
                                   "(Edit > Annotator name…)")
        if self.window.project is not None:
            self.window.project.annotator = name

    def change_name(self) -> None:
        chosen = ask_name(self.window)
        if chosen is not None:
            set_annotator_name(chosen)
            self._show_name()
            self.window.show_message(f"Your work is now recorded as {chosen}")

    def _project_loaded(self) -> None:
        self._show_name()

    # --- merge ---------------------------------------------------------------------------------

    def choose_merge(self) -> None:
        project = self.window.project
        if project is None:
            return
        if project.read_only:
            dialogs.show_error(self.window, "Cannot merge", project.read_only_notice)
            return
        sources = file_dialogs.open_file_names(self.window, "Merge annotators' projects into this one",
                                               PROJECT_FILTER)
        if sources:
            self.start_merge(sources)

    def start_merge(self, sources: list) -> None:  # type: ignore[type-arg]
        assert self.window.project is not None
        self.merge.setEnabled(False)
        self.window.show_message(f"Merging {len(sources)} project(s)…")
        self.merge_worker = MergeWorker(self.window.project.path, list(sources), self)
        self.merge_worker.succeeded.connect(self._merged)
        self.merge_worker.failed.connect(self._merge_failed)
        self.merge_worker.finished.connect(lambda: self.merge.setEnabled(True))
        self.merge_worker.start()

    def _merged(self, report: object) -> None:
        self.window.reload_from_file()
        summary = report.summary()  # type: ignore[attr-defined]
        self.window.show_message(summary.splitlines()[-1])
        dialogs.show_info(self.window, "Projects merged", summary)

    def _merge_failed(self, message: str) -> None:
        dialogs.show_error(self.window, "Cannot merge", message)

    # --- agreement -----------------------------------------------------------------------------

    def show_agreement(self) -> None:
        project = self.window.project
        if project is None or (self.agreement_worker is not None and self.agreement_worker.isRunning()):
            return
        self.window.show_message("Measuring agreement…")
        self.agreement_worker = AgreementWorker(project.path, parent=self)
        self.agreement_worker.succeeded.connect(self._measured)
        self.agreement_worker.failed.connect(
            lambda message: dialogs.show_error(self.window, "No agreement to show", message))
        self.agreement_worker.start()

    def _measured(self, report: object) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        from annotator.ui.team.agreement_dialog import AgreementDialog

        self.dialog = AgreementDialog(report, self.window)  # type: ignore[arg-type]
        self.dialog.show()
        self.dialog.raise_()
