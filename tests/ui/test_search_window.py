"""The search panel and the document list's filter box, driven by keyboard in the real window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.core.model import DocumentRecord


def search(qtbot, window, typed: str) -> None:  # noqa: ANN001
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_F, modifiers)
    panel = window.search.panel
    qtbot.waitUntil(panel.query.hasFocus)
    qtbot.keyClicks(panel.query, typed)
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)


def test_ctrl_shift_f_searches_and_lists_matches_in_context(qtbot, window) -> None:  # noqa: ANN001
    search(qtbot, window, "kyiv")
    assert window.search.dock.isVisible()
    results = window.search.panel.results
    assert [(r.document_id, r.start, r.end) for r in results.results] == [(3, 22, 26), (3, 31, 35)]
    assert results.item(0, results.COL_MATCH).text() == "Kyiv"
    assert results.item(0, results.COL_BEFORE).text() == "A third article about "
    assert results.item(0, results.COL_DOCUMENT).text() == "Third"
    assert window.search.panel.summary.text() == "2 matches in 1 document"


def test_enter_opens_the_document_with_the_match_selected(qtbot, window) -> None:  # noqa: ANN001
    search(qtbot, window, '"Ana waves"')
    results = window.search.panel.results
    assert len(results.results) == 1
    results.setFocus()
    results.selectRow(0)
    qtbot.keyClick(results, Qt.Key.Key_Return)
    assert window.document_id == 2
    text = window.project.document(2).text
    start, end = window.view.selection_range()
    assert text[start:end] == "Ana waves"  # code points, after an emoji and a ZWJ sequence
    assert results.hasFocus()  # arrows then Enter walk through the results


def test_ticked_results_tagged_by_a_label_key_in_one_undo_step(qtbot, window, project_file: Path,
                                                                read_spans) -> None:  # noqa: ANN001
    search(qtbot, window, "kyiv berlin")  # AND: no document has both
    assert window.search.panel.results.results == []
    window.search.panel.query.clear()
    search(qtbot, window, "/Kyiv|Berlin/")
    results = window.search.panel.results
    assert len(results.results) == 3
    results.setFocus()
    results.selectRow(0)
    results.tick_all(True)
    steps = window.session.undo_stack.count()
    qtbot.keyClick(results, "3")  # GPE's key: tags the results, not the text's selection
    assert window.session.undo_stack.count() == steps + 1
    assert [s[2:] for s in read_spans(project_file, 3)] == [("GPE", "Kyiv"), ("GPE", "Kyiv")]
    assert [s[2:] for s in read_spans(project_file, 1)] == [("GPE", "Berlin")]
    # The results show their new spans a moment later.
    qtbot.waitUntil(lambda: results.item(0, results.COL_SPANS).text() == "GPE", timeout=3000)
    window.session.undo_stack.undo()
    assert read_spans(project_file, 3) == [] and read_spans(project_file, 1) == []


def test_span_search_lists_spans_of_a_label(qtbot, window) -> None:  # noqa: ANN001
    window.project.add_span(1, 23, 33, "PERSON")
    panel = window.search.panel
    window.search.show()
    panel.span_label.setCurrentIndex(panel.span_label.findText("PERSON"))
    panel.searchRequested.emit()
    assert [(r.document_id, r.context.match, r.spans) for r in panel.results.results] == [
        (1, "Mark Rutte", "PERSON")]
    panel.links.setCurrentIndex(1)  # linked: it is nobody's speaker yet
    panel.searchRequested.emit()
    assert panel.results.results == []


def test_bad_regex_is_said_in_the_panel(qtbot, window) -> None:  # noqa: ANN001
    search(qtbot, window, "/(/")
    assert "bad regular expression" in window.search.panel.summary.text()


def test_ctrl_k_filters_the_document_list_by_words(qtbot, window) -> None:  # noqa: ANN001
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    box = window.search.filter_box
    qtbot.waitUntil(box.hasFocus)
    qtbot.keyClicks(box, "cafe")  # diacritics folded, title or text
    qtbot.waitUntil(lambda: window.documents.visible_ids() == [2], timeout=3000)
    box.clear()
    qtbot.keyClicks(box, "kyi")  # an unfinished word
    qtbot.waitUntil(lambda: window.documents.visible_ids() == [3], timeout=3000)
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert window.documents.visible_ids() == [1, 2, 3]


def test_filter_box_follows_an_import(qtbot, window) -> None:  # noqa: ANN001
    box = window.search.filter_box
    box.setText("kyiv")
    box.apply()
    assert window.documents.visible_ids() == [3]
    window.project.import_records([DocumentRecord(text="Kyiv later.")])
    window.reload_from_file()  # what the window does after an import or another program's change
    assert window.documents.visible_ids() == [3, 4]


def test_help_lists_the_search_keys(window) -> None:  # noqa: ANN001
    rows = dict(window.shortcut_rows())
    assert rows["Search the project"] == "Ctrl+Shift+F"
    assert rows["Filter the document list"] == "Ctrl+K"
