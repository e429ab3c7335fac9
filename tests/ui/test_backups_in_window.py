"""Backups in the window: made when a project opens and before risky steps, restored, saved as copies;
a damaged project offers its newest backup or a salvage instead of just refusing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from annotator.core.model import DocumentRecord
from annotator.store import Project
from annotator.store.backups import list_backups, make_backup
from annotator.ui import dialogs, file_dialogs
from annotator.ui.backup import controller


def wait_for_backup(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.backups.busy(), timeout=10000)


def counts(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("SELECT count(*) FROM documents").fetchone()[0],
                conn.execute("SELECT count(*) FROM spans").fetchone()[0])
    finally:
        conn.close()


def test_opening_a_project_backs_it_up_in_the_background_once(window, qtbot, project_file: Path) -> None:
    wait_for_backup(qtbot, window)
    [made] = list_backups(project_file)
    assert made.reason == "opened" and made.contents() == (3, 0)
    window.load_project(project_file)  # again: the backup is fresh, no second one
    wait_for_backup(qtbot, window)
    assert len(list_backups(project_file)) == 1


def test_restore_from_backup_brings_the_project_back_and_can_be_taken_back(
    window, qtbot, project_file: Path, monkeypatch
) -> None:
    wait_for_backup(qtbot, window)
    [made] = list_backups(project_file)
    window.editor.view.select_range(0, 4)
    window.tag("ORG")
    assert counts(project_file) == (3, 1)
    monkeypatch.setattr(controller, "choose_backup", lambda parent, path: made)
    monkeypatch.setattr(dialogs, "confirm", lambda *args: True)
    assert window.backups.restore()
    assert counts(project_file) == (3, 0)
    assert window.editor.spans == [] and window.session.undo_stack.count() == 0
    before = [backup for backup in list_backups(project_file) if backup.reason == "before-restore"]
    assert len(before) == 1 and before[0].contents() == (3, 1)


def test_save_a_copy_holds_every_edit(window, qtbot, project_file: Path, tmp_path: Path, monkeypatch) -> None:
    window.project.conn.execute("PRAGMA wal_autocheckpoint = 0")  # the edits stay in the -wal
    window.editor.view.select_range(0, 4)
    window.tag("ORG")
    target = tmp_path / "copy.sqlite"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *args: target)
    assert window.backups.save_copy() == target
    assert counts(target) == (3, 1)
    assert not Path(str(target) + "-wal").exists()


def test_risky_steps_are_backed_up_first(window, qtbot, project_file: Path, monkeypatch) -> None:
    wait_for_backup(qtbot, window)
    monkeypatch.setattr(dialogs, "confirm", lambda *args: True)
    monkeypatch.setattr(dialogs, "review_tag_all", lambda parent, question, occurrences: occurrences)
    window.open_document(3)
    text = window.view.text
    start = text.index("Kyiv")
    window.editor.view.select_range(start, start + 4)
    window.tag("GPE")
    window.editor.tag_all_in_project()
    reasons = [backup.reason for backup in list_backups(project_file)]
    assert "before-tag-all" in reasons
    dialog = window.label_dialog()
    assert dialog.remove("GPE")
    dialog.deleteLater()
    assert "before-remove-label" in [backup.reason for backup in list_backups(project_file)]
    assert counts(project_file)[1] == 0


def press(label: str):  # noqa: ANN201 - a stand-in for QMessageBox.exec that clicks a button
    def exec_(box: QMessageBox) -> int:
        for button in box.buttons():
            if button.text().startswith(label):
                button.click()
                return 0
        raise AssertionError(f"no button {label!r} in {[b.text() for b in box.buttons()]}")

    return exec_


def damaged_project(path: Path, with_backup: bool) -> None:
    with Project(path) as project:
        project.import_records([DocumentRecord(text=f"Article {n} on Berlin and Kyiv.") for n in range(50)])
        if with_backup:
            make_backup(project.conn, path, "manual")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")  # the whole project in the file itself
    conn.close()
    data = bytearray(path.read_bytes())
    data[4096 * 2: 4096 * 2 + 64] = b"\xff" * 64  # a damaged page
    path.write_bytes(bytes(data))


def test_a_damaged_project_opens_its_newest_backup_as_a_new_project(
    window, qtbot, tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "damaged.sqlite"
    damaged_project(path, with_backup=True)
    before = path.read_bytes()
    monkeypatch.setattr(QMessageBox, "exec", press("Open the backup"))
    assert window.load_project(path)
    assert window.project.path.name.startswith("damaged-restored-")
    assert len(window.documents.model.summaries()) == 50
    assert path.read_bytes() == before  # the damaged file is left as it was


def test_a_damaged_project_without_backups_can_be_salvaged(
    window, qtbot, tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "damaged.sqlite"
    damaged_project(path, with_backup=False)
    before = path.read_bytes()
    monkeypatch.setattr(QMessageBox, "exec", press("Salvage"))
    monkeypatch.setattr(dialogs, "show_info", lambda *args: None)
    assert window.load_project(path)
    assert window.project.path.name.startswith("damaged-salvaged-")
    assert 0 < len(window.documents.model.summaries()) <= 50
    assert path.read_bytes() == before
