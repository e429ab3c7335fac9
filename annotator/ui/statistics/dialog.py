"""View > Statistics: every chart of the project in one scrolling window, with CSV and HTML out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from annotator.core.charts import Chart
from annotator.store import Project
from annotator.ui import dialogs, file_dialogs
from annotator.ui.statistics.chart_widget import ChartWidget


class StatisticsDialog(QDialog):
    """Charts of one project; Refresh reads them again (the window stays usable beside it)."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.charts: list[Chart] = []
        self.setWindowTitle(f"Statistics — {project.path.name}")
        self.resize(760, 720)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        buttons = QHBoxLayout()
        for text, slot in (
            ("&Refresh", self.refresh),
            ("Save &page…", self.save_page),
            ("Save &CSV files…", self.save_csv),
            ("&Close", self.close),
        ):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.insertStretch(3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.charts = self.project.statistics()
        page = QWidget()
        column = QVBoxLayout(page)
        if not self.charts:
            column.addWidget(QLabel("Nothing to chart yet: import documents and annotate them."))
        for chart in self.charts:
            column.addLayout(self._heading(chart))
            column.addWidget(ChartWidget(chart))
            if chart.note:
                note = QLabel(chart.note)
                note.setTextFormat(Qt.TextFormat.PlainText)
                note.setEnabled(False)  # the palette's quieter text colour, in either theme
                column.addWidget(note)
            column.addSpacing(16)
        column.addStretch(1)
        self.scroll.setWidget(page)

    def _heading(self, chart: Chart) -> QHBoxLayout:
        row = QHBoxLayout()
        title = QLabel(chart.title)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setStyleSheet("font-weight: bold; font-size: 110%;")
        copy = QPushButton("Copy CSV")
        copy.setAutoDefault(False)
        copy.setToolTip("Copy this chart's figures to the clipboard, as CSV")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(chart.to_csv()))
        row.addWidget(title, 1)
        row.addWidget(copy)
        return row

    def save_page(self) -> None:
        suggestion = str(self.project.path.with_name(f"{self.project.path.stem}-statistics.html"))
        name = file_dialogs.save_file_name(self, "Save statistics page", suggestion, "Web page (*.html)")
        if name:
            from annotator.statistics_page import write_statistics_page

            try:
                write_statistics_page(name, self.project.path.stem, self.charts)
            except OSError as error:
                dialogs.show_error(self, "Cannot save the page", f"{name}: {error.strerror or error}")

    def save_csv(self) -> None:
        folder = file_dialogs.existing_directory(self, "Save CSV files into")
        if folder:
            from annotator.statistics_page import write_csv_files

            try:
                write_csv_files(folder, self.charts)
            except OSError as error:
                dialogs.show_error(self, "Cannot save the CSV files", f"{folder}: {error.strerror or error}")
