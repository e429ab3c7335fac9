"""The text's right-click menu: tag the selection, or act on the span under the mouse (relabel, delete,
link, tag all), and copy; every item calls the same editor method as its key, so it is one undo step."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu

from annotator.core.model import LabelKind

if TYPE_CHECKING:
    from annotator.ui.editor import AnnotationEditor


def show_text_menu(editor: AnnotationEditor, position: QPoint) -> None:
    """Open the menu at `position` (viewport coordinates, as customContextMenuRequested gives them)."""
    menu = text_menu(editor, position)
    if menu is not None:
        menu.exec(editor.view.viewport().mapToGlobal(position))
        menu.deleteLater()


def text_menu(editor: AnnotationEditor, position: QPoint) -> QMenu | None:
    """The menu for a right-click at `position`; None with no document open."""
    view, document = editor.view, editor.document
    if document is None or editor.session is None:
        return None
    start, end = view.selection_range()
    clicked = view.cursorForPosition(position)
    inside = start < end and view.textCursor().selectionStart() <= clicked.position() <= \
        view.textCursor().selectionEnd()
    if not inside:
        # Clicking elsewhere puts the caret there, as a left click would: its span becomes current.
        view.setTextCursor(clicked)
        start = end = view.caret_offset()
    menu = QMenu(view)
    if start < end:
        _label_menu(menu, editor, "&Tag as", lambda name: editor.tag(name))
        _label_menu(menu, editor, "Tag &exact characters as", lambda name: editor.tag(name, exact=True))
    span = editor.current
    if span is not None:
        if menu.actions():
            menu.addSeparator()
        kind = editor.kind(span)
        names = [label.name for label in editor.labels if label.kind == kind and label.name != span.label]
        shown = span.label.replace("&", "&&")
        relabel = _label_menu(menu, editor, f"&Relabel {shown} as", editor.relabel_current, names)
        relabel.setEnabled(bool(names))
        _item(menu, f"&Delete {shown}", editor.delete_current)
        if kind != LabelKind.ENTITY:
            _item(menu, "&Link " + ("speaker…" if kind == LabelKind.QUOTE else "claimant…"),
                  editor.link_current)
        _item(menu, "Tag &all occurrences…", editor.tag_all_current)
        _item(menu, "Tag all occurrences in the &project…", editor.tag_all_in_project)
    copied = document.text[start:end] if start < end else (span.text if span is not None else "")
    if copied:
        menu.addSeparator()
        # The document's own string: the widget's copy would turn NBSP into spaces.
        _item(menu, "&Copy", lambda: QApplication.clipboard().setText(copied))
    return menu if menu.actions() else None


def _label_menu(
    menu: QMenu,
    editor: AnnotationEditor,
    title: str,
    act: Callable[[str], object],
    names: list[str] | None = None,
) -> QMenu:
    submenu = menu.addMenu(title)
    for label in editor.labels:
        if names is None or label.name in names:
            key = f"\t{label.key}" if label.key and names is None else ""
            text = label.name.replace("&", "&&")  # a name is never a mnemonic
            _item(submenu, f"{text}{key}", lambda name=label.name: act(name))
    return submenu


def _item(menu: QMenu, text: str, slot: Callable[[], object]) -> QAction:
    action = menu.addAction(text)
    action.triggered.connect(lambda _checked=False: slot())
    return action
