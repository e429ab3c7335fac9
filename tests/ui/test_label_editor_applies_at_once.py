"""The label editor applies each change as it is made (one undo step each), adds a label in one
dialog, keeps names unique whatever their case, and says what a removal takes with it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from annotator.core.model import LabelKind
from annotator.store import Project
from annotator.ui import dialogs
from annotator.ui.label_commands import LabelFields
from annotator.ui.label_dialog import LabelDialog
from annotator.ui.new_label_dialog import NewLabelDialog


def labels_in_file(window) -> dict[str, tuple[str, str | None, str]]:
    with Project(window.project.path) as project:
        return {label.name: (label.kind.value, label.key, label.colour) for label in project.labels()}


def test_a_renamed_label_is_stored_without_apply_and_survives_close(window, qtbot, monkeypatch) -> None:
    def user(dialog: LabelDialog) -> QDialog.DialogCode:  # Ctrl+L, type a new name, press Close
        dialog.select("GPE")
        dialog.name.setText("PLACE")
        dialog.reject()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(LabelDialog, "exec", user)
    qtbot.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert "PLACE" in labels_in_file(window) and "GPE" not in labels_in_file(window)
    assert "PLACE" in window.label_bar.buttons
    window.actions.undo.trigger()
    assert "GPE" in labels_in_file(window)


def test_each_field_applies_as_it_is_left_one_undo_step_each(window, qtbot) -> None:
    dialog = window.label_dialog()
    qtbot.addWidget(dialog)
    dialog.select("DATE")
    before = window.session.undo_stack.count()
    dialog.key.setText("9")
    dialog.key.editingFinished.emit()
    assert labels_in_file(window)["DATE"][1] == "9"
    dialog.kind.setCurrentText("claim")
    dialog.kind.activated.emit(dialog.kind.currentIndex())
    assert labels_in_file(window)["DATE"][0] == "claim"
    assert window.session.undo_stack.count() == before + 2
    assert dialog.name.text() == "DATE"  # the fields still show the label edited


def test_a_refused_name_shows_the_label_again(window, qtbot, monkeypatch) -> None:
    refused: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, details="": refused.append(text))
    dialog = window.label_dialog()
    qtbot.addWidget(dialog)
    dialog.select("ORG")
    dialog.name.setText("person")
    dialog.name.editingFinished.emit()
    assert refused == ["There is already a label named PERSON."]
    assert dialog.name.text() == "ORG" and "ORG" in labels_in_file(window)


def test_a_label_is_added_in_one_dialog_with_kind_key_and_colour(window, qtbot, monkeypatch) -> None:
    def user(dialog: NewLabelDialog) -> QDialog.DialogCode:
        assert dialog.key.text() == "8"  # the next free key is offered
        dialog.name.setText("VERDICT")
        dialog.kind.setCurrentText("claim")
        dialog.key.setText("0")
        dialog._set_colour("#123456")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewLabelDialog, "exec", user)
    before = window.session.undo_stack.count()
    window.actions.add_label.trigger()
    assert labels_in_file(window)["VERDICT"] == ("claim", "0", "#123456")
    assert window.session.undo_stack.count() == before + 1
    window.actions.undo.trigger()
    assert "VERDICT" not in labels_in_file(window)


def test_adding_a_name_taken_in_another_case_is_refused(window, qtbot, monkeypatch) -> None:
    refused: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, details="": refused.append(text))
    dialog = window.label_dialog()
    qtbot.addWidget(dialog)
    assert not dialog.add("Org", LabelKind.ENTITY)
    assert refused == ["There is already a label named ORG."]


def test_removing_a_label_says_how_many_spans_and_links_go(window, qtbot, monkeypatch) -> None:
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: asked.append(text) or False)
    project = window.project
    text = window.view.text
    person = project.add_span(1, text.index("Rutte said"), text.index("Rutte said") + 5, "PERSON")
    quote = project.add_span(1, 0, 4, "QUOTE")
    project.add_relation(quote.id, person.id, "SPEAKER")
    dialog = window.label_dialog()
    qtbot.addWidget(dialog)
    assert not dialog.remove("PERSON")
    assert asked == ["Remove PERSON? 1 span and 1 link go with it. (Edit > Undo brings them back.)"]


def test_relabelling_across_kinds_says_an_entity(window, qtbot) -> None:
    messages: list[str] = []
    window.editor.message.connect(messages.append)
    window.view.select_range(0, 4)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    window.view.place_caret(1)
    qtbot.keyClick(window.view, Qt.Key.Key_6)
    assert messages[-1].startswith("PERSON is an entity; QUOTE is not.")


def test_change_keeps_working_for_scripts(window, qtbot) -> None:
    dialog = window.label_dialog()
    qtbot.addWidget(dialog)
    assert dialog.change("ORG", LabelFields("COMPANY", LabelKind.ENTITY, "#123456", "2"))


def test_the_editor_says_which_labels_may_be_speakers_undoably(window, qtbot, monkeypatch) -> None:
    refused: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, details="": refused.append(text))

    def speakers() -> dict[str, tuple[str, ...]]:
        with Project(window.project.path) as project:
            return {kind.name: kind.child_labels for kind in project.relation_types()}

    dialog = window.label_dialog()
    qtbot.addWidget(dialog)
    dialog.select("GPE")
    assert not dialog.speaker.isChecked() and dialog.speaker.isEnabled()
    dialog.speaker.click()
    assert speakers() == {"SPEAKER": ("PERSON", "ORG", "GPE"), "CLAIMANT": ("PERSON", "ORG", "GPE")}
    dialog.select("PERSON")
    assert dialog.speaker.isChecked()
    dialog.select("QUOTE")
    assert not dialog.speaker.isEnabled()
    window.actions.undo.trigger()
    assert speakers()["SPEAKER"] == ("PERSON", "ORG")
    for name in ("ORG", "PERSON"):
        dialog.select(name)
        dialog.set_speaker(False)
    assert refused == ["At least one label must be allowed as a speaker."]
    assert speakers()["SPEAKER"] == ("PERSON",)
