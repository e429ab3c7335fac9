"""The label editor's document-label fields: choice group, and whether it allows one or several."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from annotator.core.document_labels import ChoiceGroup
from annotator.core.model import Label, LabelKind
from annotator.ui.document_labels.commands import SetLabelChoiceGroup

if TYPE_CHECKING:
    from annotator.ui.label_dialog import LabelDialog

ONE, SEVERAL = "one per document", "several per document"


class ChoiceGroupFields(QObject):
    """Two combo boxes, enabled for document labels only; `changed` when the user picks or types."""

    changed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.group = QComboBox(parent)
        self.group.setEditable(True)  # a new group is typed in
        self.group.setToolTip("Labels of one group show together; leave empty for a label on its own")
        line = self.group.lineEdit()
        assert line is not None
        line.setPlaceholderText("none")
        line.editingFinished.connect(self.changed.emit)
        self.group.activated.connect(lambda _index: self.changed.emit())
        self.multiple = QComboBox(parent)
        self.multiple.addItems([ONE, SEVERAL])
        self.multiple.setToolTip("One per document: choosing a label of the group unsets the others")
        self.multiple.activated.connect(lambda _index: self.changed.emit())

    def show(self, groups: list[ChoiceGroup], group: str | None, multiple: bool, enabled: bool) -> None:
        self.group.blockSignals(True)
        self.group.clear()
        self.group.addItems([""] + [known.name for known in groups])
        self.group.setCurrentText(group or "")
        self.group.blockSignals(False)
        self.multiple.setCurrentText(SEVERAL if multiple else ONE)
        self.group.setEnabled(enabled)
        self.multiple.setEnabled(enabled and bool(group))

    def values(self) -> tuple[str | None, bool]:
        group = self.group.currentText().strip() or None
        return group, self.multiple.currentText() == SEVERAL


def show_choice_fields(dialog: LabelDialog, label: Label) -> None:
    """Fill the fields for the label the editor shows; a document label takes no span key."""
    project = dialog.project
    choice = next((each for each in project.document_label_choices() if each.name == label.name), None)
    document = label.kind == LabelKind.DOCUMENT
    dialog.key.setEnabled(not document)
    dialog.choice.show(project.choice_groups(), choice.group if choice else None,
                       bool(choice and choice.group and choice.multiple), document)


def apply_choice_group(dialog: LabelDialog) -> bool:
    """Store what the fields say about the shown document label's group (one undo step)."""
    item = dialog.list.currentItem()
    if item is None:
        return False
    name = item.data(256)  # Qt.ItemDataRole.UserRole
    choice = next((each for each in dialog.project.document_label_choices() if each.name == name), None)
    if choice is None:
        return False
    before = (choice.group, bool(choice.group) and choice.multiple)
    after = dialog.choice.values()
    if after[0] is None:
        after = (None, False)
    existing = {group.name.casefold(): group for group in dialog.project.choice_groups()}
    known = existing.get(after[0].casefold()) if after[0] is not None else None
    if known is not None and (before[0] or "").casefold() != known.name.casefold():
        after = (known.name, known.multiple)  # joining a group takes its setting as it is
    if after[0] is not None and before[0] is not None and after[0].casefold() == before[0].casefold() \
            and after[0] != before[0]:
        after = (before[0], after[1])  # the group's own spelling: renaming is not done from here
    if after == before:
        return False
    return dialog.session.push(lambda: SetLabelChoiceGroup(dialog.session, name, before, after))
