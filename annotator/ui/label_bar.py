"""The label bar: one button per label showing its colour and key; clicking one tags the selection."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from annotator.core.model import Label, LabelKind

KIND_MARK = {LabelKind.ENTITY: "", LabelKind.QUOTE: " ❝", LabelKind.CLAIM: " ⚑"}


class LabelBar(QWidget):
    labelClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(4, 2, 4, 2)
        self._layout.setSpacing(4)
        self.buttons: dict[str, QPushButton] = {}

    def set_labels(self, labels: list[Label]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
        for label in labels:
            key = f"{label.key}  " if label.key else ""
            button = QPushButton(f"{key}{label.name}{KIND_MARK[label.kind]}")
            # Buttons never take focus: the selection in the text view must survive a click.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(
                f"Tag the selection as {label.name} ({label.kind.value})"
                + (f"; key {label.key}" if label.key else "")
            )
            button.setStyleSheet(_style(label))
            button.clicked.connect(lambda _checked=False, name=label.name: self.labelClicked.emit(name))
            self._layout.addWidget(button)
            self.buttons[label.name] = button
        hint = QLabel("Select text, press a key · Alt+key: exact characters")
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setStyleSheet("color: palette(mid);")
        self._layout.addStretch(1)
        self._layout.addWidget(hint)


def _style(label: Label) -> str:
    colour = QColor(label.colour)
    if label.kind == LabelKind.ENTITY:
        return (
            f"QPushButton {{ background: {colour.name()}; color: black; border: 1px solid "
            f"{colour.darker(130).name()}; border-radius: 4px; padding: 3px 8px; }}"
        )
    return (
        f"QPushButton {{ background: palette(button); border: 1px solid palette(mid); "
        f"border-bottom: 3px solid {colour.name()}; border-radius: 4px; padding: 3px 8px; }}"
    )
