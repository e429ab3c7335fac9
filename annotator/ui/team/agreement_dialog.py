"""Team > Agreement…: the agreement table per label and annotator pair, each figure with its items."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.team.agreement_render import report_rows, to_csv
from annotator.team.agreement_report import AgreementReport

# (heading, figure column, items column); the items sit beside each figure, as in the command's table.
SHOWN = (
    ("Label", "label", None), ("Annotators", "annotators", None),
    ("F1 exact", "exact_f1", "exact_items"), ("F1 overlap", "overlap_f1", "overlap_items"),
    ("Cohen κ", "cohen_kappa", "cohen_items"), ("Fleiss κ", "fleiss_kappa", "fleiss_items"),
    ("α", "alpha", "alpha_items"), ("Marked by one", "marked_by_one", "covered_tokens"),
    ("Links", "links", "links_items"), ("Attributes", "attributes", "attributes_items"),
)


def cell_text(row: dict[str, Any], figure: str, items: str | None) -> str:
    value = row[figure]
    if items is None:
        return "" if value is None else str(value)
    if value is None and row[items] is None:
        return ""
    if figure == "marked_by_one":
        return f"{value} of {row[items]}"
    return ("–" if value is None else f"{value:.3f}") + f"  ({row[items]})"


class AgreementDialog(QDialog):
    def __init__(self, report: AgreementReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle("Agreement")
        self.resize(980, 420)
        layout = QVBoxLayout(self)
        self.summary = QLabel(
            f"{len(report.annotators)} annotators ({', '.join(report.annotators)}), "
            f"{report.documents} documents at least two of them worked on. Each figure is followed by the "
            "number of items it rests on; “–”: not defined. Tokens only one annotator marked count as "
            "disagreement.")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        rows = report_rows(report)
        self.table = QTableWidget(len(rows), len(SHOWN))
        self.table.setHorizontalHeaderLabels([heading for heading, _, _ in SHOWN])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for index, row in enumerate(rows):
            for column, (_, figure, items) in enumerate(SHOWN):
                item = QTableWidgetItem(cell_text(row, figure, items))
                if items is not None:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(index, column, item)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy as CSV")
        self.copy_button.clicked.connect(self.copy_csv)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def copy_csv(self) -> None:
        QApplication.clipboard().setText(to_csv(self.report))
