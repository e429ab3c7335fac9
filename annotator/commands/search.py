"""`annotator search`: words, phrases, patterns or spans across a project, as a table or JSONL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

STATUS_NAMES = ("todo", "in_progress", "done", "skipped")


@click.command("search")
@click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("query", required=False, default="")
@click.option("--regex", is_flag=True, help="QUERY is a regular expression (so is /QUERY/).")
@click.option("--whole-word", is_flag=True,
              help="Whole words only (by default a word matches from its start).")
@click.option("--case", is_flag=True, help="Match case and accents exactly.")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUS_NAMES),
              help="Only documents with this status (repeat for several).")
@click.option("--label-present", multiple=True, metavar="LABEL",
              help="Only documents with a span (or document label) of LABEL.")
@click.option("--label-absent", multiple=True, metavar="LABEL", help="Only documents without LABEL.")
@click.option("--annotator", metavar="NAME", help="Only documents NAME worked on (spans, labels, status).")
@click.option("--source", metavar="S", help="Only documents whose source contains S (any case).")
@click.option("--since", metavar="DATE", help="Only documents published on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--until", metavar="DATE", help="Only documents published on or before DATE.")
@click.option("--spans", "span_label", metavar="LABEL",
              help="List spans of LABEL instead of text matches (ALL: any label); QUERY then "
              "filters their text.")
@click.option("--speaker", metavar="TEXT", help="Spans linked to a span whose text contains TEXT (any case).")
@click.option("--unlinked", is_flag=True, help="Spans with no link yet (a claim without its claimant).")
@click.option("--linked", is_flag=True, help="Spans with a link.")
@click.option("--has-note", is_flag=True, help="Spans with a note.")
@click.option("--attribute", "attributes", multiple=True, metavar="KEY=VALUE",
              help="Spans whose attribute KEY is VALUE (any case; true/false for yes/no).")
@click.option("--format", "format_name", type=click.Choice(["table", "jsonl"]), default="table",
              show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=200, show_default=True,
              help="Stop after this many results.")
def search_command(project: Path, query: str, regex: bool, whole_word: bool, case: bool,
                   statuses: tuple[str, ...], label_present: tuple[str, ...], label_absent: tuple[str, ...],
                   annotator: str | None, source: str | None, since: str | None, until: str | None,
                   span_label: str | None, speaker: str | None, unlinked: bool, linked: bool,
                   has_note: bool, attributes: tuple[str, ...], format_name: str, limit: int) -> None:
    """Find QUERY (words: all of them; "a phrase"; /a regex/) in PROJECT's documents, or list spans."""
    from annotator.core.search_query import DocumentFilter, SpanQuery, parse_attribute, parse_query
    from annotator.store import Project

    span_options = speaker is not None or unlinked or linked or has_note or attributes
    if span_options and span_label is None:
        raise click.UsageError(
            "--speaker, --linked, --unlinked, --has-note and --attribute need --spans LABEL")
    if unlinked and linked:
        raise click.UsageError("--linked and --unlinked exclude each other")
    if span_label is None and not query.strip():
        raise click.UsageError("give a QUERY, or --spans LABEL")
    filters = DocumentFilter(tuple(statuses), tuple(label_present), tuple(label_absent), annotator,
                             source, since, until)
    parsed = parse_query(query, regex=regex, whole_word=whole_word, case=case)
    with Project(project, read_only=True) as opened:
        if span_label is not None:
            span_query = SpanQuery(
                None if span_label.upper() == "ALL" else span_label, speaker,
                True if linked else False if unlinked else None, True if has_note else None,
                tuple(parse_attribute(item) for item in attributes))
            hits = opened.search_spans(span_query, filters, limit + 1, parsed)  # one more: are there more?
            rows = [_span_row(hit) for hit in hits[:limit]]
            more = len(hits) > limit
            summary = f"{_plural(len(rows), 'span')}"
        else:
            result = opened.search(parsed, filters, limit)
            rows = [_match_row(hit) for hit in result.hits]
            more = result.truncated
            summary = f"{_plural(len(rows), 'match', 'es')} in {_plural(result.documents, 'document')}"
    if format_name == "jsonl":
        for row in rows:
            click.echo(json.dumps({k: v for k, v in row.items() if k != "_line"}, ensure_ascii=False))
    else:
        for row in rows:
            click.echo(_table_line(row))
    tail = f" (stopped at --limit {limit}: there are more)" if more else ""
    click.echo(f"{summary}{tail}.", err=True)


def _match_row(hit: Any) -> dict[str, Any]:
    line = hit.context
    return {
        "document_id": hit.document_id, "title": hit.title, "start": hit.start, "end": hit.end,
        "match": line.match, "left": line.left, "right": line.right,
        "spans": [{"label": label, "start": start, "end": end} for label, start, end in hit.spans],
        "_line": line.line(),
    }


def _span_row(hit: Any) -> dict[str, Any]:
    span = hit.span
    return {
        "span_id": span.id, "document_id": span.document_id, "title": hit.title, "start": span.start,
        "end": span.end, "label": span.label, "text": span.text, "linked": list(hit.linked),
        "note": span.note, "attributes": span.attributes, "annotator": span.annotator,
        "_line": hit.context.line(),
    }


def _table_line(row: dict[str, Any]) -> str:
    title = row["title"] if len(row["title"]) <= 28 else row["title"][:27] + "…"
    where = f"{row['document_id']}:{row['start']}-{row['end']}"
    extra = ""
    if "label" in row:
        extra = f"  {row['label']}" + (f" ← {', '.join(row['linked'])}" if row["linked"] else "")
    elif row["spans"]:
        extra = "  [" + ", ".join(span["label"] for span in row["spans"]) + "]"
    return f"{where:<16} {title:<28}  {row['_line']}{extra}"


def _plural(count: int, noun: str, suffix: str = "s") -> str:
    return f"{count} {noun}{'' if count == 1 else suffix}"


COMMANDS = [search_command]
