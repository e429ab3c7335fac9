"""The project's figures: status history, labels, who is quoted, suggestions; as CSV, SVG and a page."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.charts import Chart, Series
from annotator.core.model import DocumentRecord, DocumentStatus
from annotator.core.svg_charts import chart_svg, nice_ticks
from annotator.statistics_page import statistics_page
from annotator.store import Project

TEXTS = [
    '"We will win," Mark Rutte said. Rutte met Olaf Scholz in Berlin.',
    '"It is done," said mark rutte. Scholz claimed that Berlin pays.',
    "Berlin and Berlin again; Scholz agrees.",
]


@pytest.fixture
def team(tmp_path: Path) -> Path:
    """Three documents, two annotators, quotes linked to speakers, a claim and its claimant."""
    path = tmp_path / "stats.sqlite"
    with Project(path, annotator="alice") as project:
        ids = project.import_records(
            [DocumentRecord(text=text, title=f"t{i}") for i, text in enumerate(TEXTS)]
        ).added

        def tag(document: int, phrase: str, label: str, nth: int = 0):  # noqa: ANN202
            text = TEXTS[ids.index(document)]
            start = -1
            for _ in range(nth + 1):
                start = text.index(phrase, start + 1)
            return project.add_span(document, start, start + len(phrase), label)

        quote = tag(ids[0], "We will win,", "QUOTE")
        project.add_relation(quote.id, tag(ids[0], "Mark Rutte", "PERSON").id, "SPEAKER")
        tag(ids[0], "Rutte", "PERSON", nth=1)
        tag(ids[0], "Berlin", "GPE")
        quote = tag(ids[1], "It is done,", "QUOTE")
        project.add_relation(quote.id, tag(ids[1], "mark rutte", "PERSON").id, "SPEAKER")
        claim = tag(ids[1], "Berlin pays", "CLAIM")
        project.add_relation(claim.id, tag(ids[1], "Scholz", "PERSON").id, "CLAIMANT")
        project.set_status(ids[0], DocumentStatus.DONE)
        project.annotator = "bob"
        tag(ids[2], "Berlin", "GPE")
        tag(ids[2], "Berlin", "GPE", nth=1)
        project.add_span(ids[2], 0, 6, "ORG")
        project.set_status(ids[1], DocumentStatus.DONE)
        project.set_status(ids[0], DocumentStatus.IN_PROGRESS)  # alice's done document reopened by bob
    return path


def charts_of(path: Path) -> dict[str, Chart]:
    with Project(path, read_only=True) as project:
        return {chart.key: chart for chart in project.statistics()}


def values(chart: Chart, series: int = 0) -> dict[str, float]:
    return dict(zip(chart.categories, chart.series[series].values, strict=True))


def test_counts_by_status_label_and_annotator(team: Path) -> None:
    charts = charts_of(team)
    assert values(charts["statuses"]) == {"todo": 0, "in progress": 2, "done": 1, "skipped": 0}
    spans = values(charts["spans_per_label"])
    assert (spans["PERSON"], spans["GPE"], spans["ORG"], spans["QUOTE"], spans["CLAIM"]) == (4, 3, 1, 2, 1)
    # alice made 8 spans, bob 3 (the third document's); the bar order is by count.
    assert values(charts["spans_per_annotator"]) == {"alice": 8, "bob": 3}


def test_progress_replays_the_status_history(team: Path) -> None:
    charts = charts_of(team)
    progress = charts["progress"]
    # Everything happened today: one day is shown as bars, one per status.
    assert progress.kind == "bar" and progress.title.startswith("Progress over time (")
    # At the end of the day: only the second document done; the first reopened, the third in progress.
    assert values(progress) == {"done": 1, "in progress": 2, "skipped": 0}
    # The reopened document no longer counts as alice's: bob's is the only one done, and alice had
    # no document done at the end of any day, so she has no bar.
    assert values(charts["done_by_annotator"]) == {"bob": 1}


def test_progress_over_several_days_is_a_line_per_status(team: Path) -> None:
    with Project(team) as project:
        with project.transaction():  # the first status changes happened two days earlier
            project.conn.execute("UPDATE status_changes SET changed_at = '2026-11-29T10:00:00' WHERE id <= 3")
    progress = charts_of(team)["progress"]
    assert progress.kind == "line" and progress.categories == ("2026-11-29", "2026-12-01")
    done = dict(zip(progress.categories, progress.series[0].values, strict=True))
    assert done == {"2026-11-29": 1, "2026-12-01": 1}


def test_who_is_quoted_merges_case_and_counts_links(team: Path) -> None:
    charts = charts_of(team)
    speakers = charts["quotes_per_speaker"]
    assert values(speakers) == {"Mark Rutte": 2}  # "mark rutte" counted with it, shown in the first form
    assert speakers.note.startswith("2 of 2 quotes are linked")
    assert values(charts["claims_per_claimant"]) == {"Scholz": 1}
    assert values(charts["top_gpe"]) == {"Berlin": 3}
    assert values(charts["top_person"]) == {"Mark Rutte": 2, "Rutte": 1, "Scholz": 1}


def test_suggestion_outcomes_are_stacked_per_source(team: Path) -> None:
    with Project(team) as project:
        stamp = "2026-12-01T00:00:00"
        rows = [
            (1, 0, 2, "quotes", "accepted"),
            (1, 3, 5, "quotes", "rejected"),
            (1, 6, 8, "quotes", "rejected"),
            (2, 0, 2, "project", "changed"),
            (2, 3, 5, "project", "open"),
        ]
        with project.transaction():
            project.conn.executemany(
                'INSERT INTO suggestions (document_id, start, "end", label_id, text, source, state, '
                "created_at) VALUES (?, ?, ?, 1, 'x', ?, ?, ?)",
                [(*row, stamp) for row in rows],
            )
    chart = charts_of(team)["suggestions"]
    assert chart.categories == ("project", "quotes")
    table = {series.name: series.values for series in chart.series}
    assert table == {"accepted": (0, 1), "changed": (1, 0), "rejected": (0, 2), "open": (1, 0)}
    assert chart.note == "2 of 4 decided suggestions accepted (50%)"


def test_empty_project_has_only_the_status_chart(tmp_path: Path) -> None:
    with Project(tmp_path / "empty.sqlite") as project:
        assert project.statistics() == []


def test_csv_svg_and_page_carry_the_same_numbers(team: Path) -> None:
    charts = charts_of(team)
    rows = list(csv.reader(io.StringIO(charts["spans_per_label"].to_csv())))
    assert rows[0] == ["label", "spans"]
    assert ["PERSON", "4"] in rows
    for chart in charts.values():
        svg = ElementTree.fromstring(chart_svg(chart))  # well-formed, whatever the names hold
        assert svg.tag.endswith("svg")
    page = statistics_page("stats <&>", list(charts.values()))
    assert "stats &lt;&amp;&gt;" in page
    assert page.count("<svg") == len(charts)
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")  # fetches nothing


def test_svg_escapes_hostile_names() -> None:
    chart = Chart("x", "t", "bar", ("<script>alert(1)</script>", "a'b\"c&"), (Series("n", (1.0, 2.0)),))
    svg = chart_svg(chart)
    assert "<script>" not in svg
    ElementTree.fromstring(svg)


def test_nice_ticks_cover_the_maximum() -> None:
    assert nice_ticks(0) == [0.0, 1.0]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(1234)[-1] >= 1234


def test_stats_command_writes_page_and_csv(team: Path, tmp_path: Path, capsys) -> None:
    main(["stats", str(team), "--html", str(tmp_path / "page.html"), "--csv", str(tmp_path / "csv")])
    page = (tmp_path / "page.html").read_text()
    assert "Quotes per speaker" in page and "Mark Rutte" in page
    assert (tmp_path / "csv" / "quotes_per_speaker.csv").read_text().splitlines() == [
        "speaker,quotes",
        "Mark Rutte,2",
    ]
    assert "Documents: 3" in capsys.readouterr().out
