"""The label editor through the real window: every change stored at once and undoable with Ctrl+Z."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox

from annotator.core.model import LabelKind
from annotator.store import Project
from annotator.ui.label_commands import LabelFields


def labels_in_file(window) -> list[tuple[str, str, str | None, str]]:
    with Project(window.project.path) as project:
        return [(label.name, label.kind.value, label.key, label.colour) for label in project.labels()]


def undo(window, qtbot) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_add_label_gets_the_next_key_and_works_as_a_tag_key(window, qtbot) -> None:
    dialog = window.label_dialog()
    qtbot.addWidget(dialog)
    assert dialog.add("LAW", LabelKind.ENTITY)
    assert labels_in_file(window)[-1][:3] == ("LAW", "entity", "8")
    assert "LAW" in window.label_bar.buttons
    undo(window, qtbot)
    assert "LAW" not in [row[0] for row in labels_in_file(window)]
    assert "LAW" not in window.label_bar.buttons


def test_rename_recolour_rekey_is_one_undoable_step(window, qtbot, read_spans, monkeypatch) -> None:
    from annotator.ui import dialogs

    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, text: asked.append(text) or True)
    window.view.select_range(0, 4)  # the first word of the first article
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert [span[2] for span in read_spans(window.project.path, window.document_id)] == ["PERSON"]
    dialog = window.label_dialog()
    qtbot.addWidget(dialog)
    assert dialog.change("PERSON", LabelFields("PER", LabelKind.ENTITY, "#123456", "2"))
    assert asked == ["Key 2 belongs to ORG. Give it to PER (ORG will have no key)?"]
    rows = {row[0]: row for row in labels_in_file(window)}
    assert rows["PER"][2:] == ("2", "#123456") and rows["ORG"][2] is None  # ORG gave up key 2
    assert [span[2] for span in read_spans(window.project.path, window.document_id)] == ["PER"]
    assert window.label_bar.buttons["PER"].text().startswith("2")
    # The span list's label cell is tinted with the new colour: #123456 halfway to white.
    tint = window.spans.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole).color()
    assert tint.name() == QColor((0x12 + 255) // 2, (0x34 + 255) // 2, (0x56 + 255) // 2).name()
    undo(window, qtbot)
    rows = {row[0]: row for row in labels_in_file(window)}
    assert rows["PERSON"][2] == "1" and rows["ORG"][2] == "2"
    assert [span[2] for span in read_spans(window.project.path, window.document_id)] == ["PERSON"]


def test_reorder_moves_labels_and_undo_restores_the_order(window, qtbot) -> None:
    dialog = window.label_dialog()
    qtbot.addWidget(dialog)
    dialog.select("ORG")
    dialog.move(-1)
    assert [row[0] for row in labels_in_file(window)][:2] == ["ORG", "PERSON"]
    undo(window, qtbot)
    assert [row[0] for row in labels_in_file(window)][:2] == ["PERSON", "ORG"]


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
def test_a_label_in_use_is_removed_only_after_saying_how_many_spans_go(
    window, qtbot, read_spans, monkeypatch, answer
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda parent, title, text, *a: asked.append(text) or answer))
    window.view.select_range(0, 4)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    dialog = window.label_dialog()
    qtbot.addWidget(dialog)
    removed = dialog.remove("ORG")
    assert asked == ["Remove ORG? 1 span goes with it. (Edit > Undo brings them back.)"]
    if answer == QMessageBox.StandardButton.No:
        assert not removed and read_spans(window.project.path, window.document_id)
        assert "ORG" in [row[0] for row in labels_in_file(window)]
        return
    assert removed and read_spans(window.project.path, window.document_id) == []
    assert "ORG" not in [row[0] for row in labels_in_file(window)]
    undo(window, qtbot)
    assert [span[2] for span in read_spans(window.project.path, window.document_id)] == ["ORG"]
    assert [row[0] for row in labels_in_file(window)][1] == "ORG"


def test_an_empty_name_or_a_taken_key_is_refused_before_anything_goes_on_the_undo_stack(
    window, qtbot
) -> None:
    dialog = window.label_dialog()
    qtbot.addWidget(dialog)
    stack = window.session.undo_stack
    before = stack.count()
    assert not dialog.change("ORG", LabelFields("", LabelKind.ENTITY, "#123456", "2"))
    assert not dialog.change("ORG", LabelFields("ORG", LabelKind.ENTITY, "#123456", "s"))  # S links
    assert stack.count() == before
    assert labels_in_file(window)[1][:3] == ("ORG", "entity", "2")


def test_labels_an_import_brings_reach_the_window_and_end_the_undo_history(
    window, qtbot, tmp_path
) -> None:
    source = tmp_path / "tagged.jsonl"
    source.write_text('{"text": "Ana Lopez spoke.", "spans": [{"start": 0, "end": 9, "label": "MISC"}]}\n',
                      "utf-8")
    dialog = window.label_dialog()
    qtbot.addWidget(dialog)
    dialog.add("LAW")
    assert window.session.undo_stack.count() == 1
    worker = window.files.start_import([source])
    with qtbot.waitSignal(worker.succeeded, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: "MISC" in window.label_bar.buttons)
    assert window.session.undo_stack.count() == 0


def test_a_label_in_use_keeps_its_kind(window, qtbot, monkeypatch) -> None:
    from annotator.ui import dialogs

    refused: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, details="": refused.append(text))
    window.view.select_range(0, 4)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    dialog = window.label_dialog()
    qtbot.addWidget(dialog)
    assert not dialog.change("PERSON", LabelFields("PERSON", LabelKind.QUOTE, "#f4a6a6", "1"))
    assert refused == ["PERSON is used by 1 span(s): its kind can change only while no span uses it."]
    assert dialog.change("EVENT", LabelFields("EVENT", LabelKind.CLAIM, "#f4e0a6", "4"))  # unused: fine
