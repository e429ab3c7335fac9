"""Team > Review disagreements: settle a merged project's annotator layers into the gold layer by keyboard.

While reviewing, every annotator's spans of the open document are drawn over the text (`overlay`),
the spans all annotators agree on are accepted at once (one undo step), F8 / Shift+F8 step through
the disagreements, Ctrl+N accepts annotator N's version, Ctrl+Alt+A then N accepts all of annotator
N's versions in the document, Delete or - rejects (settles with nothing in gold), and the ordinary
editor edits what was accepted. Every acceptance is one step on the window's undo stack.
"""

from __future__ import annotations

import getpass
from bisect import bisect_left
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QPainter
from PySide6.QtWidgets import QMenu

from annotator.core.adjudication import Disagreement, Review, adjudicate
from annotator.core.model import DocumentStatus, Span
from annotator.store.review_marks import rejected_disagreements
from annotator.ui.actions import new_action
from annotator.ui.review.overlay import RectsOf, ReviewBar, candidates_tooltip, highlight_colour, paint_review
from annotator.ui.review.settling import ReviewSettling

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

WORKED = (DocumentStatus.IN_PROGRESS, DocumentStatus.DONE)
REJECT_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Minus)


def team_menu(window: MainWindow) -> QMenu:
    """The window's Team menu: found by its title if another feature made it, else made before Help."""
    bar = window.menuBar()
    for action in bar.actions():
        if action.menu() is not None and action.text().replace("&", "") == "Team":
            return action.menu()
    menu = QMenu("&Team", window)
    help_action = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
    if help_action is not None:
        bar.insertMenu(help_action, menu)
    else:
        bar.addMenu(menu)
    return menu


class ReviewController(ReviewSettling, QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.active = False
        self.document_id: int | None = None
        self.review: Review | None = None
        self.gold: list[Span] = []
        self.kinds: dict[str, str] = {}
        self.current: Disagreement | None = None
        self._open: list[Disagreement] = []
        self._open_keys: set[tuple[int, int, str]] = set()
        self._starts: list[int] = []  # the candidates' starts, in their (text) order, and the longest
        self._longest = 0
        self.rejected: dict[int, set[tuple[str, int, int]]] = {}  # per document, as read from the file
        self.auto_accepted: set[int] = set()  # documents whose agreed spans review accepted by itself
        self.toggle = new_action(window, "&Review disagreements", self.set_active,
                                 tip="Show every annotator's spans and settle where they differ")
        self.toggle.setCheckable(True)
        self.toggle.setEnabled(False)
        self.toggle.triggered.disconnect()  # checkable: toggled carries the state
        self.toggle.toggled.connect(self.set_active)
        self.next = new_action(window, "&Next disagreement", lambda: self.step(1), ["F8"])
        self.previous = new_action(window, "&Previous disagreement", lambda: self.step(-1), ["Shift+F8"])
        self.unanimous = new_action(window, "Accept all &unanimous", self.accept_unanimous, ["Ctrl+Shift+U"],
                                    "Accept into gold every span all annotators marked alike")
        self.reject = new_action(window, "Re&ject disagreement (Delete, -)", self.reject_current,
                                 tip="Settle the current disagreement with nothing in gold")
        self.accept = [new_action(window, f"Accept annotator {n}'s version",
                                  partial(self.accept_version, n - 1), [f"Ctrl+{n}"]) for n in range(1, 10)]
        self.accept_all = [new_action(window, f"Accept all of annotator {n} in this document",
                                      partial(self.accept_all_of, n - 1), [f"Ctrl+Alt+A, {n}"])
                           for n in range(1, 10)]
        self.mode_actions = [self.next, self.previous, self.unanimous, self.reject,
                             *self.accept, *self.accept_all]
        menu = team_menu(window)
        menu.aboutToShow.connect(self._update_enabled)
        menu.addAction(self.toggle)
        menu.addActions([self.next, self.previous, self.unanimous, self.reject])
        self.accept_menu = menu.addMenu("Accept the &version of")
        self.accept_menu.addActions(self.accept)
        self.accept_all_menu = menu.addMenu("Accept &all of")
        self.accept_all_menu.addActions(self.accept_all)
        menu.addSeparator()  # the team's other items (Agreement…) follow review's
        window.addActions([self.toggle, *self.mode_actions])
        for action in [*self.accept, *self.accept_all]:
            action.setVisible(False)  # until a review names the document's annotators
        self._show_mode_actions()
        self.bar = ReviewBar()
        column = window.view.parentWidget().layout()
        column.insertWidget(column.indexOf(window.view), self.bar)
        window.view.review_overlays.append(self._paint)
        window.view.review_tooltips.append(self._tooltip)
        window.view.installEventFilter(self)
        window.view.caretMoved.connect(self._caret_moved)
        window.projectLoaded.connect(self._project_loaded)
        window.documentOpened.connect(self._document_opened)

    # --- mode ----------------------------------------------------------------------------------

    @property
    def reviewer(self) -> str:
        project = self.window.project
        if project is not None and project.annotator:
            return project.annotator
        try:
            return getpass.getuser()
        except (OSError, KeyError):  # no login name (a container without USER or a passwd entry)
            return "reviewer"

    def _project_loaded(self) -> None:
        self.toggle.setChecked(False)
        self.rejected, self.auto_accepted = {}, set()
        self._update_enabled()
        assert self.window.session is not None
        self.window.session.spansChanged.connect(self._gold_changed)
        # Another program wrote the file (`annotator merge` into the open project): new layers.
        self.window.outside.changed.connect(self._file_changed)

    def _file_changed(self) -> None:
        self._update_enabled()
        if self.active:
            self._load(self.document_id)

    def _update_enabled(self) -> None:
        project = self.window.project
        self.toggle.setEnabled(project is not None and bool(project.layers()))

    def set_active(self, on: bool) -> None:
        if on and not self.toggle.isEnabled():
            self.window.show_message("Nothing to review: this project has no annotator layers (merge first).")
            on = False
        if self.toggle.isChecked() != on:
            self.toggle.setChecked(on)  # calls back here with the same state
            return
        if on == self.active:
            return
        self.active = on
        self.bar.setVisible(on)
        self._show_mode_actions()
        if on:
            self._load(self.window.document_id, enter=True)
        else:
            self.review, self.current, self.document_id = None, None, None
            self.window.view.viewport().update()
            self.window.show_message("Review closed.")

    def _show_mode_actions(self) -> None:
        for action in self.mode_actions:
            action.setEnabled(self.active)
        self.accept_menu.setEnabled(self.active)
        self.accept_all_menu.setEnabled(self.active)

    def _document_opened(self, document_id: int | None) -> None:
        if self.active:
            self._load(document_id, enter=True)

    # --- the open document's layers ----------------------------------------------------------------

    def _load(self, document_id: int | None, enter: bool = False) -> None:
        project = self.window.project
        self.document_id, self.current, self.review = document_id, None, None
        if project is None or document_id is None:
            self._refresh()
            return
        spans = project.layer_spans(document_id)
        statuses = project.layer_statuses(document_id)
        annotators = sorted({span.layer for span in spans}
                            | {layer for layer, status in statuses.items() if status in WORKED})
        self.kinds = {label.name: label.kind.value for label in self.window.editor.labels}
        self.review = adjudicate(annotators, spans, project.layer_relations(document_id), self.kinds)
        self._starts = [c.start for c in self.review.candidates]
        self._longest = max((c.end - c.start for c in self.review.candidates), default=0)
        self.gold = project.spans(document_id)
        self.rejected[document_id] = rejected_disagreements(project, document_id)
        for n, action in enumerate(self.accept):
            named = n < len(self.review.annotators)
            name = self.review.annotators[n] if named else f"annotator {n + 1}"
            action.setText(f"Accept {name}'s version")
            self.accept_all[n].setText(f"Accept all of {name} in this document")
            action.setVisible(named)
            self.accept_all[n].setVisible(named)
        if enter and document_id not in self.auto_accepted:
            self.auto_accepted.add(document_id)
            self.accept_unanimous(automatic=True)
        self._refresh()

    def _gold_changed(self, change: object) -> None:
        document_id = getattr(change, "document_id", None)
        if self.active and document_id is not None and document_id == self.document_id:
            assert self.window.project is not None
            self.gold = self.window.project.spans(self.document_id)
            self._refresh()

    def _rejections_changed(self, document_id: int) -> None:
        if self.active and document_id == self.document_id:
            self._refresh()
        elif self.active:
            self.window.open_document(document_id)  # an undo of another document's rejection shows it

    def open_disagreements(self) -> list[Disagreement]:
        review = self.review
        if review is None:
            return []
        return review.open_disagreements(self.gold, self.kinds, self.rejected.get(self.document_id or 0, ()))

    def _refresh(self) -> None:
        """After any change: the current disagreement still open?, the bar, the drawing."""
        open_ = self.open_disagreements()
        # Painting and caret moves read these: worked out once per change, not per frame or key.
        self._open = open_
        self._open_keys = {c.key for d in open_ for c in d.candidates}
        if self.current is not None and self.current not in open_:
            self.current = None
        self.bar.show_state(self.review.annotators if self.review else (), self.where())
        self.window.view.viewport().update()

    def where(self) -> str:
        review = self.review
        if review is None:
            return "No document open."
        if not review.annotators:
            return "No annotator worked on this document."
        open_ = self._open
        total = len(review.disagreements)
        if self.current is not None:
            agree = " · ".join(f"{c.label} [{c.start},{c.end}): {c.agreement}"
                               for c in self.current.candidates)
            return f"{self.describe(self.current)}\n{agree}"
        if not open_:
            return (f"All {total} disagreement{'s' if total != 1 else ''} settled; "
                    f"{len(review.unanimous)} span{'s' if len(review.unanimous) != 1 else ''} agreed by all. "
                    "Ctrl+Enter marks the document done.")
        return f"{len(open_)} of {total} disagreements open. F8: next, Shift+F8: previous."

    def describe(self, disagreement: Disagreement) -> str:
        """"Disagreement 2 of 7: Alice QUOTE [10,52) vs Bob CLAIM [10,48) — Ctrl+1 Alice, Ctrl+2 Bob"."""
        assert self.review is not None
        annotators = self.review.annotators
        number = self.review.disagreements.index(disagreement) + 1
        text = self.window.view.text
        keys = ", ".join(f"Ctrl+{n + 1} {layer}" for n, layer in enumerate(annotators[:9]))
        return (f"Disagreement {number} of {len(self.review.disagreements)}: "
                f"{disagreement.summary(annotators, text)} — {keys}")

    # --- moving --------------------------------------------------------------------------------

    def step(self, direction: int) -> None:
        open_ = self.open_disagreements()
        if not open_:
            self.window.show_message(self.where())
            return
        view = self.window.view
        if self.current is not None:
            here = self.current.start
        else:
            caret = view.caret_offset()
            here = caret - 1 if direction > 0 else caret + 1  # one at the caret counts as next
        if direction > 0:
            after = [d for d in open_ if d.start > here]
            target = after[0] if after else open_[0]
        else:
            after = [d for d in open_ if d.start < here]
            target = after[-1] if after else open_[-1]
        wrapped = not after
        self.go_to(target)
        if wrapped and len(open_) > 1:
            self.window.show_message("Wrapped around. " + self.describe(target))

    def go_to(self, disagreement: Disagreement) -> None:
        self.current = disagreement
        self.window.view.select_range(disagreement.start, disagreement.end)
        self.current = disagreement  # the caret moved to its end: still this one
        self._refresh()
        self.window.show_message(self.describe(disagreement))

    def _caret_moved(self, offset: int) -> None:
        if not self.active or self.review is None:
            return
        current = self.current
        if current is not None and current.start <= offset <= current.end:
            return
        found = next((d for d in self._open if d.start <= offset < d.end), None)
        if found is not current:
            self.current = found
            self._refresh()

    def _target(self) -> Disagreement | None:
        if self.current is None:
            self.window.show_message("Press F8 to go to the next disagreement (or put the caret in one).")
        return self.current

    # --- drawing and keys ------------------------------------------------------------------------

    def _paint(self, painter: QPainter, rects_of: RectsOf, start: int, end: int) -> None:
        if not self.active or self.review is None:
            return
        # Only the candidates on screen: a bisect, not a pass over 30,000 of them per frame.
        candidates = self.review.candidates
        first = bisect_left(self._starts, start - self._longest)
        visible = [c for c in candidates[first:bisect_left(self._starts, end)] if c.end > start]
        paint_review(painter, rects_of, visible, self.review.annotators, self._open_keys, self.current,
                     highlight_colour(self.window.view))

    def _tooltip(self, offset: int) -> str:
        return candidates_tooltip(self.review, offset) if self.active and self.review is not None else ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Delete or - on an open disagreement rejects it, before the window's Delete (a span) sees it."""
        kind = event.type()
        if (kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and self.active
                and isinstance(event, QKeyEvent) and event.key() in REJECT_KEYS
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
                and self.current is not None and self.current in self._open):
            event.accept()
            if kind == QEvent.Type.KeyPress:
                self.reject_current()
            return True
        return super().eventFilter(watched, event)

    def actions(self) -> list[QAction]:
        return [self.toggle, *self.mode_actions]
