"""The label editor: add, rename, recolour, re-key, change kind, reorder and remove labels, undoably.

Each field applies as it is left (or its value picked), one undo step each: Close loses nothing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.model import Label, LabelKind
from annotator.core.speakers import allowed_labels
from annotator.ui import dialogs
from annotator.ui.commands import EditSession
from annotator.ui.document_labels.commands import AddDocumentLabel
from annotator.ui.document_labels.editor_fields import (
    ChoiceGroupFields,
    apply_choice_group,
    show_choice_fields,
)
from annotator.ui.label_commands import (
    AddLabel,
    ChangeLabel,
    LabelCommand,
    LabelFields,
    RemoveLabel,
    ReorderLabels,
    SetSpeakerLabels,
)


class LabelDialog(QDialog):
    """Every change is pushed on the window's undo stack at once: Ctrl+Z in the window undoes it."""

    def __init__(self, session: EditSession, changed: SignalInstance,
                 parent: QWidget | None = None, reserved_keys: set[str] | None = None) -> None:
        super().__init__(parent)
        self.reserved_keys = reserved_keys or set()
        self.setWindowTitle("Labels")
        self.session, self.project = session, session.project
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show_selected)
        self.name = QLineEdit()
        self.kind = QComboBox()
        self.kind.addItems([kind.value for kind in LabelKind])
        self.key = QLineEdit()
        self.key.setMaxLength(1)
        self.key.setPlaceholderText("none")
        self.colour = QPushButton()
        self.colour.setAutoDefault(False)  # Enter in a field applies it; it must not open the picker
        self.colour.clicked.connect(self._pick_colour)
        self._chosen_colour = "#ffffff"
        self._applying = False
        # Signals a user's edit sends, not a program's setText: showing a label applies nothing.
        self.name.editingFinished.connect(self.apply_changes)
        self.key.editingFinished.connect(self.apply_changes)
        self.kind.activated.connect(lambda _index: self.apply_changes())
        self.speaker = QCheckBox("May be a speaker or claimant")
        self.speaker.clicked.connect(self.set_speaker)
        self.choice = ChoiceGroupFields(self)  # a document label's choice group, one or several
        self.choice.changed.connect(lambda: None if self._applying else apply_choice_group(self))

        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Kind", self.kind)
        form.addRow("Key", self.key)
        form.addRow("Colour", self.colour)
        form.addRow("", self.speaker)
        form.addRow("Choice group", self.choice.group)
        form.addRow("Per document", self.choice.multiple)

        buttons = QHBoxLayout()
        for text, slot in (("Add…", self.ask_add), ("Remove…", self._ask_remove),
                           ("Move up", lambda: self.move(-1)), ("Move down", lambda: self.move(1))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        columns = QHBoxLayout()
        columns.addWidget(self.list, 1)
        columns.addLayout(form, 1)
        layout.addLayout(columns)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.reload()
        # Commands tell the window through the session, never this dialog: they stay on the undo
        # stack after the dialog is gone. The list follows `changed` instead (the window's, emitted
        # after each label edit, undo or redo): a slot of this dialog, Qt drops the connection with it.
        changed.connect(self.reload)

    # --- what the buttons do (also called directly by tests and scripts) ------------------------

    def add(self, name: str, kind: LabelKind = LabelKind.ENTITY,
            colour: str | None = None, key: str | None = None,
            group: str | None = None, multiple: bool = False) -> bool:
        """Add a label (colour and key: the next free ones when not given); a document label
        takes no key, and may be in a choice group (`group`, allowing `multiple` labels or one)."""
        name = name.strip()
        key = None if kind == LabelKind.DOCUMENT else key
        fields = LabelFields(name, kind, colour or "#ffffff", key)
        problem = self._problem(fields, None)
        owner = next((label.name for label in self.project.labels() if key and label.key == key), None)
        if problem is None and owner is not None:
            problem = f"The key {key} belongs to {owner}; choose another, or none."
        if problem:
            dialogs.show_error(self, "Labels", problem)
            return False
        if kind == LabelKind.DOCUMENT:
            if not self._push(lambda: AddDocumentLabel(self.session, name, colour, group, multiple)):
                return False
        elif not self._push(lambda: AddLabel(self.session, name, kind, colour, key)):
            return False
        self.select(name)
        return True

    def change(self, name: str, after: LabelFields) -> bool:
        label = self.project.label(name)
        if label is None:
            return False
        before = LabelFields.of(label)
        if after == before:
            return False
        problem = self._problem(after, name)
        if problem:
            dialogs.show_error(self, "Labels", problem)
            return False
        owner = next((other.name for other in self.project.labels()
                      if after.key is not None and other.key == after.key and other.name != name), None)
        if owner is not None and not dialogs.confirm(
            self, "Labels", f"Key {after.key} belongs to {owner}. Give it to {after.name} "
            f"({owner} will have no key)?"
        ):
            return False
        if not self._push(lambda: ChangeLabel(self.session, before, after)):
            return False
        self.select(after.name)
        return True

    def _problem(self, fields: LabelFields, name: str | None) -> str | None:
        """Why the store would refuse these fields (`name`: the label changed, None for a new one),
        checked before anything goes on the undo stack."""
        if not fields.name:
            return "A label needs a name."
        taken = self.project.label_named(fields.name)
        if taken is not None and taken.name != name:  # names differing in case only are one name
            return f"There is already a label named {taken.name}."
        if fields.key is not None:
            if len(fields.key) != 1 or fields.key.isspace():
                return "A key is one character."
            if fields.key.lower() in self.reserved_keys:
                return f"The key {fields.key} is taken by another command; choose another."
        if not QColor.isValidColorName(fields.colour):
            return f"{fields.colour} is not a colour."
        label = self.project.label(name) if name is not None else None
        if label is not None and fields.kind != label.kind and self.project.label_usage(label.name):
            # Links are typed by kind (a speaker is an entity): a used label keeps its kind.
            return (f"{name} is used by {self.project.label_usage(name)} span(s): its kind can change "
                    "only while no span uses it.")
        return None

    def remove(self, name: str) -> bool:
        label = self.project.label(name)
        if label is None:
            return False
        used, links = self.project.label_usage(name), self.project.label_link_count(name)
        noun = "document" if label.kind == LabelKind.DOCUMENT else "span"  # a document label's uses
        going = _count(used, noun) + (f" and {_count(links, 'link')}" if links else "")
        if used and not dialogs.confirm(
            self, "Remove label",
            f"Remove {name}? {going} {'goes' if used == 1 and not links else 'go'} with it. "
            "(Edit > Undo brings them back.)",
        ):
            return False
        problem = self.session.back_up("before-remove-label") if used else None
        if problem:
            dialogs.show_error(self, "Remove label", problem)
        return self._push(lambda: RemoveLabel(self.session, label))

    def set_speaker(self, allowed: bool) -> bool:
        """Let the selected entity label be offered (or not) when linking a speaker or claimant."""
        item = self.list.currentItem()
        if item is None:
            return False
        name = item.data(Qt.ItemDataRole.UserRole)
        kinds = {label.name: label.kind for label in self.project.labels()}
        before = {rt.name: allowed_labels(rt, kinds) for rt in self.project.relation_types()
                  if rt.child_kind == kinds.get(name)}
        after = {rt: [label for label in labels if label != name] + ([name] if allowed else [])
                 for rt, labels in before.items()}
        if any(not labels for labels in after.values()):
            dialogs.show_error(self, "Labels", "At least one label must be allowed as a speaker.")
            self._show_selected(self.list.currentRow())
            return False
        if after == before:
            return False
        text = f"{'Allow' if allowed else 'Disallow'} {name} as speaker"
        return self._push(lambda: SetSpeakerLabels(self.session, before, after, text))

    def move(self, step: int) -> None:
        names = [label.name for label in self.project.labels()]
        row = self.list.currentRow()
        target = row + step
        if not (0 <= row < len(names) and 0 <= target < len(names)):
            return
        after = list(names)
        after[row], after[target] = after[target], after[row]
        if self._push(lambda: ReorderLabels(self.session, names, after)):
            self.list.setCurrentRow(target)

    def apply_changes(self) -> None:
        """Store what the fields say about the selected label, if it differs (one undo step)."""
        item = self.list.currentItem()
        if item is None or self._applying:
            return  # an error dialog takes the focus: the field it left must not apply again
        self._applying = True
        try:
            key = self.key.text().strip() or None
            name = item.data(Qt.ItemDataRole.UserRole)
            if not self.change(name, LabelFields(
                self.name.text().strip(), LabelKind(self.kind.currentText()), self._chosen_colour, key
            )):
                self._show_selected(self.list.currentRow())  # a refused edit: the fields show the label
        finally:
            self._applying = False

    def done(self, result: int) -> None:
        # Close or Escape with a field still being edited: that edit is kept, as every other one.
        self.apply_changes()
        super().done(result)

    # --- internals -----------------------------------------------------------------------------

    def reload(self) -> None:
        current = self.list.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.list.blockSignals(True)
        self.list.clear()
        for label in self.project.labels():
            item = QListWidgetItem(_swatch(label.colour), _describe(label))
            item.setData(Qt.ItemDataRole.UserRole, label.name)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.select(keep)

    def select(self, name: str | None) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.list.setCurrentRow(row)
                return
        if self.list.count():
            self.list.setCurrentRow(0)

    def _show_selected(self, row: int) -> None:
        item = self.list.item(row) if row >= 0 else None
        label = self.project.label(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None
        if label is None:
            return
        self.name.setText(label.name)
        self.kind.setCurrentText(label.kind.value)
        self.key.setText(label.key or "")
        self._set_colour(label.colour)
        kinds = {other.name: other.kind for other in self.project.labels()}
        children = [rt for rt in self.project.relation_types() if rt.child_kind == label.kind]
        self.speaker.setEnabled(bool(children))
        self.speaker.setChecked(any(label.name in allowed_labels(rt, kinds) for rt in children))
        show_choice_fields(self, label)

    def _set_colour(self, colour: str) -> None:
        self._chosen_colour = colour
        self.colour.setText(colour)
        self.colour.setIcon(_swatch(colour))

    def _pick_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._chosen_colour), self, "Label colour")
        if chosen.isValid():
            self._set_colour(chosen.name())
            self.apply_changes()

    def ask_add(self) -> bool:
        """Name, kind, key and colour in one dialog; shown again with its values if refused."""
        from annotator.ui.new_label_dialog import ask_new_label_in_group

        answer = ask_new_label_in_group(self, self.project.labels(), self.project.choice_groups())
        while answer is not None:
            fields, (group, multiple) = answer
            if self.add(fields.name, fields.kind, fields.colour, fields.key, group, multiple):
                return True
            answer = ask_new_label_in_group(self, self.project.labels(), self.project.choice_groups(),
                                            fields, (group, multiple))
        return False

    def _ask_remove(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.remove(item.data(Qt.ItemDataRole.UserRole))

    def _push(self, make: Callable[[], LabelCommand]) -> bool:
        # Callers check what the store would refuse first; what the file itself refuses (busy,
        # read-only) is said in the window and leaves no undo step.
        return self.session.push(make)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _describe(label: Label) -> str:
    key = f"key {label.key}" if label.key else "no key"
    return f"{label.name}  ({label.kind.value}, {key})"


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)
