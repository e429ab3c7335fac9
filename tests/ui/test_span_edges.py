"""Adjusting a span's edges in the window: keys by token or character, one undo step, same span."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_tagging import open_doc, select_utf16

ALT, CTRL, SHIFT = (Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier,
                    Qt.KeyboardModifier.ShiftModifier)


def tag(window, qtbot, text: str, phrase: str, key=Qt.Key.Key_1) -> int:
    at = text.index(phrase)
    select_utf16(window, at, at + len(phrase))
    qtbot.keyClick(window.view, key)
    return at


def test_keys_move_the_end_and_start_by_token_and_by_character(
    window, qtbot, project_file, read_spans
) -> None:
    text = open_doc(window, qtbot, 1)
    at = tag(window, qtbot, text, "Mark")
    span_id = window.editor.current.id
    qtbot.keyClick(window.view, Qt.Key.Key_Right, SHIFT | ALT)  # end: a token on
    assert read_spans(project_file, 1) == [(at, at + 10, "PERSON", "Mark Rutte")]
    qtbot.keyClick(window.view, Qt.Key.Key_Left, CTRL | ALT)  # start: a token back
    start = text.index("Secretary")
    assert read_spans(project_file, 1) == [(start, at + 10, "PERSON", text[start:at + 10])]
    qtbot.keyClick(window.view, Qt.Key.Key_Period, CTRL | ALT)  # start: a character on
    qtbot.keyClick(window.view, Qt.Key.Key_Comma, SHIFT | ALT)  # end: a character back
    assert read_spans(project_file, 1) == [(start + 1, at + 9, "PERSON", text[start + 1:at + 9])]
    assert window.editor.current.id == span_id
    stack = window.session.undo_stack
    assert stack.count() == 5  # the tag and four moves: one step each
    for _ in range(4):
        stack.undo()
    assert read_spans(project_file, 1) == [(at, at + 4, "PERSON", "Mark")]
    assert window.editor.spans[0].id == span_id


def test_moving_an_edge_keeps_links_and_refuses_a_duplicate(window, qtbot, project_file, read_spans) -> None:
    text = open_doc(window, qtbot, 1)
    tag(window, qtbot, text, "Mark Rutte")
    at = tag(window, qtbot, text, "Rutte")  # the same label inside it
    rutte = window.editor.current.id
    quote = text.index('"Whoever')
    tag(window, qtbot, text, text[quote:text.index('them,"') + 6], Qt.Key.Key_6)  # QUOTE
    window.project.add_relation(window.editor.current.id, rutte, "SPEAKER")
    window.editor.jump_to_span(rutte)
    qtbot.keyClick(window.view, Qt.Key.Key_Left, CTRL | ALT)  # would be "Mark Rutte" again
    assert "Already tagged" in window.statusBar().currentMessage()
    qtbot.keyClick(window.view, Qt.Key.Key_Right, SHIFT | ALT)
    assert (at, at + 11, "PERSON", "Rutte spoke") in read_spans(project_file, 1)
    assert [r.child_span_id for r in window.project.relations(1)] == [rutte]
