"""A long document opens with only its first screens' spans read; every edit still lands exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import DocumentRecord, SpanRecord
from annotator.store import Project

SENTENCE = "Mark Rutte met Olaf Scholz in Berlin 🙂 on Monday. "  # 51 code points, an emoji in each


@pytest.fixture
def long_project(tmp_path: Path) -> Path:
    text = SENTENCE * 1_000
    spans = [SpanRecord(i * len(SENTENCE), i * len(SENTENCE) + 10, "PERSON") for i in range(1_000)]
    path = tmp_path / "long.sqlite"
    with Project(path) as project:
        project.import_records(
            [
                DocumentRecord(text="Short.", title="Short"),
                DocumentRecord(text=text, title="Long", spans=spans),
            ]
        )
    return path


@pytest.fixture
def long_window(open_window, long_project: Path):
    window = open_window(long_project)
    window.open_document(1)
    return window


def in_file(path: Path) -> list[tuple[int, int, int, str]]:
    with Project(path) as project:
        return [(s.id, s.start, s.end, s.label) for s in project.spans(2)]


def in_window(window) -> list[tuple[int, int, int, str]]:  # noqa: ANN001
    return [(row.id, row.start, row.end, row.label) for row in window.spans.model.spans()]


def test_the_rest_of_the_spans_is_read_once_the_window_is_idle(long_window, qtbot, long_project) -> None:
    long_window.open_document(2)
    index = long_window.view.index
    assert not index.is_complete  # only the first screens' spans were read to open it
    assert len(index) == 1_000 and long_window.spans.model.rowCount() == 1_000
    qtbot.waitUntil(lambda: index.is_complete, timeout=2_000)
    assert in_window(long_window) == in_file(long_project)


def test_tagging_far_down_before_the_rest_is_read_keeps_window_and_file_equal(
    long_window, qtbot, long_project
) -> None:
    long_window.open_document(2)
    long_window.editor._read_rest.stop()  # act before the window is idle
    view = long_window.view
    assert not view.index.is_complete
    far = 900 * len(SENTENCE) + SENTENCE.index("Olaf")  # past the emoji: offsets in code points
    view.select_range(far, far + len("Olaf Scholz"))
    qtbot.keyClick(view, Qt.Key.Key_2)  # ORG
    assert view.index.is_complete
    stored = in_file(long_project)
    assert len(stored) == 1_001 and any(s[1:] == (far, far + 11, "ORG") for s in stored)
    assert in_window(long_window) == stored
    long_window.actions.undo.trigger()
    assert in_window(long_window) == in_file(long_project) and len(in_window(long_window)) == 1_000
    long_window.actions.redo.trigger()
    assert in_window(long_window) == in_file(long_project) and len(in_window(long_window)) == 1_001


def test_deleting_in_the_first_screen_before_the_rest_is_read(long_window, qtbot, long_project) -> None:
    long_window.open_document(2)
    long_window.editor._read_rest.stop()
    long_window.view.place_caret(3)  # in the first PERSON span
    long_window.actions.delete_span.trigger()
    assert in_window(long_window) == in_file(long_project) and len(in_window(long_window)) == 999
    # Switching away before the rest was read, then back: the document is read afresh.
    long_window.open_document(1)
    long_window.open_document(2)
    qtbot.waitUntil(lambda: long_window.view.index.is_complete, timeout=2_000)
    assert in_window(long_window) == in_file(long_project)


def test_closing_the_window_before_the_rest_is_read_ends_cleanly(long_window, qtbot, long_project) -> None:
    long_window.open_document(2)
    snapshot = long_window.project._snapshot
    assert not long_window.view.index.is_complete and not snapshot.closed
    long_window.close()
    assert snapshot.closed
    qtbot.wait(400)  # past the idle read: it must not touch the closed project (pytest-qt fails on errors)
    with Project(long_project) as project:  # and the file is whole
        assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("caret_in_a_span", [False, True])
def test_switching_to_a_long_document_reads_only_its_first_screens(
    open_window, tmp_path: Path, caret_in_a_span: bool
) -> None:
    """Found in review: the caret of the last document, in one of its spans, made that span current
    in the new document, whose half-read index then read everything to look it up."""
    spans = [SpanRecord(i * len(SENTENCE), i * len(SENTENCE) + 10, "PERSON") for i in range(1_000)]
    first = [SpanRecord(0, 4, "PERSON")] if caret_in_a_span else []
    path = tmp_path / "switch.sqlite"
    with Project(path) as project:
        project.import_records([DocumentRecord(title="Short", text="Mark spoke.", spans=first),
                                DocumentRecord(title="Long", text=SENTENCE * 1_000, spans=spans)])
    window = open_window(path)
    window.open_document(1)
    assert (window.inspector.span is not None) == caret_in_a_span  # a span at offset 0 is current
    window.editor._read_rest.stop()
    window.editor._read_rest.start = lambda *args: None  # the window is never idle here
    window.open_document(2)
    assert not window.view.index.is_complete
    assert window.inspector.span is not None and window.inspector.span.document_id == 2
