"""Undoable label edits: add, change (name, kind, colour, key), reorder, remove with its spans."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.model import Label, LabelKind, Relation, Span
from annotator.ui.commands import EditSession, SessionCommand


@dataclass(frozen=True)
class LabelFields:
    """The editable part of a label."""

    name: str
    kind: LabelKind
    colour: str
    key: str | None

    @classmethod
    def of(cls, label: Label) -> LabelFields:
        return cls(label.name, label.kind, label.colour, label.key)


class LabelCommand(SessionCommand):
    """A label edit: like every step, refused whole by a busy or read-only file and then not kept.

    It tells the window through the session (`labelsEdited`), never through the dialog that made
    it: the command outlives the dialog on the undo stack."""

    def refresh(self) -> None:
        self.session.labelsEdited.emit()


class AddLabel(LabelCommand):
    def __init__(self, session: EditSession, name: str, kind: LabelKind,
                 colour: str | None = None, key: str | None = None) -> None:
        super().__init__(session, f"Add label {name}")
        self.name, self.kind = name, kind
        self.colour, self.key = colour, key  # None: the next free colour and key
        self.fields: LabelFields | None = None

    def apply(self) -> None:
        if self.fields is None:
            self.fields = LabelFields.of(self.project.add_label(self.name, self.kind, self.colour, self.key))
        else:  # redo after undo: the same colour and key as the first time
            self.project.add_label(self.fields.name, self.fields.kind, self.fields.colour, self.fields.key)
        self.refresh()

    def revert(self) -> None:
        self.project.delete_label(self.name)
        self.refresh()


class ChangeLabel(LabelCommand):
    """Rename, re-kind, recolour or re-key; a key taken from another label goes back on undo."""

    def __init__(self, session: EditSession, before: LabelFields, after: LabelFields) -> None:
        super().__init__(session, f"Change label {before.name}")
        self.before, self.after = before, after
        self.key_owner: str | None = None  # the label that held after.key before this change

    def apply(self) -> None:
        if self.after.key is not None and self.after.key != self.before.key:
            self.key_owner = next((label.name for label in self.project.labels()
                                   if label.key == self.after.key), None)
        self._apply(self.before.name, self.after)
        self.refresh()

    def revert(self) -> None:
        with self.project.transaction():  # both labels' keys, or neither
            self._apply(self.after.name, self.before)
            if self.key_owner is not None and self.key_owner != self.before.name:
                self.project.update_label(self.key_owner, key=self.after.key)
        self.refresh()

    def _apply(self, name: str, fields: LabelFields) -> None:
        self.project.update_label(name, new_name=fields.name, kind=fields.kind, colour=fields.colour,
                                  key=fields.key, clear_key=fields.key is None)


class ReorderLabels(LabelCommand):
    def __init__(self, session: EditSession, before: list[str], after: list[str]) -> None:
        super().__init__(session, "Reorder labels")
        self.before, self.after = before, after

    def apply(self) -> None:
        self.project.reorder_labels(self.after)
        self.refresh()

    def revert(self) -> None:
        self.project.reorder_labels(self.before)
        self.refresh()


class RemoveLabel(LabelCommand):
    """Remove a label and the spans that carry it; undo brings all of them back, links included."""

    def __init__(self, session: EditSession, label: Label) -> None:
        super().__init__(session, f"Remove label {label.name}")
        self.label = label
        self.order: list[str] = []
        self.spans: list[Span] = []
        self.relations: list[Relation] = []

    def apply(self) -> None:
        self.order = [label.name for label in self.project.labels()]
        self.spans, self.relations = self.project.delete_label(self.label.name, with_spans=True)
        self.refresh()

    def revert(self) -> None:
        self.project.restore_label(self.label, self.order, self.spans, self.relations)
        self.refresh()


class SetSpeakerLabels(LabelCommand):
    """Which labels may be a quote's speaker and a claim's claimant (each relation type's child labels)."""

    def __init__(self, session: EditSession, before: dict[str, list[str]], after: dict[str, list[str]],
                 text: str) -> None:
        super().__init__(session, text)
        self.before, self.after = before, after

    def apply(self) -> None:
        self._set(self.after)

    def revert(self) -> None:
        self._set(self.before)

    def _set(self, allowed: dict[str, list[str]]) -> None:
        with self.project.transaction():  # every relation type, or none
            for relation_type, labels in allowed.items():
                self.project.set_relation_type_labels(relation_type, labels)
        self.refresh()
