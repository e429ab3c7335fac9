"""Export and import through the window: formats by name, all statuses, nothing hidden in details."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog

from annotator.core.model import DocumentStatus
from annotator.ui import dialogs, file_dialogs
from annotator.ui.export_dialog import ExportDialog


def _record_dialogs(monkeypatch) -> list[tuple[str, str, str]]:
    shown: list[tuple[str, str, str]] = []
    for name in ("show_info", "show_error"):
        monkeypatch.setattr(dialogs, name, lambda parent, title, text, details="", kind=name:
                            shown.append((kind, text, details)))
    return shown


def test_the_export_dialog_ticks_every_status_and_names_formats_for_people(window, qtbot) -> None:
    dialog = ExportDialog(window, window.project.status_counts())
    qtbot.addWidget(dialog)
    assert all(box.isChecked() for box in dialog.boxes.values())
    assert dialog.statuses() is None
    assert dialog.boxes[DocumentStatus.TODO].text() == "todo (3)"
    names = [dialog.formats.itemText(row) for row in range(dialog.formats.count())]
    assert "Prodigy / spaCy JSONL" in names and "brat standoff (folder)" in names
    dialog.formats.setCurrentIndex(names.index("CoNLL IOB2"))
    assert dialog.format_name == "conll" and "Entities only" in dialog.keeps.text()


def test_brat_exports_into_a_folder_chosen_with_the_safe_dialog(window, monkeypatch, tmp_path) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    asked: list[str] = []
    monkeypatch.setattr(file_dialogs, "existing_directory", lambda parent, caption: asked.append(caption)
                        or folder)

    def choose_brat(dialog: ExportDialog) -> QDialog.DialogCode:
        dialog.formats.setCurrentIndex(dialog.formats.findData("brat"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", choose_brat)
    assert dialogs.ask_export(window) == ("brat", None, folder)
    assert asked == ["Export to an empty folder"]


def test_exporting_no_document_says_so_and_writes_nothing(window, monkeypatch, tmp_path) -> None:
    shown = _record_dialogs(monkeypatch)
    target = tmp_path / "out.jsonl"
    assert window.files.start_export("jsonl", [DocumentStatus.DONE], target) is None
    assert not target.exists()
    [(kind, text, _)] = shown
    assert kind == "show_info" and "Nothing to export: no document is done" in text


def test_export_warnings_are_in_the_result_text(window, qtbot, monkeypatch, tmp_path) -> None:
    window.project.add_span(1, 0, 4, "QUOTE")
    shown = _record_dialogs(monkeypatch)
    worker = window.files.start_export("conll", None, tmp_path / "out.conll")
    with qtbot.waitSignal(worker.succeeded, timeout=10_000):
        pass
    qtbot.waitUntil(lambda: bool(shown))
    [(kind, text, details)] = shown
    assert "CoNLL carries entities only: 1 quote and claim span(s) left out" in text and not details


def test_one_failed_import_shows_its_reason_and_new_labels_are_listed(
    window, qtbot, monkeypatch, tmp_path: Path
) -> None:
    shown = _record_dialogs(monkeypatch)
    good = tmp_path / "tagged.jsonl"
    good.write_text('{"text": "Ana Lopez spoke.", "spans": [{"start": 0, "end": 9, "label": "MISC"}]}\n',
                    "utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", "utf-8")
    window.files.start_import([good, bad])
    qtbot.waitUntil(lambda: window.files.worker is None, timeout=20_000)
    [(kind, text, details)] = shown
    assert kind == "show_error" and "1 file failed:" in text
    assert "bad.jsonl: line 1" in text and not details
    assert "label added: MISC" in text
    assert "label added: MISC" in window.statusBar().currentMessage()
