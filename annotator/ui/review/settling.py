"""Review's decisions: accept an annotator's version, all of one annotator, the unanimous spans, or reject.

Mixed into `ReviewController`, which holds the review state these read (`review`, `current`, `gold`,
`rejected`) and says what happened in the status bar; each decision is one step on the undo stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.adjudication import Disagreement, Review
from annotator.core.model import Span
from annotator.ui.review.commands import Acceptance, AcceptVersions, Ident, RejectDisagreement

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


class ReviewSettling:
    window: MainWindow
    review: Review | None
    document_id: int | None
    gold: list[Span]
    rejected: dict[int, set[Ident]]

    reviewer: str

    if TYPE_CHECKING:  # the controller's
        def _target(self) -> Disagreement | None: ...

        def open_disagreements(self) -> list[Disagreement]: ...

        def _rejections_changed(self, document_id: int) -> None: ...

    def accept_version(self, index: int) -> None:
        disagreement = self._target()
        if disagreement is None or self.review is None or self.document_id is None:
            return
        annotators = self.review.annotators
        if index >= len(annotators):
            count = len(annotators)
            self.window.show_message(f"Only {count} annotator{'s' if count != 1 else ''} worked on "
                                     "this document.")
            return
        layer = annotators[index]
        versions = disagreement.version_of(layer)
        if not versions:
            if self._push_reject(disagreement, f"Accept {layer}'s version (nothing)"):
                self.window.show_message(f"{layer} marked nothing here: settled with nothing in gold. "
                                         "F8: next.")
            return
        accepted = [Acceptance(v, v.span.note) for v in versions]
        if self._push_accept(accepted, f"Accept {layer}'s version"):
            what = ", ".join(f"{v.key[2]} [{v.key[0]},{v.key[1]})" for v in versions)
            self.window.show_message(f"Accepted {layer}'s {what}. F8: next disagreement.")

    def accept_all_of(self, index: int) -> None:
        """Annotator N's version of every open disagreement of the document, as one step."""
        review = self.review
        if review is None or self.document_id is None:
            return
        if index >= len(review.annotators):
            self.window.show_message(f"Only {len(review.annotators)} annotators worked on this document.")
            return
        layer = review.annotators[index]
        open_ = self.open_disagreements()
        accepted = [Acceptance(v, v.span.note) for d in open_ for v in d.version_of(layer)]
        nothing = [d.ident for d in open_ if not d.version_of(layer)]
        if not open_:
            self.window.show_message("No open disagreements in this document.")
            return
        if self._push_accept(accepted, f"Accept all of {layer}", settle=nothing):
            self.window.show_message(f"Accepted {layer}'s version of {len(open_)} disagreement"
                                     f"{'s' if len(open_) != 1 else ''} ({len(accepted)} spans).")

    def accept_unanimous(self, automatic: bool = False) -> None:
        review = self.review
        if review is None or self.document_id is None:
            return
        in_gold = {(s.start, s.end, s.label) for s in self.gold}
        todo = [Acceptance(c.versions[0], c.note()) for c in review.unanimous if c.key not in in_gold]
        if not todo:
            if not automatic:
                self.window.show_message("Every span all annotators agree on is in gold already.")
            return
        who = len(review.annotators)
        if self._push_accept(todo, f"Accept {len(todo)} unanimous span{'s' if len(todo) != 1 else ''}"):
            self.window.show_message(f"Accepted {len(todo)} span{'s' if len(todo) != 1 else ''} all {who} "
                                     "annotators agree on (one step: Ctrl+Z takes them back).")

    def reject_current(self) -> None:
        disagreement = self._target()
        if disagreement is not None and self._push_reject(disagreement, "Reject disagreement"):
            self.window.show_message("Rejected: settled with nothing in gold. F8: next disagreement.")

    def _push_accept(self, accepted: list[Acceptance], text: str, settle: list | None = None) -> bool:
        session, document_id = self.window.session, self.document_id
        if session is None or document_id is None:
            return False
        reviewer = self.reviewer
        return session.push(lambda: AcceptVersions(
            session, document_id, accepted, text, reviewer,
            settle=(self.rejected, settle or [], self._rejections_changed)))

    def _push_reject(self, disagreement: Disagreement, text: str) -> bool:
        session, document_id = self.window.session, self.document_id
        if session is None or document_id is None:
            return False
        return session.push(lambda: RejectDisagreement(
            session, document_id, disagreement.ident, self.rejected, self._rejections_changed, text))
