"""The main window's moving between documents and marking them done, skipped or back to do."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from annotator.core.model import DocumentStatus
from annotator.ui.commands import SetStatus
from annotator.ui.document_list import SummaryRole
from annotator.ui.reading import text_direction

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

NOT_DONE = (DocumentStatus.TODO, DocumentStatus.IN_PROGRESS)


class DocumentNavigation:
    """Mixed into `MainWindow`: which document is open, and its status."""

    def _reload_documents(self: MainWindow) -> None:
        assert self.project is not None
        self.documents.set_summaries(self.project.document_summaries())
        if self.document_id is not None:
            self.documents.show_current(self.document_id)
        elif self.documents.model.summaries():
            self.open_document(self.documents.model.summaries()[0].id)


    def _span_count_changed(self: MainWindow, document_id: int, count: int) -> None:
        # The first edit also moves a document from "to do" to "in progress" (the store does it).
        status = self.project.document_status(document_id) if self.project is not None else None
        changes = {"span_count": count} if status is None else {"span_count": count, "status": status}
        self.documents.model.update(document_id, **changes)


    def open_document(self: MainWindow, document_id: int | None) -> None:
        if self.project is None or document_id == self.document_id:
            return
        document = self.project.document(document_id) if document_id is not None else None
        self.document_id = document_id
        self.editor.load_document(document)
        # An untitled document (Label Studio tasks often are) is headed by its first line, as in the list.
        summary = self.documents.model.summary(document_id) if document_id is not None else None
        headline = (document.title or (summary.title if summary else "")) if document else ""
        self.title.setText(headline or "No documents yet: import some (File > Import).")
        self.title.setLayoutDirection(text_direction(headline))  # an Arabic title stands on the right
        self.details.show_document(document)
        name = self.project.path.name + (" (read-only)" if self.project.read_only else "")
        self.setWindowTitle(f"{headline + ' — ' if headline else ''}{name} — Annotator")
        if document_id is not None:
            self.documents.show_current(document_id)
            QSettings().setValue(last_document_key(self.project.path), document_id)
        self.find_bar.refresh()
        self.view.setFocus()
        self.documentOpened.emit(document_id)


    def step_document(self: MainWindow, step: int) -> None:
        # Through the filter's index mapping: listing every visible id costs ~150 ms at 10,000 rows.
        proxy, model = self.documents.proxy, self.documents.model
        row = model.row_of(self.document_id) if self.document_id is not None else None
        here = proxy.mapFromSource(model.index(row, 0)).row() if row is not None else -1
        position = here + step if here >= 0 else 0
        if not 0 <= position < proxy.rowCount():
            if proxy.rowCount():
                self.show_message("No more documents this way.")
            return
        self.open_document(proxy.index(position, 0).data(SummaryRole).id)


    def mark_done_and_next(self: MainWindow) -> None:
        self._mark_and_next(DocumentStatus.DONE)


    def mark_skipped_and_next(self: MainWindow) -> None:
        self._mark_and_next(DocumentStatus.SKIPPED)


    def mark_todo(self: MainWindow) -> None:
        """Put a document back to "to do" (a mistaken Ctrl+Enter, or one to look at again)."""
        current = self.documents.model.summary(self.document_id) if self.document_id is not None else None
        if self.session is not None and current is not None and current.status != DocumentStatus.TODO:
            self.session.push(lambda: SetStatus(self.session, current.id, DocumentStatus.TODO))


    def _mark_and_next(self: MainWindow, status: DocumentStatus) -> None:
        if self.session is None or self.document_id is None:
            return
        current = self.documents.model.summary(self.document_id)
        if current is not None and current.status != status:
            session, document_id = self.session, self.document_id
            session.push(lambda: SetStatus(session, document_id, status))
        summaries = self.documents.model.summaries()
        start = next((row for row, s in enumerate(summaries) if s.id == self.document_id), -1)
        following = summaries[start + 1 :] + summaries[: start + 1]
        target = next((s.id for s in following if s.status in NOT_DONE and s.id != self.document_id), None)
        if target is None:
            self.show_message("All documents are done.")
        else:
            self.open_document(target)


    def _status_changed(self: MainWindow, document_id: int) -> None:
        assert self.project is not None
        self.documents.model.update(document_id, status=self.project.document(document_id).status)
        self.documents.update_progress()



def last_document_key(path: Path) -> str:
    # A digest, not the path: QSettings treats "/" in keys as groups and "\\" differently per format.
    return "last_document/" + hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:16]
