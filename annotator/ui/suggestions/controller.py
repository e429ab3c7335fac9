"""The window's suggestions: shown on opening a document, drafted after its first paint, and the
Suggestions menu. Stepping through them and deciding by key is in `deciding`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel

from annotator.core.suggestions import Suggestion, SuggestionSettings
from annotator.ui import dialogs
from annotator.ui.commands import SpanChange
from annotator.ui.suggestions.computing import DraftRequest, DraftResult, DraftWorker
from annotator.ui.suggestions.deciding import SuggestionKeys
from annotator.ui.suggestions.overlay import Rects, SuggestionOverlay, describe

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

UNPAINTED_MS = 300  # a document not painted by then (a hidden window) is drafted anyway


class SuggestionsController(QObject):
    shown = Signal(int)  # a document's suggestions were read again (its id): for tests and the status
    drafting = Signal(int)  # a document's sources started running (its id)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.overlay = overlay = SuggestionOverlay()
        overlay.palette = window.view.palette
        window.view.review_overlays.append(self._paint)
        window.view.review_tooltips.append(overlay.tooltip)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        window.statusBar().addPermanentWidget(self.status)
        self.worker: DraftWorker | None = None
        self.pending: DraftRequest | None = None
        self.built: dict[SuggestionSettings, list[object]] = {}  # sources built, kept per settings
        self.drafted: set[tuple[int, SuggestionSettings]] = set()  # this session, since the last edit
        self.errors_shown: set[str] = set()
        # Reading and drafting the open document's suggestions wait for its first paint (or, in a
        # window never painted, a moment).
        self.after_paint: tuple[int, SuggestionSettings | None] | None = None  # document, its sources
        self._unpainted = QTimer(self, singleShot=True, interval=UNPAINTED_MS)
        self._unpainted.timeout.connect(self._after_first_paint)
        self._opened = 0  # documents opened so far: tells this document's first paint from the last's
        self.keys = SuggestionKeys(self)
        self.menu = self._build_menu()
        window.projectLoaded.connect(self._project_loaded)
        window.documentOpened.connect(self._document_opened)
        window.labelsChanged.connect(lambda: overlay.set_labels(window.editor.labels))
        window.view.caretMoved.connect(self.keys.caret_moved)
        window.editor.delete_elsewhere = self.keys.take_delete
        window.installEventFilter(self)

    def _build_menu(self):  # noqa: ANN202 - a QMenu
        window, a = self.window, self.keys.actions
        menu = window.menuBar().addMenu("S&uggestions")
        help_menu = next((m.menuAction() for m in window.menuBar().findChildren(type(menu))
                          if m.title() == "&Help"), None)
        if help_menu is not None:  # the standard place: Help stays last
            window.menuBar().removeAction(menu.menuAction())
            window.menuBar().insertMenu(help_menu, menu)
        menu.addActions([a.next, a.previous])
        menu.addSeparator()
        menu.addActions([a.accept, a.reject, a.accept_all, a.reject_all])
        menu.addSeparator()
        menu.addActions([a.suggest_now, a.sources])
        window.addActions(list(a))
        return menu

    @property
    def document_id(self) -> int | None:
        return self.window.document_id

    # --- following the window ------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.wait()  # a running thread must end before the window (and the file) goes
        return False

    def wait(self) -> None:
        self.pending = self.after_paint = None
        if self.worker is not None:
            self.worker.wait()

    def _project_loaded(self) -> None:
        self.wait()
        self.built.clear()
        self.drafted.clear()
        self.errors_shown.clear()
        self.overlay.set_labels(self.window.editor.labels)
        session = self.window.session
        if session is not None:
            session.spansChanged.connect(self._spans_changed)

    def _document_opened(self, document_id: int | None) -> None:
        """The text first: its stored suggestions are read once it is painted (10,000 of them take
        ~100 ms to read), and then the sources switched on run in a thread."""
        self.overlay.current = None
        self.overlay.set_items([])  # the last document's must not be drawn over this one's text
        self.keys.show_status()
        self.after_paint = None
        self._opened += 1
        project = self.window.project
        if document_id is None or project is None:
            return
        settings = project.suggestion_settings()
        drafting = settings.any and not project.read_only and (document_id, settings) not in self.drafted
        self.after_paint = (document_id, settings if drafting else None)
        self._unpainted.start()

    def _paint(self, painter: QPainter, rects: Rects, start: int, end: int) -> None:
        self.overlay.paint(painter, rects, start, end)
        if self.after_paint is not None:  # once this paint is on screen (and not an older document's)
            QTimer.singleShot(0, lambda opened=self._opened: self._after_first_paint(opened))

    def _after_first_paint(self, opened: int | None = None) -> None:
        if opened is not None and opened != self._opened:
            return  # a paint of the document shown before
        pending, self.after_paint = self.after_paint, None
        self._unpainted.stop()
        if pending is None or pending[0] != self.document_id:
            return
        self.reload()
        if pending[1] is not None:
            self.draft(pending[0], pending[1])

    def _spans_changed(self, change: SpanChange) -> None:
        """A span edit: a suggestion a span now holds (tagged by hand, same range and label) is a
        span, not a suggestion, until that span goes. Costs a bisect per span changed: an edit
        never re-reads the document's suggestions (deciding one does, through `decided`)."""
        self.drafted.clear()  # the known names (and what a source is told is there) may differ now
        if change.document_id != self.document_id or not self.overlay.items:
            return
        overlay, tagged = self.overlay, set(self.overlay.tagged)
        for span in change.removed + change.updated:
            tagged.difference_update(s.id for s in overlay.equal_to(span.start, span.end, span.label))
        for span in change.added + change.updated:
            tagged.update(s.id for s in overlay.equal_to(span.start, span.end, span.label))
        if tagged != overlay.tagged:
            overlay.set_tagged(tagged)
            self.window.view.viewport().update()
            self.keys.show_status()

    def decided(self, document_id: int) -> None:
        """A decision, its undo or redo: read that document's suggestions again if it is open."""
        if document_id == self.document_id:
            self.reload()

    def reload(self) -> None:
        """Read the open document's open suggestions from the file and show them."""
        project, document_id = self.window.project, self.document_id
        items: list[Suggestion] = []
        if project is not None and document_id is not None:
            items = project.suggestions(document_id)
        self.overlay.set_items(items, self._tagged(items))
        self.window.view.viewport().update()
        if self.overlay.current is None:  # e.g. an undo reopened the suggestion under the caret
            self.keys.set_current(self.overlay.at_caret(self.window.view.caret_offset()))
        self.keys.show_status()
        if document_id is not None:
            self.shown.emit(document_id)

    def _tagged(self, items: list[Suggestion]) -> set[int]:
        """Ids of suggestions a span of the document already holds. Only spans read so far are
        looked at (a long document's later spans come a moment after opening, and reading them now
        would delay its first paint); the store never stores a suggestion a span holds, so this
        is only for one tagged by hand since, and accepting such a one reuses that span."""
        if not items:
            return set()
        label_ids = {label.name: label.id for label in self.window.editor.labels}
        spans = {(key[0], -key[1], key[4]) for key in self.window.view.index.keys}
        return {s.id for s in items if (s.start, s.end, label_ids.get(s.label, -1)) in spans}

    # --- drafting ------------------------------------------------------------------------------

    def draft(self, document_id: int, settings: SuggestionSettings, asked: bool = False) -> None:
        """Run the sources on a document in a thread; the drafts are stored when they come back."""
        project = self.window.project
        if project is None or document_id != self.document_id:
            return  # moved on meanwhile: that document is drafted when it is opened again
        request = DraftRequest(document_id, settings, asked, self.built.get(settings))
        if self.worker is not None and self.worker.isRunning():
            self.pending = request  # the latest wins: one thread at a time
            return
        self.drafted.add((document_id, settings))
        self.worker = DraftWorker(project.path, request)
        self.worker.done.connect(self._drafted)
        self.worker.start()
        self.drafting.emit(document_id)
        if asked:
            self.window.show_message("Suggesting…")

    def _drafted(self, result: DraftResult) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        request, project = result.request, self.window.project
        if project is not None and result.built is not None:
            self.built[request.settings] = result.built
        if result.errors:
            self._say_error("\n".join(result.errors), request.asked)
        if result.failed:
            self.drafted.discard((request.document_id, request.settings))
        elif project is not None and request.document_id == self.document_id:
            try:
                new = project.add_suggestions(request.document_id, result.drafts)
            except Exception as error:  # noqa: BLE001 - the file refused: said, nothing half-stored
                self._say_error(str(error), request.asked)
            else:
                self.reload()
                if request.asked or new:
                    count = len(new)
                    self.window.show_message(
                        "; ".join([f"{count} new suggestion{'s' if count != 1 else ''}"
                                   + (" — ] goes to the next" if count else ""),
                                   *result.warnings, *result.errors]))
        pending, self.pending = self.pending, None
        if pending is not None:
            self.draft(pending.document_id, pending.settings, pending.asked)

    def _say_error(self, message: str, asked: bool) -> None:
        text = f"Suggestions: {message}"
        if asked or message not in self.errors_shown:
            self.errors_shown.add(message)  # once a session: not again on every document opened
            dialogs.show_error(self.window, "Suggestions", message)
        self.window.show_message(text)

    def suggest_now(self) -> None:
        """Suggestions > Suggest in this document now: every source switched on, at once."""
        project, document_id = self.window.project, self.document_id
        if project is None or document_id is None:
            return
        if project.read_only:
            self.window.show_message("The project is open read-only: no new suggestions can be stored.")
            return
        settings = project.suggestion_settings()
        if not settings.any:
            self.window.show_message("No suggestion source is on: choose some first.")
            self.edit_sources()  # which drafts at once with the sources chosen
            return
        self.draft(document_id, settings, asked=True)

    def edit_sources(self) -> bool:
        """Suggestions > Suggestion sources…: switch sources on and off for this project."""
        from annotator.ui.suggestions.sources_dialog import SourcesDialog

        project = self.window.project
        if project is None:
            return False
        dialog = SourcesDialog(project.suggestion_settings(), self.window)
        try:
            if not dialog.exec():
                return False
            settings = dialog.settings()
        finally:
            dialog.deleteLater()
            self.window.view.setFocus()
        try:
            project.set_suggestion_settings(settings)
        except Exception as error:  # noqa: BLE001 - read-only, busy: said in one line
            dialogs.show_error(self.window, "Suggestion sources", str(error))
            return False
        self.errors_shown.clear()
        if settings.any and self.document_id is not None and not project.read_only:
            self.draft(self.document_id, settings, asked=True)
        return True

    def describe_current(self) -> str:
        current = self.overlay.current
        return describe(current) if current is not None else ""
