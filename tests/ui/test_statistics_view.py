"""View > Statistics: the charts painted by Qt from the project, with their figures as CSV."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QImage, QKeySequence
from PySide6.QtWidgets import QLabel, QPushButton

from annotator.ui.statistics.chart_widget import ChartWidget


def test_statistics_window_paints_every_chart_and_copies_csv(window, qtbot) -> None:
    document = window.document_id
    window.project.add_span(document, 23, 33, "PERSON")  # "Mark Rutte"
    window.project.set_status(document, "done")
    action = window.statistics.action
    assert QKeySequence("Ctrl+Shift+S") in action.shortcuts()
    action.trigger()
    dialog = window.statistics.dialog
    qtbot.waitExposed(dialog)
    widgets = dialog.findChildren(ChartWidget)
    keys = [widget.chart.key for widget in widgets]
    assert keys[:2] == ["statuses", "progress"] and "top_person" in keys
    titles = {label.text() for label in dialog.findChildren(QLabel)}
    assert "Most tagged PERSON" in titles
    for widget in widgets:  # each paints something (not a blank rectangle) at its size
        image = QImage(widget.size(), QImage.Format.Format_ARGB32)
        image.fill(0)
        widget.render(image)
        assert len({image.pixel(x, y) for x in range(0, image.width(), 7)
                    for y in range(0, image.height(), 5)}) > 2, widget.chart.key
    copies = [button for button in dialog.findChildren(QPushButton) if button.text() == "Copy CSV"]
    assert len(copies) == len(widgets)
    copies[0].click()  # the first chart's: documents by status
    assert QGuiApplication.clipboard().text() == widgets[0].chart.to_csv()
    assert QGuiApplication.clipboard().text().splitlines()[3] == "done,1"


def test_refresh_follows_edits_and_a_new_project_closes_it(window, qtbot, tmp_path) -> None:
    dialog = window.statistics.show()
    before = {widget.chart.key for widget in dialog.findChildren(ChartWidget)}
    assert "top_person" not in before
    window.project.add_span(window.document_id, 23, 33, "PERSON")
    window.statistics.show()  # shown again: read again
    assert "top_person" in {widget.chart.key for widget in dialog.findChildren(ChartWidget)}
    window.load_project(tmp_path / "other.sqlite")
    assert window.statistics.dialog is None


def test_keyboard_shortcuts_list_names_feature_actions(window) -> None:
    rows = dict(window.shortcut_rows())
    assert rows["Statistics"] == "Ctrl+Shift+S"
    assert len(rows) == len(window.shortcut_rows())  # nothing listed twice
