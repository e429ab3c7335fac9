"""Links (speaker, claimant), attributes and notes through the window, read back from the file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annotator.store import Project


def tag(window, qtbot, start: int, end: int, key: Qt.Key) -> None:
    cursor = window.view.textCursor()  # document 1 has no astral characters: offsets are equal
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    window.view.setTextCursor(cursor)
    qtbot.keyClick(window.view, key)


@pytest.fixture
def tagged(window, qtbot):
    """Document 1 with "Rutte" (PERSON, second mention) and the quote tagged; caret in the quote."""
    window.activateWindow()
    window.view.setFocus()
    text = window.view.text
    quote = (text.index('"Whoever'), text.index('them,"') + len('them,"'))
    rutte = text.index("Rutte said")
    tag(window, qtbot, rutte, rutte + 5, Qt.Key.Key_1)
    tag(window, qtbot, *quote, Qt.Key.Key_6)
    window.view.place_caret(quote[0] + 3)
    return {"quote": quote, "rutte": (rutte, rutte + 5)}


def relations(path):
    with Project(path) as project:
        spans = {span.id: span for span in project.spans(1)}
        return [
            (r.type, spans[r.head_span_id].label, spans[r.child_span_id].text) for r in project.relations(1)
        ]


def choose(monkeypatch, text: str, seen: list | None = None) -> None:
    from annotator.ui import dialogs

    def answer(parent, title, entities, preselect, **_):
        if seen is not None:
            seen.append((title, [span.text for span in entities], preselect))
        return next(span for span in entities if span.text == text)

    monkeypatch.setattr(dialogs, "choose_entity", answer)


def test_link_quote_to_speaker_with_s(window, qtbot, project_file, tagged, monkeypatch) -> None:
    seen: list = []
    choose(monkeypatch, "Rutte", seen)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    assert relations(project_file) == [("SPEAKER", "QUOTE", "Rutte")]
    assert seen[0][0] == "Choose the speaker" and seen[0][1] == ["Rutte"]
    assert window.inspector.links.count() == 1
    assert "SPEAKER" in window.inspector.links.item(0).text()
    window.actions.undo.trigger()
    assert relations(project_file) == []


def test_selecting_a_quote_highlights_its_speaker(window, qtbot, tagged, monkeypatch) -> None:
    choose(monkeypatch, "Rutte")
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    speaker = next(s for s in window.editor.spans if s.label == "PERSON")
    assert window.view._linked == {speaker.id}


def test_link_claim_to_claimant(window, qtbot, project_file, tagged, monkeypatch) -> None:
    choose(monkeypatch, "Rutte")
    tag(window, qtbot, *tagged["quote"], Qt.Key.Key_7)  # the same words as a claim too
    claim = next(s for s in window.editor.spans if s.label == "CLAIM")
    window.editor.jump_to_span(claim.id)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    assert relations(project_file) == [("CLAIMANT", "CLAIM", "Rutte")]


def test_deleting_the_speaker_removes_the_link_and_undo_restores_both(
    window, qtbot, project_file, tagged, monkeypatch
) -> None:
    choose(monkeypatch, "Rutte")
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    window.view.place_caret(tagged["rutte"][0] + 1)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert relations(project_file) == []
    window.actions.undo.trigger()
    assert relations(project_file) == [("SPEAKER", "QUOTE", "Rutte")]
    window.actions.redo.trigger()
    window.actions.undo.trigger()  # the restored span has a new id: undo/redo keep following it
    window.actions.undo.trigger()
    assert relations(project_file) == []
    window.actions.redo.trigger()
    assert relations(project_file) == [("SPEAKER", "QUOTE", "Rutte")]


def test_s_on_an_entity_explains_instead_of_linking(window, qtbot, tagged) -> None:
    window.view.place_caret(tagged["rutte"][0] + 1)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    assert "quote or claim" in window.statusBar().currentMessage()


def test_quote_direct_attribute_and_note_are_stored_and_undoable(window, qtbot, project_file, tagged) -> None:
    inspector = window.inspector
    assert inspector.attribute_label.text() == "Quote"
    inspector.attribute_box.activated.emit(1)  # what choosing "direct" in the box emits
    inspector.attribute_box.setCurrentIndex(1)
    inspector.note.setText("checked against the video")
    inspector.note.editingFinished.emit()
    with Project(project_file) as project:
        quote = next(s for s in project.spans(1) if s.label == "QUOTE")
    assert quote.attributes == {"quote_type": "direct"}
    assert quote.note == "checked against the video"
    window.actions.undo.trigger()
    window.actions.undo.trigger()
    with Project(project_file) as project:
        quote = next(s for s in project.spans(1) if s.label == "QUOTE")
    assert quote.attributes == {} and quote.note is None


def test_claim_check_worthy_attribute(window, qtbot, project_file, tagged) -> None:
    tag(window, qtbot, *tagged["quote"], Qt.Key.Key_7)
    claim = next(s for s in window.editor.spans if s.label == "CLAIM")
    window.editor.jump_to_span(claim.id)
    assert window.inspector.attribute_label.text() == "Check-worthy"
    window.inspector.attribute_box.activated.emit(2)  # "no"
    with Project(project_file) as project:
        assert project.span(claim.id).attributes == {"check_worthy": False}


def test_span_panel_click_jumps_and_inspector_follows(window, qtbot, tagged) -> None:
    panel = window.spans
    row = next(r for r, s in enumerate(panel.model.spans()) if s.label == "PERSON")
    panel.table.clicked.emit(panel.model.index(row, 0))
    assert window.inspector.span.label == "PERSON"
    assert window.view.caret_offset() == tagged["rutte"][0]
    assert window.view.hasFocus()


def test_span_list_changes_a_label_and_deletes_from_its_menu_and_the_delete_key(
    window, qtbot, project_file, tagged
) -> None:
    from annotator.store import Project

    def labels_in_file() -> list[str]:
        with Project(project_file) as project:
            return sorted(span.label for span in project.spans(window.document_id))

    before = labels_in_file()
    person = next(span for span in window.spans.model.spans() if span.label == "PERSON")
    menu = window.spans.context_menu_for(person.id)
    relabel = next(action for action in menu.actions() if action.text() == "Change label").menu()
    next(action for action in relabel.actions() if action.text() == "ORG").trigger()
    after = labels_in_file()
    assert "ORG" in after and "PERSON" not in after and len(after) == len(before)
    window.spans.table.setFocus()
    window.spans.table.selectRow(0)
    window.spans.table.setCurrentIndex(window.spans.model.index(0, 0))
    qtbot.keyClick(window.spans, Qt.Key.Key_Delete)
    assert len(labels_in_file()) == len(before) - 1
    window.actions.undo.trigger()
    assert len(labels_in_file()) == len(before)


def test_after_choosing_the_speaker_the_keyboard_is_back_in_the_text(
    window, qtbot, project_file, tagged, monkeypatch
) -> None:
    """Ctrl+Z right after the chooser closes undoes the link, even if the dialog took the focus."""
    from annotator.ui import dialogs

    def answer(parent, title, entities, preselect, **_):  # the dialog had the focus, and kept it
        window.inspector.note.setFocus()
        return entities[0]

    monkeypatch.setattr(dialogs, "choose_entity", answer)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    assert relations(project_file) == [("SPEAKER", "QUOTE", "Rutte")]
    assert window.view.hasFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert relations(project_file) == []
