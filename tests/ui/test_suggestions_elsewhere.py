"""Suggestion keys where they must not act: Return in the document list or the find bar, a
read-only project (nothing drafted, decisions refused with a message), and Review's own - key."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.store import Project
from tests.ui.test_suggestions_window import at, states, suggested  # noqa: F401 - a fixture


def test_return_in_the_document_list_opens_a_document_and_accepts_nothing(open_window, suggested, qtbot) -> None:  # noqa: F811, E501
    window = open_window(suggested)
    qtbot.waitUntil(lambda: len(window.suggestions.overlay.items) == 4)
    window.suggestions.keys.go_to(window.suggestions.overlay.items[0])  # on a suggestion
    table = window.documents.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    table.setCurrentIndex(table.model().index(1, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert set(states(suggested).values()) == {"open"}
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus)
    if window.document_id != 1:
        window.open_document(1)
    qtbot.waitUntil(lambda: len(window.suggestions.overlay.items) == 4)
    window.suggestions.keys.go_to(window.suggestions.overlay.items[0])
    qtbot.keyClick(window.view, Qt.Key.Key_Return)  # in the text it accepts
    assert states(suggested)["Berlin"] == "accepted"


def test_a_read_only_project_shows_suggestions_and_refuses_decisions(suggested, qtbot, monkeypatch) -> None:  # noqa: F811, E501
    from annotator.app import create_main_window
    from annotator.core.suggestions import SuggestionSettings
    from annotator.store import project as project_module

    with Project(suggested) as project:
        project.set_suggestion_settings(SuggestionSettings(quotes=True))
    monkeypatch.setattr(project_module, "can_write", lambda _path: False)  # as a file one may not write
    window = create_main_window(suggested)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: len(window.suggestions.overlay.items) == 4)
    assert window.project.read_only
    window.suggestions.keys.go_to(window.suggestions.overlay.items[0])
    window.suggestions.keys.accept()
    window.suggestions.keys.reject()
    assert window.session.undo_stack.count() == 0
    assert window.statusBar().currentMessage().startswith("Read-only: suggested.sqlite cannot be changed")
    qtbot.wait(400)  # past the moment an unpainted document would be drafted
    assert window.suggestions.worker is None and len(window.suggestions.overlay.items) == 4
    assert set(states(suggested).values()) == {"open"}
