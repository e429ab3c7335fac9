"""Every action of the window in one place, with its shortcuts: menus, tests and the key map use these."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup

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
    restore_backup: QAction
    save_copy: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    delete_span: QAction
    link: QAction
    tag_all: QAction
    tag_all_in_project: QAction
    move_start_left: QAction  # the span's edges, made by span_edges.edge_actions
    move_start_right: QAction
    move_end_left: QAction
    move_end_right: QAction
    move_start_left_char: QAction
    move_start_right_char: QAction
    move_end_left_char: QAction
    move_end_right_char: QAction
    find: QAction
    find_next: QAction
    mark_done: QAction
    mark_skipped: QAction
    mark_todo: QAction
    next_document: QAction
    previous_document: QAction
    zoom_in: QAction
    zoom_out: QAction
    zoom_reset: QAction
    show_all_links: QAction
    add_label: QAction
    edit_labels: QAction
    shortcuts_help: QAction


def shortcut_text(action: QAction) -> str:
    """The keys a person can type: platform bindings for media keys ("Undo", "F14") left out."""
    keys = [sequence.toString(QKeySequence.SequenceFormat.NativeText) for sequence in action.shortcuts()]
    return ", ".join(key for key in keys
                     if "+" in key or len(key) == 1 or key in _NAMED_KEYS or _FUNCTION_KEY.fullmatch(key))


_NAMED_KEYS = {"Del", "Delete", "Backspace", "PgUp", "PgDown", "Return", "Enter", "Home", "End", "Esc"}
_FUNCTION_KEY = re.compile(r"F([1-9]|1[0-2])")


def shortcut_rows(
    actions: WindowActions,
    label_actions: dict[str, tuple[QAction, QAction]],
    feature_actions: Sequence[QAction] = (),
) -> list[tuple[str, str]]:
    """(action, keys) rows for Help > Keyboard shortcuts: the label keys first, then the window's,
    then those of feature controllers (suggestions, review, search, statistics…)."""
    rows = [
        (label_action.text(), shortcut_text(label_action))
        for pair in label_actions.values()
        for label_action in pair
        if label_action.shortcuts()
    ]
    # Undo and redo carry the step they would undo in their text: the map names the action.
    names = {id(actions.undo): "Undo", id(actions.redo): "Redo"}
    rows += [
        (names.get(id(action), action.text().replace("&", "").rstrip("…")), shortcut_text(action))
        for action in actions
        if action.shortcuts()
    ]
    known = {id(action) for action in actions} | {id(a) for pair in label_actions.values() for a in pair}
    rows += [
        (action.text().replace("&", "").rstrip("…"), shortcut_text(action))
        for action in feature_actions
        # A hidden action (review's keys for annotators the document does not have) has no key now.
        if action.shortcuts() and id(action) not in known and action.text() and action.isVisible()
    ]
    return rows


def _show_all_links(window: Any) -> QAction:
    """View > Show all links: every quote's and claim's arc at once (else the current span's)."""
    from PySide6.QtCore import QSettings

    action = new_action(window, "Show all &links", shortcuts=["Ctrl+Shift+L"],
                        tip="Draw every speaker and claimant link, not only the selected one's")
    action.setCheckable(True)
    action.setChecked(QSettings().value("view/show_all_links", False, type=bool))
    window.view.set_show_all_links(action.isChecked())

    def toggled(on: bool) -> None:
        QSettings().setValue("view/show_all_links", on)
        window.view.set_show_all_links(on)

    action.toggled.connect(toggled)
    return action


def make_window_actions(
    window: Any, undo_group: QUndoGroup, edit: Callable[[str], Callable[[], object]]
) -> WindowActions:
    """The main window's actions: `edit(name)` makes a slot calling the editor's method `name`."""
    from annotator.ui.span_edges import edge_actions

    std = QKeySequence.StandardKey
    undo = undo_group.createUndoAction(window, "Undo")
    undo.setShortcuts(QKeySequence.keyBindings(std.Undo))
    redo = undo_group.createRedoAction(window, "Redo")
    redo_keys = [*QKeySequence.keyBindings(std.Redo)]
    for extra in ("Ctrl+Shift+Z", "Ctrl+Y"):
        if QKeySequence(extra) not in redo_keys:
            redo_keys.append(QKeySequence(extra))
    redo.setShortcuts(redo_keys)
    return WindowActions(
        new_project=new_action(window, "&New project…", window.new_project, [std.New]),
        open_project=new_action(window, "&Open project…", window.open_project, [std.Open]),
        import_files=new_action(window, "&Import files…", window.files.import_files, ["Ctrl+I"]),
        import_folder=new_action(window, "Import &folder…", window.files.import_folder, ["Ctrl+Shift+I"]),
        export=new_action(window, "&Export…", window.files.export, ["Ctrl+E"]),
        restore_backup=new_action(window, "&Restore from backup…", window.backups.restore,
                                  tip="Make the project what one of its backups holds"),
        save_copy=new_action(window, "Save a &copy…", window.backups.save_copy,
                             tip="Write a verified copy of the project to another file"),
        quit=new_action(window, "&Quit", window.close, [std.Quit, "Ctrl+Q"]),
        undo=undo,
        redo=redo,
        delete_span=new_action(
            window,
            "&Delete span",
            edit("delete_current"),
            [std.Delete, "Backspace"],
            "Delete the span the caret is in",
        ),
        link=new_action(
            window,
            "&Link speaker or claimant…",
            edit("link_current"),
            ["S"],
            "Link the quote (claim) the caret is in to its speaker (claimant)",
        ),
        tag_all=new_action(
            window,
            "&Tag all occurrences…",
            edit("tag_all_current"),
            ["Ctrl+Shift+T"],
            "Give every other occurrence of this span's text the same label",
        ),
        tag_all_in_project=new_action(
            window,
            "Tag all occurrences in the &project…",
            edit("tag_all_in_project"),
            ["Ctrl+Alt+Shift+T"],
            "Give every occurrence of this span's text, in every document, the same label",
        ),
        **edge_actions(window),
        find=new_action(window, "&Find…", window.find_bar.open_bar, [std.Find]),
        find_next=new_action(window, "Find &next", window.find_bar.find_next, [std.FindNext]),
        mark_skipped=new_action(
            window,
            "&Skip, next document",
            window.mark_skipped_and_next,
            ["Ctrl+Shift+Return", "Ctrl+Shift+Enter"],
            "Mark this document skipped; open the next not done",
        ),
        mark_todo=new_action(window, "Back to &to do", window.mark_todo, ["Ctrl+Shift+D"],
                             "Mark this document to do again"),
        mark_done=new_action(
            window,
            "&Done, next document",
            window.mark_done_and_next,
            ["Ctrl+Return", "Ctrl+Enter"],
            "Mark this document done; open the next not done",
        ),
        # PageUp/PageDown page through the text, as in every editor; documents are the tabs' keys.
        next_document=new_action(
            window, "Ne&xt document", lambda: window.step_document(1), ["Ctrl+PgDown", "Alt+Right"]
        ),
        previous_document=new_action(
            window, "&Previous document", lambda: window.step_document(-1), ["Ctrl+PgUp", "Alt+Left"]
        ),
        zoom_in=new_action(window, "Zoom &in", window.view.zoom_in, ["Ctrl+=", "Ctrl++", std.ZoomIn]),
        zoom_out=new_action(window, "Zoom &out", window.view.zoom_out, ["Ctrl+-", std.ZoomOut]),
        zoom_reset=new_action(window, "&Actual size", window.view.reset_zoom, ["Ctrl+0"]),
        show_all_links=_show_all_links(window),
        add_label=new_action(window, "&Add label…", window.add_label),
        edit_labels=new_action(window, "&Edit labels…", window.edit_labels, ["Ctrl+L"]),
        shortcuts_help=new_action(window, "&Keyboard shortcuts", window.show_shortcuts, [std.HelpContents]),
    )
