"""CoNLL-2003-style IOB: `token TAG` per line, blank lines between sentences, -DOCSTART- between documents.

Export writes entity spans only, as IOB2 (every entity starts with B-). Quotes and claims, and entity
spans nested inside or overlapping a longer one, cannot be expressed in one tag per token: they are
left out and a warning counts them. Sentences end at line breaks and after . ! ? before a capital.
Import reads IOB1, IOB2 and BIOES/BILOU tags from the last column (the first is the token) and
rebuilds the text with single spaces between tokens and a line per sentence. A file without
-DOCSTART- lines is one document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from annotator.core.model import AnnotatedDocument, DocumentRecord, LabelKind, Span, SpanRecord
from annotator.core.tokens import TOKEN_PATTERN, token_bounds
from annotator.formats.decoding import decode_bytes
from annotator.formats.errors import FormatError
from annotator.formats.export_checks import ExportContext, check_spans
from annotator.formats.file_names import safe_name

DOCSTART = "-DOCSTART- -X- O O"
_TAG = re.compile(r"O|[BIESLU]-\S+")
_SENTENCE_END = frozenset(".!?")


def read(data: bytes, path: Path, limit: int | None = None) -> list[DocumentRecord]:
    documents: list[list[list[tuple[str, str, int]]]] = [[[]]]
    notes: list[str] = []
    for number, line in enumerate(decode_bytes(data, notes).split("\n"), start=1):
        columns = line.split()
        if not columns:
            if documents[-1][-1]:
                documents[-1].append([])
            continue
        if columns[0] == "-DOCSTART-":
            if any(documents[-1]):
                documents.append([[]])
            continue
        if len(columns) < 2:
            raise FormatError(f"line {number}: expected a token and a tag, found {line.strip()!r}")
        tag = columns[-1]
        if not _TAG.fullmatch(tag):
            raise FormatError(f"line {number}: tag {tag!r} is not O, B-TYPE or I-TYPE")
        documents[-1][-1].append((columns[0], tag, number))
    records = [_record(sentences, path, index) for index, sentences in enumerate(documents, start=1)
               if any(sentences)]
    if not records:
        raise FormatError("the file has no tokens")
    records[0].warnings[:0] = notes
    return records


def _record(sentences: list[list[tuple[str, str, int]]], path: Path, index: int) -> DocumentRecord:
    pieces: list[str] = []
    spans: list[SpanRecord] = []
    offset = 0
    open_span: list[object] | None = None  # [start, end, label]
    for sentence in (sentence for sentence in sentences if sentence):
        if pieces:
            pieces.append("\n")
            offset += 1
        for position, (token, tag, _) in enumerate(sentence):
            if position:
                pieces.append(" ")
                offset += 1
            start, end = offset, offset + len(token)
            pieces.append(token)
            offset = end
            prefix, _, label = tag.partition("-")
            continues = (open_span is not None and open_span[2] == label and prefix in "IEL"
                         and position > 0)
            if prefix == "O" or not continues:
                open_span = None
            if prefix == "O":
                continue
            if open_span is None:
                open_span = [start, end, label]
                spans.append(SpanRecord(start, end, label))
            else:
                open_span[1] = end
                spans[-1].end = end
            if prefix in "ESLU":
                open_span = None
        open_span = None
    text = "".join(pieces)
    stem = safe_name(path.stem)
    title = f"{stem} {index}" if index > 1 else stem
    return DocumentRecord(text=text, title=title, spans=spans)


# --- writing -----------------------------------------------------------------------------------


def write(documents: Iterable[AnnotatedDocument], out: BinaryIO, context: ExportContext) -> int:
    kinds = {label.name: label.kind for label in context.labels}
    left_out_kind = left_out_nested = count = 0
    renamed: set[str] = set()
    labelled = {0: 0, 1: 0}  # documents with document labels, and how many labels they had
    for document, spans, _ in documents:
        check_spans(document, spans)
        on_document = len(context.document_labels.get(document.id, []))
        labelled[0] += bool(on_document)
        labelled[1] += on_document
        entities = [span for span in spans if kinds.get(span.label) is LabelKind.ENTITY]
        left_out_kind += len(spans) - len(entities)
        kept = _outermost(entities)
        left_out_nested += len(entities) - len(kept)
        out.write(_document_lines(document.text, kept).encode("utf-8"))
        renamed.update(span.label for span in kept if _tag_name(span.label) != span.label)
        count += 1
    if renamed:
        context.warn(f"CoNLL tags cannot hold spaces: {', '.join(sorted(renamed))} written with '_'")
    if left_out_kind:
        context.warn(f"CoNLL carries entities only: {left_out_kind} quote and claim span(s) left out")
    if left_out_nested:
        context.warn(f"CoNLL has one tag per token: {left_out_nested} nested or overlapping entity "
                     "span(s) left out")
    if labelled[0]:
        context.warn(f"CoNLL carries no document labels: {labelled[1]} document label(s) of "
                     f"{labelled[0]} document(s) left out")
    return count


def _tag_name(label: str) -> str:
    return "_".join(label.split())


def _outermost(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans, longer ones first (as spaCy's filter_spans chooses)."""
    kept: list[Span] = []
    taken: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda span: (span.start - span.end, span.start)):
        if all(span.end <= start or span.start >= end for start, end in taken):
            kept.append(span)
            taken.append((span.start, span.end))
    return sorted(kept, key=lambda span: span.start)


def _document_lines(text: str, spans: list[Span]) -> str:
    tags: dict[tuple[int, int], str] = {}
    # Fragments of a token cut at a span edge ("-Rutte" of "Mark-Rutte") are tokenised again on
    # their own, so the text rebuilt on import tokenises back to the same lines.
    bounds = [match.span() for start, end in token_bounds(text, [(span.start, span.end) for span in spans])
              for match in TOKEN_PATTERN.finditer(text, start, end)]
    span_iter = iter(spans)
    span = next(span_iter, None)
    first_in_span = True
    for start, end in bounds:
        while span is not None and start >= span.end:
            span, first_in_span = next(span_iter, None), True
        if span is not None and span.start <= start and end <= span.end and text[start:end].strip():
            tags[(start, end)] = f"{'B' if first_in_span else 'I'}-{_tag_name(span.label)}"
            first_in_span = False
    lines = [DOCSTART, ""]
    sentence: list[str] = []
    previous_end = 0
    for start, end in bounds:
        token = text[start:end]
        if not token.strip():
            continue
        tag = tags.get((start, end), "O")
        # A line break inside an entity would split it in two: only break where no entity continues.
        breaks_line = "\n" in text[previous_end:start] and not tag.startswith("I-")
        ends_sentence = (sentence and sentence[-1].split(" ")[0] in _SENTENCE_END
                         and token[:1].isupper() and not tag.startswith("I-"))
        if sentence and (breaks_line or ends_sentence):
            lines += sentence + [""]
            sentence = []
        sentence.append(f"{token} {tag}")
        previous_end = end
    if sentence:
        lines += sentence + [""]
    return "\n".join(lines) + "\n"
