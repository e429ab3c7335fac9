"""Edits update the open document in place; what the window holds always matches the project file."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.store import Project


def in_window(window) -> list[tuple[int, int, int, str]]:
    return [(row.id, row.start, row.end, row.label) for row in window.spans.model.spans()]


def in_file(path, document_id: int) -> list[tuple[int, int, int, str]]:
    with Project(path) as project:
        return [(s.id, s.start, s.end, s.label) for s in project.spans(document_id)]


def tag(window, qtbot, start: int, end: int, key: Qt.Key) -> None:
    window.view.select_range(start, end)
    qtbot.keyClick(window.view, key)


def test_tag_delete_relabel_undo_redo_keep_window_and_file_equal(
    window, qtbot, project_file, qtmodeltester, monkeypatch
) -> None:
    from annotator.ui import dialogs

    text = window.view.text
    reload_calls = []
    monkeypatch.setattr(window.project, "spans", lambda *a: reload_calls.append(a) or [])
    rutte = text.index("Mark Rutte")
    tag(window, qtbot, rutte, rutte + 10, Qt.Key.Key_1)  # PERSON
    tag(window, qtbot, rutte + 5, rutte + 10, Qt.Key.Key_1)  # nested PERSON
    quote = text.index('"Whoever')
    tag(window, qtbot, quote, text.index('them,"') + 6, Qt.Key.Key_6)  # QUOTE
    monkeypatch.undo()
    assert reload_calls == []  # no edit reloaded the document's spans from the store
    assert in_window(window) == in_file(project_file, 1)
    assert len(window.view.index) == 3

    window.view.place_caret(rutte + 7)  # in the nested span: delete it
    window.actions.delete_span.trigger()
    assert in_window(window) == in_file(project_file, 1)
    assert len(in_file(project_file, 1)) == 2
    window.actions.undo.trigger()  # comes back with its original id
    assert in_window(window) == in_file(project_file, 1)
    assert len(in_file(project_file, 1)) == 3

    window.view.place_caret(rutte + 1)
    qtbot.keyClick(window.view, Qt.Key.Key_2)  # relabel the outer span as ORG
    assert in_window(window) == in_file(project_file, 1)
    assert window.inspector.span.label == "ORG"
    for action in (window.actions.undo, window.actions.undo, window.actions.redo, window.actions.redo):
        action.trigger()
        assert in_window(window) == in_file(project_file, 1)

    monkeypatch.setattr(dialogs, "choose_entity", lambda parent, title, entities, nearest, **_: entities[0])
    window.view.place_caret(quote + 3)
    window.actions.link.trigger()
    assert window.inspector.links.count() == 1
    window.actions.undo.trigger()
    assert window.inspector.links.count() == 0
    qtmodeltester.check(window.spans.model)
