"""One `QUndoCommand` per user action; each calls the `Project` API and says exactly what changed.

Every command writes to the project file at once (the store commits each call), then hands the
window a `SpanChange`: the spans and links it added, removed or updated, so the window updates its
in-memory copy in place instead of reloading the document. Undoing a delete (or redoing a tag)
restores spans and links with their original ids (`Project.restore`), so commands hold plain ids.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.core.model import DocumentStatus, Relation, Span
from annotator.store import Project
from annotator.store.errors import ReadOnlyProjectError, explain

Deleted = tuple[list[Span], list[Relation]]


@dataclass
class SpanChange:
    """What one step did to one document's spans and links."""

    document_id: int
    added: list[Span] = field(default_factory=list)
    removed: list[Span] = field(default_factory=list)
    updated: list[Span] = field(default_factory=list)
    links_added: list[Relation] = field(default_factory=list)
    links_removed: list[Relation] = field(default_factory=list)
    select_id: int = 0  # the span to select afterwards; 0 keeps the current one if it is still there
    reveal: bool = True  # open the document if it is not the one shown (an undo there shows it)


# What a step can meet in the file: busy, read-only, full, or a span another program removed.
STORE_ERRORS = (sqlite3.Error, KeyError, ValueError)


class EditSession(QObject):
    """The open project and its undo stack; tells the window what each step changed."""

    spansChanged = Signal(object)  # a SpanChange
    statusChanged = Signal(int)
    failed = Signal(str)  # a step the file refused: nothing of it was written, nor kept to undo
    labelsEdited = Signal()  # a label edit, its undo or its redo: the window shows the labels again

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.undo_stack = QUndoStack(self)
        self.failures = 0

    def push(self, make: Callable[[], QUndoCommand]) -> bool:
        """Make a command and do it; False (and `failed` said why) if the file refused it."""
        before = self.failures
        try:
            # A read-only project: refused before anything is tried, so no step is kept to undo.
            self.project.require_writable()
        except ReadOnlyProjectError as error:
            self.fail("", error)
            return False
        try:
            command = make()  # commands read what they change from the file: it may be gone
        except STORE_ERRORS as error:
            self.fail("", error)
            return False
        self.undo_stack.push(command)  # a command that failed made itself obsolete: not kept
        return self.failures == before

    def back_up(self, reason: str) -> str | None:
        """A verified backup before a step that changes much at once; the reason it failed, if so.

        The step stays undoable either way: this is for the worst day (a crash, a wrong undo)."""
        if self.project.read_only:
            return None  # the step itself will be refused
        try:
            self.project.backup(reason)
        except Exception as error:  # noqa: BLE001 - the step goes ahead; the window says why
            return f"No backup was made first: {explain(error)}"
        return None

    def fail(self, step: str, error: BaseException) -> None:
        self.failures += 1
        self.failed.emit(f"{step + ': not done. ' if step else ''}{explain(error)}")

    def changed(self, change: SpanChange) -> None:
        self.spansChanged.emit(change)


class SessionCommand(QUndoCommand):
    """A step that writes through the store. A step the file refuses (each is one transaction, so
    nothing of it was written) becomes obsolete: QUndoStack then drops it instead of keeping an
    undo step that never happened, and the session tells the window."""

    def __init__(self, session: EditSession, text: str, parent: QUndoCommand | None = None) -> None:
        super().__init__(text, parent)
        self.session = session
        self.project = session.project

    apply: Callable[[], None]  # each step defines both: the change, and taking it back
    revert: Callable[[], None]

    def redo(self) -> None:
        self._guarded(self.apply, self.text())

    def undo(self) -> None:
        self._guarded(self.revert, f"Undo {self.text()}")

    def _guarded(self, step: Callable[[], None], name: str) -> None:
        try:
            step()
        except STORE_ERRORS as error:
            self.setObsolete(True)
            self.session.fail(name, error)


class AddSpan(SessionCommand):
    """Tag a range; undo deletes the span, redo puts it back with the same id."""

    def __init__(self, session: EditSession, document_id: int, start: int, end: int, label: str) -> None:
        super().__init__(session, f"Tag {label}")
        self.document_id, self.start, self.end, self.label = document_id, start, end, label
        self.span_id = 0
        self.deleted: Deleted | None = None

    def apply(self) -> None:
        if self.deleted is None:
            span = self.project.add_span(self.document_id, self.start, self.end, self.label)
            self.span_id, added, links = span.id, [span], []
        else:
            added, links = self.deleted
            self.project.restore(added, links)
        self.session.changed(SpanChange(self.document_id, added=added, links_added=links,
                                        select_id=self.span_id))

    def revert(self) -> None:
        self.deleted = spans, links = self.project.delete_spans([self.span_id])
        self.session.changed(SpanChange(self.document_id, removed=spans, links_removed=links))


class DeleteSpan(SessionCommand):
    """Delete a span; undo brings it back, same id, with its attributes, note and every link it had."""

    def __init__(self, session: EditSession, span_id: int) -> None:
        self.span: Span = session.project.span(span_id)
        super().__init__(session, f"Delete {self.span.label}")
        self.deleted: Deleted = ([], [])

    def apply(self) -> None:
        self.deleted = spans, links = self.project.delete_spans([self.span.id])
        self.session.changed(SpanChange(self.span.document_id, removed=spans, links_removed=links))

    def revert(self) -> None:
        spans, links = self.deleted
        self.project.restore(spans, links)
        self.session.changed(SpanChange(self.span.document_id, added=spans, links_added=links,
                                        select_id=self.span.id))


class UpdateSpan(SessionCommand):
    """Relabel, set an attribute or set the note: the span's new fields against its old ones."""

    def __init__(
        self,
        session: EditSession,
        span_id: int,
        text: str,
        *,
        label: str | None = None,
        attributes: dict[str, Any] | None = None,
        note: str | None = None,
        change_note: bool = False,
    ) -> None:
        super().__init__(session, text)
        self.before = session.project.span(span_id)
        self.label, self.attributes = label, attributes
        self.note, self.change_note = note, change_note

    def apply(self) -> None:
        self._write(self.label, self.attributes, self.note, self.change_note)

    def revert(self) -> None:
        before = self.before
        self._write(
            before.label if self.label is not None else None,
            dict(before.attributes) if self.attributes is not None else None,
            before.note,
            self.change_note,
        )

    def _write(
        self, label: str | None, attributes: dict[str, Any] | None, note: str | None, change_note: bool
    ) -> None:
        span = self.project.update_span(
            self.before.id,
            label=label,
            attributes=attributes,
            note=note if change_note and note else None,
            clear_note=change_note and not note,
        )
        self.session.changed(SpanChange(span.document_id, updated=[span], select_id=span.id))


class MoveSpan(SessionCommand):
    """Move a span's edges; it stays the same span (id, links, attributes, note), so undo moves it back."""

    def __init__(self, session: EditSession, span_id: int, start: int, end: int, text: str) -> None:
        super().__init__(session, text)
        self.before = session.project.span(span_id)
        self.start, self.end = start, end

    def apply(self) -> None:
        self._move(self.start, self.end)

    def revert(self) -> None:
        self._move(self.before.start, self.before.end)

    def _move(self, start: int, end: int) -> None:
        old = self.project.span(self.before.id)
        span = self.project.move_span(self.before.id, start, end)
        # Out and back in: its place in the text order (and the lines drawn) change with its offsets.
        self.session.changed(SpanChange(span.document_id, removed=[old], added=[span], select_id=span.id))


def relabel(session: EditSession, span_id: int, label: str) -> UpdateSpan:
    return UpdateSpan(session, span_id, f"Relabel as {label}", label=label)


def set_attribute(session: EditSession, span_id: int, key: str, value: Any) -> UpdateSpan:
    """Set one attribute (None removes it); the store replaces attributes whole."""
    attributes = dict(session.project.span(span_id).attributes)
    if value is None:
        attributes.pop(key, None)
    else:
        attributes[key] = value
    return UpdateSpan(session, span_id, f"Set {key}", attributes=attributes)


def set_note(session: EditSession, span_id: int, note: str) -> UpdateSpan:
    return UpdateSpan(session, span_id, "Edit note", note=note.strip(), change_note=True)


class _LinkCommand(SessionCommand):
    def __init__(
        self, session: EditSession, text: str, head_id: int, child_id: int, relation_type: str
    ) -> None:
        super().__init__(session, text)
        self.head_id, self.child_id, self.relation_type = head_id, child_id, relation_type
        self.document_id = session.project.span(head_id).document_id

    def _changed(self, added: list[Relation], removed: list[Relation]) -> None:
        self.session.changed(SpanChange(self.document_id, links_added=added, links_removed=removed,
                                        select_id=self.head_id))


class Link(_LinkCommand):
    """Link a quote (claim) to its speaker (claimant), replacing any earlier link of that type."""

    def __init__(self, session: EditSession, head_id: int, child_id: int, relation_type: str) -> None:
        super().__init__(session, f"Link {relation_type.lower()}", head_id, child_id, relation_type)
        self.replaced = [link.child_span_id for link in session.project.links_from(head_id, relation_type)]

    def apply(self) -> None:
        # One transaction each way: the old link and the new one are never both there, nor neither.
        self._changed(*self.project.set_links(self.head_id, self.relation_type, [self.child_id]))

    def revert(self) -> None:
        self._changed(*self.project.set_links(self.head_id, self.relation_type, self.replaced))


class Unlink(_LinkCommand):
    """Remove one link; undo puts it back."""

    def __init__(self, session: EditSession, head_id: int, child_id: int, relation_type: str) -> None:
        super().__init__(session, f"Remove {relation_type.lower()} link", head_id, child_id, relation_type)

    def apply(self) -> None:
        others = [link.child_span_id for link in self.project.links_from(self.head_id, self.relation_type)
                  if link.child_span_id != self.child_id]
        self._changed(*self.project.set_links(self.head_id, self.relation_type, others))

    def revert(self) -> None:
        self._changed([self.project.add_relation(self.head_id, self.child_id, self.relation_type)], [])


class SetStatus(SessionCommand):
    def __init__(self, session: EditSession, document_id: int, status: DocumentStatus) -> None:
        super().__init__(session, f"Mark {status.value.replace('_', ' ')}")
        self.document_id, self.status = document_id, status
        self.before = session.project.document(document_id).status

    def apply(self) -> None:
        self.project.set_status(self.document_id, self.status)
        self.session.statusChanged.emit(self.document_id)

    def revert(self) -> None:
        self.project.set_status(self.document_id, self.before)
        self.session.statusChanged.emit(self.document_id)


class TagAll(SessionCommand):
    """Tag many ranges with one label as one undoable step and one transaction, however many
    documents they are in: a crash never leaves a tag-all half done."""

    def __init__(
        self, session: EditSession, label: str, targets: list[tuple[int, int, int]], reveal: bool = True
    ) -> None:
        super().__init__(session, f"Tag {len(targets)} occurrences as {label}")
        self.label = label
        self.reveal = reveal  # across the project: counts update, the open document stays
        self.targets: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        for document_id, start, end in targets:
            self.targets[document_id].append((start, end, label))
        self.deleted: Deleted | None = None
        self.span_ids: list[int] = []

    def apply(self) -> None:
        if self.deleted is None:
            added = self.project.add_spans_across(self.targets)
            self.span_ids = [span.id for spans in added.values() for span in spans]
            links: dict[int, list[Relation]] = {}
        else:
            spans, relations = self.deleted
            self.project.restore(spans, relations)
            added, links = _by_document(spans, relations)
        for document_id, spans in added.items():
            self.session.changed(SpanChange(document_id, added=spans, links_added=links.get(document_id, []),
                                            reveal=self.reveal))

    def revert(self) -> None:
        self.deleted = spans, relations = self.project.delete_spans(self.span_ids)
        removed, links = _by_document(spans, relations)
        for document_id, document_spans in removed.items():
            self.session.changed(SpanChange(document_id, removed=document_spans,
                                            links_removed=links.get(document_id, []), reveal=self.reveal))


def _by_document(
    spans: list[Span], relations: list[Relation]
) -> tuple[dict[int, list[Span]], dict[int, list[Relation]]]:
    """Spans grouped by document, and each relation under the document of its head span."""
    by_document: dict[int, list[Span]] = defaultdict(list)
    for span in spans:
        by_document[span.document_id].append(span)
    document_of = {span.id: span.document_id for span in spans}
    links: dict[int, list[Relation]] = defaultdict(list)
    for relation in relations:  # a link's two spans are in one document; one of them is in `spans`
        document_id = document_of.get(relation.head_span_id, document_of.get(relation.child_span_id))
        if document_id is not None:
            links[document_id].append(relation)
    return by_document, links
