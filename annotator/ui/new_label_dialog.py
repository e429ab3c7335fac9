"""Adding a label in one dialog: name, kind, key and colour together."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from annotator.core.document_labels import ChoiceGroup
from annotator.core.label_keys import next_free_key
from annotator.core.model import Label, LabelKind
from annotator.core.presets import EXTRA_COLOURS
from annotator.ui.document_labels.editor_fields import ChoiceGroupFields
from annotator.ui.label_commands import LabelFields


class NewLabelDialog(QDialog):
    """Starts with the next free key and colour, as a label added by an import gets them."""

    def __init__(
        self, parent: QWidget | None, labels: list[Label], fields: LabelFields | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add label")
        if fields is None:
            fields = LabelFields("", LabelKind.ENTITY, EXTRA_COLOURS[len(labels) % len(EXTRA_COLOURS)],
                                 next_free_key(label.key for label in labels))
        self.name = QLineEdit(fields.name)
        self.name.setPlaceholderText("e.g. LAW")
        self.kind = QComboBox()
        self.kind.addItems([kind.value for kind in LabelKind])
        self.kind.setCurrentText(fields.kind.value)
        self.key = QLineEdit(fields.key or "")
        self.key.setMaxLength(1)
        self.key.setPlaceholderText("none")
        self.colour = QPushButton()
        self.colour.setAutoDefault(False)  # Enter adds the label; it must not open the picker
        self.colour.clicked.connect(self._pick_colour)
        self._set_colour(fields.colour)
        ok_cancel = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(ok_cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Name", self.name)
        form.addRow("Kind", self.kind)
        form.addRow("Key", self.key)
        form.addRow("Colour", self.colour)
        # A document label (topic, genre…) may be in a choice group: shown for that kind only.
        self.choice = ChoiceGroupFields(self)
        form.addRow("Choice group", self.choice.group)
        form.addRow("Per document", self.choice.multiple)
        self.kind.currentTextChanged.connect(self._kind_chosen)
        self.choice.group.currentTextChanged.connect(self._kind_chosen)
        form.addRow(buttons)

    def fields(self) -> LabelFields:
        return LabelFields(self.name.text().strip(), LabelKind(self.kind.currentText()), self.chosen_colour,
                           self.key.text().strip() or None)

    def _kind_chosen(self, _text: str = "") -> None:
        document = self.kind.currentText() == LabelKind.DOCUMENT.value
        self.key.setEnabled(not document)  # document labels take Ctrl+Alt+N, not a span key
        self.choice.group.setEnabled(document)
        self.choice.multiple.setEnabled(document and bool(self.choice.group.currentText().strip()))

    def _set_colour(self, colour: str) -> None:
        self.chosen_colour = colour
        self.colour.setText(colour)
        pixmap = QPixmap(14, 14)
        pixmap.fill(QColor(colour))
        self.colour.setIcon(QIcon(pixmap))

    def _pick_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.chosen_colour), self, "Label colour")
        if chosen.isValid():
            self._set_colour(chosen.name())


def ask_new_label_in_group(
    parent: QWidget | None, labels: list[Label], groups: list[ChoiceGroup],
    fields: LabelFields | None = None, choice: tuple[str | None, bool] = (None, False),
) -> tuple[LabelFields, tuple[str | None, bool]] | None:
    """Like `ask_new_label`, with the choice group a document label goes in (and one or several)."""
    dialog = NewLabelDialog(parent, labels, fields)
    dialog.choice.show(groups, choice[0], choice[1], True)
    dialog._kind_chosen()
    dialog.name.setFocus(Qt.FocusReason.OtherFocusReason)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.fields(), dialog.choice.values()
    finally:
        dialog.deleteLater()


def ask_new_label(parent: QWidget | None, labels: list[Label], fields: LabelFields | None = None
                  ) -> LabelFields | None:
    """The new label's fields, or None if the user cancels (`fields`: what to show again)."""
    dialog = NewLabelDialog(parent, labels, fields)
    dialog.name.setFocus(Qt.FocusReason.OtherFocusReason)
    try:
        return dialog.fields() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
