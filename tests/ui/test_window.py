"""The window as a whole: app setup, settings, import/export off the GUI thread, safety, models."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent, QTextCursor

from annotator.store import Project


def test_thirty_thousand_void_qt_calls_do_not_crash(qapp) -> None:
    """PySide6 6.12.0 on CPython 3.11 aborts (none_dealloc) after a few thousand void calls."""
    from PySide6.QtGui import QTextDocument

    document = QTextDocument("x" * 100)
    cursor = QTextCursor(document)
    for index in range(30_000):
        cursor.setPosition(index % 100)
    assert cursor.position() == 29_999 % 100


def test_importing_the_app_module_does_not_load_qt() -> None:
    code = "import sys, annotator.app; print(any(m.startswith('PySide6') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_geometry_and_recent_projects_are_remembered(window, project_file) -> None:
    window.resize(900, 600)
    window.close()
    settings = QSettings()
    assert not settings.value("window/geometry").isEmpty()
    assert settings.value("recent_projects", [], type=list)[0] == str(project_file.resolve())


def test_files_dropped_on_the_window_are_imported(window, qtbot, tmp_path, project_file) -> None:
    article = tmp_path / "dropped.txt"
    article.write_text("A dropped article about Lisbon.\n", encoding="utf-8")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(article))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    worker = window.files.worker
    assert worker is not None
    qtbot.waitUntil(lambda: window.documents.model.rowCount() == 4, timeout=10_000)
    assert "Imported 1 document" in window.statusBar().currentMessage()
    with Project(project_file) as project:
        assert project.document_count() == 4


def test_export_runs_in_a_thread_and_writes_the_file(window, qtbot, tmp_path) -> None:
    target = tmp_path / "out.jsonl"
    worker = window.files.start_export("jsonl", None, target)
    with qtbot.waitSignal(worker.succeeded, timeout=10_000) as finished:
        pass
    assert finished.args == [3, []]
    assert len(target.read_text(encoding="utf-8").splitlines()) == 3


def test_markup_in_titles_and_text_is_shown_literally(window_on) -> None:
    from annotator.core.model import DocumentRecord

    window = window_on([DocumentRecord(title="<b>bold</b> <img src=x>", text="<i>not italic</i>")])
    assert window.title.textFormat() == Qt.TextFormat.PlainText
    assert window.title.text() == "<b>bold</b> <img src=x>"
    assert window.view.text == "<i>not italic</i>"
    tip = window.view.tooltip_text([])
    assert tip == ""
    # A span over the markup: its row's tooltip and the inspector show it literally, with offsets.
    window.open_document(1)
    window.view.select_range(0, 17)
    window.tag("PERSON", exact=True)
    row_tip = window.spans.model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert row_tip == "<p><b>PERSON</b> at 0–17: &lt;i&gt;not italic&lt;/i&gt;</p>"
    assert window.inspector.text.textFormat() == Qt.TextFormat.PlainText
    assert window.inspector.text.text() == "<i>not italic</i>"
    assert window.inspector.where.text() == "0–17 (17 characters)"


def test_tooltip_lists_every_span_escaped(window, qtbot) -> None:
    from annotator.core.model import Span

    spans = [Span(1, 1, 0, 4, "QUOTE", "<b>x"), Span(2, 1, 0, 2, "PERSON", "<b")]
    assert window.view.tooltip_text(spans) == "<b>QUOTE</b>: &lt;b&gt;x<br><b>PERSON</b>: &lt;b"


def test_keyboard_shortcuts_help_lists_label_keys_and_standard_keys(window, monkeypatch) -> None:
    from annotator.ui import dialogs

    shown = []
    monkeypatch.setattr(dialogs, "show_shortcuts", lambda parent, rows: shown.append(dict(rows)))
    window.actions.shortcuts_help.trigger()
    rows = shown[0]
    assert rows["Tag as PERSON"] == "1"
    assert rows["Tag as PERSON, exact characters"] == "Alt+1"
    assert "Ctrl+Y" in rows["Redo"] and "Ctrl+Shift+Z" in rows["Redo"]
    assert rows["Link speaker or claimant"] == "S"


def test_document_and_span_models_keep_the_qt_contract(window, qtmodeltester) -> None:
    qtmodeltester.check(window.documents.model)
    qtmodeltester.check(window.spans.model)


def test_platform_hint_names_missing_xcb_packages(monkeypatch) -> None:
    import annotator.app as app

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":0")
    assert app._loadable("libc.so.6") and not app._loadable("libnothing-here.so.9")
    monkeypatch.setattr(app, "_loadable", lambda soname: soname != "libxcb-cursor.so.0")
    hint = app.platform_problem()
    assert hint is not None and "libxcb-cursor0" in hint and "libxcb-icccm4" not in hint
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert app.platform_problem() is None


def test_open_window_runs_the_app(monkeypatch, tmp_path: Path) -> None:
    import annotator.app
    from annotator.launch import open_window

    opened = []
    monkeypatch.setattr(annotator.app, "run", lambda path: opened.append(path) or 0)
    assert open_window(tmp_path / "p.sqlite") == 0
    assert opened == [tmp_path / "p.sqlite"]


def test_a_project_that_cannot_open_at_start_is_one_line_and_exit_1(tmp_path, capsys) -> None:
    from annotator.app import run

    not_a_project = tmp_path / "notes.sqlite"
    not_a_project.write_text("my notes")
    assert run(not_a_project) == 1
    assert capsys.readouterr().err.strip() == (
        f"annotator: {not_a_project}: not an Annotator project (not a SQLite file)")
    assert not_a_project.read_text() == "my notes"


def test_the_app_has_its_icon(window) -> None:
    from PySide6.QtWidgets import QApplication

    assert not QApplication.instance().windowIcon().isNull()
    assert QApplication.instance().windowIcon().availableSizes()


def test_selecting_spans_never_moves_the_panels(window, qtbot) -> None:
    """The inspector's fields and a long span's text scroll inside it: the span list keeps its size."""
    text = window.view.text
    quote = text.index('"Whoever')
    window.view.select_range(quote, len(text.rstrip()))
    qtbot.keyClick(window.view, Qt.Key.Key_6)  # a QUOTE: label, long text, attribute, links
    window.view.select_range(0, 4)
    qtbot.keyClick(window.view, Qt.Key.Key_1)  # a PERSON: no attribute row
    sizes = set()
    for caret in (quote + 3, 2, len(text) - 1, quote + 5, 1):  # quote, person, nothing, and again
        window.view.place_caret(caret)
        qtbot.wait(20)
        sizes.add((window.spans.geometry().getRect(), window.documents.geometry().getRect(),
                   window.view.geometry().getRect()))
    assert len(sizes) == 1, sizes


def test_an_untitled_document_is_headed_by_its_first_line(window_on) -> None:
    from annotator.core.model import DocumentRecord

    untitled = DocumentRecord(title="", text="\n  Rutte spoke in Berlin.\nMore text.")
    window = window_on([untitled], "untitled.sqlite")
    assert window.title.text() == "Rutte spoke in Berlin."
    assert window.windowTitle().startswith("Rutte spoke in Berlin. — untitled.sqlite")
