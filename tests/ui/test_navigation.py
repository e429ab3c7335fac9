"""Moving through work: Ctrl+Enter, Ctrl+PageUp/PageDown and Alt+arrows, the list, its filter, progress."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.model import DocumentStatus
from annotator.store import Project


def status(path, document_id):
    with Project(path) as project:
        return project.document(document_id).status


def test_opening_shows_the_first_document_focused(window) -> None:
    assert window.document_id == 1
    assert window.view.text.startswith("Nato Secretary-General")
    assert window.view.hasFocus()
    assert window.documents.progress.text() == "0 of 3 done"


def test_ctrl_enter_marks_done_and_opens_the_next_not_done(window, qtbot, project_file) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert status(project_file, 1) == DocumentStatus.DONE
    assert window.document_id == 2
    assert window.documents.progress.text() == "1 of 3 done"
    assert window.documents.model.summary(1).status == DocumentStatus.DONE
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_Enter,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier,
    )
    assert window.document_id == 3
    window.actions.undo.trigger()  # marking done is undoable too
    assert status(project_file, 2) == DocumentStatus.TODO


def test_ctrl_enter_on_the_last_document_wraps_to_one_not_done(window, qtbot, project_file) -> None:
    window.open_document(3)
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.document_id == 1


def test_ctrl_page_down_and_ctrl_page_up_move_between_documents(window, qtbot) -> None:
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, ctrl)
    assert window.document_id == 2
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, ctrl)
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, ctrl)
    assert window.document_id == 3
    qtbot.keyClick(window.view, Qt.Key.Key_PageUp, ctrl)
    assert window.document_id == 2


def test_alt_arrows_move_between_documents(window, qtbot) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.document_id == 2
    qtbot.keyClick(window.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.document_id == 1


def test_page_keys_alone_stay_in_the_document(window, qtbot) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown)
    qtbot.keyClick(window.view, Qt.Key.Key_PageUp)
    assert window.document_id == 1


def test_status_filter_limits_the_list_and_paging(window, qtbot) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    window.documents.filter_box.setCurrentIndex(1)  # "Not done"
    assert window.documents.visible_ids() == [2, 3]
    window.documents.filter_box.setCurrentIndex(4)  # "Done"
    assert window.documents.visible_ids() == [1]


def test_clicking_a_document_opens_it(window, qtbot) -> None:
    documents = window.documents
    index = documents.proxy.index(2, 0)
    documents.table.clicked.emit(index)
    assert window.document_id == 3
    assert window.title.text() == "Third"


def test_last_document_is_reopened_next_time(window, qtbot, project_file) -> None:
    from annotator.app import create_main_window

    window.open_document(3)
    window.close()
    again = create_main_window(project_file)
    qtbot.addWidget(again)
    assert again.document_id == 3


def test_find_highlights_every_match_and_enter_selects_the_next(window, qtbot) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.field.hasFocus()
    qtbot.keyClicks(window.find_bar.field, "rutte")
    assert len(window.view._matches) == 2
    assert window.find_bar.count.text() == "2 found"
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Return)
    start, end = window.view.selection_range()
    assert window.view.text[start:end] == "Rutte"
    qtbot.keyClick(window.find_bar.field, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible() and window.view._matches == []


def test_the_first_tag_puts_a_document_in_progress_in_the_list(window, qtbot) -> None:
    from PySide6.QtCore import Qt

    from annotator.core.model import DocumentStatus

    assert window.documents.model.summaries()[0].status is DocumentStatus.TODO
    window.view.select_range(0, 4)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert window.documents.model.summaries()[0].status is DocumentStatus.IN_PROGRESS


def test_skip_and_back_to_todo_are_undoable_statuses(window, qtbot, project_file) -> None:
    from annotator.core.model import DocumentStatus
    from annotator.store import Project

    def status_of(document_id: int) -> DocumentStatus:
        with Project(project_file) as project:
            return project.document(document_id).status

    first = window.document_id
    window.actions.mark_skipped.trigger()
    assert status_of(first) is DocumentStatus.SKIPPED and window.document_id != first
    window.open_document(first)
    window.actions.mark_todo.trigger()
    assert status_of(first) is DocumentStatus.TODO
    window.actions.undo.trigger()
    assert status_of(first) is DocumentStatus.SKIPPED
