"""Import and export off the GUI thread; each thread opens its own connection to the project file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from annotator.core.model import DocumentStatus


class ImportWorker(QThread):
    progressed = Signal(int, int, str)  # done, total, current file
    succeeded = Signal(object)  # ImportReport
    failed = Signal(str)

    def __init__(self, project_path: Path, paths: list[Path], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project_path, self.paths = project_path, paths
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    def run(self) -> None:
        from annotator.formats.file_names import safe_name
        from annotator.importing import import_paths
        from annotator.store import Project
        from annotator.store.backups import back_up_before_import

        try:
            with Project(self.project_path) as project:
                project.require_writable()  # a read-only project: refused before any file is read
                back_up_before_import(project, self.paths)
                report = import_paths(
                    project,
                    self.paths,
                    progress=lambda done, total, path: self.progressed.emit(
                        done, total, safe_name(path.name)
                    ),
                    cancelled=lambda: self._cancelled,
                )
        except Exception as error:  # noqa: BLE001 - shown to the user, never lost in a thread
            self.failed.emit(str(error))
        else:
            self.succeeded.emit(report)


class ExportWorker(QThread):
    succeeded = Signal(int, list)  # documents written, warnings about what the format left out
    failed = Signal(str)

    def __init__(
        self,
        project_path: Path,
        format_name: str,
        statuses: list[DocumentStatus] | None,
        target: Path,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.project_path, self.format_name = project_path, format_name
        self.statuses, self.target = statuses, target

    def run(self) -> None:
        from annotator.exporting import export_to_path
        from annotator.store import Project

        try:
            with Project(self.project_path, read_only=True) as project:  # an export only reads
                result = export_to_path(project, self.format_name, self.target, self.statuses)
        except Exception as error:  # noqa: BLE001
            self.failed.emit(str(error))
        else:
            self.succeeded.emit(result.documents, result.warnings)
