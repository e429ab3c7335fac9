"""The window under faults of the file system: a read-only project, a full disk.

File modes bind only a normal user: the `normal_user` tests run as one even when the tests run as
root (tests/normal_user.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from test_file_shared import shown_spans  # the same folder: pytest puts it on the path
from test_tagging import open_doc, select_utf16

from annotator.core.model import DocumentRecord, DocumentStatus
from annotator.store import Project

NOTICE = "Read-only: window.sqlite cannot be changed (file or folder not writable)"


@pytest.mark.normal_user
@pytest.mark.parametrize("read_only", ["file", "folder"])
def test_a_read_only_project_opens_with_a_notice_and_every_edit_is_refused_with_it(
    open_window, qtbot, project_file: Path, tmp_path: Path, monkeypatch, read_only: str
) -> None:
    from annotator.ui import dialogs

    if read_only == "file":
        project_file.chmod(0o444)
    else:
        project_file.parent.chmod(0o555)
    window = open_window(project_file)
    assert window.project.read_only
    assert window.read_only_banner.isVisible() and window.read_only_banner.text() == NOTICE
    assert "window.sqlite (read-only)" in window.windowTitle()

    text = open_doc(window, qtbot, 1)
    start = text.index("Berlin")
    select_utf16(window, start, start + 6)
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    assert window.statusBar().currentMessage() == NOTICE + "."
    assert shown_spans(window) == []

    window.statusBar().clearMessage()
    window.actions.mark_done.trigger()
    assert window.statusBar().currentMessage() == NOTICE + "."
    assert window.project.document_status(1) == DocumentStatus.TODO

    window.statusBar().clearMessage()
    dialog = window.label_dialog()
    assert not dialog.add("TOPIC")
    assert window.statusBar().currentMessage() == NOTICE + "."
    assert "TOPIC" not in window.label_actions
    dialog.deleteLater()

    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, details="": errors.append(text))
    article = tmp_path.parent / f"{tmp_path.name}-article.txt"
    article.write_text("Olaf Scholz agreed.\n", encoding="utf-8")
    window.files.start_import([article])
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    assert errors == [NOTICE]

    assert window.session.undo_stack.count() == 0
    assert window.read_only_banner.isVisible()  # it stays
    with Project(project_file, read_only=True) as project:
        assert project.spans(1) == [] and project.document_count() == 3
        assert project.labels() == window.editor.labels


def test_a_step_the_full_disk_refuses_says_so_and_the_window_shows_the_file(
    open_window, qtbot, tmp_path: Path, monkeypatch
) -> None:
    from annotator.ui import dialogs

    path = tmp_path / "full.sqlite"
    with Project(path) as project:
        project.import_records([DocumentRecord(title="Kyiv", text="Kyiv and Kyiv again. " * 300)])
    window = open_window(path)
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: True)
    open_doc(window, qtbot, 1)
    select_utf16(window, 0, 4)
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    assert shown_spans(window) == [(0, 4, "GPE")]

    conn = window.project.conn
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
    window.actions.tag_all.trigger()  # 599 spans: more pages than the "disk" has room for
    assert window.statusBar().currentMessage() == (
        "Tag 599 occurrences as GPE: not done. "
        "The disk is full: the change was not saved; free some space and try again."
    )
    assert window.session.undo_stack.count() == 1  # the first tag only
    assert shown_spans(window) == [(0, 4, "GPE")]
    with Project(path, read_only=True) as project:
        assert [(span.start, span.end) for span in project.spans(1)] == [(0, 4)]

    conn.execute("PRAGMA max_page_count = 1073741823")  # room again: the same step goes through
    window.actions.tag_all.trigger()
    assert len(shown_spans(window)) == 600 and window.session.undo_stack.count() == 2
