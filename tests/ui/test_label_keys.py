"""Labels beyond nine get keys (0, then letters): shown on their buttons, and they tag."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.label_keys import LABEL_KEYS, next_free_key
from annotator.store import Project
from tests.ui.test_tagging import open_doc, select_utf16


def test_next_free_key_runs_through_digits_then_letters_the_window_leaves_free() -> None:
    assert next_free_key(["1", "2", None]) == "3"
    assert next_free_key("123456789") == "0"
    assert next_free_key([*"1234567890", "A"]) == "b"  # keys compare without case
    assert not set("sdefhlv") & set(LABEL_KEYS)
    assert next_free_key(LABEL_KEYS) is None


def test_a_tenth_and_eleventh_label_get_keys_that_tag(open_window, project_file, qtbot, read_spans) -> None:
    with Project(project_file) as project:  # seven preset labels: these get 8, 9, 0, a, b
        keys = [project.add_label(name).key for name in ("LAW", "PRODUCT", "WORK", "MONEY", "NORP")]
    assert keys == ["8", "9", "0", "a", "b"]
    window = open_window(project_file)
    assert window.label_bar.buttons["NORP"].text().startswith("b")
    text = open_doc(window, qtbot, 1)
    at = text.index("Berlin")
    select_utf16(window, at, at + 6)
    qtbot.keyClick(window.view, Qt.Key.Key_B)
    select_utf16(window, at + 1, at + 3)
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # exact characters
    select_utf16(window, 0, 4)
    qtbot.keyClick(window.view, Qt.Key.Key_0)
    assert sorted(read_spans(project_file, 1)) == [
        (0, 4, "WORK", "Nato"), (at, at + 6, "NORP", "Berlin"), (at + 1, at + 3, "MONEY", "er")
    ]
    assert ("Tag as NORP", "B") in window.shortcut_rows()



def test_a_label_key_a_window_command_uses_stays_the_commands(open_window, project_file) -> None:
    with Project(project_file) as project:  # a file from elsewhere: S is "link speaker" here
        project.update_label("PERSON", key="s")
    window = open_window(project_file)
    tag, exact = window.label_actions["PERSON"]
    assert tag.shortcuts() == [] and exact.shortcuts() == []  # else S would be ambiguous: dead
    assert [key.toString() for key in window.actions.link.shortcuts()] == ["S"]
