"""Snapping in the window trims punctuation at the edges; Alt (exact) keeps it; a quote loses its marks."""

from __future__ import annotations

from PySide6.QtCore import Qt

from annotator.core.model import DocumentRecord
from tests.ui.test_tagging import select_utf16

TEXT = 'Officials met on November 4, in Kyiv. "We stay," Rutte said.'


def test_a_date_selected_word_by_word_loses_its_comma(window_on, qtbot, read_spans, tmp_path) -> None:
    window = window_on([DocumentRecord(title="t", text=TEXT)])
    window.view.setFocus()
    window.view.place_caret(TEXT.index("November"))
    for _ in range(2):  # Ctrl+Shift+Right twice: "November 4, " with the comma and the space
        qtbot.keyClick(window.view, Qt.Key.Key_Right,
                       Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier)
    window.tag("DATE")
    at = TEXT.index("November")
    assert read_spans(tmp_path / "records.sqlite", 1) == [(at, at + 10, "DATE", "November 4")]


def test_a_quote_keeps_its_marks_only_in_exact_mode(window_on, read_spans, tmp_path) -> None:
    window = window_on([DocumentRecord(title="t", text=TEXT)])
    start, end = TEXT.index('"We'), TEXT.index('," R') + 2
    select_utf16(window, start, end)
    window.tag("QUOTE")
    select_utf16(window, start, end)
    window.tag("CLAIM", exact=True)
    assert sorted(read_spans(tmp_path / "records.sqlite", 1)) == [
        (start, end, "CLAIM", '"We stay,"'), (start + 1, end - 2, "QUOTE", "We stay"),
    ]


def test_punctuation_only_is_refused_with_a_message(window_on, read_spans, tmp_path) -> None:
    window = window_on([DocumentRecord(title="t", text=TEXT)])
    at = TEXT.index(',"')
    select_utf16(window, at, at + 3)
    window.tag("PERSON")
    assert read_spans(tmp_path / "records.sqlite", 1) == []
    assert "only spaces or punctuation" in window.statusBar().currentMessage()


def test_the_edge_keys_are_in_the_shortcut_table(window) -> None:
    rows = dict(window.shortcut_rows())
    assert rows["Move span end right a word"] == "Alt+Shift+Right"
    assert rows["Move span start left a character"] == "Ctrl+Alt+,"
