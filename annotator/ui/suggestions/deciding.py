"""Stepping through suggestions and deciding them by key: ] and [, Enter, a label key, - or Delete,
Ctrl+Shift+A and Ctrl+Shift+X. Each decision is one undo step; the next suggestion becomes current."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from annotator.core.model import LabelKind
from annotator.core.suggestions import Suggestion
from annotator.ui.actions import new_action
from annotator.ui.suggestions.commands import AcceptAll, AcceptSuggestion, RejectAll, RejectSuggestion
from annotator.ui.suggestions.overlay import describe

if TYPE_CHECKING:
    from annotator.ui.suggestions.controller import SuggestionsController


class SuggestionActions(NamedTuple):
    next: QAction
    previous: QAction
    accept: QAction
    reject: QAction
    accept_all: QAction
    reject_all: QAction
    suggest_now: QAction
    sources: QAction


class SuggestionKeys:
    def __init__(self, controller: SuggestionsController) -> None:
        self.controller = controller
        self.window = window = controller.window
        self.overlay = controller.overlay
        self._moving = False
        accept = new_action(window, "&Accept suggestion", self.accept, ["Return", "Enter"],
                            "Accept the suggestion the caret is on (its label key does too)")
        # Return belongs to whatever has the keyboard (the document list opens a document with
        # it, the find bar finds): it accepts only while the text has it.
        accept.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        window.view.addAction(accept)
        self.actions = SuggestionActions(
            next=new_action(window, "&Next suggestion", lambda: self.step(True), ["]"],
                            "Go to the next suggestion in this document"),
            previous=new_action(window, "&Previous suggestion", lambda: self.step(False), ["["],
                                "Go to the previous suggestion in this document"),
            accept=accept,
            reject=new_action(window, "&Reject suggestion", self.reject, ["-"],
                              "Reject the suggestion the caret is on (Delete too, when not on a span)"),
            accept_all=new_action(window, "Accept a&ll from this source", self.accept_all, ["Ctrl+Shift+A"],
                                  "Accept every suggestion in this document from the current one's source"),
            reject_all=new_action(window, "Re&ject all", self.reject_all, ["Ctrl+Shift+X"],
                                  "Reject every suggestion in this document"),
            suggest_now=new_action(window, "&Suggest in this document now", controller.suggest_now,
                                   tip="Run the project's suggestion sources on this document"),
            sources=new_action(window, "Suggestion s&ources…", controller.edit_sources,
                               tip="Switch quotes, known names, pattern files and a model on or off"),
        )

    # --- the current suggestion ----------------------------------------------------------------

    def caret_moved(self, offset: int) -> None:
        if not self._moving:
            self.set_current(self.overlay.at_caret(offset))

    def set_current(self, suggestion: Suggestion | None) -> None:
        old = self.overlay.current
        self.overlay.current = suggestion
        if old != suggestion:
            # The whole page, not the two suggestions' lines: the ring and the speaker's outline
            # reach past a line's box, and the speaker may be lines away.
            self.window.view.viewport().update()
        self.show_status()

    def show_status(self) -> None:
        current, shown = self.overlay.current, self.overlay.shown()
        if current is not None:
            number, total = self.overlay.number(current)
            text = f"Suggestion {number} of {total} ({describe(current)}) — Enter accepts, - rejects"
        elif shown:
            text = f"{len(shown)} suggestion{'s' if len(shown) != 1 else ''} — ] goes to the next"
        else:
            text = ""
        self.controller.status.setText(text)

    def step(self, forward: bool) -> None:
        view = self.window.view
        suggestion, wrapped = self.overlay.step(view.caret_offset(), forward)
        if suggestion is None:
            self.window.show_message("No suggestions in this document.")
            return
        self.go_to(suggestion)
        if wrapped:
            self.window.show_message(f"Back to the {'first' if forward else 'last'} suggestion.")

    def go_to(self, suggestion: Suggestion) -> None:
        """Make a suggestion current: the caret at its start, scrolled into view."""
        view = self.window.view
        self._moving = True  # a shorter suggestion at the same start must not take over
        try:
            view.place_caret(suggestion.start)
        finally:
            self._moving = False
        # Scrolled only just into view it would sit on the last line, a quote's rest below it.
        caret, height = view.cursorRect(), view.viewport().height()
        if caret.top() < height * 0.15 or caret.bottom() > height * 0.7:
            view.centerCursor()
        self.set_current(suggestion)
        view.setFocus()

    def here(self) -> Suggestion | None:
        """The current suggestion if the caret is still on it."""
        current, view = self.overlay.current, self.window.view
        if current is None or self.overlay.by_id(current.id) is None:
            return None
        caret = view.caret_offset()
        return current if current.start <= caret <= current.end else None

    def for_label_key(self) -> Suggestion | None:
        """The suggestion a label key decides: the current one, with no text selected, unless the
        caret is in a span lying inside it (relabelling that span is what the key means then)."""
        start, end = self.window.view.selection_range()
        suggestion = self.here() if start == end else None
        span = self.window.editor.current
        if suggestion is not None and span is not None and (
                span.end - span.start < suggestion.end - suggestion.start):
            return None
        return suggestion

    # --- deciding ------------------------------------------------------------------------------

    def take_label_key(self, label: str) -> bool:
        """A label key (or button) on a suggestion accepts it, as that label; False: not for us."""
        suggestion = self.for_label_key()
        if suggestion is None:
            return False
        kinds = {item.name: item.kind for item in self.window.editor.labels}
        kind, wanted = kinds.get(suggestion.label, LabelKind.ENTITY), kinds.get(label)
        if wanted is not None and wanted != kind:
            self.window.show_message(
                f"This suggestion is {_a(kind.value)}; {label} is not. "
                "Accept it as it is (Enter) or reject it (-).")
            return True
        self._decide(suggestion, lambda *step: AcceptSuggestion(*step, suggestion, label),
                     f"Accepted {label}")
        return True

    def take_delete(self) -> bool:
        """Delete with the caret on a suggestion and not on a span rejects it; False: not for us."""
        suggestion = self.here()
        if suggestion is None or self.window.editor.current is not None:
            return False
        self.reject()
        return True

    def accept(self) -> None:
        suggestion = self.here()
        if suggestion is None:
            self._nothing_here()
            return
        self._decide(suggestion, lambda *step: AcceptSuggestion(*step, suggestion),
                     f"Accepted {suggestion.label}")

    def reject(self) -> None:
        suggestion = self.here()
        if suggestion is None:
            self._nothing_here()
            return
        self._decide(suggestion, lambda *step: RejectSuggestion(*step, suggestion),
                     f"Rejected {suggestion.label}")

    def _nothing_here(self) -> None:
        shown = self.overlay.shown()
        self.window.show_message("The caret is not on a suggestion: ] goes to the next one."
                                 if shown else "No suggestions in this document.")

    def _decide(self, suggestion: Suggestion, make, said: str) -> None:  # noqa: ANN001
        session = self.window.session
        if session is None:
            return
        if session.push(lambda: make(session, self.controller.decided)):
            self.window.show_message(f"{said}: {_short(suggestion.text)}")
            self._after(suggestion.start)

    def _after(self, offset: int) -> None:
        """The next suggestion from where the decided one was becomes current (if any is left)."""
        self.overlay.current = None
        following, _wrapped = self.overlay.step(offset, True)
        if following is not None:
            self.go_to(following)
        else:
            self.set_current(None)

    def accept_all(self) -> None:
        session, document_id = self.window.session, self.controller.document_id
        shown = self.overlay.shown()
        if session is None or document_id is None or not shown:
            self._nothing_here()
            return
        current = self.here() or self.overlay.current
        sources = sorted({s.source for s in shown})
        if current is None and len(sources) > 1:
            self.window.show_message(f"Suggestions from {', '.join(sources)}: go to one (]) to accept all "
                                     "from its source.")
            return
        source = current.source if current is not None else sources[0]
        count = sum(s.source == source for s in shown)
        if session.push(lambda: AcceptAll(session, self.controller.decided, document_id, source, count)):
            self.window.show_message(f"Accepted {count} suggestions from {source} (Ctrl+Z takes them back).")
            self._after(0)

    def reject_all(self) -> None:
        session, document_id = self.window.session, self.controller.document_id
        count = len(self.overlay.shown())
        if session is None or document_id is None or not count:
            self._nothing_here()
            return
        if session.push(lambda: RejectAll(session, self.controller.decided, document_id, count)):
            self.window.show_message(f"Rejected {count} suggestions (Ctrl+Z takes them back).")
            self.set_current(None)


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 50 else text[:47] + "…"
