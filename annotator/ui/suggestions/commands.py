"""Deciding suggestions as undo steps: accept (the span, its speaker and link), reject, all at once.

Each is one step on the window's undo stack and one transaction in the file. Undo hands the store
what the step made (`reopen_suggestions(decided, remove=...)`): those spans and links go, and the
suggestions are open again. Redo decides again, as the user did (an accepted span comes back with
a new id). Every step reports a `SpanChange` for its document, even one that made no span: the
window then shows that document (an undo there opens it) and the controller re-reads its
suggestions.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.suggestions import Accepted, Suggestion
from annotator.ui.commands import EditSession, SessionCommand, SpanChange

Notify = Callable[[int], None]  # told the document's id after each decision, undo and redo


class _Decide(SessionCommand):
    def __init__(self, session: EditSession, document_id: int, text: str, notify: Notify) -> None:
        super().__init__(session, text)
        self.document_id, self.notify = document_id, notify
        self.accepted = Accepted()  # what the last redo made
        self.rejected: list[int] = []

    def redo(self) -> None:
        super().redo()
        self.notify(self.document_id)

    def undo(self) -> None:
        super().undo()
        self.notify(self.document_id)

    def _report_made(self, select: bool = True) -> None:
        made = self.accepted
        select_id = made.spans[0].id if select and made.spans else 0
        self.session.changed(SpanChange(self.document_id, added=list(made.spans),
                                        links_added=list(made.relations), select_id=select_id))

    def revert(self) -> None:
        made = self.accepted
        self.project.reopen_suggestions(made.decided + self.rejected, remove=made)
        self.accepted, self.rejected = Accepted(), []
        self.session.changed(SpanChange(self.document_id, removed=list(made.spans),
                                        links_removed=list(made.relations)))


class AcceptSuggestion(_Decide):
    """Accept one suggestion (under another label: 'changed'); a quote's speaker and link come too."""

    def __init__(
        self, session: EditSession, notify: Notify, suggestion: Suggestion, label: str | None = None
    ) -> None:
        relabelled = label is not None and label != suggestion.label
        text = f"Accept suggestion as {label}" if relabelled else f"Accept {suggestion.label} suggestion"
        super().__init__(session, suggestion.document_id, text, notify)
        self.suggestion_id, self.label = suggestion.id, label if relabelled else None

    def apply(self) -> None:
        self.accepted = self.project.accept_suggestion(self.suggestion_id, self.label)
        self._report_made()


class RejectSuggestion(_Decide):
    """Reject one suggestion: it stays rejected for its document, a re-run never proposes it again."""

    def __init__(self, session: EditSession, notify: Notify, suggestion: Suggestion) -> None:
        super().__init__(session, suggestion.document_id, f"Reject {suggestion.label} suggestion", notify)
        self.suggestion_id = suggestion.id

    def apply(self) -> None:
        self.project.reject_suggestion(self.suggestion_id)
        self.rejected = [self.suggestion_id]
        self.session.changed(SpanChange(self.document_id))


class AcceptAll(_Decide):
    """Accept every open suggestion of one source in a document."""

    def __init__(
        self, session: EditSession, notify: Notify, document_id: int, source: str, count: int
    ) -> None:
        super().__init__(session, document_id, f"Accept {count} suggestions from {source}", notify)
        self.source = source

    def apply(self) -> None:
        self.accepted = self.project.accept_all(self.document_id, self.source)
        self._report_made(select=False)


class RejectAll(_Decide):
    """Reject every open suggestion in a document (of one source, or of all)."""

    def __init__(
        self, session: EditSession, notify: Notify, document_id: int, count: int, source: str | None = None
    ) -> None:
        super().__init__(session, document_id,
                         f"Reject {count} suggestions" + (f" from {source}" if source else ""), notify)
        self.source = source

    def apply(self) -> None:
        self.rejected = self.project.reject_all(self.document_id, self.source)
        self.session.changed(SpanChange(self.document_id))
