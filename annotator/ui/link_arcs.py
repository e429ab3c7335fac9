"""Links drawn over the text: an arc from a quote (claim) to its speaker (claimant), as brat and
INCEpTION draw relations, with the relation's name at its top and an arrowhead at the speaker."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF

ARROW = 4.0


def arc_path(head: QRectF, child: QRectF) -> tuple[QPainterPath, QPointF]:
    """The arc from the top of `head` to the top of `child`, and its highest point (for the name)."""
    start = QPointF(head.center().x(), head.top() + 1)
    end = QPointF(child.center().x(), child.top() + 1)
    # Higher for distant ends: arcs between far-apart spans stay clear of the ones between near ones.
    lift = 10.0 + min(abs(end.x() - start.x()) / 10.0, 18.0) + abs(end.y() - start.y()) / 8.0
    top = min(start.y(), end.y()) - lift
    path = QPainterPath(start)
    path.cubicTo(QPointF(start.x(), top), QPointF(end.x(), top), end)
    return path, QPointF((start.x() + end.x()) / 2, top + lift / 4)


def draw_link(painter: QPainter, head: QRectF, child: QRectF, name: str, colour: QColor) -> None:
    path, apex = arc_path(head, child)
    painter.setPen(QPen(colour, 1.5))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    tip = path.pointAtPercent(1.0)
    painter.setBrush(colour)
    painter.drawPolygon(QPolygonF([tip, QPointF(tip.x() - ARROW, tip.y() - 2 * ARROW),
                                   QPointF(tip.x() + ARROW, tip.y() - 2 * ARROW)]))
    font = QFont(painter.font())
    font.setPointSizeF(max(6.0, font.pointSizeF() * 0.6))
    painter.setFont(font)
    width = painter.fontMetrics().horizontalAdvance(name)
    painter.drawText(QPointF(apex.x() - width / 2, apex.y() - 2), name)
