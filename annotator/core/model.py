"""Domain dataclasses shared by the store, the formats and the window."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple


class LabelKind(StrEnum):
    ENTITY = "entity"
    QUOTE = "quote"
    CLAIM = "claim"
    DOCUMENT = "document"  # labels a whole document (topic, genre, stance), not a span


class DocumentStatus(StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Label:
    id: int
    name: str
    kind: LabelKind
    colour: str
    key: str | None
    position: int


@dataclass(frozen=True)
class RelationType:
    name: str
    head_kind: LabelKind
    child_kind: LabelKind
    child_labels: tuple[str, ...] = ()  # the labels its child may carry; none: any of child_kind


class Document(NamedTuple):
    """A stored article (a named tuple for the same reason as `Span`: exports read 10,000)."""

    id: int
    text: str
    title: str
    source: str | None
    url: str | None
    author: str | None
    published: str | None
    meta: dict[str, Any]
    status: DocumentStatus
    content_hash: str


@dataclass(frozen=True)
class DocumentSummary:
    """What a document list shows for one document, without its text."""

    id: int
    title: str
    status: DocumentStatus
    span_count: int


class Span(NamedTuple):
    """A stored span. A named tuple, not a dataclass: exports and the window build 100,000 at a
    time, and a tuple is made in C several times faster. Immutable like the rest of the model."""

    id: int
    document_id: int
    start: int
    end: int
    label: str
    text: str
    attributes: dict[str, Any] = {}  # noqa: RUF012 - never mutated: edits build a new dict
    note: str | None = None
    annotator: str | None = None
    # Where it came from: "human", or the suggestion source it was accepted from ("quotes",
    # "patterns:FILE", "project", "model:NAME"), or "layer:NAME" when settled from a team layer.
    source: str = "human"


@dataclass(frozen=True)
class Relation:
    id: int
    head_span_id: int
    child_span_id: int
    type: str


# --- records: what a format reader yields before anything is stored -------------------------


@dataclass
class SpanRecord:
    """A span as read from a file: offsets into the record's (already normalised) text."""

    start: int
    end: int
    label: str
    text: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    note: str | None = None
    annotator: str | None = None  # who made it, when the file says (else the record's annotator)


@dataclass
class RelationRecord:
    """A link between two spans of the same record, by their index in `DocumentRecord.spans`."""

    head: int
    child: int
    type: str


@dataclass
class DocumentRecord:
    """One article as read from a file, with any annotations it carried."""

    text: str
    title: str = ""
    source: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    status: DocumentStatus = DocumentStatus.TODO
    spans: list[SpanRecord] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    annotator: str | None = None  # who annotated it (Prodigy _annotator_id, doccano user…)
    line: int | None = None  # line number in the source file, for error messages
    warnings: list[str] = field(default_factory=list)  # what the reader had to leave out or change
    document_labels: list[str] = field(default_factory=list)  # labels of the whole document (topic…)


# A document with everything attached to it, as exports read it.
AnnotatedDocument = tuple[Document, list[Span], list[Relation]]
