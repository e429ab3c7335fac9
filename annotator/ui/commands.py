"""One `QUndoCommand` per user action; each calls the `Project` API and says what changed.

A span deleted and restored (by undo or redo) comes back with a new id, so commands never hold
raw span ids: they hold a `SpanRef`, one shared object per logical span, that `EditSession` keeps
pointing at the span's current id.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.core.model import DocumentStatus, Span
from annotator.store import Project


@dataclass(eq=False)
class SpanRef:
    """A logical span whose database id may change when undo re-creates it."""

    id: int


class EditSession(QObject):
    """The open project, its undo stack, and the span references its commands share."""

    # document id, span id to select afterwards (0: keep the current selection)
    spansChanged = Signal(int, int)
    statusChanged = Signal(int)

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.undo_stack = QUndoStack(self)
        self._refs: dict[int, SpanRef] = {}
        self._batch_depth = 0
        self._pending: dict[int, int] = {}

    def ref(self, span_id: int) -> SpanRef:
        """The one reference for the span that has this id now."""
        found = self._refs.get(span_id)
        if found is None:
            found = self._refs[span_id] = SpanRef(span_id)
        return found

    def moved(self, ref: SpanRef, new_id: int) -> None:
        self._refs.pop(ref.id, None)
        ref.id = new_id
        self._refs[new_id] = ref

    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    def spans_changed(self, document_id: int, select: SpanRef | None = None) -> None:
        select_id = select.id if select is not None else 0
        if self._batch_depth:
            self._pending[document_id] = select_id or self._pending.get(document_id, 0)
        else:
            self.spansChanged.emit(document_id, select_id)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Emit one `spansChanged` per document for many changes (tag all occurrences)."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if not self._batch_depth:
                pending, self._pending = self._pending, {}
                for document_id, select_id in pending.items():
                    self.spansChanged.emit(document_id, select_id)


class SessionCommand(QUndoCommand):
    def __init__(self, session: EditSession, text: str, parent: QUndoCommand | None = None) -> None:
        super().__init__(text, parent)
        self.session = session
        self.project = session.project


class AddSpan(SessionCommand):
    def __init__(
        self,
        session: EditSession,
        document_id: int,
        start: int,
        end: int,
        label: str,
        parent: QUndoCommand | None = None,
    ) -> None:
        super().__init__(session, f"Tag {label}", parent)
        self.document_id, self.start, self.end, self.label = document_id, start, end, label
        self.ref: SpanRef | None = None

    def redo(self) -> None:
        span = self.project.add_span(self.document_id, self.start, self.end, self.label)
        if self.ref is None:
            self.ref = self.session.ref(span.id)
        else:
            self.session.moved(self.ref, span.id)
        self.session.spans_changed(self.document_id, self.ref)

    def undo(self) -> None:
        assert self.ref is not None
        self.project.delete_span(self.ref.id)
        self.session.spans_changed(self.document_id)


class DeleteSpan(SessionCommand):
    """Delete a span; undo brings it back with its attributes, note and every link it had."""

    def __init__(self, session: EditSession, ref: SpanRef, parent: QUndoCommand | None = None) -> None:
        self.span: Span = session.project.span(ref.id)
        super().__init__(session, f"Delete {self.span.label}", parent)
        self.ref = ref
        self.links: list[tuple[SpanRef, SpanRef, str]] = []

    def redo(self) -> None:
        span_id = self.ref.id
        self.links = [
            (self.session.ref(relation.head_span_id), self.session.ref(relation.child_span_id), relation.type)
            for relation in self.project.relations(self.span.document_id)
            if span_id in (relation.head_span_id, relation.child_span_id)
        ]
        self.project.delete_span(span_id)  # the store deletes its relations with it
        self.session.spans_changed(self.span.document_id)

    def undo(self) -> None:
        span = self.span
        restored = self.project.add_span(
            span.document_id,
            span.start,
            span.end,
            span.label,
            attributes=span.attributes or None,
            note=span.note,
            annotator=span.annotator,
        )
        self.session.moved(self.ref, restored.id)
        for head, child, relation_type in self.links:
            self.project.add_relation(head.id, child.id, relation_type)
        self.session.spans_changed(span.document_id, self.ref)


class UpdateSpan(SessionCommand):
    """Relabel, set an attribute or set the note: the span's new fields against its old ones."""

    def __init__(
        self,
        session: EditSession,
        ref: SpanRef,
        text: str,
        *,
        label: str | None = None,
        attributes: dict[str, Any] | None = None,
        note: str | None = None,
        change_note: bool = False,
    ) -> None:
        super().__init__(session, text)
        self.ref = ref
        self.before = session.project.span(ref.id)
        self.label, self.attributes = label, attributes
        self.note, self.change_note = note, change_note

    def redo(self) -> None:
        self._write(self.label, self.attributes, self.note, self.change_note)

    def undo(self) -> None:
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
        self.project.update_span(
            self.ref.id,
            label=label,
            attributes=attributes,
            note=note if change_note and note else None,
            clear_note=change_note and not note,
        )
        self.session.spans_changed(self.before.document_id, self.ref)


def relabel(session: EditSession, ref: SpanRef, label: str) -> UpdateSpan:
    return UpdateSpan(session, ref, f"Relabel as {label}", label=label)


def set_attribute(session: EditSession, ref: SpanRef, key: str, value: Any) -> UpdateSpan:
    """Set one attribute (None removes it); the store replaces attributes whole."""
    attributes = dict(session.project.span(ref.id).attributes)
    if value is None:
        attributes.pop(key, None)
    else:
        attributes[key] = value
    return UpdateSpan(session, ref, f"Set {key}", attributes=attributes)


def set_note(session: EditSession, ref: SpanRef, note: str) -> UpdateSpan:
    return UpdateSpan(session, ref, "Edit note", note=note.strip(), change_note=True)


class Link(SessionCommand):
    """Link a quote (claim) to its speaker (claimant), replacing any earlier link of that type."""

    def __init__(self, session: EditSession, head: SpanRef, child: SpanRef, relation_type: str) -> None:
        super().__init__(session, f"Link {relation_type.lower()}")
        self.head, self.child, self.relation_type = head, child, relation_type
        self.document_id = session.project.span(head.id).document_id
        self.replaced: list[SpanRef] = [
            session.ref(relation.child_span_id)
            for relation in session.project.relations(self.document_id)
            if relation.head_span_id == head.id and relation.type == relation_type
        ]

    def redo(self) -> None:
        for old in self.replaced:
            _unlink(self.project, self.document_id, self.head, old, self.relation_type)
        self.project.add_relation(self.head.id, self.child.id, self.relation_type)
        self.session.spans_changed(self.document_id, self.head)

    def undo(self) -> None:
        _unlink(self.project, self.document_id, self.head, self.child, self.relation_type)
        for old in self.replaced:
            self.project.add_relation(self.head.id, old.id, self.relation_type)
        self.session.spans_changed(self.document_id, self.head)


class Unlink(SessionCommand):
    def __init__(self, session: EditSession, head: SpanRef, child: SpanRef, relation_type: str) -> None:
        super().__init__(session, f"Remove {relation_type.lower()} link")
        self.head, self.child, self.relation_type = head, child, relation_type
        self.document_id = session.project.span(head.id).document_id

    def redo(self) -> None:
        _unlink(self.project, self.document_id, self.head, self.child, self.relation_type)
        self.session.spans_changed(self.document_id, self.head)

    def undo(self) -> None:
        self.project.add_relation(self.head.id, self.child.id, self.relation_type)
        self.session.spans_changed(self.document_id, self.head)


def _unlink(project: Project, document_id: int, head: SpanRef, child: SpanRef, relation_type: str) -> None:
    for relation in project.relations(document_id):
        if (relation.head_span_id, relation.child_span_id, relation.type) == (
            head.id,
            child.id,
            relation_type,
        ):
            project.delete_relation(relation.id)


class SetStatus(SessionCommand):
    def __init__(self, session: EditSession, document_id: int, status: DocumentStatus) -> None:
        super().__init__(session, f"Mark {status.value.replace('_', ' ')}")
        self.document_id, self.status = document_id, status
        self.before = session.project.document(document_id).status

    def redo(self) -> None:
        self.project.set_status(self.document_id, self.status)
        self.session.statusChanged.emit(self.document_id)

    def undo(self) -> None:
        self.project.set_status(self.document_id, self.before)
        self.session.statusChanged.emit(self.document_id)


class TagAll(SessionCommand):
    """Many `AddSpan`s as one undoable step, refreshing the view once."""

    def __init__(self, session: EditSession, label: str, targets: list[tuple[int, int, int]]) -> None:
        super().__init__(session, f"Tag {len(targets)} occurrences as {label}")
        # Plain Python members, not Qt child commands: a C++ parent deleting commands that Python
        # also owns crashes at teardown.
        self.steps = [AddSpan(session, document_id, start, end, label) for document_id, start, end in targets]

    def redo(self) -> None:
        with self.session.batch():
            for step in self.steps:
                step.redo()

    def undo(self) -> None:
        with self.session.batch():
            for step in reversed(self.steps):
                step.undo()
