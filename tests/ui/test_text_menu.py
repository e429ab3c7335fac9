"""The text's right-click menu through the real window: tag, relabel, delete, link, copy."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu

from tests.ui.test_tagging import open_doc, select_utf16


@pytest.fixture
def right_click(monkeypatch):
    """Right-click at a character and choose a menu item by its path ("Tag as", "GPE")."""

    def click(window, offset: int, *path: str) -> list[str]:
        seen: list[str] = []

        class Chosen(QMenu):
            def exec(self, *_args) -> None:  # type: ignore[override]
                choose(self)

        def choose(menu: QMenu) -> None:
            seen.extend(action.text() for action in menu.actions())
            for step in path:
                action = next(a for a in menu.actions() if a.text().split("\t")[0].replace("&", "") == step)
                if action.menu() is None:
                    action.trigger()
                    return
                menu = action.menu()

        monkeypatch.setattr("annotator.ui.text_menu.QMenu", Chosen)
        cursor = window.view.textCursor()
        cursor.setPosition(offset)
        point = window.view.cursorRect(cursor).center()
        point.setX(point.x() + 3)  # on the character after `offset`, not between two
        window.view.customContextMenuRequested.emit(point)
        return [text.replace("&", "") for text in seen]

    return click


def test_tag_the_selection_from_the_menu(window, qtbot, project_file, read_spans, right_click) -> None:
    text = open_doc(window, qtbot, 1)
    at = text.index("Berlin")
    select_utf16(window, at, at + 6)
    items = right_click(window, at + 2, "Tag as", "GPE")
    assert "Tag exact characters as" in items
    assert read_spans(project_file, 1) == [(at, at + 6, "GPE", "Berlin")]
    assert window.session.undo_stack.count() == 1


def test_relabel_copy_link_and_delete_the_span_under_the_mouse(
    window, qtbot, project_file, read_spans, right_click
) -> None:
    text = open_doc(window, qtbot, 1)
    at = text.index("Berlin")
    select_utf16(window, at, at + 6)
    window.tag("PERSON")
    window.view.place_caret(0)
    items = right_click(window, at + 1, "Relabel PERSON as", "ORG")
    assert "Tag as" not in items  # no selection: nothing to tag, the span is what is acted on
    assert read_spans(project_file, 1) == [(at, at + 6, "ORG", "Berlin")]
    right_click(window, at + 1, "Copy")
    assert QGuiApplication.clipboard().text() == "Berlin"
    quote = text.index('"Whoever')
    select_utf16(window, quote, quote + 10)
    window.tag("QUOTE")
    assert "Link speaker…" in right_click(window, quote + 3)
    right_click(window, at + 1, "Delete ORG")
    assert (at, at + 6, "ORG", "Berlin") not in read_spans(project_file, 1)
    window.session.undo_stack.undo()
    assert (at, at + 6, "ORG", "Berlin") in read_spans(project_file, 1)
