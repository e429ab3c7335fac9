"""Light and dark themes: every label colour keeps its text readable (WCAG 4.5:1), View > Theme switches."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QColor, QImage, QPalette, QTextCursor
from PySide6.QtWidgets import QLabel

from annotator.core.presets import EXTRA_COLOURS, NEWS_LABELS
from annotator.ui import theme
from annotator.ui.span_panel import label_tint

LABEL_COLOURS = [colour for _name, _kind, colour, _key in NEWS_LABELS] + list(EXTRA_COLOURS)


@pytest.fixture(autouse=True)
def back_to_system(qapp):
    yield
    theme.apply_theme("system", remember=False)  # the next test starts with the desktop's palette


def desktop_palette(base: str, text: str) -> QPalette:
    """A palette a dark desktop might hand us (not ours): only its page and text matter here."""
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    palette.setColor(QPalette.ColorRole.Text, QColor(text))
    return palette


def palettes(qapp) -> dict[str, QPalette]:
    return {
        "light": theme.light_palette(), "dark": theme.dark_palette(), "system": qapp.palette(),
        "black": desktop_palette("#000000", "#ffffff"), "solarized": desktop_palette("#002b36", "#839496"),
    }


@pytest.mark.parametrize("which", ["light", "dark", "system", "black", "solarized"])
def test_every_label_colour_keeps_text_readable(qapp, which: str) -> None:
    palette = palettes(qapp)[which]
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    for colour in [*LABEL_COLOURS, "#ffffff", "#000000", "#ffff00", "#000080"]:  # and ones users pick
        fill = theme.label_fill(colour, palette)
        assert theme.contrast(fill, text) >= 4.5, (which, colour, fill.name())
        tint = label_tint(colour, palette).color()
        assert theme.contrast(tint, text) >= 4.5, (which, colour, tint.name())
        line = theme.label_line(colour, palette)
        assert theme.contrast(line, base) >= 3.0, (which, colour, line.name())


def test_contrast_is_wcag() -> None:
    assert theme.contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert theme.contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)


def glyph_contrast(image: QImage, rect: QRect) -> tuple[QColor, float]:
    """The most common colour in `rect` (the background) and the strongest contrast any pixel has
    with it: the core of a glyph is drawn in the text colour itself."""
    xs, ys = range(rect.left(), rect.right()), range(rect.top(), rect.bottom())
    pixels = [image.pixelColor(x, y) for x in xs for y in ys]
    background = Counter(pixel.rgb() for pixel in pixels).most_common(1)[0][0]
    back = QColor.fromRgb(background)
    return back, max(theme.contrast(back, pixel) for pixel in pixels)


def char_rect(view, start: int, end: int) -> QRect:
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    left = view.cursorRect(cursor)
    cursor.setPosition(end)
    right = view.cursorRect(cursor)
    return QRect(left.left() + 1, left.top() + 2, right.left() - left.left() - 2, left.height() - 4)


def test_dark_theme_keeps_tagged_text_readable_in_the_view_and_the_list(window, qtbot) -> None:
    view = window.view
    start = view.text.index("Mark Rutte")
    view.select_range(start, start + len("Mark Rutte"))
    qtbot.keyClick(view, Qt.Key.Key_1)  # PERSON
    view.place_caret(0)  # no outline over the span
    window.theme_actions["dark"].trigger()
    qtbot.wait(50)
    assert theme.is_dark(view.palette()) and theme.is_dark(window.spans.table.palette())
    assert QSettings().value(theme.SETTINGS_KEY) == "dark"

    image = view.viewport().grab().toImage()
    background, best = glyph_contrast(image, char_rect(view, start, start + 4))
    assert background.name() != view.palette().color(QPalette.ColorRole.Base).name()  # painted
    assert best >= 4.5, (background.name(), best)

    window.spans.table.clearSelection()
    qtbot.wait(20)
    table = window.spans.table
    image = table.viewport().grab().toImage()
    cell = table.visualRect(window.spans.model.index(0, 0)).adjusted(2, 2, -2, -2)
    background, best = glyph_contrast(image, cell)
    assert background.name() == label_tint("#f4a6a6").color().name()
    assert best >= 4.5, (background.name(), best)

    window.theme_actions["system"].trigger()
    qtbot.wait(50)
    assert not theme.is_dark(view.palette())


def test_label_buttons_follow_the_theme(window, qtbot) -> None:
    window.theme_actions["dark"].trigger()
    qtbot.wait(50)
    for name in ("PERSON", "ORG", "GPE", "EVENT", "DATE"):
        button = window.label_bar.buttons[name]
        image = button.grab().toImage().scaled(button.size())
        background, best = glyph_contrast(image, button.rect().adjusted(3, 3, -3, -3))
        assert best >= 4.5, (name, background.name(), best)


def test_the_chosen_theme_is_used_by_the_next_window(open_window, project_file, qtbot) -> None:
    first = open_window(project_file)
    first.theme_actions["dark"].trigger()
    first.close()
    theme.apply_theme("system", remember=False)  # as a fresh start of the app would find it
    second = open_window(project_file)
    assert second.theme_actions["dark"].isChecked()
    assert theme.is_dark(second.view.palette())


def test_the_document_title_follows_the_theme(window, qtbot) -> None:
    """The title has a style sheet: such widgets keep the palette they were first polished with."""
    window.theme_actions["dark"].trigger()
    qtbot.wait(50)
    title = window.title
    image = title.grab().toImage().scaled(title.size())
    background, best = glyph_contrast(image, title.rect())
    assert theme.relative_luminance(background) < 0.18
    assert best >= 4.5, (background.name(), best)


@pytest.mark.parametrize("which", ["light", "dark"])
def test_statuses_and_the_label_hint_read_on_the_page(window, qtbot, which: str) -> None:
    from annotator.core.model import DocumentStatus

    window.theme_actions[which].trigger()
    qtbot.wait(20)
    model = window.documents.model
    base = window.documents.table.palette().color(QPalette.ColorRole.Base)
    for status in (DocumentStatus.DONE, DocumentStatus.IN_PROGRESS, DocumentStatus.SKIPPED):
        model.update(1, status=status)
        colour = model.index(0, model.COL_STATUS).data(Qt.ItemDataRole.ForegroundRole)
        assert theme.contrast(QColor(colour), base) >= 4.5, (which, status, QColor(colour).name())
    hint = window.label_bar.findChildren(QLabel)[-1]
    image = hint.grab().toImage().scaled(hint.size())
    background, best = glyph_contrast(image, hint.rect())
    assert best >= 4.5, (which, background.name(), best)
