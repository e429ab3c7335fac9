"""Team work in the window: the annotator's name, File > Merge projects…, Team > Agreement…."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QInputDialog

from annotator.core.model import DocumentRecord, DocumentStatus
from annotator.store import Project
from annotator.ui import dialogs, file_dialogs
from annotator.ui.team.name import SETTING, needs_asking, system_user

TEXT = '"We will win," said Ana Lima of the Green Party in Lisbon.'


def annotated(path: Path, annotator: str, words: list[tuple[str, str]]) -> Path:
    with Project(path, annotator=annotator) as project:
        project.import_records([DocumentRecord(TEXT, title="One")])
        for phrase, label in words:
            start = TEXT.index(phrase)
            project.add_span(1, start, start + len(phrase), label)
        project.set_status(1, DocumentStatus.DONE)
    return path


def test_the_name_is_prefilled_shown_and_recorded(window_on) -> None:
    window = window_on([DocumentRecord(TEXT, title="One")])
    # Offscreen (tests, batch use) nobody is asked; the system's user name stands in until set.
    assert not needs_asking()
    assert window.team.name_label.text() == f"Annotator: {system_user()}"
    assert window.project.annotator == system_user()
    window.project.add_span(1, 20, 28, "PERSON")
    assert window.project.spans(1)[0].annotator == system_user()


def test_edit_annotator_name_changes_what_is_recorded(window_on, monkeypatch) -> None:
    window = window_on([DocumentRecord(TEXT, title="One")])
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *args, **kwargs: ("  Zoe  ", True)))
    window.team.rename.trigger()
    assert QSettings().value(SETTING) == "Zoe"
    assert window.team.name_label.text() == "Annotator: Zoe" and window.project.annotator == "Zoe"
    span = window.project.add_span(1, 20, 28, "PERSON")
    assert span.annotator == "Zoe"
    # A cancelled dialog changes nothing.
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *args, **kwargs: ("Other", False)))
    window.team.rename.trigger()
    assert window.project.annotator == "Zoe"
    # The name sticks for the next project opened.
    assert window.load_project(window.project.path)
    assert window.project.annotator == "Zoe"


def test_merge_projects_then_agreement_in_the_window(window_on, qtbot, tmp_path: Path, monkeypatch) -> None:
    amir = annotated(tmp_path / "amir.sqlite", "amir", [("Ana Lima", "PERSON"), ("Lisbon", "GPE")])
    kim = annotated(tmp_path / "kim.sqlite", "kim", [("Ana Lima", "PERSON"), ("Green Party", "ORG")])
    window = window_on([DocumentRecord("Another article about Kyiv.", title="Other")], name="team.sqlite")
    infos: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda parent, title, text, details="": infos.append(text))
    monkeypatch.setattr(file_dialogs, "open_file_names", lambda *args: [amir, kim])
    assert window.team.merge in window.menuBar().actions()[0].menu().actions()  # under File
    window.team.merge.trigger()
    qtbot.waitUntil(lambda: bool(infos), timeout=15000)
    assert "2 of 2 annotator versions changed" in infos[0]
    assert window.project.layers() == ["amir", "kim"]
    assert window.documents.model.rowCount() == 2  # the merged article is listed after a reload

    window.team.agreement.trigger()
    qtbot.waitUntil(lambda: window.team.dialog is not None, timeout=15000)
    dialog = window.team.dialog
    # All labels, then PERSON, ORG, GPE: each a row for everyone and one for the (only) pair.
    assert dialog.table.rowCount() == 8 and dialog.table.item(1, 1).text() == "amir / kim"
    assert dialog.table.item(0, 1).text() == "amir, kim"
    # Exact F1: 1 of 2 spans each -> 0.5, over 4 spans.
    assert dialog.table.item(0, 2).text() == "0.500  (4)"
    dialog.copy_csv()
    assert QApplication.clipboard().text().splitlines()[0].startswith("label,document,annotators")


def test_merge_errors_and_agreement_without_layers_are_said(window_on, qtbot, tmp_path: Path,
                                                             monkeypatch) -> None:
    window = window_on([DocumentRecord(TEXT, title="One")])
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, details="": errors.append(text))
    window.team.start_merge([tmp_path / "missing.sqlite"])
    qtbot.waitUntil(lambda: bool(errors), timeout=15000)
    assert "missing.sqlite: no such project file" in errors[0]
    window.team.agreement.trigger()
    qtbot.waitUntil(lambda: len(errors) == 2, timeout=15000)
    assert "agreement needs two or more" in errors[1]
