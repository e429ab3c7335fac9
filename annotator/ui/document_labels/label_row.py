"""The row of document-label toggles under the article title, grouped by choice group."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

from annotator.core.document_labels import DocumentLabelChoice
from annotator.ui import theme
from annotator.ui.flow_layout import FlowLayout

# Radio marks for a single-choice group, check marks for the rest: what a click will do shows.
MARKS = {(True, False): "○", (True, True): "●", (False, False): "☐", (False, True): "☑"}


class DocumentLabelRow(QWidget):
    """One button per document label; a click asks for the label to be toggled (`toggled`)."""

    toggled = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = FlowLayout(self)
        self._layout.setContentsMargins(8, 0, 8, 4)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.buttons: dict[str, QPushButton] = {}
        self.choices: list[DocumentLabelChoice] = []
        self.checked: set[str] = set()

    def set_choices(self, choices: list[DocumentLabelChoice]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons, self.choices = {}, list(choices)
        shown_group: object = object()  # a caption before each group's first label
        for number, choice in enumerate(choices, start=1):
            if choice.group != shown_group and choice.group is not None:
                caption = QLabel(f"{choice.group}:")
                caption.setTextFormat(Qt.TextFormat.PlainText)
                caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                self._layout.addWidget(caption)
            shown_group = choice.group
            button = QPushButton()
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the text view keeps the keyboard
            kind = "one of its group" if choice.exclusive else "any number"
            keys = f"; Ctrl+Alt+{number}" if number <= 9 else ""
            button.setToolTip(f"Label this document {choice.name} ({kind}){keys}")
            # The button's own toggle is undone at once: the store decides, `set_checked` shows it.
            button.clicked.connect(lambda _checked=False, name=choice.name: self._clicked(name))
            self._layout.addWidget(button)
            self.buttons[choice.name] = button
        self.set_checked(self.checked)

    def set_checked(self, names: set[str]) -> None:
        self.checked = set(names)
        for number, choice in enumerate(self.choices, start=1):
            button = self.buttons[choice.name]
            on = choice.name in self.checked
            button.setChecked(on)
            key = f"{number}  " if number <= 9 else ""
            button.setText(f"{MARKS[(choice.exclusive, on)]} {key}{choice.name}")
            button.setStyleSheet(_style(choice.colour, on, self.palette()))

    def _clicked(self, name: str) -> None:
        self.buttons[name].setChecked(name in self.checked)
        self.toggled.emit(name)


def _style(colour: str, on: bool, palette: QPalette) -> str:
    if not on:
        return ("QPushButton { background: palette(button); border: 1px solid palette(mid); "
                "border-radius: 9px; padding: 2px 8px; }")
    fill = theme.label_fill(colour, palette)
    edge = fill.lighter(140) if theme.is_dark(palette) else fill.darker(140)
    text = palette.color(QPalette.ColorRole.Text)
    return (f"QPushButton {{ background: {fill.name()}; color: {text.name()}; border: 2px solid "
            f"{edge.name()}; border-radius: 9px; padding: 1px 7px; font-weight: bold; }}")
