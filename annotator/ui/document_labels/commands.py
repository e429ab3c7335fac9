"""Undoable document-label steps: toggling one on a document, adding one, moving it between groups."""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.document_labels import DocumentLabelChange
from annotator.ui.commands import EditSession, SessionCommand
from annotator.ui.label_commands import LabelCommand


class ToggleDocumentLabel(SessionCommand):
    """Put a document label on a document or take it off; in a single-choice group the one it
    replaces comes back on undo, with the row exactly as it was stored."""

    def __init__(self, session: EditSession, document_id: int, label: str, on: bool,
                 changed: Callable[[int], None]) -> None:
        super().__init__(session, f"{'Label' if on else 'Unlabel'} document {label}")
        self.document_id, self.label, self.on = document_id, label, on
        self.changed = changed  # tells the window which document's labels changed
        self.change: DocumentLabelChange | None = None

    def apply(self) -> None:
        if self.change is None:
            self.change = self.project.set_document_label(self.document_id, self.label, self.on)
            if not self.change:
                self.setObsolete(True)  # it already was so: no step to undo
        else:
            self.project.redo_document_label_change(self.change)
        self._changed()

    def revert(self) -> None:
        assert self.change is not None
        self.project.undo_document_label_change(self.change)
        self._changed()

    def _changed(self) -> None:
        self.session.statusChanged.emit(self.document_id)  # the first label moves "to do" on
        self.changed(self.document_id)


class AddDocumentLabel(LabelCommand):
    """Add a document label, in a choice group (made when new, removed again on undo)."""

    def __init__(self, session: EditSession, name: str, colour: str | None, group: str | None,
                 multiple: bool) -> None:
        super().__init__(session, f"Add document label {name}")
        self.name, self.colour, self.group, self.multiple = name, colour, group, multiple
        self.made_group = False

    def apply(self) -> None:
        with self.project.transaction():
            existing = {group.name.casefold() for group in self.project.choice_groups()}
            self.made_group = bool(self.group and self.group.strip().casefold() not in existing)
            choice = self.project.add_document_label(self.name, self.group, self.colour, self.multiple)
        self.colour = choice.colour  # redo after undo: the same colour as the first time
        self.refresh()

    def revert(self) -> None:
        with self.project.transaction():
            self.project.delete_label(self.name)
            if self.made_group and self.group:
                self.project.delete_choice_group(self.group)
        self.refresh()


class SetLabelChoiceGroup(LabelCommand):
    """Move a document label into a group (or out of any), or let its group allow one or several."""

    def __init__(self, session: EditSession, name: str, before: tuple[str | None, bool],
                 after: tuple[str | None, bool]) -> None:
        super().__init__(session, f"Choice group of {name}")
        self.name, self.before, self.after = name, before, after
        self.made_group = False

    def apply(self) -> None:
        with self.project.transaction():
            self.made_group = self._set(self.after)
        self.refresh()

    def revert(self) -> None:
        with self.project.transaction():
            group = self.after[0]
            self._set(self.before)
            if self.made_group and group:
                self.project.delete_choice_group(group)
        self.refresh()

    def _set(self, values: tuple[str | None, bool]) -> bool:
        """Apply (group, multiple); True when the group had to be made."""
        group, multiple = values
        existing = {known.name.casefold(): known for known in self.project.choice_groups()}
        made = bool(group) and group is not None and group.strip().casefold() not in existing
        self.project.set_label_choice_group(self.name, group, multiple)
        if group:
            self.project.set_choice_group_multiple(group, multiple)
        return made
