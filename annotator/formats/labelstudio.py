"""Label Studio JSON tasks (`data.text`, `labels` and `relation` results), read and written.

Offsets. Label Studio's `value.start`/`value.end` on a Text object count Unicode code points, the
same as Python string indices, so both directions take them as they are. Its editor is JavaScript,
where strings index UTF-16 units, and versions from 2021 did write UTF-16 positions (issue
HumanSignal/label-studio#1347 "UTF8 text got invalid annotation offset", #1008: every span after an
emoji shifted by one). The frontend fix (label-studio PR #1559, merged through label-studio-frontend
PR #308) converts at the boundary: `charsToCodePoints`/`codePointsToChars` in
web/libs/editor/src/utils/selection-tools.js ("In python and other modern tools complex unicode
symbols handled as code points ... for external usage js length should be converted to code points
count"), and the editor's own end-to-end test (tests/integration/e2e/ner/emoji) expects "test" in
"🐱 Warning: This is a test text" at start 21, end 25: code points (UTF-16 would be 22, 26). So a
span written here lands on the same characters in Label Studio, and a span read back does too.
Files from the older versions still exist: when a task's `value.text` disagrees with the text at its
offsets read as code points but agrees with them read as UTF-16 units, the task is converted with
`Utf16Offsets` and a warning says so. Label Studio counts CRLF as two characters (its Text tag
documentation); offsets are read against the raw text and moved with its line endings.

`value.text` is checked against the text it covers. The editor writes it from the browser's
selection: line breaks become the two characters `\\n`, and whitespace runs collapse unless the text
is shown with `white-space: pre-wrap` (label-studio#3078), so the check compares with whitespace
runs (and `\\n`) folded to one space. A disagreement is refused, naming the task and the result id.

Import takes, per task, the first annotation not cancelled (the first of all, when every one was
cancelled: the task is then marked skipped); `predictions` (the first) only when there are no
annotations; other annotations are counted in a warning. Each label of a `labels` result becomes a
span; `relation` results become relations, one per label (direction "left" swaps the ends, "bi" is
read as from → to, an unlabelled one is named RELATED); a per-region `textarea` result becomes the
span's note. Other result types are counted in a warning. `data` fields besides `text` and `title`,
and the task's `meta`, become the document's metadata.

Export writes a JSON list of tasks: `data` (text, title), `meta` (document id, status, source, url,
author, published and the document's metadata), and one annotation (when the document has spans, or
is done or skipped) whose result holds every span as a `labels` result, its note as a per-region
`textarea`, and every relation as a `relation` result. Span attributes have no place in the format
and are counted in a warning. Document labels (topic, genre…) are one `choices` result
(`from_name` "document_labels", Label Studio's classification shape) in the same annotation; on
import, every `choices` result's choices become document labels. `labelstudio_config.labeling_config()`
gives a matching labeling configuration (a multiple-choice `Choices` control for the document labels).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
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
from annotator.core.offsets import Utf16Offsets
from annotator.formats.decoding import decode_bytes
from annotator.formats.errors import FormatError
from annotator.formats.export_checks import ExportContext, check_spans
from annotator.formats.labelstudio_config import (
    FROM_NAME,
    NOTE_NAME,
    TO_NAME,
    add_choices,
    read_choices,
)
from annotator.formats.records import annotator_name, document_meta, normalised_record

# The type given to a Label Studio relation that has no label.
UNLABELLED_RELATION = "RELATED"
_DOCUMENT_KEYS = ("source", "url", "author", "published")
_STATUSES = {member.value for member in DocumentStatus}
# Whitespace runs and the editor's literal "\n" for a line break, folded before texts are compared.
_LOOSE_SPACE = re.compile(r"(?:\s|\\n)+")


@dataclass
class _Region:
    """A `labels` result as read, before its offsets are settled."""

    result_id: str
    start: int
    end: int
    labels: list[str]
    text: str | None


def read(data: bytes, path: Path, limit: int | None = None) -> list[DocumentRecord]:
    notes: list[str] = []
    try:
        loaded = json.loads(decode_bytes(data, notes))
    except json.JSONDecodeError as error:
        raise FormatError(f"line {error.lineno}, column {error.colno}: not valid JSON "
                          f"({error.msg})") from error
    except RecursionError as error:
        raise FormatError("JSON nested too deeply to read (over a thousand levels)") from error
    tasks = [loaded] if isinstance(loaded, dict) else loaded
    if not isinstance(tasks, list):
        raise FormatError(f"expected a list of Label Studio tasks, found {type(loaded).__name__}")
    if not tasks:
        raise FormatError("the file holds no tasks")
    records = [record for number, task in enumerate(tasks, start=1)
               for record in read_task_versions(task, number)]
    records[0].warnings[:0] = notes
    return records


def read_task_versions(task: Any, number: int) -> list[DocumentRecord]:
    """A task as one record per annotator when several people annotated it (a team's export: the
    project keeps each version in that annotator's layer), else as `read_task`'s one record; each
    record names its annotator (`completed_by`)."""
    annotations = task.get("annotations") if isinstance(task, dict) else None
    kept = [item for item in annotations if isinstance(item, dict) and not item.get("was_cancelled")] \
        if isinstance(annotations, list) else []
    names = [annotator_name(item.get("completed_by")) for item in kept]
    if len(kept) < 2 or None in names or len(set(names)) < 2:
        record = read_task(task, number)
        record.annotator = names[0] if names else None
        return [record]
    records = []
    for annotation, name in zip(kept, names, strict=True):
        record = read_task({**task, "annotations": [annotation]}, number)
        record.annotator = name
        records.append(record)
    return records


def read_task(task: Any, number: int) -> DocumentRecord:
    where = f"task {number}"
    if isinstance(task, dict) and isinstance(task.get("id"), int | str):
        where += f" (id {task['id']})"
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise FormatError(f'{where}: no "data" object; a Label Studio task looks like '
                          '{"data": {"text": ...}, "annotations": [{"result": [...]}]}')
    data: dict[str, Any] = task["data"]
    raw_text = data.get("text")
    if not isinstance(raw_text, str):
        others = ", ".join(key for key, value in data.items() if isinstance(value, str))
        raise FormatError(f'{where}: no "data.text" string' + (f" (data has {others})" if others else ""))
    if not raw_text.strip():
        raise FormatError(f'{where}: "data.text" is empty')
    record = DocumentRecord(text=raw_text)
    _read_document_fields(task, data, record)
    results = _chosen_results(task, where, record)
    regions, region_index = _read_regions(results, where)
    offsets = _settled_offsets(raw_text, regions, where, record)
    for region, (start, end) in zip(regions, offsets, strict=True):
        for label in region.labels:
            record.spans.append(SpanRecord(start, end, label))
    _read_notes(results, region_index, where, record)
    _read_relations(results, region_index, where, record)
    read_choices(results, where, record)
    skipped = Counter(str(result.get("type")) for result in results
                      if result.get("type") not in {"labels", "relation", "textarea", "choices"})
    if skipped:
        record.warnings.append(f"{where}: result(s) not imported: " + ", ".join(
            f"{count} {kind}" for kind, count in sorted(skipped.items())))
    return normalised_record(raw_text, record)


def _read_document_fields(task: dict[str, Any], data: dict[str, Any], record: DocumentRecord) -> None:
    if isinstance(data.get("title"), str):
        record.title = data["title"]
    record.meta = {key: value for key, value in data.items() if key not in {"text", "title"}}
    meta = task.get("meta")
    if isinstance(meta, dict):
        meta = dict(meta)
        for key in _DOCUMENT_KEYS:
            value = meta.pop(key, None)
            if isinstance(value, str) and value:
                setattr(record, key, value)
        status = meta.pop("status", None)
        if status in _STATUSES:
            record.status = DocumentStatus(status)
        meta.pop("document_id", None)
        record.meta.update(meta)
    if isinstance(task.get("id"), int | str):
        record.meta["labelstudio_id"] = task["id"]


def _chosen_results(task: dict[str, Any], where: str, record: DocumentRecord) -> list[dict[str, Any]]:
    """The results of the one annotation (or prediction) imported; others are counted in a warning."""
    explicit_status = isinstance(task.get("meta"), dict) and task["meta"].get("status") in _STATUSES
    annotations = _list(task, "annotations" if "annotations" in task else "completions", where)
    chosen: dict[str, Any] | None = None
    if annotations:
        kept = [item for item in annotations if not item.get("was_cancelled")]
        chosen = kept[0] if kept else annotations[0]
        if not explicit_status:
            record.status = DocumentStatus.DONE if kept else DocumentStatus.SKIPPED
        if len(annotations) > 1:
            which = "first" if chosen is annotations[0] else "first not cancelled"
            record.warnings.append(f"{where}: {len(annotations) - 1} other annotation(s) not "
                                   f"imported (only the {which} is)")
    else:
        predictions = _list(task, "predictions", where)
        if predictions:
            chosen = predictions[0]
            if len(predictions) > 1:
                record.warnings.append(f"{where}: {len(predictions) - 1} other prediction(s) not "
                                       "imported (only the first is)")
    if chosen is None:
        return []
    results = chosen.get("result") or []
    if not isinstance(results, list) or not all(isinstance(result, dict) for result in results):
        raise FormatError(f'{where}: "result" must be a list of objects')
    return results


def _list(task: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    value = task.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise FormatError(f'{where}: "{key}" must be a list of objects')
    return value


def _read_regions(results: list[dict[str, Any]], where: str) -> tuple[list[_Region], dict[str, int]]:
    """The `labels` results, and the index of each result id's first span in `record.spans`."""
    regions: list[_Region] = []
    region_index: dict[str, int] = {}
    span_count = 0
    for position, result in enumerate(results, start=1):
        if result.get("type") != "labels":
            continue
        result_id = str(result.get("id", f"#{position}"))
        value = result.get("value")
        if not isinstance(value, dict):
            raise FormatError(f"{where}: result {result_id!r} has no value")
        labels = value.get("labels")
        if (not isinstance(labels, list) or not labels
                or not all(isinstance(label, str) and label.strip() for label in labels)):
            raise FormatError(f"{where}: result {result_id!r} has no labels")
        bounds = []
        for key in ("start", "end"):
            offset = value.get(key)
            if isinstance(offset, bool) or not isinstance(offset, int):
                raise FormatError(f"{where}: result {result_id!r} {key} must be a whole number, "
                                  f"not {offset!r}")
            bounds.append(offset)
        text = value.get("text") if isinstance(value.get("text"), str) else None
        regions.append(_Region(result_id, bounds[0], bounds[1],
                               [label.strip() for label in labels], text))
        region_index.setdefault(result_id, span_count)
        span_count += len(labels)
    return regions, region_index


def _settled_offsets(
    raw_text: str, regions: list[_Region], where: str, record: DocumentRecord
) -> list[tuple[int, int]]:
    """Code-point offsets of the regions; a task written by an older Label Studio in UTF-16 units
    (its texts agree only when read so) is converted, and anything else refused."""
    as_is = [(region.start, region.end) for region in regions]
    wrong = [region for region in regions if not _agrees(raw_text, region.start, region.end, region.text)]
    if not wrong:
        return as_is
    utf16 = Utf16Offsets(raw_text)
    if utf16.utf16_length != len(raw_text):
        converted = [(utf16.from_utf16(region.start), utf16.from_utf16(region.end)) for region in regions]
        if all(region.end <= utf16.utf16_length and _agrees(raw_text, start, end, region.text)
               for region, (start, end) in zip(regions, converted, strict=True)):
            record.warnings.append(f"{where}: offsets read as UTF-16 units, as Label Studio "
                                   "versions before the emoji fix wrote them")
            return converted
    region = wrong[0]
    if not 0 <= region.start < region.end <= len(raw_text):
        raise FormatError(f"{where}: result {region.result_id!r} [{region.start}, {region.end}) is "
                          f"empty or outside the text ({len(raw_text)} characters)")
    raise FormatError(f"{where}: result {region.result_id!r} [{region.start}, {region.end}) says "
                      f"{region.text!r} but the text there is {raw_text[region.start:region.end]!r}")


def _agrees(text: str, start: int, end: int, given: str | None) -> bool:
    if not 0 <= start < end <= len(text):
        return False
    return given is None or _LOOSE_SPACE.sub(" ", text[start:end]) == _LOOSE_SPACE.sub(" ", given)


def _read_notes(
    results: list[dict[str, Any]], region_index: dict[str, int], where: str, record: DocumentRecord
) -> None:
    """A per-region text area (a result with its region's id) is that span's note."""
    unattached = 0
    for result in results:
        if result.get("type") != "textarea":
            continue
        index = region_index.get(str(result.get("id")))
        value = result.get("value")
        lines = value.get("text") if isinstance(value, dict) else None
        if isinstance(lines, str):
            lines = [lines]
        if index is None or not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
            unattached += 1
            continue
        record.spans[index].note = "\n".join(lines)
    if unattached:
        record.warnings.append(f"{where}: {unattached} text area result(s) that belong to no span "
                               "not imported")


def _read_relations(
    results: list[dict[str, Any]], region_index: dict[str, int], where: str, record: DocumentRecord
) -> None:
    unlabelled = between_others = 0
    other_ids = {str(result.get("id")) for result in results} - set(region_index)
    for result in results:
        if result.get("type") != "relation":
            continue
        ends = [str(result.get("from_id")), str(result.get("to_id"))]
        if any(end in other_ids for end in ends):
            between_others += 1  # a region of a kind not imported, such as hypertextlabels
            continue
        for end in ends:
            if end not in region_index:
                raise FormatError(f"{where}: a relation refers to region {end!r}, which is not in "
                                  "the imported annotation")
        head, child = region_index[ends[0]], region_index[ends[1]]
        if result.get("direction") == "left":
            head, child = child, head
        labels = result.get("labels") or []
        if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
            raise FormatError(f"{where}: relation {result.get('from_id')!r} → "
                              f"{result.get('to_id')!r} labels must be a list of names")
        if not labels:
            unlabelled += 1
        for label in labels or [UNLABELLED_RELATION]:
            record.relations.append(RelationRecord(head, child, label))
    if unlabelled:
        record.warnings.append(f"{where}: {unlabelled} relation(s) without a label imported as "
                               f"{UNLABELLED_RELATION}")
    if between_others:
        record.warnings.append(f"{where}: {between_others} relation(s) between regions not imported "
                               "left out")


# --- writing -----------------------------------------------------------------------------------


def write(documents: Iterable[AnnotatedDocument], out: BinaryIO, context: ExportContext) -> int:
    """Write a JSON list of tasks, one task a line; return how many were written."""
    count = with_attributes = 0
    out.write(b"[")
    for document, spans, relations in documents:
        check_spans(document, spans)
        with_attributes += sum(1 for span in spans if span.attributes)
        out.write(b"\n" if count == 0 else b",\n")
        task = to_task(document, spans, relations)
        add_choices(task, context.document_labels.get(document.id, []))
        out.write(orjson.dumps(task))
        count += 1
    out.write(b"\n]\n")
    if with_attributes:
        context.warn(f"Label Studio results carry no span attributes: left out of {with_attributes} "
                     "span(s)")
    return count


def to_task(document: Document, spans: list[Span], relations: list[Relation]) -> dict[str, Any]:
    # Result ids by position, so the same project exports the same file.
    result_ids = {span.id: f"s{index}" for index, span in enumerate(spans, start=1)}
    result: list[dict[str, Any]] = []
    for span in spans:
        result.append({
            "id": result_ids[span.id], "from_name": FROM_NAME, "to_name": TO_NAME, "type": "labels",
            "value": {"start": span.start, "end": span.end, "text": span.text, "labels": [span.label]},
        })
        if span.note:
            result.append({
                "id": result_ids[span.id], "from_name": NOTE_NAME, "to_name": TO_NAME,
                "type": "textarea", "value": {"start": span.start, "end": span.end,
                                              "text": [span.note]},
            })
    for relation in relations:
        result.append({
            "from_id": result_ids[relation.head_span_id], "to_id": result_ids[relation.child_span_id],
            "type": "relation", "direction": "right", "labels": [relation.type],
        })
    data: dict[str, Any] = {"text": document.text}
    if document.title:
        data["title"] = document.title
    # The title travels in data.title; Label Studio gives imported tasks ids of its own.
    task: dict[str, Any] = {"data": data, "meta": document_meta(document, _DOCUMENT_KEYS,
                                                                without=("labelstudio_id",))}
    skipped = document.status is DocumentStatus.SKIPPED
    if spans or skipped or document.status is DocumentStatus.DONE:
        task["annotations"] = [{"result": result, "was_cancelled": skipped}]
    return task
