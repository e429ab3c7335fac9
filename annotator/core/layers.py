"""Annotator layers of a team project: one annotator's version of a document, as read and as written."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from annotator.core.model import Document, DocumentStatus, RelationRecord, Span, SpanRecord


class LayerSpan(NamedTuple):
    """A span of one annotator's layer (a named tuple: merges and agreement read 100,000s)."""

    id: int
    layer: str  # the annotator's name
    document_id: int
    start: int
    end: int
    label: str
    text: str
    attributes: dict[str, Any]
    note: str | None
    source: str


class LayerRelation(NamedTuple):
    """A link between two spans of the same layer (a quote to its speaker)."""

    id: int
    layer: str
    head_span_id: int
    child_span_id: int
    type: str


@dataclass
class LayerContent:
    """What one annotator did to one document, ready to be stored as their layer of it.

    Relations name spans by their index in `spans`, as `DocumentRecord.relations` do.
    """

    # Records as read from a file, or a project's own spans as they are (a merge: no copies made).
    spans: Sequence[SpanRecord | Span] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    status: DocumentStatus = DocumentStatus.TODO
    document_labels: list[str] = field(default_factory=list)
    span_sources: list[str] = field(default_factory=list)  # per span, as `Span.source`; missing: "human"


class LayerVersion(NamedTuple):
    """One annotator's version of one document, as a merge brings it in (the document found by its text)."""

    document: Document
    layer: str
    content: LayerContent


@dataclass
class LayerMergeCounts:
    """What one `merge_layers` call did."""

    versions: int = 0  # annotator versions of documents read
    versions_changed: int = 0  # of those, the ones that changed the project (0 on a repeated merge)
    documents_added: int = 0
    added_ids: list[int] = field(default_factory=list)  # the documents added, in order
    spans: int = 0  # spans in the versions read
    new_labels: list[str] = field(default_factory=list)
    new_relation_types: list[str] = field(default_factory=list)


class AgreementRows(NamedTuple):
    """What agreement reads from a project, for every layer (or the gold one) at once."""

    # (layer, document id, start, end, label, attributes as JSON)
    spans: list[tuple[str, int, int, int, str, str]]
    # (layer, document id, head start, head end, head label, relation type, child text)
    links: list[tuple[str, int, int, int, str, str, str]]
    worked: dict[str, set[int]]  # the documents each layer's annotator worked on


# How a span is told apart from the others of its layer and document (the table's UNIQUE key, by name).
SpanKey = tuple[int, int, str]


def span_key(span: LayerSpan | SpanRecord) -> SpanKey:
    return (span.start, span.end, span.label)


def agreeing_layers(spans: Iterable[LayerSpan]) -> dict[SpanKey, list[str]]:
    """For each distinct (start, end, label) in a document's layer spans, the layers that have it, sorted.

    What "2 of 3 agree" is counted from: the number of layers listed against the number of layers.
    """
    found: defaultdict[SpanKey, set[str]] = defaultdict(set)
    for span in spans:
        found[span_key(span)].add(span.layer)
    return {key: sorted(layers) for key, layers in found.items()}
