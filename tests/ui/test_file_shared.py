"""The window beside other work on its file: outside changes appear; refused edits say so and vanish."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from test_tagging import open_doc, select_utf16  # the same folder: pytest puts it on the path

from annotator.core.model import DocumentRecord, DocumentStatus
from annotator.store import Project


def shown_spans(window) -> list[tuple[int, int, str]]:
    return sorted((row.start, row.end, row.label) for row in window.editor.spans)


def test_changes_made_by_another_process_appear_without_a_restart(window, qtbot, project_file: Path) -> None:
    open_doc(window, qtbot, 1)
    script = (
        "import sys; from annotator.store import Project; from annotator.core.model import DocumentRecord, "
        "DocumentStatus\n"
        "with Project(sys.argv[1]) as p:\n"
        "    p.add_span(1, 0, 4, 'ORG')\n"
        "    p.set_status(3, DocumentStatus.DONE)\n"
        "    p.add_label('TOPIC')\n"
        "    p.import_records([DocumentRecord(text='A fourth article, from outside.')])\n"
    )
    subprocess.run([sys.executable, "-c", script, str(project_file)], check=True, timeout=60)
    qtbot.waitUntil(lambda: (0, 4, "ORG") in shown_spans(window), timeout=5000)
    summaries = {summary.id: summary for summary in window.documents.model.summaries()}
    assert len(summaries) == 4
    assert summaries[3].status == DocumentStatus.DONE
    assert summaries[1].span_count == 1
    assert "TOPIC" in window.label_actions
    # And the window keeps working on top of it: its next tag lands beside the outside one.
    text = window.view.text
    start = text.index("Mark Rutte")
    select_utf16(window, start, start + len("Mark Rutte"))
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    with Project(project_file) as project:
        assert {(s.start, s.end, s.label) for s in project.spans(1)} == {
            (0, 4, "ORG"), (start, start + 10, "PERSON")
        }


def test_undoing_a_tag_deleted_elsewhere_says_so_and_drops_the_step(
    window, qtbot, project_file: Path
) -> None:
    text = open_doc(window, qtbot, 1)
    start = text.index("Berlin")
    select_utf16(window, start, start + 6)
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    stack = window.session.undo_stack
    assert stack.count() == 1
    with Project(project_file) as other:
        other.delete_spans([span.id for span in other.spans(1)])
    window.actions.undo.trigger()  # before the window noticed: the span is gone from the file
    assert stack.count() == 0
    assert "not done" in window.statusBar().currentMessage()
    assert shown_spans(window) == []  # the window shows the file as it is
    window.actions.undo.trigger()  # nothing left to undo: no error either
    window.actions.redo.trigger()


def test_a_tag_the_file_refuses_leaves_no_undo_step_and_nothing_shown(
    window, qtbot, project_file: Path
) -> None:
    text = open_doc(window, qtbot, 1)
    window.project.conn.execute("PRAGMA busy_timeout = 50")
    holder = sqlite3.connect(project_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program is writing a long import
    try:
        start = text.index("Berlin")
        select_utf16(window, start, start + 6)
        qtbot.keyClick(window.view, Qt.Key.Key_3)
        assert "busy" in window.statusBar().currentMessage()
        assert window.session.undo_stack.count() == 0
        assert shown_spans(window) == []
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    qtbot.keyClick(window.view, Qt.Key.Key_3)  # the file is free again: the same key works
    assert shown_spans(window) == [(start, start + 6, "GPE")]
    assert window.session.undo_stack.count() == 1


def test_a_duplicate_made_elsewhere_is_a_message_not_a_phantom_step(
    window, qtbot, project_file: Path
) -> None:
    text = open_doc(window, qtbot, 1)
    start = text.index("Berlin")
    with Project(project_file) as other:
        other.add_span(1, start, start + 6, "GPE")
    select_utf16(window, start, start + 6)
    qtbot.keyClick(window.view, Qt.Key.Key_3)  # the window has not looked at the file yet
    assert "already covers" in window.statusBar().currentMessage()
    assert window.session.undo_stack.count() == 0
    assert shown_spans(window) == [(start, start + 6, "GPE")]


def test_outside_import_documents_appear_on_activation(window, qtbot, project_file: Path) -> None:
    with Project(project_file) as other:
        other.import_records([DocumentRecord(text="Arrived while the window was open.")])
    assert window.outside.check()
    assert len(window.documents.model.summaries()) == 4
    assert not window.outside.check()  # nothing new since


def test_a_label_edit_the_file_refuses_says_so_and_leaves_no_undo_step(
    window, qtbot, project_file: Path
) -> None:
    window.project.conn.execute("PRAGMA busy_timeout = 50")
    dialog = window.label_dialog()
    holder = sqlite3.connect(project_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert not dialog.add("TOPIC")
        assert "busy" in window.statusBar().currentMessage()
        assert window.session.undo_stack.count() == 0
        assert "TOPIC" not in window.label_actions
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert dialog.add("TOPIC")
    assert "TOPIC" in window.label_actions and window.session.undo_stack.count() == 1
    dialog.deleteLater()
