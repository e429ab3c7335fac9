"""Links are drawn: the current quote's arc to its speaker, and every link at once from View."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from annotator.core.model import DocumentRecord
from annotator.store import Project

TEXT = ('Nato met in Berlin.\n\n"We will stay united," Mark Rutte said, and Olaf Scholz agreed '
        'with "every word" he said.\n')


def linked_project(tmp_path: Path) -> Path:
    path = tmp_path / "links.sqlite"
    with Project(path) as project:
        document = project.import_records([DocumentRecord(text=TEXT, title="Links")]).added[0]
        quote = project.add_span(document, TEXT.index('"We'), TEXT.index(' Mark'), "QUOTE")
        rutte = project.add_span(document, TEXT.index("Mark"), TEXT.index(" said"), "PERSON")
        other = project.add_span(document, TEXT.index('"every'), TEXT.index(" he said"), "QUOTE")
        scholz = project.add_span(document, TEXT.index("Olaf"), TEXT.index(" agreed"), "PERSON")
        project.set_links(quote.id, "SPEAKER", [rutte.id])
        project.set_links(other.id, "SPEAKER", [scholz.id])
    return path


def arc_pixels(window) -> int:
    """How many pixels of the link colour the text view shows."""
    from annotator.ui import theme

    colour = theme.link_colour(window.view.palette())
    image = window.view.viewport().grab().toImage()
    count = 0
    for y in range(image.height()):
        for x in range(0, image.width(), 2):
            pixel = image.pixelColor(x, y)
            if abs(pixel.red() - colour.red()) + abs(pixel.green() - colour.green()) + \
                    abs(pixel.blue() - colour.blue()) < 40:
                count += 1
    return count


def test_the_current_quote_shows_an_arc_to_its_speaker(open_window, qtbot, tmp_path: Path) -> None:
    window = open_window(linked_project(tmp_path))
    window.view.place_caret(TEXT.index("Nato"))  # no span, no link here
    qtbot.wait(50)
    none = arc_pixels(window)
    quote = next(row for row in window.editor.spans if row.text.startswith('"We'))
    window.editor.jump_to_span(quote.id)
    qtbot.wait(50)
    shown = arc_pixels(window)
    assert shown > none + 20  # the arc (and the speaker's dashed outline) appear
    window.actions.show_all_links.setChecked(True)
    qtbot.wait(50)
    window.view.place_caret(TEXT.index("Nato"))
    qtbot.wait(50)
    assert arc_pixels(window) > none + 20  # both links drawn, with no span current
    assert QSettings().value("view/show_all_links", False, type=bool)
    window.actions.show_all_links.setChecked(False)
    qtbot.wait(50)
    assert arc_pixels(window) <= none + 5
