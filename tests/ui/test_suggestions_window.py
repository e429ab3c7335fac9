"""Suggestions in the real window: painted apart from spans, stepped through and decided by key,
each decision one undo step; drafted after the document is painted."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor

from annotator.core.suggestions import SuggestionDraft, SuggestionSettings
from annotator.store import Project
from annotator.ui import theme

TEXT = ('Nato met in Berlin on Monday.\n\n'
        '"We will work with them," Rutte said alongside Olaf Scholz.\n')
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def drafts() -> list[SuggestionDraft]:
    quote = at('"We will work with them,"')
    return [
        SuggestionDraft(*at("Berlin"), "GPE", "patterns:places.txt"),
        SuggestionDraft(*quote, "QUOTE", "quotes", 0.9, {"quote_type": "direct"}, speaker=2,
                        relation_type="SPEAKER"),
        SuggestionDraft(*at("Rutte"), "PERSON", "quotes", 0.8),
        SuggestionDraft(*at("Olaf Scholz"), "PERSON", "patterns:places.txt"),
    ]


@pytest.fixture
def suggested(tmp_path: Path) -> Path:
    """A project whose first document has four stored suggestions (as `annotator suggest` leaves them)."""
    from annotator.core.model import DocumentRecord

    path = tmp_path / "suggested.sqlite"
    with Project(path) as project:
        project.import_records([DocumentRecord(title="Rutte", text=TEXT),
                                DocumentRecord(title="Other", text="Another article.")])
        project.add_suggestions(1, drafts())
    return path


@pytest.fixture
def window(open_window, suggested: Path, qtbot):
    main = open_window(suggested)
    qtbot.waitUntil(lambda: len(main.suggestions.overlay.items) == 4)  # read once the text is painted
    return main


def states(path: Path) -> dict[str, str]:
    with Project(path) as project:
        every = project.suggestions(1, states=("open", "accepted", "changed", "rejected"))
        return {s.text: s.state for s in every}


def spans(path: Path) -> list[tuple[str, str, str]]:
    with Project(path) as project:
        return sorted((s.text, s.label, s.source) for s in project.spans(1))


def key(window, qtbot, which: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.view, which, modifiers)


def current_text(window) -> str | None:
    current = window.suggestions.overlay.current
    return current.text if current is not None else None


def test_stored_suggestions_show_at_once_and_count_as_nothing(window, suggested) -> None:
    overlay = window.suggestions.overlay
    assert [s.text for s in overlay.items] == ["Berlin", '"We will work with them,"', "Rutte", "Olaf Scholz"]
    assert len(window.view.index) == 0 and window.spans.model.rowCount() == 0
    summary = window.documents.model.summary(1)
    assert summary.span_count == 0 and summary.status.value == "todo"
    assert window.suggestions.status.text() == "4 suggestions — ] goes to the next"


def _label_pixels(window, word: str, colour: QColor, grow: int) -> tuple[int, int]:
    """Pixels of `colour` inside the word's box, and on the ring up to `grow` pixels around it."""
    view = window.view
    start, end = at(word)
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    left = view.cursorRect(cursor)
    cursor.setPosition(end)
    right = view.cursorRect(cursor)
    image = view.viewport().grab().toImage()
    inside = ring = 0
    for x in range(left.left() - grow, right.right() + grow + 1):
        for y in range(left.top() - grow, left.bottom() + grow + 1):
            if QColor(image.pixel(x, y)).rgb() != colour.rgb():
                continue
            if left.left() + 2 <= x <= right.left() - 2 and left.top() + 2 <= y <= left.bottom() - 2:
                inside += 1
            else:
                ring += 1
    return inside, ring


def test_a_suggestion_is_outlined_in_its_colour_never_filled_an_accepted_one_is(window, qtbot) -> None:
    palette = window.view.palette()
    gpe = next(label for label in window.editor.labels if label.name == "GPE")
    fill, line = theme.label_fill(gpe.colour, palette), theme.label_line(gpe.colour, palette)
    qtbot.wait(50)
    inside, _ = _label_pixels(window, "Berlin", fill, 0)
    _, outline = _label_pixels(window, "Berlin", line, 4)
    assert inside == 0 and outline > 10  # a dashed border, nothing behind the letters
    window.view.place_caret(at("Berlin")[0] + 1)
    key(window, qtbot, Qt.Key.Key_Return)
    qtbot.wait(50)
    inside, _ = _label_pixels(window, "Berlin", fill, 0)
    assert inside > 50  # now a span: filled


def test_brackets_step_through_suggestions_in_text_order_with_the_status(window, qtbot) -> None:
    seen = []
    for _ in range(5):
        key(window, qtbot, Qt.Key.Key_BracketRight)
        seen.append(current_text(window))
        assert window.view.caret_offset() == window.suggestions.overlay.current.start
    assert seen == ["Berlin", '"We will work with them,"', "Rutte", "Olaf Scholz", "Berlin"]  # wraps
    key(window, qtbot, Qt.Key.Key_BracketLeft)
    assert current_text(window) == "Olaf Scholz"
    assert window.suggestions.status.text() == (
        "Suggestion 4 of 4 (patterns:places.txt) — Enter accepts, - rejects")
    key(window, qtbot, Qt.Key.Key_BracketLeft)
    assert window.suggestions.status.text().startswith("Suggestion 3 of 4 (quotes, 0.80)")


def test_enter_accepts_a_quote_with_its_speaker_and_link_as_one_undo_step(window, qtbot, suggested) -> None:
    key(window, qtbot, Qt.Key.Key_BracketRight)
    key(window, qtbot, Qt.Key.Key_BracketRight)
    stack = window.session.undo_stack
    key(window, qtbot, Qt.Key.Key_Return)
    assert spans(suggested) == [('"We will work with them,"', "QUOTE", "quotes"),
                                ("Rutte", "PERSON", "quotes")]
    with Project(suggested) as project:
        quote = next(s for s in project.spans(1) if s.label == "QUOTE")
        assert quote.attributes == {"quote_type": "direct"}
        [link] = project.relations(1)
        assert (link.head_span_id, link.type) == (quote.id, "SPEAKER")
        assert project.span(link.child_span_id).text == "Rutte"
    assert stack.count() == 1
    assert len(window.view.index) == 2 and len(window.editor.relations) == 1
    assert current_text(window) == "Olaf Scholz"  # the next one is current
    assert [s.text for s in window.suggestions.overlay.items] == ["Berlin", "Olaf Scholz"]
    stack.undo()
    assert spans(suggested) == [] and set(states(suggested).values()) == {"open"}
    assert len(window.suggestions.overlay.items) == 4 and len(window.view.index) == 0
    assert window.editor.relations == []
    stack.redo()
    assert len(spans(suggested)) == 2 and len(window.editor.relations) == 1
    assert states(suggested)["Rutte"] == "accepted"


def test_another_label_key_accepts_as_that_label_changed(window, qtbot, suggested) -> None:
    window.suggestions.keys.go_to(window.suggestions.overlay.items[3])  # Olaf Scholz, PERSON
    key(window, qtbot, Qt.Key.Key_2)  # ORG
    assert spans(suggested) == [("Olaf Scholz", "ORG", "patterns:places.txt")]
    assert states(suggested)["Olaf Scholz"] == "changed"
    window.session.undo_stack.undo()
    assert spans(suggested) == [] and states(suggested)["Olaf Scholz"] == "open"
    window.suggestions.keys.go_to(window.suggestions.overlay.items[3])
    key(window, qtbot, Qt.Key.Key_1)  # its own label: plainly accepted
    assert states(suggested)["Olaf Scholz"] == "accepted"


def test_a_label_of_another_kind_does_not_accept_a_quote(window, qtbot, suggested) -> None:
    window.suggestions.keys.go_to(window.suggestions.overlay.items[1])  # the quote
    key(window, qtbot, Qt.Key.Key_1)
    assert spans(suggested) == [] and window.session.undo_stack.count() == 0
    assert "is a quote" in window.statusBar().currentMessage()


def test_a_selection_still_tags_as_ever(window, qtbot, suggested) -> None:
    window.suggestions.keys.go_to(window.suggestions.overlay.items[0])  # Berlin
    cursor = window.view.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(4, QTextCursor.MoveMode.KeepAnchor)
    window.view.setTextCursor(cursor)
    key(window, qtbot, Qt.Key.Key_2)
    assert spans(suggested) == [("Nato", "ORG", "human")]
    assert states(suggested)["Berlin"] == "open"


def test_minus_rejects_and_it_stays_rejected(window, qtbot, suggested) -> None:
    key(window, qtbot, Qt.Key.Key_BracketRight)
    key(window, qtbot, Qt.Key.Key_Minus)
    assert states(suggested)["Berlin"] == "rejected" and spans(suggested) == []
    assert current_text(window) == '"We will work with them,"'
    assert window.documents.model.summary(1).status.value == "todo"  # suggestions never change it
    window.open_document(2)
    window.open_document(1)
    qtbot.waitUntil(lambda: len(window.suggestions.overlay.items) == 3)
    assert "Berlin" not in [s.text for s in window.suggestions.overlay.items]
    with Project(suggested) as project:  # `annotator suggest` again: not proposed again
        assert project.add_suggestions(1, drafts()) == []
    window.suggestions.reload()
    assert len(window.suggestions.overlay.items) == 3
    window.session.undo_stack.undo()
    assert states(suggested)["Berlin"] == "open" and len(window.suggestions.overlay.items) == 4


def test_delete_rejects_a_suggestion_off_spans_and_deletes_a_span_on_one(window, qtbot, suggested) -> None:
    window.suggestions.keys.go_to(window.suggestions.overlay.items[3])
    key(window, qtbot, Qt.Key.Key_Delete)
    assert states(suggested)["Olaf Scholz"] == "rejected"
    window.view.place_caret(1)  # in "Nato": tag it, then Delete deletes the span as before
    cursor = window.view.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(4, QTextCursor.MoveMode.KeepAnchor)
    window.view.setTextCursor(cursor)
    key(window, qtbot, Qt.Key.Key_2)
    window.view.place_caret(2)
    key(window, qtbot, Qt.Key.Key_Delete)
    assert spans(suggested) == []


def test_accept_all_of_a_source_and_reject_all_are_one_step_each(window, qtbot, suggested) -> None:
    window.suggestions.keys.go_to(window.suggestions.overlay.items[0])  # patterns:places.txt
    stack = window.session.undo_stack
    key(window, qtbot, Qt.Key.Key_A, CTRL_SHIFT)
    assert spans(suggested) == [("Berlin", "GPE", "patterns:places.txt"),
                                ("Olaf Scholz", "PERSON", "patterns:places.txt")]
    assert stack.count() == 1 and len(window.suggestions.overlay.items) == 2
    key(window, qtbot, Qt.Key.Key_X, CTRL_SHIFT)
    assert states(suggested)["Rutte"] == "rejected" and window.suggestions.overlay.items == []
    assert stack.count() == 2
    stack.undo()
    assert len(window.suggestions.overlay.items) == 2 and states(suggested)["Rutte"] == "open"
    stack.undo()
    assert spans(suggested) == [] and set(states(suggested).values()) == {"open"}
    assert len(window.view.index) == 0 and len(window.suggestions.overlay.items) == 4
    stack.redo()
    stack.redo()
    assert len(spans(suggested)) == 2 and states(suggested)["Rutte"] == "rejected"


def test_an_undo_in_another_document_shows_that_document(window, qtbot, suggested) -> None:
    key(window, qtbot, Qt.Key.Key_BracketRight)
    key(window, qtbot, Qt.Key.Key_Minus)
    window.open_document(2)
    window.session.undo_stack.undo()
    assert window.document_id == 1 and len(window.suggestions.overlay.items) == 4


def test_hovering_a_suggestion_names_its_source_and_score(window) -> None:
    assert "Suggested" in window.suggestions.overlay.tooltip(at("Rutte")[0])
    assert "quotes, 0.80" in window.suggestions.overlay.tooltip(at("Rutte")[0])


def test_the_menu_and_shortcut_map_list_the_keys(window) -> None:
    rows = dict(window.shortcut_rows())
    assert rows["Next suggestion"] == "]" and rows["Reject suggestion"] == "-"
    assert rows["Accept all from this source"] == "Ctrl+Shift+A" and rows["Reject all"] == "Ctrl+Shift+X"
    assert "Return" in rows["Accept suggestion"]
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles.index("S&uggestions") < titles.index("&Help")


def _project_with_sources(path: Path, settings: SuggestionSettings) -> Path:
    from annotator.core.model import DocumentRecord

    with Project(path) as project:
        project.import_records([DocumentRecord(title="Rutte", text=TEXT)])
        project.set_suggestion_settings(settings)
    return path


class Paints:
    """Counts a widget's paint events."""

    def __init__(self, widget) -> None:  # noqa: ANN001
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            count = 0

            def eventFilter(self, watched, event) -> bool:  # noqa: ANN001
                self.count += event.type() == QEvent.Type.Paint
                return False

        self.filter = Filter()
        widget.installEventFilter(self.filter)

    @property
    def count(self) -> int:
        return self.filter.count


def test_stored_suggestions_are_read_once_the_text_is_painted(qtbot, suggested) -> None:
    from annotator.app import create_main_window

    main = create_main_window(suggested)
    qtbot.addWidget(main)
    assert main.view.text == TEXT and main.suggestions.overlay.items == []
    paints = Paints(main.view.viewport())
    read: list[int] = []
    main.suggestions.shown.connect(lambda _document: read.append(paints.count))
    main.show()
    qtbot.waitUntil(lambda: len(main.suggestions.overlay.items) == 4)
    assert read and read[0] > 0


def test_suggestions_are_drafted_after_the_document_is_painted(qtbot, tmp_path) -> None:
    from annotator.app import create_main_window

    path = _project_with_sources(tmp_path / "fresh.sqlite", SuggestionSettings(quotes=True))
    main = create_main_window(path)
    qtbot.addWidget(main)
    assert main.view.text == TEXT and main.suggestions.overlay.items == []  # opened without them
    paints = Paints(main.view.viewport())
    started: list[int] = []
    main.suggestions.drafting.connect(lambda _document: started.append(paints.count))
    main.show()
    qtbot.waitUntil(lambda: len(main.suggestions.overlay.items) > 0, timeout=5000)
    assert started and started[0] > 0  # the sources ran once the text was on screen
    items = main.suggestions.overlay.items
    assert "We will work with them" in {s.text for s in items} and {s.source for s in items} == {"quotes"}
    with Project(path) as project:
        assert len(project.suggestions(1)) == len(main.suggestions.overlay.items)
        assert project.spans(1) == [] and project.document(1).status.value == "todo"


def test_a_missing_model_is_said_in_a_dialog_once_and_the_other_sources_still_run(
    qtbot, tmp_path, monkeypatch
) -> None:
    from annotator.app import create_main_window
    from annotator.modelling import SPACY_MISSING, ModellingError, spacy_suggester
    from annotator.ui import dialogs

    def no_spacy():  # noqa: ANN202 - as on a machine without the annotator[spacy] extra
        raise ModellingError(SPACY_MISSING)

    monkeypatch.setattr(spacy_suggester, "import_spacy", no_spacy)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, details="": shown.append(text))
    settings = SuggestionSettings(quotes=True, model="no_such_pipeline_xyz")
    path = _project_with_sources(tmp_path / "model.sqlite", settings)
    main = create_main_window(path)
    qtbot.addWidget(main)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert shown[0] == f"model: {SPACY_MISSING}"
    qtbot.waitUntil(lambda: bool(main.suggestions.overlay.items))  # the quotes came all the same
    main.suggestions.draft(1, SuggestionSettings(model="no_such_pipeline_xyz"))
    qtbot.waitUntil(lambda: main.suggestions.worker is None, timeout=10000)
    assert len(shown) == 1  # not again on every document opened
    assert "model" in main.statusBar().currentMessage()


def test_the_sources_dialog_switches_sources_for_the_project(window, qtbot, suggested, monkeypatch) -> None:
    from PySide6.QtWidgets import QDialog

    from annotator.ui import file_dialogs
    from annotator.ui.suggestions import sources_dialog

    gazetteer = suggested.parent / "people.txt"
    gazetteer.write_text("Olaf Scholz\n", encoding="utf-8")
    monkeypatch.setattr(file_dialogs, "open_file_names", lambda *args: [gazetteer])

    def answer(dialog) -> int:  # noqa: ANN001 - as a user fills it in
        dialog.quotes.setChecked(True)
        dialog.known.setChecked(True)
        dialog._add_patterns()
        dialog._add_patterns()  # the same file twice is listed once
        dialog.model.setText("  ")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(sources_dialog.SourcesDialog, "exec", answer)
    window.suggestions.keys.actions.sources.trigger()
    with Project(suggested) as project:
        assert project.suggestion_settings() == SuggestionSettings(True, True, (str(gazetteer),), None)
    qtbot.waitUntil(lambda: window.suggestions.worker is None, timeout=5000)


def test_a_suggestion_tagged_by_hand_is_a_span_not_a_suggestion_until_untagged(window, qtbot) -> None:
    cursor = window.view.textCursor()
    cursor.setPosition(at("Berlin")[0])
    cursor.setPosition(at("Berlin")[1], QTextCursor.MoveMode.KeepAnchor)
    window.view.setTextCursor(cursor)
    key(window, qtbot, Qt.Key.Key_3)  # GPE, as suggested
    overlay = window.suggestions.overlay
    assert [s.text for s in overlay.shown()] == ['"We will work with them,"', "Rutte", "Olaf Scholz"]
    assert overlay.overlapping(*at("Berlin")) == [] and window.suggestions.status.text().startswith("3 ")
    window.view.place_caret(0)
    key(window, qtbot, Qt.Key.Key_BracketRight)
    assert current_text(window) == '"We will work with them,"'  # not the tagged one
    window.session.undo_stack.undo()
    assert len(overlay.shown()) == 4
