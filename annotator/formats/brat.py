"""brat standoff: a `.txt` with a `.ann` beside it (T spans, R relations, A attributes, # notes).

Mapping, both ways:
- `T` lines are spans. A discontinuous span (`0 4;9 14`) becomes one span per fragment, each with
  the type; its attributes, notes and relations go with the first fragment (a warning says so).
- `R` lines are relations, `Arg1` the head and `Arg2` the child.
- `A` lines are span attributes: a binary attribute is `True`, a valued one its string.
- `#` notes: `AnnotatorNotes` is the span's note; a note of another type (TDT's `Lemma`) is kept
  as the attribute `note:TYPE`, so it exports back as the same line.
- `M` lines (brat's older attribute syntax) are read as attributes.
- `E`, `N` and `*` lines (events, normalisations, equivalences) are not imported, nor A/M/#/R lines
  that refer to them rather than to a span: a warning counts each.
- Document labels: brat has no document-level annotation, so they are binary attributes
  (`A3\tPolitics T9`) of one text-bound annotation of the type `Document_labels` over the first word
  (declared in `annotation.conf`: brat shows them as flags on that word). On import, such a T line
  is not a span: its attributes are the document's labels.
brat counts offsets in code points of the `.txt` file, as we do; CRLF files are normalised and the
offsets moved with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.model import AnnotatedDocument, DocumentRecord, RelationRecord, SpanRecord
from annotator.core.text import normalise_newlines
from annotator.formats.decoding import decode_bytes
from annotator.formats.errors import FormatError
from annotator.formats.export_checks import ExportContext, check_spans
from annotator.formats.file_names import safe_name
from annotator.formats.limits import read_limited, size_limit

NOTE_PREFIX = "note:"
DOCUMENT_TYPE = "Document_labels"  # the T type carrying a document's labels as its attributes
_FIRST_WORD = re.compile(r"\S+")
_FRAGMENT = re.compile(r"(-?\d+) (-?\d+)")  # a minus sign kept, so "-5" is reported as written
_SAFE_NAME = re.compile(r"[^\w.-]+")


def read(data: bytes, path: Path, limit: int | None = None) -> list[DocumentRecord]:
    """Read a brat document given either its `.txt` or its `.ann` (the other read up to `limit`)."""
    limit = size_limit("brat") if limit is None else limit
    text_path, ann_path = path.with_suffix(".txt"), path.with_suffix(".ann")
    ann_name = safe_name(ann_path.name)
    if not text_path.is_file():
        raise FormatError(f"no {safe_name(text_path.name)} beside {ann_name}")
    notes: list[str] = []
    text_data = read_limited(text_path, limit, "brat") if path != text_path else data
    raw_text = decode_bytes(text_data, notes)
    try:
        ann_data = read_limited(ann_path, limit, "brat") if path != ann_path else data
        annotations = ann_data.decode("utf-8-sig")
    except FileNotFoundError:
        annotations = ""
    except UnicodeDecodeError as error:
        raise FormatError(f"{ann_name}: not UTF-8 (byte {error.start})") from error
    except FormatError as error:
        raise FormatError(f"{ann_name}: {error}") from error
    text, remap = normalise_newlines(raw_text)
    record = DocumentRecord(text=text, title=_title(text, path), warnings=notes)
    _AnnReader(record, raw_text, remap, ann_name).read(annotations)
    _take_document_labels(record)
    return [record]


def _take_document_labels(record: DocumentRecord) -> None:
    """Turn the `Document_labels` T (not a span) into the record's document labels."""
    carriers = {index for index, span in enumerate(record.spans) if span.label == DOCUMENT_TYPE}
    if not carriers or any({relation.head, relation.child} & carriers for relation in record.relations):
        return  # linked by a relation: someone's own label of that name, kept as a span
    for index in sorted(carriers):
        record.document_labels += [name for name, value in record.spans[index].attributes.items()
                                   if value is True and name not in record.document_labels]
    new_index: dict[int, int] = {}
    kept: list[SpanRecord] = []
    for index, span in enumerate(record.spans):
        if index not in carriers:
            new_index[index] = len(kept)
            kept.append(span)
    record.spans = kept
    for relation in record.relations:
        relation.head, relation.child = new_index[relation.head], new_index[relation.child]


def _title(text: str, path: Path) -> str:
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    return first if 0 < len(first) <= 150 else safe_name(path.stem)


class _AnnReader:
    """Turns .ann lines into the record's spans and relations, checking each against the text."""

    def __init__(self, record: DocumentRecord, raw_text: str, remap: Any, name: str) -> None:
        self.record, self.raw_text, self.remap, self.name = record, raw_text, remap, name
        self.span_index: dict[str, int] = {}  # brat id (T1) -> index of its first fragment
        self.skipped: dict[str, int] = {}
        self.skipped_references = 0  # A, M, # or R lines about events, relations or notes
        self.discontinuous = 0

    def read(self, annotations: str) -> None:
        lines = annotations.split("\n")
        # Spans first: attributes, notes and relations may come before the T line they refer to.
        for number, line in enumerate(lines, start=1):
            if line.startswith("T"):
                self._span(line, number)
        for number, line in enumerate(lines, start=1):
            if not line.strip() or line.startswith("T"):
                continue
            kind = line[0]
            if kind == "R":
                self._relation(line, number)
            elif kind == "A" or kind == "M":
                self._attribute(line, number)
            elif kind == "#":
                self._note(line, number)
            else:
                self.skipped[kind] = self.skipped.get(kind, 0) + 1
        if self.discontinuous:
            self.record.warnings.append(f"{self.discontinuous} discontinuous span(s) split into one span "
                                        "per fragment")
        for kind, count in sorted(self.skipped.items()):
            self.record.warnings.append(f"{count} {kind} line(s) not imported (only T, R, A, M and # are)")
        if self.skipped_references:
            self.record.warnings.append(f"{self.skipped_references} A, M, R or # line(s) about events, "
                                        "relations or notes not imported")

    def _fields(self, line: str, number: int, count: int) -> list[str]:
        fields = line.rstrip("\r").split("\t")
        if len(fields) < count:
            raise FormatError(f"{self.name}: line {number}: expected {count} tab-separated fields")
        return fields

    def _span(self, line: str, number: int) -> None:
        brat_id, body, *rest = self._fields(line, number, 2)
        label, _, offsets = body.partition(" ")
        fragments = [(int(a), int(b)) for a, b in _FRAGMENT.findall(offsets)]
        if not label or not fragments or len(fragments) != offsets.count(";") + 1:
            raise FormatError(f"{self.name}: line {number}: cannot read span {body!r}")
        given = rest[0] if rest else None
        covered = " ".join(self.raw_text[start:end] for start, end in fragments)
        for start, end in fragments:
            if not 0 <= start < end <= len(self.raw_text):
                raise FormatError(f"{self.name}: line {number}: {brat_id} [{start}, {end}) is empty or "
                                  f"outside the text ({len(self.raw_text)} characters)")
        # brat writes a line break or tab inside a span's text as a space.
        if given is not None and _flat(given) != _flat(covered):
            raise FormatError(f"{self.name}: line {number}: {brat_id} says {given!r} but the text there "
                              f"is {covered!r}")
        if len(fragments) > 1:
            self.discontinuous += 1
        self.span_index[brat_id] = len(self.record.spans)
        for start, end in fragments:
            self.record.spans.append(SpanRecord(self.remap(start), self.remap(end), label))

    def _target(self, brat_id: str, number: int) -> SpanRecord | None:
        """The span a line refers to; None for an event, relation or note id (skipped, counted)."""
        if brat_id in self.span_index:
            return self.record.spans[self.span_index[brat_id]]
        if brat_id[:1] in "ERN*#":
            self.skipped_references += 1
            return None
        raise FormatError(f"{self.name}: line {number}: refers to {brat_id}, which is not a T line")

    def _relation(self, line: str, number: int) -> None:
        _, body, *_ = self._fields(line, number, 2)
        parts = body.split()
        arguments = dict(part.split(":", 1) for part in parts[1:] if ":" in part)
        if len(parts) != 3 or set(arguments) != {"Arg1", "Arg2"}:
            raise FormatError(f"{self.name}: line {number}: cannot read relation {body!r}")
        if self._target(arguments["Arg1"], number) is None or self._target(arguments["Arg2"], number) is None:
            return
        self.record.relations.append(RelationRecord(
            self.span_index[arguments["Arg1"]], self.span_index[arguments["Arg2"]], parts[0]))

    def _attribute(self, line: str, number: int) -> None:
        _, body, *_ = self._fields(line, number, 2)
        parts = body.split()
        if len(parts) not in (2, 3):
            raise FormatError(f"{self.name}: line {number}: cannot read attribute {body!r}")
        span = self._target(parts[1], number)
        if span is not None:
            span.attributes[parts[0]] = parts[2] if len(parts) == 3 else True

    def _note(self, line: str, number: int) -> None:
        _, body, *rest = self._fields(line, number, 2)
        parts = body.split()
        if len(parts) != 2:
            raise FormatError(f"{self.name}: line {number}: cannot read note {body!r}")
        note_type, target = parts
        value = rest[0] if rest else ""
        span = self._target(target, number)
        if span is None:
            return
        if note_type == "AnnotatorNotes" and span.note is None:
            span.note = value
        else:
            span.attributes[NOTE_PREFIX + note_type] = value


# --- writing -----------------------------------------------------------------------------------


def write_folder(documents: Iterable[AnnotatedDocument], folder: Path, context: ExportContext) -> int:
    """Write `<id>-<title>.txt` and `.ann` per document, and an `annotation.conf` for them all."""
    used_labels: set[str] = set()
    used_document_labels: set[str] = set()
    attributes: dict[str, set[str]] = {}
    count = 0
    for document, spans, relations in documents:
        check_spans(document, spans)
        stem = f"{document.id:05d}-{_SAFE_NAME.sub('-', document.title).strip('-')[:40]}".rstrip("-")
        (folder / f"{stem}.txt").write_bytes(document.text.encode("utf-8"))
        lines = _ann_lines(spans, relations, attributes)
        document_labels = context.document_labels.get(document.id, [])
        lines += _document_label_lines(document.text, document_labels, lines)
        used_labels.update(document_labels)
        used_document_labels.update(document_labels)
        (folder / f"{stem}.ann").write_bytes("".join(line + "\n" for line in lines).encode("utf-8"))
        used_labels.update(span.label for span in spans)
        count += 1
    renamed = sorted(label for label in used_labels if _brat_name(label) != label)
    if renamed:
        context.warn(f"brat type names cannot hold spaces: {', '.join(renamed)} written with '_'")
    conf = _annotation_conf(context, attributes, used_document_labels)
    (folder / "annotation.conf").write_text(conf, "utf-8")
    return count


def _ann_lines(spans: list[Any], relations: list[Any], attributes: dict[str, set[str]]) -> list[str]:
    lines, brat_ids = [], {}
    for number, span in enumerate(spans, start=1):
        brat_ids[span.id] = f"T{number}"
        lines.append(f"T{number}\t{_brat_name(span.label)} {span.start} {span.end}\t"
                     f"{_flat(span.text)}")
    attribute_number = note_number = 0
    for span in spans:
        if span.note is not None:
            note_number += 1
            lines.append(f"#{note_number}\tAnnotatorNotes {brat_ids[span.id]}\t"
                         f"{_flat(span.note)}")
        for key, value in sorted(span.attributes.items()):
            if key.startswith(NOTE_PREFIX):
                note_number += 1
                lines.append(f"#{note_number}\t{key[len(NOTE_PREFIX):]} {brat_ids[span.id]}\t{value}")
            elif value is not False and value is not None:
                attribute_number += 1
                shown = "" if value is True else f" {_brat_name(str(value))}"
                attributes.setdefault(_brat_name(key), set()).add(shown.strip())
                lines.append(f"A{attribute_number}\t{_brat_name(key)} {brat_ids[span.id]}{shown}")
    for number, relation in enumerate(relations, start=1):
        lines.append(f"R{number}\t{_brat_name(relation.type)} Arg1:{brat_ids[relation.head_span_id]} "
                     f"Arg2:{brat_ids[relation.child_span_id]}")
    return lines


def _document_label_lines(text: str, labels: list[str], lines: list[str]) -> list[str]:
    """A `Document_labels` T over the first word, with a binary attribute per document label."""
    word = _FIRST_WORD.search(text)
    if not labels or word is None:
        return []
    t_number = sum(line.startswith("T") for line in lines) + 1
    a_number = sum(line.startswith("A") for line in lines)
    added = [f"T{t_number}\t{DOCUMENT_TYPE} {word.start()} {word.end()}\t{word.group()}"]
    added += [f"A{a_number + index}\t{_brat_name(label)} T{t_number}"
              for index, label in enumerate(labels, start=1)]
    return added


def _flat(text: str) -> str:
    """Text as it can stand in a tab-separated .ann field: line breaks and tabs become spaces."""
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ")


def _brat_name(name: str) -> str:
    return re.sub(r"\s+", "_", name.strip())


def _annotation_conf(
    context: ExportContext, attributes: dict[str, set[str]], document_labels: set[str]
) -> str:
    kinds = {label.name: label.kind for label in context.labels}
    lines = ["# Written by Annotator: the project's labels and relation types.", "[entities]"]
    lines += [_brat_name(label.name) for label in context.span_labels]
    # Document labels as the written files carry them: brat holds them only on documents, so one no
    # document carries would not come back on import (and the next export's conf would differ).
    documents = [_brat_name(name) for name in context.document_label_names if name in document_labels]
    if documents:
        lines.append(DOCUMENT_TYPE)
    lines += ["", "[relations]"]
    for relation_type in context.relation_types:
        heads = "|".join(_brat_name(name) for name, kind in kinds.items()
                         if kind == relation_type.head_kind) or "<ENTITY>"
        children = "|".join(_brat_name(name) for name, kind in kinds.items()
                            if kind == relation_type.child_kind) or "<ENTITY>"
        lines.append(f"{_brat_name(relation_type.name)}\tArg1:{heads}, Arg2:{children}")
    lines += ["", "[events]", "", "[attributes]"]
    for name, values in sorted(attributes.items()):
        named = sorted(value for value in values if value)
        lines.append(f"{name}\tArg:<ENTITY>" + (f", Value:{'|'.join(named)}" if named else ""))
    lines += [f"{name}\tArg:{DOCUMENT_TYPE}" for name in documents]
    return "\n".join(lines) + "\n"
