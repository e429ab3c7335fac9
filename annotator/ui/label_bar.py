"""The label bar: one button per label showing its colour and key; clicking one tags the selection."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

from annotator.core.model import Label, LabelKind
from annotator.ui import theme
from annotator.ui.flow_layout import FlowLayout

KIND_MARK = {LabelKind.ENTITY: "", LabelKind.QUOTE: " ❝", LabelKind.CLAIM: " ⚑"}


class LabelBar(QWidget):
    labelClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Wrapping rows: seventeen labels in one row widened the window past the screen.
        self._layout = FlowLayout(self)
        self._layout.setContentsMargins(4, 2, 4, 2)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.buttons: dict[str, QPushButton] = {}
        self._labels: list[Label] = []

    def set_labels(self, labels: list[Label]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
        self._labels = list(labels)
        for label in labels:
            key = f"{label.key}  " if label.key else ""
            button = QPushButton(f"{key}{label.name}{KIND_MARK[label.kind]}")
            # Buttons never take focus: the selection in the text view must survive a click.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(
                f"Tag the selection as {label.name} ({label.kind.value})"
                + (f"; key {label.key}" if label.key else "")
            )
            button.setStyleSheet(_style(label, self.palette()))
            button.clicked.connect(lambda _checked=False, name=label.name: self.labelClicked.emit(name))
            self._layout.addWidget(button)
            self.buttons[label.name] = button
        hint = QLabel("Select text, press a key · Alt+key: exact characters")
        hint.setTextFormat(Qt.TextFormat.PlainText)
        # Quieter than the labels but readable (palette(mid) was 2.3:1 on a light window).
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._layout.addWidget(hint)

    def changeEvent(self, event: QEvent) -> None:
        # Another theme: the buttons' colours are worked out against the palette, so again.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            for label in self._labels:
                button = self.buttons.get(label.name)
                if button is not None:
                    button.setStyleSheet(_style(label, self.palette()))
        super().changeEvent(event)


def _style(label: Label, palette: QPalette) -> str:
    """An entity's button wears the colour its spans are painted in; a quote's or claim's, its line."""
    if label.kind == LabelKind.ENTITY:
        fill = theme.label_fill(label.colour, palette)
        text = palette.color(QPalette.ColorRole.Text)
        edge = fill.lighter(140) if theme.is_dark(palette) else fill.darker(130)
        return (
            f"QPushButton {{ background: {fill.name()}; color: {text.name()}; border: 1px solid "
            f"{edge.name()}; border-radius: 4px; padding: 3px 8px; }}"
        )
    line = theme.label_line(label.colour, palette)
    return (
        f"QPushButton {{ background: palette(button); border: 1px solid palette(mid); "
        f"border-bottom: 3px solid {line.name()}; border-radius: 4px; padding: 3px 8px; }}"
    )
