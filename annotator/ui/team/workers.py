"""Merging and measuring agreement off the GUI thread, each on its own connection to the project file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal


class MergeWorker(QThread):
    succeeded = Signal(object)  # MergeReport
    failed = Signal(str)

    def __init__(self, team_path: Path, sources: list[Path], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.team_path, self.sources = team_path, sources

    def run(self) -> None:
        from annotator.team.merge import merge_projects

        try:
            report = merge_projects(self.team_path, self.sources)
        except Exception as error:  # noqa: BLE001 - shown to the user, never lost in a thread
            self.failed.emit(str(error))
        else:
            self.succeeded.emit(report)


class AgreementWorker(QThread):
    succeeded = Signal(object)  # AgreementReport
    failed = Signal(str)

    def __init__(self, project_path: Path, include_gold: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project_path, self.include_gold = project_path, include_gold

    def run(self) -> None:
        from annotator.store import Project
        from annotator.team.agreement_report import project_agreement

        try:
            with Project(self.project_path, read_only=True) as project:
                report = project_agreement(project, include_gold=self.include_gold)
        except Exception as error:  # noqa: BLE001 - shown to the user, never lost in a thread
            self.failed.emit(str(error))
        else:
            self.succeeded.emit(report)
