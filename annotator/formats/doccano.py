"""doccano's JSONL: sequence labelling (`label: [[start, end, LABEL]]`) and `entities` + `relations`.

Document labels travel in the shape doccano itself imports for spans and categories together, its
"Intent Detection and Slot Filling" project: `entities: [[start, end, LABEL]]` and `cats: [LABEL]`.
An export whose project has labelled documents writes that shape (with relations, the `entities` +
`relations` shape gets `cats` too, which doccano's relation project keeps as metadata). Import also
reads a text-classification line's `label: ["LABEL"]` (strings, not triples) as document labels.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, BinaryIO

import orjson

from annotator.core.model import (
    AnnotatedDocument,
    DocumentRecord,
    RelationRecord,
    SpanRecord,
)
from annotator.formats.errors import FormatError
from annotator.formats.export_checks import ExportContext, check_spans
from annotator.formats.records import (
    annotator_name,
    check_span_shapes,
    normalised_record,
    require_text,
    whole_number,
)

_SHAPE_KEYS = {"text", "label", "labels", "entities", "relations", "Comments", "cats"}


def read_line(item: dict[str, Any], line: int) -> DocumentRecord:
    raw_text = require_text(item, line)
    record = DocumentRecord(text=raw_text, line=line, annotator=annotator_name(item.get("user")))
    record.meta = {("doccano_id" if key == "id" else key): value
                   for key, value in item.items() if key not in _SHAPE_KEYS}
    if "entities" in item:
        _read_entities(item, record, line)
    else:
        _read_labels(item.get("label", item.get("labels")) or [], record, line)
    cats = item.get("cats") or []
    if not isinstance(cats, list) or not all(isinstance(name, str) for name in cats):
        raise FormatError(f'line {line}: "cats" must be a list of label names')
    record.document_labels += [name.strip() for name in cats
                               if name.strip() and name.strip() not in record.document_labels]
    check_span_shapes(record, raw_text, line)
    return normalised_record(raw_text, record)


def _read_labels(labels: Any, record: DocumentRecord, line: int) -> None:
    if not isinstance(labels, list):
        raise FormatError(f'line {line}: "label" must be a list of [start, end, label]')
    categories = []
    for index, entry in enumerate(labels, start=1):
        if isinstance(entry, str):  # a text-classification label: keep it as document metadata
            categories.append(entry)
            continue
        if not isinstance(entry, list) or len(entry) != 3 or not isinstance(entry[2], str) \
                or not entry[2].strip():
            raise FormatError(f"line {line}: label {index} must be [start, end, label], not {entry!r}")
        record.spans.append(SpanRecord(
            whole_number(entry[0], line, f"label {index} start"),
            whole_number(entry[1], line, f"label {index} end"),
            entry[2].strip(),
        ))
    record.document_labels += [name.strip() for name in categories if name.strip()]


def _read_entities(item: dict[str, Any], record: DocumentRecord, line: int) -> None:
    entities, relations = item.get("entities") or [], item.get("relations") or []
    if not isinstance(entities, list) or not isinstance(relations, list):
        raise FormatError(f'line {line}: "entities" and "relations" must be lists')
    index_by_id: dict[Any, int] = {}
    for index, entity in enumerate(entities, start=1):
        if isinstance(entity, list):  # the intent-and-slot shape: [start, end, LABEL]
            _read_labels([entity], record, line)
            continue
        if not isinstance(entity, dict) or not isinstance(entity.get("label"), str) \
                or not entity["label"].strip():
            raise FormatError(f"line {line}: entity {index} needs start_offset, end_offset, label")
        index_by_id[entity.get("id", index)] = len(record.spans)
        record.spans.append(SpanRecord(
            whole_number(entity.get("start_offset"), line, f"entity {index} start_offset"),
            whole_number(entity.get("end_offset"), line, f"entity {index} end_offset"),
            entity["label"].strip(),
        ))
    for index, relation in enumerate(relations, start=1):
        if not isinstance(relation, dict) or not isinstance(relation.get("type"), str):
            raise FormatError(f"line {line}: relation {index} needs from_id, to_id, type")
        ends = [relation.get("from_id"), relation.get("to_id")]
        missing = [end for end in ends if end not in index_by_id]
        if missing:
            raise FormatError(f"line {line}: relation {index} refers to entity {missing[0]!r}, "
                              "which is not in this line")
        record.relations.append(
            RelationRecord(index_by_id[ends[0]], index_by_id[ends[1]], relation["type"])
        )


# --- writing -----------------------------------------------------------------------------------


def write(documents: Iterable[AnnotatedDocument], out: BinaryIO, context: ExportContext) -> int:
    """Write doccano lines: `entities`/`relations` when the export has relations, else `label` triples."""
    with_relations = context.has_relations
    with_cats = bool(context.document_labels)
    count = 0
    for document, spans, relations in documents:
        check_spans(document, spans)
        line: dict[str, Any] = {"id": document.id, "text": document.text}
        if with_relations:
            line["entities"] = [
                {"id": span.id, "start_offset": span.start, "end_offset": span.end,
                 "label": span.label}
                for span in spans
            ]
            line["relations"] = [
                {"id": relation.id, "from_id": relation.head_span_id,
                 "to_id": relation.child_span_id, "type": relation.type}
                for relation in relations
            ]
        elif with_cats:
            line["entities"] = [[span.start, span.end, span.label] for span in spans]
        else:
            line["label"] = [[span.start, span.end, span.label] for span in spans]
        if with_cats:
            line["cats"] = context.document_labels.get(document.id, [])
        out.write(orjson.dumps(line, option=orjson.OPT_APPEND_NEWLINE))
        count += 1
    return count
