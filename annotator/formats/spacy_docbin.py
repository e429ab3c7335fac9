"""spaCy's DocBin (`.spacy`): entities in `doc.ents`, every span in `doc.spans["sc"]`, read and written.

Export builds each Doc from our own tokens (`token_bounds`, cut at every span edge), so every span
lines up with tokens and `doc.text` is the article's text exactly: a single space after a token is
its trailing-space flag, any other whitespace becomes whitespace tokens, as spaCy's tokenizer makes
them. Spans of entity labels go into `doc.ents` when they do not overlap (longest first, then
earliest: `spacy.util.filter_spans`); the others are counted in a warning and stay in
`doc.spans["sc"]`, which holds every span. A span that cannot be aligned is counted in a warning
with its document, never dropped silently. `doc.user_data["annotator"]` (DocBin keeps user data)
holds the document's title, id, status, source fields and metadata, and what spaCy spans cannot
carry, by position in `doc.spans["sc"]`: relations, notes and attributes.

Import reads every span group and `doc.ents` (in that order, a span at the same offsets with the
same label taken once), and the `user_data` written here when it is there.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from spacy.tokens import Doc, DocBin
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans
from spacy.vocab import Vocab

from annotator.core.model import (
    AnnotatedDocument,
    Document,
    DocumentRecord,
    DocumentStatus,
    LabelKind,
    Relation,
    RelationRecord,
    Span,
    SpanRecord,
)
from annotator.core.tokens import token_bounds
from annotator.formats.errors import FormatError
from annotator.formats.export_checks import ExportContext, ExportError, check_spans
from annotator.formats.limits import check_inflated_size, size_limit
from annotator.formats.records import normalised_record

SPAN_KEY = "sc"  # spaCy's default key for span categorisation
USER_DATA_KEY = "annotator"
_DOCUMENT_KEYS = ("title", "source", "url", "author", "published")


def doc_from_bounds(vocab: Vocab, text: str, bounds: Iterable[tuple[int, int]]) -> Doc:
    """A Doc whose tokens are `bounds` (ordered, not overlapping), with the whitespace between them
    kept exactly: `doc.text == text`."""
    words: list[str] = []
    spaces: list[bool] = []
    position = 0
    for start, end in [*bounds, (len(text), len(text))]:
        gap = text[position:start]
        if gap.startswith(" ") and words and not spaces[-1]:
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)
        if end > start:
            words.append(text[start:end])
            spaces.append(False)
        position = end
    doc = Doc(vocab, words=words, spaces=spaces)
    if doc.text != text:  # a bug here would shift every offset: never write such a file
        raise ExportError(f"spaCy tokens do not rebuild the text ({len(doc.text)} characters for "
                          f"{len(text)})")
    return doc


# --- writing -----------------------------------------------------------------------------------


def write(documents: Iterable[AnnotatedDocument], out: BinaryIO, context: ExportContext) -> int:
    """Write one DocBin holding a Doc per document; return how many were written."""
    kinds = {label.name: label.kind for label in context.labels}
    options = context.document_label_names
    vocab = Vocab()
    doc_bin = DocBin(store_user_data=True)
    unaligned: list[tuple[Document, int]] = []
    overlapping: list[tuple[Document, int]] = []
    for document, spans, relations in documents:
        check_spans(document, spans)
        doc, left_out, not_in_ents = to_doc(vocab, document, spans, relations, kinds)
        if options:  # textcat's shape: every document label of the project, 1.0 on, 0.0 off
            chosen = set(context.document_labels.get(document.id, []))
            doc.cats = {name: 1.0 if name in chosen else 0.0 for name in options}
        if left_out:
            unaligned.append((document, left_out))
        if not_in_ents:
            overlapping.append((document, not_in_ents))
        doc_bin.add(doc)
    if unaligned:
        context.warn(f"spaCy: {sum(n for _, n in unaligned)} span(s) do not line up with tokens and "
                     f"are left out, in {_documents(unaligned)}")
    if overlapping:
        context.warn(f"spaCy doc.ents cannot overlap: {sum(n for _, n in overlapping)} nested or "
                     f'overlapping entity span(s) only in doc.spans["{SPAN_KEY}"], in '
                     f"{_documents(overlapping)}")
    out.write(doc_bin.to_bytes())
    return len(doc_bin)


def to_doc(
    vocab: Vocab,
    document: Document,
    spans: list[Span],
    relations: list[Relation],
    kinds: dict[str, LabelKind],
) -> tuple[Doc, int, int]:
    """The document as a Doc; with how many spans did not align, and how many entity spans were
    kept out of `doc.ents` because they overlap a longer one."""
    text = document.text
    doc = doc_from_bounds(vocab, text, token_bounds(text, [(span.start, span.end) for span in spans]))
    aligned: list[tuple[Span, SpacySpan]] = []
    for span in spans:
        spacy_span = doc.char_span(span.start, span.end, label=span.label)
        if spacy_span is not None:
            aligned.append((span, spacy_span))
    entities = [spacy_span for span, spacy_span in aligned if kinds.get(span.label) is LabelKind.ENTITY]
    doc.ents = filter_spans(entities)
    doc.spans[SPAN_KEY] = [spacy_span for _, spacy_span in aligned]
    position = {span.id: index for index, (span, _) in enumerate(aligned)}
    doc.user_data[USER_DATA_KEY] = _user_data(document, [span for span, _ in aligned], relations, position)
    return doc, len(spans) - len(aligned), len(entities) - len(doc.ents)


def _user_data(
    document: Document, spans: list[Span], relations: list[Relation], position: dict[int, int]
) -> dict[str, Any]:
    data: dict[str, Any] = {"document_id": document.id, "status": document.status.value}
    for key in _DOCUMENT_KEYS:
        value = getattr(document, key)
        if value:
            data[key] = value
    if document.meta:
        data["meta"] = document.meta
    data["relations"] = [
        [position[relation.head_span_id], position[relation.child_span_id], relation.type]
        for relation in relations
        if relation.head_span_id in position and relation.child_span_id in position
    ]
    data["notes"] = {str(index): span.note for index, span in enumerate(spans) if span.note}
    data["attributes"] = {str(index): span.attributes for index, span in enumerate(spans)
                          if span.attributes}
    return data


def _documents(counts: list[tuple[Document, int]]) -> str:
    shown = ", ".join(f"document {document.id} ({document.title!r}): {count}"
                      for document, count in counts[:10])
    return shown + (f" and {len(counts) - 10} more document(s)" if len(counts) > 10 else "")


# --- reading -----------------------------------------------------------------------------------


def read(data: bytes, path: Path, limit: int | None = None) -> list[DocumentRecord]:
    # DocBin.from_bytes inflates the whole zlib stream at once: measure it first, a step at a time.
    check_inflated_size(data, size_limit("spacy") if limit is None else limit)
    try:
        docs = list(DocBin().from_bytes(data).get_docs(Vocab()))
    except Exception as error:  # spaCy raises ValueError, msgpack and zlib errors for bad data
        raise FormatError(f"not a spaCy DocBin (.spacy) file: {str(error).splitlines()[0]}") from error
    if not docs:
        raise FormatError("the DocBin holds no documents")
    return [read_doc(doc, number) for number, doc in enumerate(docs, start=1)]


def read_doc(doc: Doc, number: int) -> DocumentRecord:
    raw_text = doc.text
    if not raw_text.strip():
        raise FormatError(f"document {number}: the text is empty")
    record = DocumentRecord(text=raw_text)
    index_of: dict[tuple[int, int, str], int] = {}
    groups = [list(group) for group in doc.spans.values()]
    for spacy_span in [span for group in groups for span in group] + list(doc.ents):
        key = _key(spacy_span)
        if not key[2]:
            raise FormatError(f"document {number}: span [{key[0]}, {key[1]}) "
                              f"{spacy_span.text!r} has no label")
        if key not in index_of:
            index_of[key] = len(record.spans)
            record.spans.append(SpanRecord(*key))
    if doc.cats:
        # A category at 0.5 or more is a document label; a model's scores (not 0 or 1) stay in
        # the metadata as well, so nothing a file says is lost.
        record.document_labels = [name.strip() for name, score in doc.cats.items()
                                  if score >= 0.5 and name.strip()]
        if any(score not in (0.0, 1.0) for score in doc.cats.values()):
            record.meta["cats"] = dict(doc.cats)
    stored = doc.user_data.get(USER_DATA_KEY)
    if isinstance(stored, dict) and SPAN_KEY in doc.spans:
        # Positions in user_data count the entries of doc.spans["sc"], as written.
        positions = [index_of[_key(span)] for span in doc.spans[SPAN_KEY]]
        _read_user_data(_plain(stored), record, positions, number)
    return normalised_record(raw_text, record)


def _key(spacy_span: SpacySpan) -> tuple[int, int, str]:
    return spacy_span.start_char, spacy_span.end_char, spacy_span.label_.strip()


def _read_user_data(
    stored: dict[str, Any], record: DocumentRecord, positions: list[int], number: int
) -> None:
    """What `_user_data` wrote: document fields, and relations, notes and attributes by position."""
    for key in _DOCUMENT_KEYS:
        if isinstance(stored.get(key), str):
            setattr(record, key, stored[key])
    if stored.get("status") in {member.value for member in DocumentStatus}:
        record.status = DocumentStatus(stored["status"])
    if isinstance(stored.get("meta"), dict):
        record.meta.update(stored["meta"])
    try:
        for head, child, kind in stored.get("relations", []):
            record.relations.append(RelationRecord(positions[head], positions[child], str(kind)))
        for position, note in stored.get("notes", {}).items():
            record.spans[positions[int(position)]].note = str(note)
        for position, attributes in stored.get("attributes", {}).items():
            record.spans[positions[int(position)]].attributes = dict(attributes)
    except (ValueError, TypeError, IndexError, AttributeError) as error:
        raise FormatError(f'document {number}: user_data["{USER_DATA_KEY}"] does not match its '
                          f"spans ({error})") from error


def _plain(value: Any) -> Any:
    """msgpack hands lists back as tuples: turn them into lists again, for JSON metadata."""
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value

