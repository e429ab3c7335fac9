"""Tagging through the real window: keys, snapping, offsets after emoji, relabel, delete, undo/redo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor


def select_utf16(window, start: int, end: int) -> None:
    """Select the way Qt sees the text (UTF-16 units), as a mouse drag would."""
    cursor = window.view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    window.view.setTextCursor(cursor)


def utf16(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def open_doc(window, qtbot, document_id: int) -> str:
    window.open_document(document_id)
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(lambda: window.view.hasFocus())
    return window.view.text


def test_tagging_a_word_after_emoji_stores_python_offsets(window, qtbot, project_file, read_spans) -> None:
    text = open_doc(window, qtbot, 2)
    start = text.index("Ana")  # after one emoji: Qt's position is one more
    select_utf16(window, utf16(text, start), utf16(text, start + 3))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert read_spans(project_file, 2) == [(start, start + 3, "PERSON", "Ana")]
    second = text.index("Ana", start + 1)  # after a ZWJ emoji sequence of five UTF-16 units
    select_utf16(window, utf16(text, second), utf16(text, second + 3))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert (second, second + 3, "PERSON", "Ana") in read_spans(project_file, 2)


def test_keyboard_selection_with_shift_arrows_then_label_key(window, qtbot, project_file, read_spans) -> None:
    text = open_doc(window, qtbot, 1)
    window.view.place_caret(text.index("Mark"))
    for _ in range(2):
        qtbot.keyClick(
            window.view,
            Qt.Key.Key_Right,
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier,
        )
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert read_spans(project_file, 1) == [
        (text.index("Mark"), text.index("Mark") + 10, "PERSON", "Mark Rutte")
    ]


def test_a_partial_selection_snaps_to_whole_words_and_alt_keeps_it_exact(
    window, qtbot, project_file, read_spans
) -> None:
    text = open_doc(window, qtbot, 1)
    at = text.index("Berlin")
    select_utf16(window, at + 1, at + 4)  # "erl"
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    select_utf16(window, at + 1, at + 4)
    qtbot.keyClick(window.view, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert sorted(read_spans(project_file, 1)) == [
        (at, at + 6, "GPE", "Berlin"),
        (at + 1, at + 4, "ORG", "erl"),
    ]


def test_selection_with_surrounding_spaces_is_trimmed(window, qtbot, project_file, read_spans) -> None:
    text = open_doc(window, qtbot, 1)
    at = text.index(" Olaf ")
    select_utf16(window, at, at + len(" Olaf "))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert read_spans(project_file, 1) == [(at + 1, at + 5, "PERSON", "Olaf")]


def test_exact_duplicate_is_refused_with_a_message(window, qtbot, project_file, read_spans) -> None:
    text = open_doc(window, qtbot, 1)
    at = text.index("Rutte")
    for _ in range(2):
        select_utf16(window, at, at + 5)
        qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert len(read_spans(project_file, 1)) == 1
    assert "Already tagged" in window.statusBar().currentMessage()
    assert window.session.undo_stack.count() == 1


def test_nested_and_overlapping_spans_are_kept(window, qtbot, project_file, read_spans) -> None:
    text = open_doc(window, qtbot, 1)
    quote = text.index('"Whoever')
    quote_end = text.index('them,"') + len('them,"')
    select_utf16(window, quote, quote_end)
    qtbot.keyClick(window.view, Qt.Key.Key_6)
    select_utf16(window, quote, quote_end)
    qtbot.keyClick(window.view, Qt.Key.Key_7)
    select_utf16(window, text.index("Whoever"), text.index("Whoever") + 7)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert {label for *_, label, _text in read_spans(project_file, 1)} == {"QUOTE", "CLAIM", "PERSON"}


def test_label_key_with_the_caret_in_a_span_relabels_it(window, qtbot, project_file, read_spans) -> None:
    text = open_doc(window, qtbot, 1)
    at = text.index("Olaf")
    select_utf16(window, at, at + 4)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    window.view.place_caret(at + 2)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert read_spans(project_file, 1) == [(at, at + 4, "PERSON", "Olaf")]
    window.actions.undo.trigger()
    assert read_spans(project_file, 1) == [(at, at + 4, "ORG", "Olaf")]


def test_delete_removes_the_span_at_the_caret_and_undo_restores_it(
    window, qtbot, project_file, read_spans
) -> None:
    text = open_doc(window, qtbot, 1)
    at = text.index("Monday")
    select_utf16(window, at, at + 6)
    qtbot.keyClick(window.view, Qt.Key.Key_5)
    window.view.place_caret(at + 3)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert read_spans(project_file, 1) == []
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert read_spans(project_file, 1) == [(at, at + 6, "DATE", "Monday")]


def test_undo_and_both_redo_keys(window, qtbot, project_file, read_spans) -> None:
    text = open_doc(window, qtbot, 3)
    at = text.index("Kyiv")
    select_utf16(window, at, at + 4)
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    tagged = [(at, at + 4, "GPE", "Kyiv")]
    assert read_spans(project_file, 3) == tagged
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(window.view, Qt.Key.Key_Z, ctrl)
    assert read_spans(project_file, 3) == []
    qtbot.keyClick(window.view, Qt.Key.Key_Z, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert read_spans(project_file, 3) == tagged
    qtbot.keyClick(window.view, Qt.Key.Key_Z, ctrl)
    qtbot.keyClick(window.view, Qt.Key.Key_Y, ctrl)
    assert read_spans(project_file, 3) == tagged
    assert window.session.undo_stack.count() == 1


def test_undo_after_moving_on_reopens_the_document_it_changes(
    window, qtbot, project_file, read_spans
) -> None:
    text = open_doc(window, qtbot, 3)
    select_utf16(window, text.index("Kyiv"), text.index("Kyiv") + 4)
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    window.open_document(1)
    window.actions.undo.trigger()
    assert window.document_id == 3
    assert read_spans(project_file, 3) == []


def test_clicking_a_label_button_tags_the_selection(window, qtbot, project_file, read_spans) -> None:
    text = open_doc(window, qtbot, 3)
    select_utf16(window, text.index("Kyiv"), text.index("Kyiv") + 4)
    window.label_bar.buttons["GPE"].click()
    assert read_spans(project_file, 3)[0][2] == "GPE"
    assert window.documents.model.summary(3).span_count == 1


def test_tag_all_occurrences_is_one_undoable_step(
    window, qtbot, project_file, read_spans, monkeypatch
) -> None:
    from annotator.ui import dialogs

    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: asked.append(text) or True)
    text = open_doc(window, qtbot, 2)
    select_utf16(window, utf16(text, text.index("Ana")), utf16(text, text.index("Ana") + 3))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    window.actions.tag_all.trigger()
    assert asked == ["Tag 1 more occurrence of “Ana” as PERSON?"]
    assert [s[3] for s in read_spans(project_file, 2)] == ["Ana", "Ana"]
    window.actions.undo.trigger()
    assert [s[3] for s in read_spans(project_file, 2)] == ["Ana"]
    window.actions.redo.trigger()
    assert len(read_spans(project_file, 2)) == 2


def test_tag_all_occurrences_skips_partial_words(
    window, qtbot, project_file, read_spans, monkeypatch
) -> None:
    from annotator.ui.editor import whole_token_occurrences

    assert whole_token_occurrences("Ana, Anabel and Ana.", "Ana") == [(0, 3), (16, 19)]


def test_tag_all_in_the_project_previews_a_count_and_is_one_undo_step(
    window, qtbot, project_file, read_spans, monkeypatch
) -> None:
    from annotator.core.model import DocumentRecord
    from annotator.store import Project
    from annotator.ui import dialogs

    with Project(project_file) as other_connection:  # a fourth article that also names Rutte
        fourth = other_connection.import_records([DocumentRecord(text="Rutte, again.")]).added[0]
    asked = []
    monkeypatch.setattr(dialogs, "review_tag_all",
                        lambda parent, question, occurrences: asked.append(question) or occurrences)
    text = open_doc(window, qtbot, 1)
    start = text.index("Rutte")
    select_utf16(window, start, start + len("Rutte"))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    window.view.place_caret(start + 1)
    window.actions.tag_all_in_project.trigger()
    assert asked == ["Tag 2 occurrences of “Rutte” as PERSON in 2 documents?"]
    assert [s[3] for s in read_spans(project_file, 1)] == ["Rutte", "Rutte"]
    assert [s[3] for s in read_spans(project_file, fourth)] == ["Rutte"]
    assert window.document_id == 1
    # Across the project, the window stays where the person is.
    text3 = open_doc(window, qtbot, 3)
    start3 = text3.index("Kyiv")
    select_utf16(window, start3, start3 + 4)
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    window.view.place_caret(start3 + 1)
    window.actions.tag_all_in_project.trigger()
    assert asked[-1] == "Tag 1 occurrence of “Kyiv” as GPE in 1 document?"
    assert [s[3] for s in read_spans(project_file, 3)] == ["Kyiv", "Kyiv"]
    window.actions.undo.trigger()
    assert window.document_id == 3
    assert [s[3] for s in read_spans(project_file, 3)] == ["Kyiv"]
    assert window.documents.model.summaries()[2].span_count == 1


def test_undo_and_redo_say_what_they_did(window, qtbot) -> None:
    window.view.select_range(0, 4)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage().startswith("Undone: ")
    qtbot.keyClick(window.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage().startswith("Redone: ")
