"""Layout on real screens: many labels wrap, the first window fits the screen, small windows keep
every inspector field and side panel usable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import QScrollArea, QWidget

from annotator.core.model import DocumentRecord, SpanRecord
from annotator.core.presets import NEWS_LABELS

TEXT = (
    "Nato Secretary-General Mark Rutte spoke in Berlin on Monday. "
    '"Whoever emerges victorious, we will work with them," Rutte said. '
    "He claimed that spending had risen by a third in every member state since the summit."
)
EXTRA = [f"EXTRA_LABEL_{n}" for n in range(10)]  # with the seven presets: seventeen labels


@pytest.fixture
def many_labels(tmp_path: Path) -> Path:
    from annotator.store import Project

    spans = [SpanRecord(0, 4, name) for name in EXTRA]
    spans.append(SpanRecord(TEXT.index('"Whoever'), TEXT.index('them,"') + 6, "QUOTE"))
    claim = TEXT.index("spending")
    spans.append(SpanRecord(claim, claim + 40, "CLAIM"))
    path = tmp_path / "many.sqlite"
    with Project(path) as project:
        project.import_records([DocumentRecord(title="A long title " * 8, text=TEXT, spans=spans)])
        assert len(project.labels()) == len(NEWS_LABELS) + len(EXTRA)
    return path


def inside(widget: QWidget, area: QWidget) -> bool:
    """Whether all of `widget` shows within `area` (a scroll area's viewport, say)."""
    top_left = widget.mapTo(area.window(), QPoint(0, 0))
    rect = QRect(top_left, widget.size())
    visible = QRect(area.mapTo(area.window(), QPoint(0, 0)), area.size())
    return visible.contains(rect)


def inspector_fields(inspector) -> list[QWidget]:
    return [
        inspector.label_box, inspector.text, inspector.where, inspector.attribute_label,
        inspector.attribute_box, inspector.note, inspector.links, inspector.link_button,
        inspector.unlink_button,
    ]


def test_seventeen_labels_wrap_instead_of_widening_the_window(open_window, many_labels, qtbot) -> None:
    window = open_window(many_labels)
    assert len(window.label_bar.buttons) == 17
    assert window.minimumSizeHint().width() < 800
    window.resize(800, 500)
    qtbot.wait(50)
    assert window.width() == 800
    for button in window.label_bar.buttons.values():
        assert inside(button, window.label_bar), button.text()


class SmallScreen:
    """What 1920x1200 offers at QT_SCALE_FACTOR=2 less a panel, in device-independent pixels."""

    def availableGeometry(self) -> QRect:  # noqa: N802 - Qt's name
        return QRect(0, 0, 960, 570)


def test_the_first_window_fits_the_screen(open_window, project_file, monkeypatch) -> None:
    from annotator.ui.main_window import MainWindow

    assert QSettings().value("window/geometry") is None  # the default size, not a remembered one
    # The offscreen screen is 800x800 and clamps windows itself: a smaller one shows the choice.
    monkeypatch.setattr(MainWindow, "screen", lambda self: SmallScreen())
    window = open_window(project_file)
    assert window.width() <= 960 and window.height() <= 570
    assert window.width() >= 900  # still using the room there is


@pytest.mark.parametrize("size", [None, (800, 500)])
@pytest.mark.parametrize("label", ["CLAIM", "QUOTE"])
def test_the_inspector_shows_every_field_of_a_span(open_window, many_labels, qtbot, size, label) -> None:
    window = open_window(many_labels)
    if size is not None:
        window.resize(*size)
    span = next(span for span in window.editor.spans if span.label == label)
    window.editor.jump_to_span(span.id)
    qtbot.wait(50)
    inspector = window.inspector
    assert inspector.span is not None and inspector.span.label == label
    viewport = inspector.findChild(QScrollArea).viewport()
    for field in inspector_fields(inspector):
        assert field.isVisible(), field
        assert inside(field, viewport), (field, field.geometry(), viewport.size())


def test_side_panels_keep_usable_widths_in_a_small_window(window, qtbot) -> None:
    window.resize(800, 500)
    qtbot.wait(50)
    documents, middle, right = (window.splitter.widget(i) for i in range(3))
    assert documents.width() >= 150
    assert right.width() >= window.inspector.minimumWidth() >= 200
    assert middle.width() >= 250
    assert window.width() <= 800
    window.splitter.setSizes([0, 800, 0])  # as if both handles were dragged to the edges
    qtbot.wait(20)
    assert documents.width() >= 150 and right.width() >= window.inspector.minimumWidth()


def test_document_titles_and_span_counts_have_tooltips(window) -> None:
    from PySide6.QtCore import Qt

    model = window.documents.model
    title = model.index(0, model.COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "Rutte in Berlin" in title
    spans = model.index(0, model.COL_SPANS).data(Qt.ItemDataRole.ToolTipRole)
    assert "span" in str(spans)
    model.update(1, title="<b>Tags</b> & a " + "very long title " * 20)
    escaped = model.index(0, model.COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;Tags&lt;/b&gt; &amp; a" in escaped
