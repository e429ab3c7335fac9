"""Document labels in the real window: keys and clicks, one undo step each, the list's column and
filter, the label editor's groups, and no trace of them among the span labels."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from annotator.core.model import DocumentRecord, LabelKind
from annotator.importing import import_paths
from annotator.store import Project
from annotator.ui.document_list import DocumentTableModel
from annotator.ui.label_dialog import LabelDialog
from annotator.ui.new_label_dialog import NewLabelDialog
from tests.ui.conftest import ARTICLES

CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


@pytest.fixture
def labelled_file(tmp_path: Path) -> Path:
    path = tmp_path / "doclabels.sqlite"
    with Project(path) as project:
        project.import_records(list(ARTICLES))
        project.add_document_label("Politics", group="Topic")
        project.add_document_label("Economy", group="Topic")
        project.add_document_label("Opinion", group="Genre", multiple=True)
        project.add_document_label("Analysis", group="Genre")
    return path


def stored(window) -> list[str]:
    with Project(window.project.path) as project:
        return project.document_labels(window.document_id)


def test_keys_toggle_labels_single_choice_switches_and_each_is_one_undo_step(
        open_window, labelled_file: Path, qtbot) -> None:
    window = open_window(labelled_file)
    row = window.document_labels.row
    assert row.isVisible() and list(row.buttons) == ["Politics", "Economy", "Opinion", "Analysis"]
    stack = window.session.undo_stack
    qtbot.keyClick(window.view, Qt.Key.Key_1, CTRL_ALT)
    assert stored(window) == ["Politics"] and row.buttons["Politics"].isChecked()
    qtbot.keyClick(window.view, Qt.Key.Key_2, CTRL_ALT)  # same single-choice group: Politics goes
    assert stored(window) == ["Economy"]
    qtbot.keyClick(window.view, Qt.Key.Key_3, CTRL_ALT)
    qtbot.keyClick(window.view, Qt.Key.Key_4, CTRL_ALT)  # a multiple-choice group: both stay
    assert stored(window) == ["Economy", "Opinion", "Analysis"]
    assert stack.count() == 4
    stack.undo()
    stack.undo()
    stack.undo()
    assert stored(window) == ["Politics"] and row.buttons["Politics"].isChecked()
    assert not row.buttons["Economy"].isChecked()
    stack.redo()
    assert stored(window) == ["Economy"]
    qtbot.keyClick(window.view, Qt.Key.Key_2, CTRL_ALT)  # pressed again: off
    assert stored(window) == []
    assert window.documents.model.summary(window.document_id).status.value == "in_progress"


def test_a_click_toggles_and_the_list_shows_and_filters_by_label(
        open_window, labelled_file: Path, qtbot) -> None:
    window = open_window(labelled_file)
    first = window.document_id
    window.document_labels.row.buttons["Opinion"].click()
    assert stored(window) == ["Opinion"]
    model = window.documents.model
    assert not window.documents.table.isColumnHidden(DocumentTableModel.COL_LABELS)
    assert model.index(model.row_of(first), DocumentTableModel.COL_LABELS).data() == "Opinion"
    choose = window.document_labels.filter
    choose.setCurrentText("Opinion")
    choose.activated.emit(choose.currentIndex())
    assert window.documents.visible_ids() == [first]
    choose.setCurrentText("No document label")
    choose.activated.emit(choose.currentIndex())
    assert first not in window.documents.visible_ids() and len(window.documents.visible_ids()) == 2
    choose.setCurrentText("Any document label")
    choose.activated.emit(choose.currentIndex())
    assert len(window.documents.visible_ids()) == 3


def test_undo_in_another_document_opens_it(open_window, labelled_file: Path, qtbot) -> None:
    window = open_window(labelled_file)
    first = window.document_id
    qtbot.keyClick(window.view, Qt.Key.Key_1, CTRL_ALT)
    window.step_document(1)
    assert window.document_id != first and not window.document_labels.row.buttons["Politics"].isChecked()
    window.session.undo_stack.undo()
    assert window.document_id == first and stored(window) == []


def test_document_labels_are_not_span_labels_in_the_window(open_window, labelled_file: Path) -> None:
    window = open_window(labelled_file)
    assert "Politics" not in window.label_bar.buttons
    assert not any("Politics" in action.text() for action in window.labels_menu.actions())
    assert all(label.kind != LabelKind.DOCUMENT for label in window.editor.labels)


def test_no_document_labels_no_row_no_column(window) -> None:
    assert not window.document_labels.row.isVisible()
    assert window.documents.table.isColumnHidden(DocumentTableModel.COL_LABELS)
    assert not window.document_labels.filter.isVisible()


def test_the_label_editor_adds_document_labels_in_groups_undoably(window, qtbot, monkeypatch) -> None:
    answers = iter([("Politics", "Topic", False), ("Economy", "Topic", False), ("Opinion", "Genre", True)])

    def user(dialog: NewLabelDialog) -> QDialog.DialogCode:
        name, group, several = next(answers)
        dialog.name.setText(name)
        dialog.kind.setCurrentText("document")
        assert not dialog.key.isEnabled()
        dialog.choice.group.setCurrentText(group)
        dialog.choice.multiple.setCurrentIndex(1 if several else 0)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewLabelDialog, "exec", user)
    dialog = LabelDialog(window.session, window.labelsChanged, window)
    qtbot.addWidget(dialog)
    for _ in range(3):
        assert dialog.ask_add()
    choices = {choice.name: choice for choice in window.project.document_label_choices()}
    assert choices["Politics"].exclusive and choices["Economy"].group == "Topic"
    assert choices["Opinion"].multiple and window.project.label("Opinion").key is None
    assert list(window.document_labels.row.buttons) == ["Politics", "Economy", "Opinion"]
    # Moving Economy out of its group in the editor: one undo step.
    dialog.select("Economy")
    assert dialog.choice.group.isEnabled() and not dialog.key.isEnabled()
    dialog.choice.group.setCurrentText("")
    dialog.choice.changed.emit()
    assert window.project.document_label_choices()[1].group is None
    window.session.undo_stack.undo()
    assert window.project.document_label_choices()[1].group == "Topic"
    window.session.undo_stack.undo()  # the third label added goes, and its new group with it
    assert [group.name for group in window.project.choice_groups()] == ["Topic"]
    assert "Opinion" not in window.document_labels.row.buttons


def test_a_span_label_key_never_tags_with_a_document_label(window_on, qtbot) -> None:
    main = window_on([DocumentRecord(text="Rutte spoke.", title="One")])
    main.project.add_document_label("Politics")
    main.labels_changed()
    assert main.project.label("Politics").key is None
    assert "Politics" not in main.label_actions


def test_labels_imported_while_the_window_is_open_show_in_the_list(open_window, labelled_file: Path,
                                                                    tmp_path: Path) -> None:
    window = open_window(labelled_file)
    source = tmp_path / "more.jsonl"
    source.write_text('{"text": "Budget talks stall.", "cats": {"Economy": 1.0}}\n', "utf-8")
    with Project(window.project.path) as other:  # another program imports beside the window
        assert import_paths(other, [source]).failures == []
    window.reload_from_file()
    labels = window.documents.model.document_labels
    assert sorted(labels.values()) == [["Economy"]]
