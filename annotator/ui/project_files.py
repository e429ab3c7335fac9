"""File menu work: import (files, folders, drops) and export off the GUI thread, and recent projects."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from annotator.core.model import DocumentStatus
from annotator.formats.file_names import safe_name
from annotator.importing import describe_ignored, describe_special, shown_path
from annotator.ui import dialogs
from annotator.ui.workers import ExportWorker, ImportWorker

RECENT_KEY = "recent_projects"
RECENT_LIMIT = 8
SHOWN_FAILURES = 10  # failed files named in an import's result; the rest under its details


def recent_projects() -> list[Path]:
    values = QSettings().value(RECENT_KEY, [], type=list) or []
    return [Path(value) for value in values if value]


def remember_project(path: Path) -> None:
    resolved = str(Path(path).resolve())
    values = [str(p) for p in recent_projects() if str(p) != resolved]
    QSettings().setValue(RECENT_KEY, [resolved, *values][:RECENT_LIMIT])


class ProjectFiles(QObject):
    """Runs imports and exports for the window; `imported` is called when new documents arrived."""

    def __init__(
        self,
        window: QWidget,
        project_path: Callable[[], Path],
        imported: Callable[[list[str]], None],
        message: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.project_path = project_path
        self.imported = imported
        self.message = message
        self.worker: ImportWorker | ExportWorker | None = None
        self.progress: QProgressDialog | None = None

    def busy(self) -> bool:
        return self.worker is not None and self.worker.isRunning()

    # --- import --------------------------------------------------------------------------------

    def import_files(self) -> None:
        self.start_import(dialogs.ask_import_files(self.window))

    def import_folder(self) -> None:
        self.start_import(dialogs.ask_import_folder(self.window))

    def start_import(self, paths: list[Path]) -> ImportWorker | None:
        if not paths:
            return None
        if self.busy():
            self.message("Wait for the current import or export to finish.")
            return None
        worker = ImportWorker(self.project_path(), paths, parent=self)
        progress = self._progress_dialog("Importing…")
        progress.canceled.connect(worker.cancel)
        worker.progressed.connect(lambda done, total, name: self._step(done, total, name))
        worker.succeeded.connect(self._import_done)
        worker.failed.connect(lambda error: self._failed("Import failed", error))
        self._start(worker, progress)
        return worker

    def _step(self, done: int, total: int, name: str) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)
            if name:
                self.progress.setLabelText(f"Importing {name}…")  # already escaped by the worker

    def _import_done(self, report: object) -> None:
        self._finish()
        self.imported(list(report.new_labels))  # type: ignore[attr-defined]
        added, skipped = report.added, report.skipped  # type: ignore[attr-defined]
        failures = report.failures  # type: ignore[attr-defined]
        summary = f"Imported {added} document{'s' if added != 1 else ''}"
        if skipped:
            summary += f", {skipped} already in the project"
        if report.ignored:  # type: ignore[attr-defined]
            summary += f", {describe_ignored(report.ignored)}"  # type: ignore[attr-defined]
        if report.special:  # type: ignore[attr-defined]
            summary += f", {describe_special(report.special)}"  # type: ignore[attr-defined]
        # Labels the files used that the project lacked: new keys and colours to get to know.
        new_labels = list(dict.fromkeys(report.new_labels))  # type: ignore[attr-defined]
        if new_labels:
            summary += f"; label{'s' if len(new_labels) != 1 else ''} added: {', '.join(new_labels)}"
        if failures:
            # Escaped: a newline or terminal escape in a file name must not forge a line.
            reasons = [f"{shown_path(outcome.path)}: {safe_name(outcome.error or '')}"
                       for outcome in failures]
            # The reasons are the point of this dialog: in its text, a long list also under details.
            shown = "\n".join(reasons[:SHOWN_FAILURES])
            more = len(reasons) - SHOWN_FAILURES
            if more > 0:
                shown += f"\n… and {more} more (Show Details…)"
            failed = "1 file failed" if len(failures) == 1 else f"{len(failures)} files failed"
            dialogs.show_error(self.window, "Import", f"{summary}; {failed}:\n\n{shown}",
                               "\n".join(reasons) if more > 0 else "")
        self.message(summary + ".")

    # --- export --------------------------------------------------------------------------------

    def export(self) -> ExportWorker | None:
        choice = dialogs.ask_export(self.window, self._status_counts())
        if choice is None:
            return None
        format_name, statuses, target = choice
        return self.start_export(format_name, statuses, target)

    def _status_counts(self) -> dict[DocumentStatus, int] | None:
        project = getattr(self.window, "project", None)
        return project.status_counts() if project is not None else None

    def start_export(
        self, format_name: str, statuses: list[DocumentStatus] | None, target: Path
    ) -> ExportWorker | None:
        if self.busy():
            self.message("Wait for the current import or export to finish.")
            return None
        counts = self._status_counts()
        chosen = list(DocumentStatus) if statuses is None else statuses
        if counts is not None and not sum(counts[status] for status in chosen):
            # An empty file would look like a failed export, or overwrite a good one with nothing.
            names = " or ".join(status.value.replace("_", " ") for status in chosen)
            why = ("the project has no documents" if statuses is None else
                   f"no document is {names}" if names else "no status is ticked")
            dialogs.show_info(self.window, "Export", f"Nothing to export: {why}. Nothing was written.")
            return None
        worker = ExportWorker(self.project_path(), format_name, statuses, target, parent=self)
        progress = self._progress_dialog(f"Exporting to {target.name}…")
        progress.setCancelButton(None)
        worker.succeeded.connect(lambda count, warnings: self._export_done(count, warnings, target))
        worker.failed.connect(lambda error: self._failed("Export failed", error))
        self._start(worker, progress)
        return worker

    def _export_done(self, count: int, warnings: list[str], target: Path) -> None:
        self._finish()
        summary = f"Exported {count} document{'s' if count != 1 else ''} to {target}."
        self.message(summary)
        if warnings:
            # In the text itself: what a format left out is the one thing to read after an export.
            dialogs.show_info(self.window, "Export", f"{summary}\n\nWhat the format could not carry:\n"
                              + "\n".join(f"• {warning}" for warning in warnings))

    # --- shared --------------------------------------------------------------------------------

    def _progress_dialog(self, text: str) -> QProgressDialog:
        progress = QProgressDialog(text, "Cancel", 0, 0, self.window)
        progress.setWindowTitle("Annotator")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)  # quick jobs never flash a dialog
        return progress

    def _start(self, worker: ImportWorker | ExportWorker, progress: QProgressDialog) -> None:
        self.worker, self.progress = worker, progress
        # Parented to self, so dropping the Python reference never destroys a running thread.
        worker.finished.connect(worker.deleteLater)
        worker.start()

    def _failed(self, title: str, error: str) -> None:
        self._finish()
        dialogs.show_error(self.window, title, error)

    def _finish(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
        self.worker, self.progress = None, None

    def wait(self) -> None:
        """Block until a running job ends (closing the window)."""
        if self.worker is not None:
            self.worker.wait()
