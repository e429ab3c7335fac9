"""Prodigy's span JSONL (text, meta, tokens, spans, relations, answer), read and written."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

import orjson

from annotator.core.model import (
    AnnotatedDocument,
    Document,
    DocumentRecord,
    DocumentStatus,
    Relation,
    RelationRecord,
    Span,
    SpanRecord,
)
from annotator.core.tokens import covering_tokens
from annotator.formats.errors import FormatError
from annotator.formats.export_checks import ExportContext, check_spans
from annotator.formats.records import (
    DOCUMENT_FIELDS,
    annotator_name,
    check_span_shapes,
    document_meta,
    normalised_record,
    require_text,
    whole_number,
)

# Keys of `meta` that describe the document itself and map back onto its columns on import.
_DOCUMENT_KEYS = DOCUMENT_FIELDS


def read_line(item: dict[str, Any], line: int) -> DocumentRecord:
    raw_text = require_text(item, line)
    meta = item.get("meta") if isinstance(item.get("meta"), dict) else {}
    assert isinstance(meta, dict)
    meta = dict(meta)
    record = DocumentRecord(text=raw_text, line=line)
    # Who answered it: Prodigy names the annotator's session in every answer ("dataset-alex").
    record.annotator = annotator_name(item.get("_annotator_id")) or annotator_name(item.get("_session_id"))
    for key in _DOCUMENT_KEYS:
        value = meta.pop(key, None)
        if isinstance(value, str) and value:
            setattr(record, key, value)
    status = meta.pop("status", None)
    if status in {member.value for member in DocumentStatus}:
        record.status = DocumentStatus(status)
    meta.pop("document_id", None)
    record.meta = meta
    spans = _list(item, "spans", line)
    # Open suggestions an `export --suggestions` marked are not annotations: never imported as spans.
    suggested = [span for span in spans if isinstance(span, dict) and span.get("suggested") is True]
    record.spans = [_read_span(span, line, index) for index, span in enumerate(spans, start=1)
                    if not (isinstance(span, dict) and span.get("suggested") is True)]
    record.relations = _read_relations(item, record, line, suggested)
    if suggested:
        record.warnings.append(f"line {line}: {len(suggested)} suggested span(s) left out (suggestions are "
                               "not annotations)")
    record.document_labels = read_document_labels(item, line)
    check_span_shapes(record, raw_text, line)
    return normalised_record(raw_text, record)


def _list(item: dict[str, Any], key: str, line: int) -> list[Any]:
    value = item.get(key) or []
    if not isinstance(value, list):
        raise FormatError(f'line {line}: "{key}" must be a list')
    return value


def _read_span(span: Any, line: int, index: int) -> SpanRecord:
    if not isinstance(span, dict):
        raise FormatError(f"line {line}: span {index} must be an object with start, end, label")
    label = span.get("label")
    if not isinstance(label, str) or not label.strip():
        raise FormatError(f"line {line}: span {index} has no label")
    attributes = span.get("attributes") if isinstance(span.get("attributes"), dict) else {}
    note = span.get("note") if isinstance(span.get("note"), str) else None
    text = span.get("text") if isinstance(span.get("text"), str) else None
    return SpanRecord(
        whole_number(span.get("start"), line, f"span {index} start"),
        whole_number(span.get("end"), line, f"span {index} end"),
        label.strip(), text, dict(attributes or {}), note,
    )


def _read_relations(
    item: dict[str, Any], record: DocumentRecord, line: int, suggested: Sequence[dict[str, Any]] = ()
) -> list[RelationRecord]:
    """Relations refer to spans by head_span/child_span; a span only named there is added."""
    relations = []
    left_out = {(span.get("start"), span.get("end"), span.get("label")) for span in suggested}
    for index, relation in enumerate(_list(item, "relations", line), start=1):
        if not isinstance(relation, dict) or not isinstance(relation.get("label"), str):
            raise FormatError(f"line {line}: relation {index} needs a label")
        if left_out and any(isinstance(end, dict) and (end.get("start"), end.get("end"), end.get("label"))
                            in left_out for end in (relation.get("head_span"), relation.get("child_span"))):
            continue  # a suggested quote's link to its speaker goes with it
        ends = []
        for side in ("head_span", "child_span"):
            span = relation.get(side)
            if not isinstance(span, dict):
                raise FormatError(f"line {line}: relation {index} has no {side}")
            ends.append(_span_index(record, _read_span(span, line, index)))
        relations.append(RelationRecord(ends[0], ends[1], relation["label"]))
    return relations


def _span_index(record: DocumentRecord, wanted: SpanRecord) -> int:
    for index, span in enumerate(record.spans):
        if (span.start, span.end, span.label) == (wanted.start, wanted.end, wanted.label):
            return index
    record.spans.append(wanted)
    return len(record.spans) - 1


# --- writing -----------------------------------------------------------------------------------


def write(documents: Iterable[AnnotatedDocument], out: BinaryIO, context: ExportContext) -> int:
    """Write one line per document; return how many were written."""
    count = 0
    options = context.document_label_names
    for document, spans, relations in documents:
        check_spans(document, spans)
        task = to_task(document, spans, relations)
        if options:
            add_document_labels(task, context.document_labels.get(document.id, []), options)
        out.write(orjson.dumps(task, option=orjson.OPT_APPEND_NEWLINE))
        count += 1
    return count


def to_task(document: Document, spans: list[Span], relations: list[Relation]) -> dict[str, Any]:
    text = document.text
    bounds = covering_tokens(text, [(span.start, span.end) for span in spans])
    tokens = [{"text": text[start:end], "start": start, "end": end, "id": index, "ws": ws}
              for index, (start, end, ws) in enumerate(bounds)]
    token_at_start = {start: index for index, (start, _, _) in enumerate(bounds)}
    token_at_end = {end: index for index, (_, end, _) in enumerate(bounds)}
    span_dicts: dict[int, dict[str, Any]] = {}
    for span in spans:
        entry: dict[str, Any] = {
            "start": span.start, "end": span.end, "label": span.label, "text": span.text,
            "token_start": token_at_start[span.start], "token_end": token_at_end[span.end],
        }
        if span.attributes:
            entry["attributes"] = span.attributes
        if span.note:
            entry["note"] = span.note
        if span.id < 0:  # an open suggestion (export --suggestions): marked, never taken for a span
            entry["suggested"] = True
            entry["source"] = span.source
        span_dicts[span.id] = entry
    return {
        "text": text,
        "meta": document_meta(document),
        "tokens": tokens,
        "spans": list(span_dicts.values()),
        "relations": [_relation(relation, span_dicts) for relation in relations],
        "answer": "ignore" if document.status is DocumentStatus.SKIPPED else "accept",
    }


def add_document_labels(task: dict[str, Any], labels: list[str], options: list[str]) -> None:
    """The document's labels twice, for the two tools that read them: Prodigy's textcat choice
    shape (`options` of every document label, `accept` the chosen ones) and spaCy's textcat
    `cats` (every document label, 1.0 when on, 0.0 when off). Only projects with document labels
    get these keys, so other exports stay as they were."""
    chosen = set(labels)
    task["options"] = [{"id": name, "text": name} for name in options]
    task["accept"] = list(labels)
    task["cats"] = {name: 1.0 if name in chosen else 0.0 for name in options}


def read_document_labels(item: dict[str, Any], line: int) -> list[str]:
    """`accept` when the line has textcat `options`, else the `cats` at 0.5 or more."""
    accept, cats = item.get("accept"), item.get("cats")
    if isinstance(item.get("options"), list) and accept is not None:
        if not isinstance(accept, list) or not all(isinstance(name, str | int) for name in accept):
            raise FormatError(f'line {line}: "accept" must be a list of option ids')
        return [str(name).strip() for name in accept if str(name).strip()]
    if cats is None:
        return []
    if not isinstance(cats, dict) or not all(isinstance(value, int | float) and not isinstance(value, bool)
                                             for value in cats.values()):
        raise FormatError(f'line {line}: "cats" must map labels to numbers (1.0 on, 0.0 off)')
    return [name.strip() for name, value in cats.items() if value >= 0.5 and name.strip()]


def _relation(relation: Relation, spans: dict[int, dict[str, Any]]) -> dict[str, Any]:
    head, child = spans[relation.head_span_id], spans[relation.child_span_id]
    # Prodigy points a relation at the last token of each span.
    return {
        "head": head["token_end"],
        "child": child["token_end"],
        "label": relation.type,
        "head_span": _span_reference(head),
        "child_span": _span_reference(child),
    }


def _span_reference(span: dict[str, Any]) -> dict[str, Any]:
    return {key: span[key] for key in ("start", "end", "token_start", "token_end", "label")}
