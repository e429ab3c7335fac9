"""Suggestions: what a suggester proposes (drafts), what the store keeps, and what accepting made."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from annotator.core.model import Relation, Span

SourceName = str  # "quotes", "patterns:FILE" (file name only), "project", "model:NAME"

STATES = ("open", "accepted", "changed", "rejected")


class SuggestionDraft(NamedTuple):
    """One proposal for one text, before it is stored (offsets: code points, end exclusive).

    A named tuple (immutable, like a frozen dataclass): suggesters make a hundred per article, and a
    tuple is made several times faster."""

    start: int
    end: int
    label: str
    source: SourceName
    score: float | None = None
    # As the inspector stores them on a span, e.g. {"quote_type": "direct"} on a quote.
    attributes: dict[str, Any] = {}  # noqa: RUF012 - never mutated: a draft with others is a new dict
    speaker: int | None = None  # index of another draft in the same list: this quote's speaker
    relation_type: str | None = None  # "SPEAKER" / "CLAIMANT" when speaker is set
    # The speaker's offsets when it is already a span of the document (no draft of its own needed):
    # accepting the quote links to that span.
    speaker_range: tuple[int, int] | None = None


class Suggester(Protocol):
    source: SourceName

    def suggest(self, text: str, mentions: Sequence[tuple[int, int, str]]) -> list[SuggestionDraft]:
        """Drafts for `text`; mentions: (start, end, label) of the document's entity spans."""
        ...


class Suggestion(NamedTuple):
    """A stored suggestion. state: open | accepted | changed (accepted under another label) | rejected."""

    id: int
    document_id: int
    start: int
    end: int
    label: str
    text: str
    source: SourceName
    score: float | None
    attributes: dict[str, Any]
    speaker_id: int | None
    relation_type: str | None
    state: str
    # Added beyond the agreed API: where the speaker is (a suggestion's or an existing span's
    # offsets), and the span an accepted suggestion became.
    speaker_range: tuple[int, int] | None = None
    span_id: int | None = None


@dataclass
class Accepted:
    """Everything one accept made (for undo: `reopen_suggestions(decided, remove=this)`)."""

    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    decided: list[int] = field(default_factory=list)

    def extend(self, other: Accepted) -> None:
        self.spans += other.spans
        self.relations += other.relations
        self.decided += other.decided


@dataclass(frozen=True)
class SuggestionSettings:
    """Which sources a project runs (stored as JSON in project_info, key "suggestions")."""

    quotes: bool = False
    known: bool = False
    patterns: tuple[str, ...] = ()  # pattern or gazetteer file paths
    model: str | None = None  # an installed spaCy pipeline's name or a path to one

    @property
    def any(self) -> bool:
        return self.quotes or self.known or bool(self.patterns) or self.model is not None

    def to_json(self) -> str:
        return json.dumps({"quotes": self.quotes, "known": self.known,
                           "patterns": list(self.patterns), "model": self.model}, sort_keys=True)

    @classmethod
    def from_json(cls, value: str | None) -> SuggestionSettings:
        if not value:
            return cls()
        data = json.loads(value)
        return cls(bool(data.get("quotes")), bool(data.get("known")),
                   tuple(str(path) for path in data.get("patterns") or ()), data.get("model") or None)


def combine(draft_lists: Iterable[Sequence[SuggestionDraft]]) -> list[SuggestionDraft]:
    """Several suggesters' drafts as one list, each speaker index moved to where its draft went.

    An exact repeat (same range, label and source) is kept once; a speaker index pointing at a
    dropped repeat points at the kept one.
    """
    combined: list[SuggestionDraft] = []
    where: dict[tuple[int, int, str, str], int] = {}
    for drafts in draft_lists:
        moved: list[int] = []
        added: list[int] = []
        for draft in drafts:
            key = (draft.start, draft.end, draft.label, draft.source)
            if key not in where:
                where[key] = len(combined)
                added.append(len(combined))
                combined.append(draft)
            moved.append(where[key])
        for index in added:
            speaker = combined[index].speaker
            if speaker is not None:
                valid = 0 <= speaker < len(moved) and moved[speaker] != index
                combined[index] = combined[index]._replace(speaker=moved[speaker] if valid else None)
    return combined
