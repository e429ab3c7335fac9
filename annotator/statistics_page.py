"""`annotator stats --html`: one self-contained page of the project's charts, each with its numbers."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from annotator.core.charts import Chart
from annotator.core.svg_charts import chart_svg

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 780px; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; }
.note { color: #555; font-size: 0.9em; } a.csv { font-size: 0.85em; margin-left: 1em; }
details { margin-top: 0.4em; } table { border-collapse: collapse; font-size: 0.85em; }
td, th { border-bottom: 1px solid #ddd; padding: 2px 8px; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
@media (prefers-color-scheme: dark) { body { background: #1e1e1e; color: #ddd; } svg text { fill: #ddd; } }
"""


def statistics_page(project_name: str, charts: list[Chart]) -> str:
    """The HTML text: a heading per chart, its SVG, its note, its figures as a table and a CSV link
    (a data: URI, so the page needs no other file and fetches nothing)."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "<!DOCTYPE html>",
        "<html lang='en'><head><meta charset='utf-8'>",
        f"<title>{escape(project_name)}: statistics</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(project_name)}</h1><p class='note'>Statistics made {stamp} by Annotator.</p>",
    ]
    if not charts:
        parts.append("<p>Nothing to chart yet: import documents and annotate them.</p>")
    for chart in charts:
        csv_uri = "data:text/csv;base64," + base64.b64encode(chart.to_csv().encode()).decode()
        parts.append(
            f"<h2 id='{chart.key}'>{escape(chart.title)}"
            f"<a class='csv' download='{chart.key}.csv' href='{csv_uri}'>CSV</a></h2>"
        )
        parts.append(chart_svg(chart))
        if chart.note:
            parts.append(f"<p class='note'>{escape(chart.note)}</p>")
        parts.append(_table(chart))
    parts.append("</body></html>")
    return "\n".join(parts)


def write_statistics_page(path: Path, project_name: str, charts: list[Chart]) -> None:
    """Write the page through a temporary file renamed into place: never a half-written page."""
    temporary = path.with_name(f".{path.name}.partial")
    temporary.write_text(statistics_page(project_name, charts), encoding="utf-8")
    temporary.replace(path)


def write_csv_files(folder: Path, charts: list[Chart]) -> list[Path]:
    """One CSV file per chart in `folder` (made if missing), named by the chart's key."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for chart in charts:
        target = folder / f"{chart.key}.csv"
        target.write_text(chart.to_csv(), encoding="utf-8")
        written.append(target)
    return written


def _table(chart: Chart) -> str:
    head = "".join(f"<th>{escape(series.name)}</th>" for series in chart.series)
    rows = "".join(
        f"<tr><td>{escape(category)}</td>"
        + "".join(f"<td class='n'>{_figure(series.values[index])}</td>" for series in chart.series)
        + "</tr>"
        for index, category in enumerate(chart.categories)
    )
    name = escape(chart.extra.get("category_name", ""))
    return f"<details><summary>Figures</summary><table><tr><th>{name}</th>{head}</tr>{rows}</table></details>"


def _figure(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.4g}"
