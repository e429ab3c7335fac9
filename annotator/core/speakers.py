"""Who may have said a quote: the spans a relation type allows, most likely first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from annotator.core.model import LabelKind, RelationType


class Placed(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def text(self) -> str: ...


S = TypeVar("S", bound=Placed)


def allowed_labels(relation_type: RelationType, kinds: dict[str, LabelKind]) -> list[str]:
    """The labels a relation type's child may carry: those it names, else every label of its kind."""
    if relation_type.child_labels:
        return [name for name in relation_type.child_labels if kinds.get(name) == relation_type.child_kind]
    return [name for name, kind in kinds.items() if kind == relation_type.child_kind]


def rank_speakers(text: str, start: int, end: int, candidates: Sequence[S]) -> list[S]:
    """`candidates` most likely first for the quote at [start, end): within its paragraph, the
    nearest before it, then the nearest after it (further ones after those); then the rest of the
    document the same way; names inside the quote last (what is said, rarely who says it)."""
    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = text.find("\n", end)
    if paragraph_end == -1:
        paragraph_end = len(text)

    def likelihood(span: S) -> tuple[int, int, int]:
        if span.end <= start:
            side, distance = 0, start - span.end
        elif span.start >= end:
            side, distance = 1, span.start - end
        else:
            return 2, 0, span.start
        outside = not (paragraph_start <= span.start and span.end <= paragraph_end)
        return int(outside), side, distance

    return sorted(candidates, key=likelihood)


def speaker_candidates(
    relation_types: Sequence[RelationType], head_kind: LabelKind, kinds: dict[str, LabelKind],
    spans: Sequence[S], text: str, quote: Placed,
) -> tuple[str | None, list[S], list[str]]:
    """For a quote (or claim) of `head_kind`: its relation type's name (None if it has none), the
    spans it allows most likely first, and the labels it allows (to name them when none is tagged)."""
    relation_type = next((rt for rt in relation_types if rt.head_kind == head_kind), None)
    if relation_type is None:
        return None, [], []
    allowed = allowed_labels(relation_type, kinds)
    candidates = [span for span in spans if span.label in allowed]
    return relation_type.name, rank_speakers(text, quote.start, quote.end, candidates), allowed
