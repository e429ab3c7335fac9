"""Every action of the window in one place, with its shortcuts: menus, tests and the key map use these."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

Key = QKeySequence.StandardKey | str


def new_action(
    parent: QObject,
    text: str,
    slot: Callable[[], object] | None = None,
    shortcuts: Sequence[Key] = (),
    tip: str = "",
    enabled: bool = True,
) -> QAction:
    """A window-wide action; standard keys expand to every binding the platform has for them."""
    action = QAction(text, parent)
    sequences: list[QKeySequence] = []
    for key in shortcuts:
        found = (
            QKeySequence.keyBindings(key)
            if isinstance(key, QKeySequence.StandardKey)
            else [QKeySequence(key)]
        )
        sequences.extend(sequence for sequence in found if sequence not in sequences)
    if sequences:
        action.setShortcuts(sequences)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    if slot is not None:
        action.triggered.connect(lambda _checked=False: slot())
    action.setEnabled(enabled)
    return action


class WindowActions(NamedTuple):
    new_project: QAction
    open_project: QAction
    import_files: QAction
    import_folder: QAction
    export: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    delete_span: QAction
    link: QAction
    tag_all: QAction
    tag_all_in_project: QAction
    find: QAction
    find_next: QAction
    mark_done: QAction
    next_document: QAction
    previous_document: QAction
    add_label: QAction
    edit_labels: QAction
    shortcuts_help: QAction


def shortcut_text(action: QAction) -> str:
    return ", ".join(
        sequence.toString(QKeySequence.SequenceFormat.NativeText) for sequence in action.shortcuts()
    )
