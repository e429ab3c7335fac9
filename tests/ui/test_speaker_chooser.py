"""The speaker chooser through the real window: allowed labels only, filtered as you type, off the quote."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QDialog

from annotator.store import Project
from annotator.ui import dialogs
from annotator.ui.span_index import SpanRow
from annotator.ui.speaker_chooser import SpeakerChooser, away_from


def tag(window, qtbot, start: int, end: int, key: Qt.Key) -> None:
    window.view.select_range(start, end)
    qtbot.keyClick(window.view, key)


def test_the_chooser_offers_people_and_organisations_only(window, qtbot, monkeypatch) -> None:
    text = window.view.text
    tag(window, qtbot, text.index("Monday"), text.index("Monday") + 6, Qt.Key.Key_5)  # DATE
    tag(window, qtbot, text.index("Berlin"), text.index("Berlin") + 6, Qt.Key.Key_3)  # GPE
    rutte = text.index("Rutte said")
    tag(window, qtbot, rutte, rutte + 5, Qt.Key.Key_1)
    scholz = text.index("Olaf Scholz")
    tag(window, qtbot, scholz, scholz + 11, Qt.Key.Key_1)
    quote = (text.index('"Whoever'), text.index('them,"') + len('them,"'))
    tag(window, qtbot, *quote, Qt.Key.Key_6)
    window.view.place_caret(quote[0] + 3)
    offered: list[list[str]] = []
    avoided: list[QRect] = []

    def answer(parent, title, entities, preselect, avoid=None):
        offered.append([span.text for span in entities])
        avoided.append(avoid)
        return entities[preselect]

    monkeypatch.setattr(dialogs, "choose_entity", answer)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    assert offered == [["Rutte", "Olaf Scholz"]]  # the nearest after the quote first; no DATE, no GPE
    assert avoided[0] is not None and avoided[0].isValid()
    with Project(window.project.path) as project:
        [relation] = project.relations(1)
        assert project.span(relation.child_span_id).text == "Rutte"


def test_no_allowed_span_says_which_labels_to_tag(window, qtbot) -> None:
    messages: list[str] = []
    window.editor.message.connect(messages.append)
    text = window.view.text
    tag(window, qtbot, text.index("Berlin"), text.index("Berlin") + 6, Qt.Key.Key_3)
    quote = (text.index('"Whoever'), text.index('them,"') + len('them,"'))
    tag(window, qtbot, *quote, Qt.Key.Key_6)
    window.view.place_caret(quote[0] + 3)
    qtbot.keyClick(window.view, Qt.Key.Key_S)
    assert messages[-1] == "Tag the speaker (PERSON or ORG) first, then link."


def test_typing_filters_the_list_and_enter_takes_the_highlighted_one(window, qtbot) -> None:
    spans = [SpanRow(1, 0, 10, "PERSON", "Mark Rutte"), SpanRow(2, 20, 31, "PERSON", "Olaf Scholz"),
             SpanRow(3, 40, 44, "ORG", "NATO")]
    chooser = SpeakerChooser(window, "Choose the speaker", spans, 0)
    qtbot.addWidget(chooser)
    # Shown and focused as in use: keys sent to a hidden dialog meet the window's shortcuts first
    # (Return accepts a suggestion while the text has the keyboard).
    chooser.show()
    qtbot.waitExposed(chooser)
    chooser.activateWindow()
    chooser.filter.setFocus()
    qtbot.waitUntil(chooser.filter.hasFocus)
    qtbot.keyClicks(chooser.filter, "sch")
    visible = [chooser.list.item(row).text() for row in range(3) if not chooser.list.item(row).isHidden()]
    assert visible == ["PERSON: Olaf Scholz  (at 20)"] and chooser.chosen_row() == 1
    chooser.filter.clear()
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Down)  # arrows move in the list while typing
    assert chooser.chosen_row() == 2
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Return)
    assert chooser.result() == QDialog.DialogCode.Accepted


def test_the_chooser_is_placed_off_the_quote() -> None:
    screen, size = QRect(0, 0, 1200, 800), QSize(420, 320)
    for quote in (QRect(100, 100, 600, 40), QRect(100, 600, 600, 40), QRect(0, 200, 500, 400)):
        placed = QRect(away_from(quote, size, screen), size)
        assert not placed.intersects(quote) and screen.contains(placed), (quote, placed)


def test_the_real_chooser_does_not_cover_the_quote(window, qtbot, monkeypatch) -> None:
    seen: list[tuple[QRect, QRect]] = []

    def shown(chooser: SpeakerChooser) -> QDialog.DialogCode:
        seen.append(chooser.frameGeometry())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(SpeakerChooser, "exec", shown)
    avoid = QRect(window.mapToGlobal(window.rect().topLeft()) + window.rect().center() / 2, QSize(300, 40))
    spans = [SpanRow(1, 0, 10, "PERSON", "Mark Rutte")]
    assert dialogs.choose_entity(window, "Choose the speaker", spans, 0, avoid=avoid) is None
    assert not seen[0].intersects(avoid)
