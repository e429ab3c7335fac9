"""Review's undo steps: accepting annotators' versions into the gold layer, and rejecting a disagreement.

Accepting writes ordinary spans (source "layer:NAME", annotator = the reviewer) and their links in
one transaction; undo deletes exactly what it added, redo puts it back with the same ids, as every
other step of the window does (`annotator.ui.commands`). A rejection is written to the file too
(`store.review_marks`), so a review closed and opened again finds it settled.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from annotator.core.adjudication import Key, LayerSpanLike, Version
from annotator.core.model import Relation, Span
from annotator.store import Project
from annotator.store.review_marks import Ident, set_rejected_disagreements
from annotator.ui.commands import EditSession, SessionCommand, SpanChange


@dataclass(frozen=True)
class Acceptance:
    """One span to put in the gold layer: an annotator's version, with the note it gets there."""

    version: Version
    note: str | None


Marks = dict[int, set[Ident]]  # per document: disagreements settled with nothing in gold


class AcceptVersions(SessionCommand):
    """Put annotators' versions (spans, attributes, notes, links and the spans linked to) in gold;
    `settle` also marks disagreements where the chosen annotator marked nothing (accept all of N)."""

    def __init__(
        self, session: EditSession, document_id: int, accepted: Sequence[Acceptance], text: str,
        reviewer: str, settle: tuple[Marks, Sequence[Ident], Callable[[int], None]] | None = None,
    ) -> None:
        super().__init__(session, text)
        self.document_id, self.accepted, self.reviewer = document_id, list(accepted), reviewer
        self.settle = settle
        self.added_ids: list[int] = []
        self.deleted: tuple[list[Span], list[Relation]] | None = None

    def apply(self) -> None:
        with self.project.transaction():  # the spans and the rejections with them, or neither
            if self.deleted is not None:  # redo: the same spans and links, the same ids
                spans, links = self.deleted
                self.project.restore(spans, links)
            else:
                spans, links = self._accept()
            marked = self._mark(True)
        if marked is not None:
            marked()
        first = next((span.id for span in spans if not self._is_child(span)), spans[0].id if spans else 0)
        self.session.changed(SpanChange(self.document_id, added=spans, links_added=links, select_id=first))

    def revert(self) -> None:
        with self.project.transaction():
            self.deleted = spans, links = self.project.delete_spans(self.added_ids)
            marked = self._mark(False)
        if marked is not None:
            marked()
        self.session.changed(SpanChange(self.document_id, removed=spans, links_removed=links))

    def _mark(self, on: bool) -> Callable[[], None] | None:
        """Write the rejections this step settles (inside its transaction); what shows them after."""
        if self.settle is None or not self.settle[1]:
            return None
        marks, idents, changed = self.settle
        return _write_marks(self.project, self.document_id, marks, set(idents), on, changed)

    def _is_child(self, span: Span) -> bool:
        return all((span.start, span.end, span.label) != a.version.key for a in self.accepted)

    def _accept(self) -> tuple[list[Span], list[Relation]]:
        project = self.project
        added: list[Span] = []
        links: list[Relation] = []
        with project.transaction():  # all of it or none: a refused step leaves gold as it was
            gold: dict[Key, int] = {(s.start, s.end, s.label): s.id for s in project.spans(self.document_id)}
            new_heads: list[tuple[int, Version]] = []

            def put(layer: str, span: LayerSpanLike, note: str | None) -> int:
                key = (span.start, span.end, span.label)
                if key not in gold:
                    stored = project.add_span(
                        self.document_id, key[0], key[1], key[2], attributes=dict(span.attributes), note=note,
                        annotator=self.reviewer, source=f"layer:{layer}")
                    gold[key] = stored.id
                    added.append(stored)
                    return -stored.id  # negative: added now
                return gold[key]

            for acceptance in self.accepted:
                version = acceptance.version
                span_id = put(version.layer, version.span, acceptance.note)
                if span_id < 0:  # links only for a span added now; one already there keeps its own
                    new_heads.append((-span_id, version))
            for head_id, version in new_heads:
                for (relation_type, _), child in zip(version.links, version.children, strict=True):
                    child_id = abs(put(version.layer, child, child.note))
                    links.append(project.add_relation(head_id, child_id, relation_type))
        self.added_ids = [span.id for span in added]
        return added, links


class RejectDisagreement(SessionCommand):
    """Settle a disagreement with nothing in gold, remembered in the file (`store.review_marks`)."""

    def __init__(
        self, session: EditSession, document_id: int, ident: Ident,
        marks: Marks, changed: Callable[[int], None], text: str = "Reject disagreement",
    ) -> None:
        super().__init__(session, text)
        self.document_id, self.ident, self.marks, self.on_change = document_id, ident, marks, changed

    def apply(self) -> None:
        _write_marks(self.project, self.document_id, self.marks, {self.ident}, True, self.on_change)()

    def revert(self) -> None:
        _write_marks(self.project, self.document_id, self.marks, {self.ident}, False, self.on_change)()


def _write_marks(
    project: Project, document_id: int, marks: Marks, idents: set[Ident], on: bool,
    changed: Callable[[int], None],
) -> Callable[[], None]:
    """Store the document's rejections with these added (or taken out); the review's copy and its
    display follow only once the file has them (the returned call), so a refused write shows nothing."""
    held = marks.get(document_id, set())
    after = held | idents if on else held - idents
    set_rejected_disagreements(project, document_id, after)

    def show() -> None:
        marks[document_id] = after
        changed(document_id)

    return show
