"""An agreement report as rows, and those rows as a text table, CSV or JSON (the command and the dialog)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from annotator.core.agreement import Coefficient
from annotator.team.agreement_report import ALL_LABELS, AgreementReport, Figures, PairFigures

# One row per scope (all labels, each label, each document) and annotator set (all, then each pair).
COLUMNS = (
    "label", "document", "annotators", "documents", "spans",
    "exact_f1", "exact_items", "overlap_f1", "overlap_items",
    "cohen_kappa", "cohen_items", "fleiss_kappa", "fleiss_items", "alpha", "alpha_items",
    "covered_tokens", "marked_by_one", "unpairable",
    "links", "links_items", "attributes", "attributes_items",
)
# What the text table shows: (heading, figure column, its items column).
TABLE = (
    ("F1 exact", "exact_f1", "exact_items"), ("F1 overlap", "overlap_f1", "overlap_items"),
    ("Cohen k", "cohen_kappa", "cohen_items"), ("Fleiss k", "fleiss_kappa", "fleiss_items"),
    ("alpha", "alpha", "alpha_items"), ("one only", "marked_by_one", "covered_tokens"),
    ("links", "links", "links_items"), ("attributes", "attributes", "attributes_items"),
)


def report_rows(report: AgreementReport) -> list[dict[str, Any]]:
    """Every figure of the report, one dict per row with the COLUMNS as keys (None: not defined)."""
    rows: list[dict[str, Any]] = []
    for figures in [report.overall, *report.by_label.values(), *report.by_document.values()]:
        rows.append(_all_row(figures, report))
        rows += [_pair_row(figures, pair) for pair in figures.pairs]
    return rows


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _coefficient(row: dict[str, Any], prefix: str, coefficient: Coefficient | None) -> None:
    row[prefix] = None if coefficient is None else _round(coefficient.value)
    row[f"{prefix.split('_')[0]}_items"] = None if coefficient is None else coefficient.items


def _all_row(figures: Figures, report: AgreementReport) -> dict[str, Any]:
    tokens = figures.tokens
    row: dict[str, Any] = {
        "label": figures.label, "document": figures.document,
        "annotators": ", ".join(report.annotators),
        "documents": report.documents if figures.document is None else 1,
        "spans": sum(figures.spans.values()),
        "exact_f1": _round(figures.exact.f1), "exact_items": figures.exact.items,
        "overlap_f1": _round(figures.overlap.f1), "overlap_items": figures.overlap.items,
        "covered_tokens": tokens.covered, "marked_by_one": tokens.marked_by_one,
        "unpairable": tokens.unpairable,
        "links": _round(figures.links.value), "links_items": figures.links.items,
        "attributes": _round(figures.attributes.value), "attributes_items": figures.attributes.items,
    }
    _coefficient(row, "cohen_kappa", tokens.cohen_kappa)
    _coefficient(row, "fleiss_kappa", tokens.fleiss_kappa)
    _coefficient(row, "alpha", tokens.krippendorff_alpha)
    return {column: row.get(column) for column in COLUMNS}


def _pair_row(figures: Figures, pair: PairFigures) -> dict[str, Any]:
    row: dict[str, Any] = {
        "label": figures.label, "document": figures.document,
        "annotators": f"{pair.first} / {pair.second}", "documents": pair.documents,
        "spans": pair.exact.items,
        "exact_f1": _round(pair.exact.f1), "exact_items": pair.exact.items,
        "overlap_f1": _round(pair.overlap.f1), "overlap_items": pair.overlap.items,
        "covered_tokens": pair.cohen_kappa.items + pair.cohen_kappa.left_out,
        "marked_by_one": pair.marked_by_one,
        "unpairable": pair.cohen_kappa.left_out,
        "links": _round(pair.links.value), "links_items": pair.links.items,
        "attributes": _round(pair.attributes.value), "attributes_items": pair.attributes.items,
    }
    _coefficient(row, "cohen_kappa", pair.cohen_kappa)
    _coefficient(row, "fleiss_kappa", None)
    _coefficient(row, "alpha", pair.krippendorff_alpha)
    return {column: row.get(column) for column in COLUMNS}


def to_csv(report: AgreementReport) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({key: "" if value is None else value for key, value in row.items()}
                     for row in report_rows(report))
    return buffer.getvalue()


def to_json(report: AgreementReport) -> str:
    rows = report_rows(report)
    # The per-attribute breakdown (direct, check-worthy…) of each pair, beside its row.
    pairs = [pair for figures in [report.overall, *report.by_label.values(), *report.by_document.values()]
             for pair in [None, *figures.pairs]]
    for row, pair in zip(rows, pairs, strict=True):
        if pair is not None:
            row["attributes_by_key"] = {
                key: {"agreement": _round(ratio.value), "items": ratio.items}
                for key, ratio in pair.attributes_by_key.items()}
    return json.dumps({"annotators": list(report.annotators), "documents": report.documents, "rows": rows},
                      ensure_ascii=False, indent=2)


def to_table(report: AgreementReport) -> str:
    """A fixed-width table: each figure with the number of items it rests on in brackets."""
    per_document = bool(report.by_document)
    headings = ["label", *(["doc"] if per_document else []), "annotators",
                *(heading for heading, _, _ in TABLE)]
    lines: list[list[str]] = []
    for row in report_rows(report):
        cells = [row["label"] if row["annotators"] == ", ".join(report.annotators) else "",
                 *([str(row["document"] or "")] if per_document else []), row["annotators"]]
        for _, figure, items in TABLE:
            value = row[figure]
            if value is None and row[items] is None:
                cells.append("")
            elif figure == "marked_by_one":
                cells.append(f"{value} of {row[items]}")
            else:
                cells.append(("-" if value is None else f"{value:.3f}") + f" ({row[items]})")
        lines.append(cells)
    widths = [max(len(cells[index]) for cells in [headings, *lines]) for index in range(len(headings))]
    text = ["  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()
            for cells in [headings, *lines]]
    notes = (f"{len(report.annotators)} annotators, {report.documents} documents at least two worked on. "
             "Figures with (items); '-': not defined. "
             "'one only': covered tokens exactly one annotator marked.")
    return "\n".join([*text, "", notes]) + "\n"


def render(report: AgreementReport, form: str) -> str:
    if form == "csv":
        return to_csv(report)
    if form == "json":
        return to_json(report) + "\n"
    if form == "table":
        return to_table(report)
    raise ValueError(f"unknown format {form!r} (table, csv or json)")


__all__ = ["ALL_LABELS", "COLUMNS", "render", "report_rows", "to_csv", "to_json", "to_table"]
