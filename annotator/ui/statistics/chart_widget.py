"""One chart painted with QPainter from the same `Chart` data the HTML page draws as SVG."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from annotator.core.charts import Chart
from annotator.core.svg_charts import LABEL_CHARS, nice_ticks

ROW = 22
LINE_HEIGHT = 240


class ChartWidget(QWidget):
    """Horizontal bars (stacked when several series) or day-by-day lines, in the palette's colours."""

    def __init__(self, chart: Chart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(360)
        tips = [
            f"{category}: "
            + ", ".join(f"{series.name} {_figure(series.values[index])}" for series in chart.series)
            for index, category in enumerate(chart.categories[:40])
        ]
        self.setToolTip("\n".join(tips))

    def legend_height(self) -> int:
        return ROW if len(self.chart.series) > 1 else 0

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        if self.chart.kind == "bar":
            return QSize(640, self.legend_height() + ROW * len(self.chart.categories) + 6)
        return QSize(640, self.legend_height() + LINE_HEIGHT)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().windowText().color()
        painter.setPen(text)
        self._legend(painter)
        if self.chart.kind == "bar":
            self._bars(painter, text)
        else:
            self._lines(painter, text)
        painter.end()

    def _legend(self, painter: QPainter) -> None:
        if len(self.chart.series) < 2:
            return
        metrics, x = QFontMetrics(self.font()), 0
        for index, series in enumerate(self.chart.series):
            painter.fillRect(QRectF(x, 4, 12, 12), QColor(self.chart.series_colour(index)))
            painter.drawText(QPointF(x + 16, 15), series.name)
            x += 28 + metrics.horizontalAdvance(series.name)

    def _bars(self, painter: QPainter, text: QColor) -> None:
        chart, metrics = self.chart, QFontMetrics(self.font())
        names = [
            metrics.elidedText(name, Qt.TextElideMode.ElideRight, metrics.averageCharWidth() * LABEL_CHARS)
            for name in chart.categories
        ]
        label_width = 12 + max((metrics.horizontalAdvance(name) for name in names), default=20)
        area = max(40, self.width() - label_width - 60)
        biggest = chart.maximum() or 1.0
        top = self.legend_height()
        for row, name in enumerate(names):
            y = top + row * ROW
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y, label_width - 6, ROW),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                name,
            )
            x = float(label_width)
            for index, series in enumerate(chart.series):
                length = area * series.values[row] / biggest
                if length > 0:
                    painter.fillRect(
                        QRectF(x, y + 3, length, ROW - 6), QColor(chart.category_colour(row, index))
                    )
                x += length
            painter.drawText(
                QRectF(x + 4, y, 60, ROW), Qt.AlignmentFlag.AlignVCenter, _figure(chart.total(row))
            )

    def _lines(self, painter: QPainter, text: QColor) -> None:
        chart, metrics = self.chart, QFontMetrics(self.font())
        left, right, bottom = 48, 16, 24
        top = self.legend_height() + 8
        plot = QRectF(left, top, max(40, self.width() - left - right), LINE_HEIGHT - bottom - 8)
        ticks = nice_ticks(chart.maximum())
        ceiling = ticks[-1] or 1.0
        days = len(chart.categories)

        def point(index: int, value: float) -> QPointF:
            x = plot.left() + (plot.width() * index / (days - 1) if days > 1 else plot.width() / 2)
            return QPointF(x, plot.top() + plot.height() * (1 - value / ceiling))

        grid = QColor(text)
        grid.setAlpha(50)
        for tick in ticks:
            y = plot.top() + plot.height() * (1 - tick / ceiling)
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y - 8, left - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                _figure(tick),
            )
        for index in sorted({0, days // 2, days - 1}):
            label = chart.categories[index]
            width = metrics.horizontalAdvance(label)
            x = point(index, 0).x() - (0 if index == 0 else width if index == days - 1 else width / 2)
            painter.drawText(QPointF(x, plot.bottom() + 18), label)
        for index, series in enumerate(chart.series):
            colour = QColor(chart.series_colour(index))
            painter.setPen(QPen(colour, 2))
            points = [point(day, value) for day, value in enumerate(series.values)]
            if len(points) == 1:
                painter.setBrush(colour)
                painter.drawEllipse(points[0], 3, 3)
            else:
                painter.drawPolyline(QPolygonF(points))


def _figure(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"
