"""Label edits made in the label editor stay undoable from the window after the editor is gone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from annotator.core.model import LabelKind
from annotator.store import Project
from annotator.ui.label_commands import LabelFields
from annotator.ui.label_dialog import LabelDialog

EDITS: dict[str, Callable[[LabelDialog], object]] = {
    "remove": lambda dialog: dialog.remove("ORG"),
    "add": lambda dialog: dialog.add("LAW"),
    "change": lambda dialog: dialog.change("ORG", LabelFields("COMPANY", LabelKind.ENTITY, "#123456", "2")),
    "reorder": lambda dialog: (dialog.select("ORG"), dialog.move(-1)),
}


def shown(window) -> tuple[list[str], list[str], list[tuple[int, int, str]]]:
    """The labels in the label bar and the Labels menu, and the spans listed, as the window shows them."""
    menu = [action.text().removeprefix("Tag as ") for action in window.labels_menu.actions()
            if action.text().startswith("Tag as ")]
    spans = [(row.start, row.end, row.label) for row in window.spans.model.spans()]
    return list(window.label_bar.buttons), menu, spans


def in_file(window) -> tuple[list[str], list[str], list[tuple[int, int, str]]]:
    """The same, read from the project file: what the window should show."""
    with Project(window.project.path) as project:
        names = [label.name for label in project.labels()]
        spans = [(span.start, span.end, span.label) for span in project.spans(window.document_id)]
    return names, names, spans


def edit_in_label_editor(window, qtbot, monkeypatch, edit: Callable[[LabelDialog], object]) -> None:
    """Ctrl+L, make the edit, Close: as a user does; the editor is deleted afterwards."""
    opened: list[LabelDialog] = []

    def user(dialog: LabelDialog) -> QDialog.DialogCode:  # in place of the modal loop
        opened.append(dialog)
        edit(dialog)
        dialog.reject()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(LabelDialog, "exec", user)
    qtbot.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1
    qtbot.waitUntil(lambda: not shiboken6.isValid(opened[0]))


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_label_edit_is_undone_and_redone_from_the_window_after_its_editor_closed(
    window, qtbot, monkeypatch, edit
) -> None:
    from annotator.ui import dialogs

    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: True)
    window.view.select_range(0, 4)
    qtbot.keyClick(window.view, Qt.Key.Key_2)  # an ORG span: removing ORG takes it along
    before = in_file(window)
    assert shown(window) == before and before[2][0][2] == "ORG"

    edit_in_label_editor(window, qtbot, monkeypatch, EDITS[edit])
    after = in_file(window)
    assert after != before and shown(window) == after

    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert in_file(window) == before
    assert shown(window) == before  # the label (and for "remove" its span) is back in the window

    window.actions.redo.trigger()
    assert in_file(window) == after and shown(window) == after


def test_an_open_label_editor_follows_undo_in_the_window(window, qtbot) -> None:
    dialog = window.label_dialog()
    qtbot.addWidget(dialog)
    listed = lambda: [dialog.list.item(row).text().split()[0] for row in range(dialog.list.count())]  # noqa: E731
    assert dialog.add("LAW")
    assert listed()[-1] == "LAW"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "LAW" not in listed()
    window.actions.redo.trigger()
    assert listed()[-1] == "LAW" and dialog.list.currentItem() is not None
