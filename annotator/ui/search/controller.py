"""Edit > Search the project (Ctrl+Shift+F) and the document list's filter box (Ctrl+K)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget

from annotator.core.model import LabelKind
from annotator.ui.actions import new_action
from annotator.ui.commands import TagAll
from annotator.ui.search.filter_box import DocumentFilterBox
from annotator.ui.search.panel import SearchPanel
from annotator.ui.search.results import Result
from annotator.ui.tag_all_review import untagged_outside

if TYPE_CHECKING:
    from annotator.ui.commands import EditSession
    from annotator.ui.main_window import MainWindow

LIMIT = 500  # results listed at most: more is a sign to narrow the query
REFRESH_MS = 300


class SearchController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel = SearchPanel()
        self.dock = QDockWidget("Search", window)
        self.dock.setObjectName("search")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self.action = new_action(window, "&Search the project…", self.show, ["Ctrl+Shift+F"],
                                 tip="Find words, phrases, patterns or spans in every document")
        self.filter_action = new_action(window, "&Filter the document list", self.focus_filter, ["Ctrl+K"],
                                        tip="Show only the documents holding the words typed")
        window.addActions([self.action, self.filter_action])
        self.filter_box = DocumentFilterBox(window.documents.proxy, lambda: window.project,
                                            lambda: window.documents.table.setFocus())
        window.documents.layout().insertWidget(0, self.filter_box)
        window.documents.model.modelReset.connect(self._list_reloaded)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setSingleShot(True)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self.run)
        self.panel.searchRequested.connect(self.run)
        self.panel.results.opened.connect(self.open_result)
        self.panel.results.tagRequested.connect(self.tag)
        self._menu_added = False
        self._session: EditSession | None = None
        window.projectLoaded.connect(self._project_loaded)
        window.labelsChanged.connect(self._labels_changed)

    # --- the panel ----------------------------------------------------------------------------

    def show(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.panel.query.setFocus()
        self.panel.query.selectAll()

    def run(self) -> None:
        """Search as the panel asks; ticks stay on results that are still there."""
        project = self.window.project
        self.refresh_timer.stop()
        if project is None:
            return
        panel = self.panel
        ticked = panel.results.ticked_keys()
        try:
            filters, spans, query = panel.document_filter(), panel.span_query(), panel.text_query()
            if spans is not None:
                hits = project.search_spans(spans, filters, LIMIT, query)
                results = [Result(hit.span.document_id, hit.span.start, hit.span.end, hit.title, hit.context,
                                  hit.span.label + (f" ← {', '.join(hit.linked)}" if hit.linked else ""))
                           for hit in hits]
                summary = f"{len(results)} span{'' if len(results) == 1 else 's'}"
                more = len(results) >= LIMIT
            elif query.empty:
                panel.results.set_results([])
                panel.summary.setText("Type words, \"a phrase\" or /a regex/ and press Enter.")
                return
            else:
                found = project.search(query, filters, LIMIT)
                results = [Result(hit.document_id, hit.start, hit.end, hit.title, hit.context,
                                  ", ".join(dict.fromkeys(label for label, _start, _end in hit.spans)))
                           for hit in found.hits]
                summary = (f"{len(results)} match{'' if len(results) == 1 else 'es'} in "
                           f"{found.documents} document{'' if found.documents == 1 else 's'}")
                more = found.truncated
        except (ValueError, sqlite3.Error) as error:
            panel.summary.setText(str(error))
            return
        panel.results.set_results(results, ticked)
        more_text = f" (the first {LIMIT}: narrow the search for the rest)" if more else ""
        panel.summary.setText(summary + more_text)

    def open_result(self, result: Result) -> None:
        """Open the result's document with the match selected; the keyboard stays in the results."""
        self.window.open_document(result.document_id)
        if self.window.document_id == result.document_id:
            self.window.view.select_range(result.start, result.end)
        self.panel.results.setFocus()

    def tag(self, label: str, chosen: list[Result]) -> None:
        """Tag the chosen results with `label`: one undo step, one transaction."""
        window, session = self.window, self.window.session
        if session is None or window.project is None:
            return
        targets = untagged_outside(window.project, [(r.document_id, r.start, r.end) for r in chosen], label)
        if not targets:
            window.show_message(f"Already tagged as {label}.")
            return
        documents = len({document_id for document_id, _start, _end in targets})
        problem = session.back_up("before-tag-all") if documents > 1 else None
        if session.push(lambda: TagAll(session, label, targets, reveal=False)):
            window.show_message(f"Tagged {len(targets)} result{'' if len(targets) == 1 else 's'} as {label} "
                                f"in {documents} document{'' if documents == 1 else 's'}."
                                + (f" {problem}" if problem else ""))
            self.panel.results.tick_all(False)

    # --- the filter box -----------------------------------------------------------------------

    def focus_filter(self) -> None:
        self.filter_box.setFocus()
        self.filter_box.selectAll()

    def _list_reloaded(self) -> None:
        if self.filter_box.text().strip():
            self.filter_box.apply()

    # --- following the window -----------------------------------------------------------------

    def _project_loaded(self) -> None:
        if not self._menu_added:  # the menus exist by the time a project opens
            edit = next((action.menu() for action in self.window.menuBar().actions()
                         if action.text().replace("&", "") == "Edit"), None)
            if edit is not None:
                edit.addSeparator()
                edit.addActions([self.action, self.filter_action])
            self._menu_added = True
        session = self.window.session
        if session is not None and session is not self._session:
            self._session = session
            session.spansChanged.connect(self._edited)
            session.statusChanged.connect(self._edited)
        self.panel.results.set_results([])
        self.panel.summary.setText("")
        self._labels_changed()
        self.filter_box.apply()

    def _labels_changed(self) -> None:
        labels = self.window.editor.labels
        self.panel.set_labels(labels)
        self.panel.results.label_keys = {label.key.lower(): label.name for label in labels
                                         if label.key and label.kind != LabelKind.DOCUMENT}

    def _edited(self, *_args: object) -> None:
        # Spans shown on each result (and span searches) follow edits, a moment later, in one go.
        if self.dock.isVisible() and self.panel.results.results:
            self.refresh_timer.start()
