"""Reading and moving: paging the text, zoom, a readable line length, right-to-left paragraphs, details."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QFontMetricsF, QTextCursor

from annotator.core.model import DocumentRecord

LONG = "\n\n".join(
    f"Paragraph {n}: the minister said the budget would be debated again next week in Parliament."
    for n in range(200)
)
ARABIC = "قال الوزير إن الميزانية ستناقش الأسبوع المقبل في البرلمان.\n\nEnglish paragraph after it."
MIXED = "قال Mark Rutte إن الحكومة ستقدم الميزانية."
ENGLISH = "Nato Secretary-General Mark Rutte spoke in Berlin on Monday. " * 12


@pytest.fixture
def reading_file(tmp_path: Path) -> Path:
    from annotator.store import Project

    path = tmp_path / "reading.sqlite"
    with Project(path) as project:
        project.import_records([
            DocumentRecord(title="Long", text=LONG, source="wire.example", author="Ana Díaz",
                           published="2024-03-01", url="https://news.example/budget?a=1&b=<2>"),
            DocumentRecord(title="عربي", text=ARABIC, url="javascript:alert(1)"),
            DocumentRecord(title="Wide", text=ENGLISH),
            DocumentRecord(title="Mixed", text=MIXED),
        ])
    return path


@pytest.fixture
def reader(open_window, reading_file: Path):
    return open_window(reading_file)


def cursor_rect(view, offset: int):  # noqa: ANN001, ANN201
    cursor = QTextCursor(view.document())
    cursor.setPosition(view._offsets.to_utf16(offset))
    return view.cursorRect(cursor)


def test_page_down_scrolls_a_long_article_and_ctrl_page_down_moves_on(reader, qtbot) -> None:
    bar = reader.view.verticalScrollBar()
    assert bar.value() == 0
    qtbot.keyClick(reader.view, Qt.Key.Key_PageDown)
    qtbot.keyClick(reader.view, Qt.Key.Key_PageDown)
    assert reader.document_id == 1
    assert bar.value() > 0
    down = bar.value()
    qtbot.keyClick(reader.view, Qt.Key.Key_PageUp)
    assert 0 <= bar.value() < down
    qtbot.keyClick(reader.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert reader.document_id == 2


def test_the_shortcut_table_lists_the_new_document_keys(reader) -> None:
    rows = dict(reader.shortcut_rows())
    assert rows["Next document"] == "Ctrl+PgDown, Alt+Right"
    assert rows["Previous document"] == "Ctrl+PgUp, Alt+Left"
    assert rows["Zoom in"].startswith("Ctrl+=, Ctrl++")
    assert rows["Zoom out"] == "Ctrl+-"
    assert rows["Actual size"] == "Ctrl+0"
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "| Next / previous document | Ctrl+PageDown / Ctrl+PageUp, Alt+Right / Alt+Left |" in readme


def test_zoom_keys_and_ctrl_wheel_change_the_size_and_are_remembered(reader, qtbot, open_window,
                                                                      reading_file) -> None:
    view = reader.view
    base = view.font().pointSizeF()
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.font().pointSizeF() > base
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.font().pointSizeF() == pytest.approx(base)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.font().pointSizeF() < base
    reader.actions.zoom_reset.trigger()
    wheel(view, 240, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == 2
    scrolled = view.verticalScrollBar().value()
    wheel(view, -120, Qt.KeyboardModifier.NoModifier)  # a plain wheel still scrolls, never zooms
    assert view.zoom == 2 and view.verticalScrollBar().value() != scrolled
    zoomed = view.font().pointSizeF()
    reader.close()
    again = open_window(reading_file)
    assert again.view.zoom == 2
    assert again.view.font().pointSizeF() == pytest.approx(zoomed)
    for _ in range(40):
        again.actions.zoom_in.trigger()  # bounded: a held key never makes the text absurd
    assert again.view.font().pointSizeF() < base * 4


def wheel(view, delta: int, modifiers, target=None, at: QPointF | None = None) -> None:  # noqa: ANN001
    """One wheel turn over the text (or `at` a point of `target`), as the mouse sends it."""
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    target = target or view.viewport()
    at = at or QPointF(target.rect().center())
    event = QWheelEvent(
        at, QPointF(target.mapToGlobal(at.toPoint())), QPoint(0, 0), QPoint(0, delta),
        Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(target, event)


def test_a_wide_window_keeps_a_readable_measure_and_spans_stay_on_their_words(reader, qtbot) -> None:
    reader.open_document(3)
    view = reader.view
    reader.splitter.setSizes([0, 3000, 0])
    reader.resize(3200, 700)
    qtbot.waitUntil(lambda: view.viewportMargins().left() > 0)
    characters = view.viewport().width() / QFontMetricsF(view.font()).averageCharWidth()
    assert 90 <= characters <= 120
    assert view.viewportMargins().left() == view.viewportMargins().right()
    reader.actions.zoom_in.trigger()
    reader.actions.zoom_in.trigger()
    qtbot.wait(20)
    characters = view.viewport().width() / QFontMetricsF(view.font()).averageCharWidth()
    assert 90 <= characters <= 120
    # Tag "Berlin" on the second line of the text and find its colour on that word's pixels.
    start = ENGLISH.index("Berlin", 100)
    assert_painted_on(view, qtbot, start, start + len("Berlin"))
    # The title and its details line up with the text.
    assert reader.title.contentsMargins().left() == view.viewportMargins().left()
    assert reader.details.contentsMargins().left() == view.viewportMargins().left()
    # A click in the left margin puts the caret at the start of that line, as on paper.
    second_line = cursor_rect(view, 0).bottom() + 5
    block = view.document().firstBlock()
    line_start = block.layout().lineAt(1).textStart()
    half_margin = QPoint(view.viewportMargins().left() // 2, 0)
    on_margin = view.viewport().mapTo(view, QPoint(0, second_line)) - half_margin
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=on_margin)
    assert view.caret_offset() == line_start
    # The wheel scrolls over the margins too: they are part of the page.
    reader.open_document(1)
    wheel(view, -120, Qt.KeyboardModifier.NoModifier, target=view, at=QPointF(5, 100))
    assert view.verticalScrollBar().value() > 0


def assert_painted_on(view, qtbot, start: int, end: int) -> None:  # noqa: ANN001
    view.select_range(start, end)
    qtbot.keyClick(view, Qt.Key.Key_3)  # an entity label: painted as a background
    view.place_caret(0)  # the outline of the current span would cover the edges
    qtbot.wait(50)
    image = view.viewport().grab().toImage()
    background = view.palette().color(view.palette().ColorRole.Base).name()
    first, last = cursor_rect(view, start), cursor_rect(view, end)
    left, right = sorted((first.left(), last.left()))
    y = first.top() + first.height() // 2
    assert left < right
    inside = {image.pixelColor(QPoint(x, y)).name() for x in range(left + 2, right - 1)}
    assert background not in inside or len(inside) > 1  # the glyphs may be drawn over it, the gaps not
    gaps = [image.pixelColor(QPoint(x, first.top() + 2)).name() for x in range(left + 2, right - 1)]
    assert all(colour != background for colour in gaps), gaps
    for x in (left - 6, right + 6):  # just outside the word: not painted
        assert image.pixelColor(QPoint(x, first.top() + 2)).name() == background


def test_an_arabic_paragraph_is_right_aligned_and_tags_store_code_points(
    reader, qtbot, reading_file, read_spans
) -> None:
    reader.open_document(2)
    view = reader.view
    reader.splitter.setSizes([0, 2000, 0])  # wide enough for the first paragraph to fit on one line
    reader.resize(1400, 700)
    qtbot.wait(50)
    assert reader.title.layoutDirection() == Qt.LayoutDirection.RightToLeft  # its title, "عربي", too
    arabic, english = view.document().firstBlock(), view.document().lastBlock()
    assert arabic.textDirection() == Qt.LayoutDirection.RightToLeft
    width = view.viewport().width()
    # The paragraph starts at the right edge; the English one after it still at the left.
    margin = view.document().documentMargin()
    assert cursor_rect(view, 0).left() == pytest.approx(width - margin, abs=6)
    assert cursor_rect(view, ARABIC.index("\n")).left() > margin + 20
    assert cursor_rect(view, ARABIC.index("English")).left() < width * 0.2
    assert english.textDirection() == Qt.LayoutDirection.LeftToRight
    word = "الميزانية"
    start = ARABIC.index(word)
    assert_painted_on(view, qtbot, start, start + len(word))
    assert read_spans(reading_file, 2) == [(start, start + len(word), label_of(reader, "3"), word)]
    # Hovering the word (right-aligned now) names its span; a click puts the caret in it.
    assert label_of(reader, "3") in tooltip_at(view, cursor_rect(view, start + 2).center())
    middle = (cursor_rect(view, start).left() + cursor_rect(view, start + len(word)).left()) // 2
    on_word = QPoint(middle, cursor_rect(view, start).center().y())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=on_word)
    assert start < view.caret_offset() < start + len(word)


def test_a_span_across_two_directions_is_painted_on_its_own_words_only(reader, qtbot) -> None:
    """In "قال Mark Rutte" the span "قال Mark" shows at both ends of the line, not over "Rutte"."""
    reader.open_document(4)
    view = reader.view
    view.select_range(0, MIXED.index(" Rutte"))
    qtbot.keyClick(view, Qt.Key.Key_3)
    view.place_caret(len(MIXED))
    qtbot.wait(50)
    image = view.viewport().grab().toImage()
    background = view.palette().color(view.palette().ColorRole.Base).name()

    def painted(offset: int) -> bool:
        """Whether the middle of a character inside a word (never at a change of direction) is painted."""
        edges = sorted((cursor_rect(view, offset).left(), cursor_rect(view, offset + 1).left()))
        top = cursor_rect(view, offset).top()
        return image.pixelColor(QPoint(sum(edges) // 2, top + 2)).name() != background

    mark, rutte = MIXED.index("Mark"), MIXED.index("Rutte")
    assert painted(1)  # the alif of قال, at the right end
    assert painted(mark + 1) and painted(mark + 2)  # "ar" of Mark, at the left end of the Latin run
    assert not any(painted(rutte + n) for n in (1, 2, 3))  # "utt" of Rutte, between the two


def tooltip_at(view, point: QPoint) -> str:  # noqa: ANN001
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def label_of(window, key: str) -> str:  # noqa: ANN001
    return next(label.name for label in window.editor.labels if label.key == key)


def test_the_details_line_shows_where_the_article_came_from(reader, monkeypatch) -> None:
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    details = reader.details
    assert details.isVisible()
    text = details.text()
    for part in ("wire.example", "by Ana Díaz", "2024-03-01", 'href="https://news.example/budget?a=1&amp;b=&lt;2&gt;"'):
        assert part in text
    assert "<2>" not in text  # imported values are escaped, never markup
    assert details.toolTip() == "https://news.example/budget?a=1&amp;b=&lt;2&gt;"
    details.linkActivated.emit("https://news.example/budget?a=1&b=<2>")
    assert opened == ["https://news.example/budget?a=1&b=%3C2%3E"]
    reader.open_document(2)  # a javascript: "URL" is shown as text, never opened
    assert "href" not in details.text() and "javascript:alert(1)" in details.text()
    details.linkActivated.emit("javascript:alert(1)")
    assert len(opened) == 1
    reader.open_document(3)  # nothing known: no empty line
    assert reader.title.layoutDirection() == Qt.LayoutDirection.LeftToRight  # back from "عربي"
    assert not details.isVisible()



def test_a_small_saved_zoom_at_start_wraps_the_text_inside_the_page(open_window, reading_file, qtbot) -> None:
    """At start the margins are set as the window first gets its size: the text must wrap to them."""
    from annotator.app import create_main_window

    first = open_window(reading_file)
    first.view.set_zoom(-5)
    first.close()
    window = create_main_window(reading_file)  # sized before it is shown, as a restored window is
    qtbot.addWidget(window)
    window.resize(3200, 800)
    window.show()
    qtbot.waitExposed(window)
    view = window.view
    qtbot.wait(50)
    assert view.zoom == -5 and view.viewportMargins().left() > 0
    block = view.firstVisibleBlock()
    widest = max(block.layout().lineAt(n).naturalTextWidth() for n in range(block.layout().lineCount()))
    assert widest <= view.viewport().width() - 2 * view.document().documentMargin()
    assert not view.horizontalScrollBar().isVisible()
