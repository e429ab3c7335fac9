"""Charts as plain data: what the statistics view paints, the HTML page draws as SVG and CSV carries."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Literal

ChartKind = Literal["bar", "line"]

# Series colours when a chart's series have none of their own (labels bring theirs): distinct for the
# common kinds of colour blindness (Okabe & Ito's palette).
SERIES_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]
    colour: str = ""  # "": the chart's palette picks one


@dataclass(frozen=True)
class Chart:
    """One chart: `categories` along one axis (bars, or dates of a line chart), one value per series each.

    A bar chart with several series stacks them (accepted / changed / rejected of one source);
    `colours` may give each category its own colour (each label's bar in the label's colour).
    """

    key: str  # a file-name-safe name: CSV files and anchors are named by it
    title: str
    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    value_name: str = "count"
    colours: tuple[str, ...] = ()
    note: str = ""  # what the figures rest on, shown under the chart
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.categories or not any(any(series.values) for series in self.series)

    def series_colour(self, index: int) -> str:
        colour = self.series[index].colour
        return colour or SERIES_COLOURS[index % len(SERIES_COLOURS)]

    def category_colour(self, index: int, series_index: int = 0) -> str:
        """A bar's colour: its category's own when the chart has one per category (single series)."""
        if len(self.series) == 1 and index < len(self.colours) and self.colours[index]:
            return self.colours[index]
        return self.series_colour(series_index)

    def total(self, index: int) -> float:
        """The sum of every series at one category (a stacked bar's length)."""
        return sum(series.values[index] for series in self.series)

    def maximum(self) -> float:
        if not self.categories:
            return 0.0
        if self.kind == "bar":
            return max(self.total(index) for index in range(len(self.categories)))
        return max((max(series.values, default=0.0) for series in self.series), default=0.0)

    def to_csv(self) -> str:
        """The chart's numbers: one row per category, one column per series."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([self.extra.get("category_name", "category"), *(s.name for s in self.series)])
        for index, category in enumerate(self.categories):
            writer.writerow([category, *(_number(series.values[index]) for series in self.series)])
        return out.getvalue()


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.4g}"
