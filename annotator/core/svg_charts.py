"""Charts drawn as SVG text for the statistics page: horizontal bars and day-by-day lines."""

from __future__ import annotations

import math
from html import escape as _escape

from annotator.core.charts import Chart

WIDTH = 720
ROW = 22  # a bar's row height
LABEL_CHARS = 32  # longer category names are cut with an ellipsis (the CSV keeps them whole)
FONT = "font-family='system-ui, sans-serif' font-size='12'"


def escape(text: str) -> str:
    """Text for an SVG element (html's escape: xml.sax's would import urllib, 40 ms at start)."""
    return _escape(text, quote=False)


def quoteattr(text: str) -> str:
    """An attribute value with its quotes."""
    return '"' + _escape(text, quote=True) + '"'


def chart_svg(chart: Chart) -> str:
    """The chart as one self-contained <svg> element (no scripts, no external references)."""
    return _bars(chart) if chart.kind == "bar" else _lines(chart)


def nice_ticks(maximum: float, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least `maximum` (1, 2 or 5 times a power of ten apart)."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(factor * power for factor in (1, 2, 5, 10) if factor * power >= raw)
    step = max(step, 1.0)  # counts: no half documents
    return [step * index for index in range(math.ceil(maximum / step) + 1)]


def _legend(chart: Chart, y: int) -> list[str]:
    if len(chart.series) < 2:
        return []
    parts, x = [], 0
    for index, series in enumerate(chart.series):
        parts.append(
            f"<rect x='{x}' y='{y}' width='12' height='12' fill={quoteattr(chart.series_colour(index))}/>"
        )
        parts.append(f"<text x='{x + 16}' y='{y + 11}' {FONT}>{escape(series.name)}</text>")
        x += 28 + 7 * len(series.name)
    return parts


def _bars(chart: Chart) -> str:
    names = [_cut(name) for name in chart.categories]
    # About 8 px a character at 12 px: a long name is cut (its whole text is in the title and CSV).
    label_width = 16 + 8 * min(max((len(name) for name in names), default=4), LABEL_CHARS)
    area = WIDTH - label_width - 60
    top = 20 if len(chart.series) > 1 else 0
    height = top + ROW * len(names) + 4
    biggest = chart.maximum() or 1.0
    parts = _legend(chart, 0)
    for row, name in enumerate(names):
        y = top + row * ROW
        parts.append(
            f"<text x='{label_width - 6}' y='{y + 15}' text-anchor='end' {FONT}>"
            f"<title>{escape(chart.categories[row])}</title>{escape(name)}</text>"
        )
        x = float(label_width)
        for index, series in enumerate(chart.series):
            length = area * series.values[row] / biggest
            if length > 0:
                parts.append(
                    f"<rect x='{x:.1f}' y='{y + 3}' width='{length:.1f}' height='{ROW - 6}' "
                    f"fill={quoteattr(chart.category_colour(row, index))}>"
                    f"<title>{escape(series.name)}: {_figure(series.values[row])}</title></rect>"
                )
            x += length
        parts.append(f"<text x='{x + 4:.1f}' y='{y + 15}' {FONT}>{_figure(chart.total(row))}</text>")
    return _svg(WIDTH, height, parts, chart.title)


def _lines(chart: Chart) -> str:
    left, right, top, bottom = 48, 16, 24 if len(chart.series) > 1 else 8, 28
    height = 260
    plot_width, plot_height = WIDTH - left - right, height - top - bottom
    ticks = nice_ticks(chart.maximum())
    ceiling = ticks[-1] or 1.0
    days = len(chart.categories)

    def x_of(index: int) -> float:
        return left + (plot_width * index / (days - 1) if days > 1 else plot_width / 2)

    def y_of(value: float) -> float:
        return top + plot_height * (1 - value / ceiling)

    parts = _legend(chart, 0)
    for tick in ticks:
        y = y_of(tick)
        parts.append(f"<line x1='{left}' x2='{WIDTH - right}' y1='{y:.1f}' y2='{y:.1f}' stroke='#dddddd'/>")
        parts.append(f"<text x='{left - 6}' y='{y + 4:.1f}' text-anchor='end' {FONT}>{_figure(tick)}</text>")
    for index in sorted({0, days // 2, days - 1}):
        anchor = "start" if index == 0 else "end" if index == days - 1 else "middle"
        parts.append(
            f"<text x='{x_of(index):.1f}' y='{height - 8}' text-anchor='{anchor}' {FONT}>"
            f"{escape(chart.categories[index])}</text>"
        )
    for index, series in enumerate(chart.series):
        colour = quoteattr(chart.series_colour(index))
        points = " ".join(f"{x_of(day):.1f},{y_of(value):.1f}" for day, value in enumerate(series.values))
        parts.append(
            f"<polyline points='{points}' fill='none' stroke={colour} stroke-width='2'>"
            f"<title>{escape(series.name)}</title></polyline>"
        )
        if days == 1:
            parts.append(
                f"<circle cx='{x_of(0):.1f}' cy='{y_of(series.values[0]):.1f}' r='3' fill={colour}/>"
            )
    return _svg(WIDTH, height, parts, chart.title)


def _svg(width: int, height: int, parts: list[str], title: str) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}' role='img' aria-label={quoteattr(title)}>"
        + "".join(parts)
        + "</svg>"
    )


def _cut(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


def _figure(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"
