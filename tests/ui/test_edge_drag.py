"""Dragging a span's edge with the mouse: snapped to tokens, exact with Alt, one undo step."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from tests.ui.test_tagging import open_doc, select_utf16

LEFT = Qt.MouseButton.LeftButton
NONE, ALT = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.AltModifier


def point_at(window, offset: int, dx: int = 0) -> QPoint:
    cursor = window.view.textCursor()
    cursor.setPosition(offset)
    point = window.view.cursorRect(cursor).center()
    return QPoint(point.x() + dx, point.y())


def drag(window, qtbot, start: QPoint, end: QPoint, modifier=NONE) -> None:
    viewport = window.view.viewport()
    qtbot.mousePress(viewport, LEFT, NONE, start)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, LEFT, modifier, end)


def test_dragging_the_end_snaps_to_a_token_and_undoes_in_one_step(
    window, qtbot, project_file, read_spans
) -> None:
    text = open_doc(window, qtbot, 1)
    at = text.index("Mark")
    select_utf16(window, at, at + 4)
    window.tag("PERSON")
    span_id = window.editor.current.id
    rutte = text.index("Rutte")
    drag(window, qtbot, point_at(window, at + 4), point_at(window, rutte + 2))  # mid-word: snaps out
    assert read_spans(project_file, 1) == [(at, rutte + 5, "PERSON", "Mark Rutte")]
    assert window.editor.current.id == span_id
    assert window.session.undo_stack.count() == 2
    window.session.undo_stack.undo()
    assert read_spans(project_file, 1) == [(at, at + 4, "PERSON", "Mark")]


def test_dragging_the_start_with_alt_is_exact_and_a_press_elsewhere_still_selects(
    window, qtbot, project_file, read_spans
) -> None:
    text = open_doc(window, qtbot, 1)
    at = text.index("Berlin")
    select_utf16(window, at, at + 6)
    window.tag("GPE")
    drag(window, qtbot, point_at(window, at), point_at(window, at + 2), ALT)
    assert read_spans(project_file, 1) == [(at + 2, at + 6, "GPE", "rlin")]
    # Away from the edges a press and drag selects text as before.
    drag(window, qtbot, point_at(window, 0), point_at(window, 4))
    assert window.view.selection_range() == (0, 4)
    assert window.session.undo_stack.count() == 2
