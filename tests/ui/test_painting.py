"""What the text view paints: entity backgrounds on every line a span covers, quote underlines."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QTextCursor

from annotator.ui import theme


def pixel_near(image: QImage, point: QPoint) -> QColor:
    return image.pixelColor(point)


def cursor_rect(view, offset: int):  # noqa: ANN001, ANN201
    cursor = QTextCursor(view.document())
    cursor.setPosition(view._offsets.to_utf16(offset))
    return view.cursorRect(cursor)


def test_an_entity_wrapped_over_two_lines_is_painted_on_both_and_a_quote_is_underlined(window, qtbot) -> None:
    window.open_document(3)  # "A third article about Kyiv and Kyiv again."
    view = window.view
    text = view.text
    # Narrow enough that the article wraps: find a span that starts on one line and ends on the next.
    window.resize(360, 600)
    view.setFixedWidth(150)
    qtbot.wait(50)
    first_line = cursor_rect(view, 0).top()
    wrap = next(i for i in range(len(text)) if cursor_rect(view, i).top() > first_line)
    start, end = text.rfind(" ", 0, wrap - 1) + 1, text.find(" ", wrap + 1)
    assert cursor_rect(view, start).top() < cursor_rect(view, end).top()  # the span crosses the wrap
    view.select_range(start, end)
    qtbot.keyClick(view, Qt.Key.Key_1)  # PERSON, #f4a6a6
    view.place_caret(len(text))  # the caret away, so no outline is drawn over the span
    qtbot.wait(50)
    image = view.viewport().grab().toImage()
    person = QColor("#f4a6a6")
    for offset in (start, end - 1):  # a pixel just inside the first and the last character
        rect = cursor_rect(view, offset)
        colour = pixel_near(image, QPoint(rect.left() + 2, rect.top() + 3))
        assert colour.name() == person.name(), (offset, colour.name())
    outside = cursor_rect(view, len(text) - 2)
    assert pixel_near(image, QPoint(outside.left() + 2, outside.top() + 3)).name() != person.name()

    # A quote: a line under the text in the quote's colour, not a background.
    view.select_range(0, 1)
    qtbot.keyClick(view, Qt.Key.Key_6)  # QUOTE, #e07b39
    view.place_caret(len(text))
    qtbot.wait(50)
    image = view.viewport().grab().toImage()
    rect = cursor_rect(view, 0)
    column = [
        pixel_near(image, QPoint(rect.left() + 3, y)).name() for y in range(rect.top(), rect.bottom() + 1)
    ]
    # The quote's colour, darkened just enough to stand out from a white page (WCAG 3:1).
    line = theme.label_line("#e07b39", view.palette()).name()
    assert line in column[len(column) // 2 :]
    assert line not in column[: len(column) // 3]


def test_the_span_list_paints_each_row_from_the_model(window, qtbot) -> None:
    """A tagged span's row shows its label's tint; the empty row below does not."""
    from annotator.ui.span_panel import label_tint

    view, table = window.view, window.spans.table
    view.select_range(0, 4)
    qtbot.keyClick(view, Qt.Key.Key_1)  # PERSON
    view.place_caret(len(view.text))  # deselect the row, so its colours are the model's
    qtbot.wait(50)
    image = table.viewport().grab().toImage()
    label_cell = table.visualRect(window.spans.model.index(0, 0))
    inside = QPoint(label_cell.right() - 3, label_cell.center().y())
    assert image.pixelColor(inside).name() == label_tint("#f4a6a6").color().name()
    empty_row = QPoint(label_cell.right() - 3, label_cell.center().y() + label_cell.height())
    assert image.pixelColor(empty_row).name() != label_tint("#f4a6a6").color().name()
