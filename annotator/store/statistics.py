"""The project in figures: progress over time, spans per label, who is quoted, suggestions' fate."""

from __future__ import annotations

import sqlite3
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from annotator.core.charts import Chart, Series
from annotator.core.model import DocumentStatus

UNNAMED = "(unnamed)"  # spans and statuses made before annotators were recorded, or by nobody named
TOP = 15  # bars in a "top" chart: more would not be read
STATE_NAMES = ("accepted", "changed", "rejected", "open")
STATE_COLOURS = ("#009e73", "#e69f00", "#d55e00", "#999999")


def project_statistics(conn: sqlite3.Connection) -> list[Chart]:
    """Every chart of the statistics view, in the order it shows them; empty ones are left out."""
    charts = [
        _statuses(conn),
        _progress(conn),
        _done_by_annotator(conn),
        _spans_per_label(conn),
        _spans_per_annotator(conn),
        *_linked_people(conn),
        *_top_entities(conn),
        _documents_per_document_label(conn),
        _suggestions(conn),
    ]
    return [_one_day_as_bars(chart) for chart in charts if chart is not None and not chart.empty]


def _one_day_as_bars(chart: Chart) -> Chart:
    """A day-by-day chart of a single day is a row of dots on top of each other: show bars."""
    if chart.kind != "line" or len(chart.categories) != 1:
        return chart
    return Chart(chart.key, f"{chart.title} ({chart.categories[0]})", "bar",
                 tuple(series.name for series in chart.series),
                 (Series(chart.value_name, tuple(series.values[0] for series in chart.series)),),
                 chart.value_name, tuple(series.colour for series in chart.series), chart.note,
                 {"category_name": "series"})


def _statuses(conn: sqlite3.Connection) -> Chart:
    counts = dict(conn.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall())
    names = [status.value for status in DocumentStatus]
    colours = ("#bbbbbb", "#e69f00", "#009e73", "#999999")
    total = sum(counts.values())
    return Chart(
        "statuses",
        "Documents by status",
        "bar",
        tuple(name.replace("_", " ") for name in names),
        (Series("documents", tuple(float(counts.get(name, 0)) for name in names)),),
        "documents",
        colours,
        note=f"{total} documents",
        extra={"category_name": "status"},
    )


def _changes(conn: sqlite3.Connection) -> list[tuple[int, str, str, str]]:
    """(document, status, annotator, day) of every status change in order. Documents whose status
    changed before the history was kept count once, on the day they were last edited."""
    rows = conn.execute(
        "SELECT document_id, status, coalesce(annotator, ?), substr(changed_at, 1, 10) FROM status_changes "
        "ORDER BY changed_at, id",
        (UNNAMED,),
    ).fetchall()
    older = conn.execute(
        "SELECT id, status, coalesce(status_by, ?), substr(updated_at, 1, 10) FROM documents "
        "WHERE status != 'todo' AND id NOT IN (SELECT document_id FROM status_changes)",
        (UNNAMED,),
    ).fetchall()
    return sorted(older + rows, key=lambda row: row[3])


def _progress(conn: sqlite3.Connection) -> Chart:
    """Documents in each status at the end of each day anything changed."""
    shown = (DocumentStatus.DONE.value, DocumentStatus.IN_PROGRESS.value, DocumentStatus.SKIPPED.value)
    current: dict[int, str] = {}
    days: list[str] = []
    values: dict[str, list[float]] = {status: [] for status in shown}
    for day, changes in _by_day(_changes(conn)):
        for document_id, status, _annotator, _day in changes:
            current[document_id] = status
        tally = Counter(current.values())
        days.append(day)
        for status in shown:
            values[status].append(float(tally[status]))
    colours = {"done": "#009e73", "in_progress": "#e69f00", "skipped": "#999999"}
    return Chart(
        "progress",
        "Progress over time",
        "line",
        tuple(days),
        tuple(Series(status.replace("_", " "), tuple(values[status]), colours[status]) for status in shown),
        "documents",
        note="documents in each status at the end of each day",
        extra={"category_name": "day"},
    )


def _done_by_annotator(conn: sqlite3.Connection) -> Chart:
    """Documents each annotator has marked done (and not since reopened), day by day."""
    done_by: dict[int, str] = {}
    days: list[str] = []
    per_day: list[Counter[str]] = []
    for day, changes in _by_day(_changes(conn)):
        for document_id, status, annotator, _day in changes:
            if status == DocumentStatus.DONE.value:
                done_by[document_id] = annotator
            else:
                done_by.pop(document_id, None)
        days.append(day)
        per_day.append(Counter(done_by.values()))
    names = sorted({name for tally in per_day for name in tally})
    return Chart(
        "done_by_annotator",
        "Documents done by annotator",
        "line",
        tuple(days),
        tuple(Series(name, tuple(float(tally[name]) for tally in per_day)) for name in names),
        "documents",
        note="who marked each document done, as it stands at the end of each day",
        extra={"category_name": "day"},
    )


def _spans_per_label(conn: sqlite3.Connection) -> Chart:
    rows = conn.execute(
        "SELECT labels.name, labels.colour, count(spans.id) FROM labels "
        "LEFT JOIN spans ON spans.label_id = labels.id "
        "WHERE labels.kind != 'document' GROUP BY labels.id ORDER BY labels.position, labels.id"
    ).fetchall()
    return Chart(
        "spans_per_label",
        "Spans per label",
        "bar",
        tuple(row[0] for row in rows),
        (Series("spans", tuple(float(row[2]) for row in rows)),),
        "spans",
        tuple(row[1] for row in rows),
        note=f"{sum(row[2] for row in rows)} spans",
        extra={"category_name": "label"},
    )


def _spans_per_annotator(conn: sqlite3.Connection) -> Chart:
    own = dict(
        conn.execute("SELECT coalesce(annotator, ?), count(*) FROM spans GROUP BY 1", (UNNAMED,)).fetchall()
    )
    layers = dict(conn.execute("SELECT layer, count(*) FROM layer_spans GROUP BY layer").fetchall())
    names = sorted(set(own) | set(layers), key=lambda name: (-(own.get(name, 0) + layers.get(name, 0)), name))
    series = [Series("spans", tuple(float(own.get(name, 0)) for name in names))]
    if layers:
        series = [
            Series("project's spans", series[0].values),
            Series("team layers", tuple(float(layers.get(name, 0)) for name in names)),
        ]
    return Chart(
        "spans_per_annotator",
        "Spans by annotator",
        "bar",
        tuple(names),
        tuple(series),
        "spans",
        extra={"category_name": "annotator"},
    )


def _linked_people(conn: sqlite3.Connection) -> list[Chart]:
    """Quotes per speaker and claims per claimant: who is quoted in this corpus."""
    charts = []
    for kind, title, noun in (
        ("quote", "Quotes per speaker", "quotes"),
        ("claim", "Claims per claimant", "claims"),
    ):
        types = [
            row[0] for row in conn.execute("SELECT name FROM relation_types WHERE head_kind = ?", (kind,))
        ]
        if not types:
            continue
        marks = ", ".join("?" * len(types))
        rows = conn.execute(
            "SELECT child.text, count(DISTINCT relations.head_span_id) FROM relations "
            "JOIN spans AS child ON child.id = relations.child_span_id "
            f"WHERE relations.type IN ({marks}) GROUP BY child.text",
            types,
        ).fetchall()
        total, linked = conn.execute(
            "SELECT count(*), count(DISTINCT relations.head_span_id) FROM spans "
            "JOIN labels ON labels.id = spans.label_id "
            f"LEFT JOIN relations ON relations.head_span_id = spans.id AND relations.type IN ({marks}) "
            "WHERE labels.kind = ?",
            (*types, kind),
        ).fetchone()
        names, counts = _top(rows)
        key = "quotes_per_speaker" if kind == "quote" else "claims_per_claimant"
        charts.append(
            Chart(
                key,
                title,
                "bar",
                names,
                (Series(noun, counts),),
                noun,
                note=f"{linked} of {total} {noun} are linked; names compared without case",
                extra={"category_name": "speaker" if kind == "quote" else "claimant"},
            )
        )
    return charts


def _top_entities(conn: sqlite3.Connection) -> list[Chart]:
    rows = conn.execute(
        "SELECT labels.name, labels.colour, spans.text, count(*) FROM spans "
        "JOIN labels ON labels.id = spans.label_id "
        "WHERE labels.kind = 'entity' GROUP BY labels.id, spans.text ORDER BY labels.position, labels.id"
    ).fetchall()
    by_label: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for label, colour, text, count in rows:
        by_label[(label, colour)].append((text, count))
    charts = []
    for (label, colour), texts in by_label.items():
        names, counts = _top(texts)
        charts.append(
            Chart(
                f"top_{_safe(label)}",
                f"Most tagged {label}",
                "bar",
                names,
                (Series("spans", counts, colour),),
                "spans",
                note=f"top {len(names)} of {len(_merged(texts))} distinct names",
                extra={"category_name": label},
            )
        )
    return charts


def _documents_per_document_label(conn: sqlite3.Connection) -> Chart:
    rows = conn.execute(
        "SELECT labels.name, labels.colour, count(document_labels.document_id) FROM labels "
        "LEFT JOIN document_labels ON document_labels.label_id = labels.id WHERE labels.kind = 'document' "
        "GROUP BY labels.id ORDER BY labels.position, labels.id"
    ).fetchall()
    return Chart(
        "documents_per_document_label",
        "Documents per document label",
        "bar",
        tuple(row[0] for row in rows),
        (Series("documents", tuple(float(row[2]) for row in rows)),),
        "documents",
        tuple(row[1] for row in rows),
        extra={"category_name": "document label"},
    )


def _suggestions(conn: sqlite3.Connection) -> Chart:
    rows = conn.execute("SELECT source, state, count(*) FROM suggestions GROUP BY source, state").fetchall()
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for source, state, count in rows:
        counts[source][state] += count
    sources = tuple(sorted(counts))
    series = tuple(
        Series(state, tuple(float(counts[source][state]) for source in sources), colour)
        for state, colour in zip(STATE_NAMES, STATE_COLOURS, strict=True)
    )
    decided = sum(counts[source][state] for source in sources for state in STATE_NAMES[:3])
    accepted = sum(counts[source][state] for source in sources for state in STATE_NAMES[:2])
    note = (
        f"{accepted} of {decided} decided suggestions accepted ({accepted / decided:.0%})" if decided else ""
    )
    return Chart(
        "suggestions",
        "Suggestions by source",
        "bar",
        sources,
        series,
        "suggestions",
        note=note,
        extra={"category_name": "source"},
    )


def _by_day(
    changes: list[tuple[int, str, str, str]],
) -> Iterable[tuple[str, list[tuple[int, str, str, str]]]]:
    day_changes: list[tuple[int, str, str, str]] = []
    for change in changes:
        if day_changes and change[3] != day_changes[0][3]:
            yield day_changes[0][3], day_changes
            day_changes = []
        day_changes.append(change)
    if day_changes:
        yield day_changes[0][3], day_changes


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _merged(rows: Iterable[tuple[str, int]]) -> dict[str, Counter[str]]:
    """Texts that differ only in case or spacing counted together, each form's count kept."""
    merged: dict[str, Counter[str]] = defaultdict(Counter)
    for text, count in rows:
        merged[_normal(text)][" ".join(text.split())] += count
    return merged


def _top(rows: Iterable[tuple[str, int]]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The TOP most frequent names (shown in their most frequent form) and their counts."""
    merged = _merged(rows)
    ranked = sorted(merged.values(), key=lambda forms: (-sum(forms.values()), forms.most_common(1)[0][0]))[
        :TOP
    ]
    return (
        tuple(forms.most_common(1)[0][0] for forms in ranked),
        tuple(float(sum(forms.values())) for forms in ranked),
    )


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in name.casefold())
