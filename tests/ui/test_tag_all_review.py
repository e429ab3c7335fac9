"""Tag all leaves occurrences inside a span of the same label alone; across the project it shows
each occurrence in context, ticked, and tags the ticked ones as one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from annotator.core.model import DocumentRecord
from annotator.core.tag_all import outside
from annotator.store import Project
from annotator.ui import dialogs
from annotator.ui.tag_all_review import TagAllReview

ARTICLES = [
    DocumentRecord(title="One", text="Mark Rutte spoke. Later Rutte left, and Rutte came back."),
    DocumentRecord(title="Two", text="Mark Rutte again; then Rutte alone."),
]


def test_an_occurrence_inside_a_span_of_the_same_label_is_left_alone() -> None:
    assert outside([(5, 10), (24, 29)], [(0, 10)]) == [(24, 29)]
    assert outside([(5, 10)], [(0, 7), (6, 9)]) == [(5, 10)]  # overlapping is not containing


def test_tag_all_in_the_document_skips_rutte_inside_mark_rutte(window_on, qtbot, monkeypatch) -> None:
    window = window_on(ARTICLES)
    window.open_document(1)
    text = window.view.text
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, question: asked.append(question) or True)
    window.project.add_span(1, 0, 10, "PERSON")  # "Mark Rutte"
    window.editor.refresh()
    later = text.index("Rutte left")
    window.view.select_range(later, later + 5)
    window.editor.tag("PERSON")
    window.view.place_caret(later + 1)
    window.editor.tag_all_current()
    assert asked == ["Tag 1 more occurrence of “Rutte” as PERSON?"]
    with Project(window.project.path) as project:
        assert [span.text for span in project.spans(1)] == ["Mark Rutte", "Rutte", "Rutte"]


def test_the_project_wide_review_lists_each_occurrence_in_context_and_tags_the_ticked(
    window_on, qtbot, monkeypatch
) -> None:
    window = window_on(ARTICLES)
    window.open_document(1)
    text = window.view.text
    window.project.add_span(1, 0, 10, "PERSON")
    window.project.add_span(2, 0, 10, "PERSON")
    window.editor.refresh()
    later = text.index("Rutte left")
    window.view.select_range(later, later + 5)
    window.editor.tag("PERSON")
    window.view.place_caret(later + 1)
    seen: list[list[tuple[str, str, str, str]]] = []

    def user(review: TagAllReview) -> QDialog.DialogCode:
        seen.append([tuple(review.table.item(row, column).text() for column in range(4))
                     for row in range(review.table.rowCount())])
        assert all(review.table.item(row, 0).checkState() == Qt.CheckState.Checked
                   for row in range(review.table.rowCount()))
        assert review.apply.text() == "Tag 2"
        review.tick(0, False)  # leave the first one out
        assert review.apply.text() == "Tag 1"
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TagAllReview, "exec", user)
    steps = window.session.undo_stack.count()
    window.editor.tag_all_in_project()
    # "Rutte" inside both "Mark Rutte" spans is not offered; the one already tagged neither.
    assert seen == [[("One", "Mark Rutte spoke. Later Rutte left, and", "Rutte", "came back."),
                     ("Two", "Mark Rutte again; then", "Rutte", "alone.")]]
    with Project(window.project.path) as project:
        assert [span.text for span in project.spans(1)] == ["Mark Rutte", "Rutte"]
        assert [span.text for span in project.spans(2)] == ["Mark Rutte", "Rutte"]
    assert window.session.undo_stack.count() == steps + 1
    window.actions.undo.trigger()
    with Project(window.project.path) as project:
        assert [span.text for span in project.spans(2)] == ["Mark Rutte"]


def test_cancelling_the_review_tags_nothing(window_on, qtbot) -> None:
    window = window_on(ARTICLES)
    window.open_document(2)
    text = window.view.text
    window.view.select_range(text.index("Rutte alone"), text.index("Rutte alone") + 5)
    window.editor.tag("PERSON")
    window.editor.tag_all_in_project()  # the test run's dialogs answer Cancel
    with Project(window.project.path) as project:
        assert [span.text for span in project.spans(1)] == []
