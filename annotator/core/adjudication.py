"""Settling a team's work: one document's annotator layers grouped into agreed spans and disagreements.

Pure (no Qt, no SQL). A *candidate* is one (start, end, label) with the annotators who marked it,
each with their version of it: attributes, note and the spans it links to (a quote's speaker).
A candidate every annotator of the document marked, with the same attributes and links, is
*unanimous*: review accepts it without asking. The others are grouped, within a lane (entities;
quotes and claims), into *disagreements*: candidates that overlap, directly or through each other,
in text order. Spans of different lanes never conflict (a speaker inside a quote), so lanes never mix.
Accepting annotator N's version of a disagreement takes all of N's candidates in it (perhaps none).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

from annotator.core.speakers import Placed as PlacedText  # start, end, label and text

Key = tuple[int, int, str]  # start, end, label: what makes two annotators' spans "the same"
LinkChoice = tuple[str, Key]  # a link's type and the key of the span it goes to (the speaker)


class LayerSpanLike(PlacedText, Protocol):
    """What adjudication reads of a layer span (`annotator.core.layers.LayerSpan` has it)."""

    @property
    def id(self) -> int: ...
    @property
    def layer(self) -> str: ...
    @property
    def attributes(self) -> dict[str, Any]: ...
    @property
    def note(self) -> str | None: ...


class LayerRelationLike(Protocol):
    @property
    def head_span_id(self) -> int: ...
    @property
    def child_span_id(self) -> int: ...
    @property
    def type(self) -> str: ...


class Placed(Protocol):
    """A gold span, as far as settling is concerned."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...


@dataclass(frozen=True)
class Version:
    """One annotator's version of a candidate; `children` are the spans its links go to."""

    layer: str
    span: LayerSpanLike
    links: tuple[LinkChoice, ...] = ()
    children: tuple[LayerSpanLike, ...] = ()

    @property
    def key(self) -> Key:
        return (self.span.start, self.span.end, self.span.label)

    def details(self) -> tuple[Any, ...]:
        """What must be equal for two annotators to agree on a span beyond its offsets and label."""
        attributes = self.span.attributes
        return (sorted(attributes.items(), key=lambda item: item[0]) if attributes else [], self.links)


@dataclass(frozen=True)
class Candidate:
    """One (start, end, label) and every annotator's version of it (in the annotators' order)."""

    key: Key
    versions: tuple[Version, ...]
    annotators: int  # how many annotators worked on the document

    @property
    def start(self) -> int:
        return self.key[0]

    @property
    def end(self) -> int:
        return self.key[1]

    @property
    def label(self) -> str:
        return self.key[2]

    @property
    def supporters(self) -> tuple[str, ...]:
        return tuple(version.layer for version in self.versions)

    @cached_property  # frozen, yet computed once: grouping asks it of every candidate several times
    def same_details(self) -> bool:
        versions = self.versions
        if all(not v.span.attributes and v.links == versions[0].links for v in versions):
            return True
        return len({repr(version.details()) for version in versions}) <= 1

    @cached_property
    def unanimous(self) -> bool:
        return len(self.versions) == self.annotators and self.same_details

    @property
    def agreement(self) -> str:
        """"2 of 3 agree": how many annotators marked exactly this span with this label."""
        return f"{len(self.versions)} of {self.annotators} agree"

    def note(self) -> str | None:
        """The annotators' notes: one when they wrote the same, else each named."""
        notes = [(v.layer, v.span.note.strip()) for v in self.versions if v.span.note and v.span.note.strip()]
        if len({note for _, note in notes}) <= 1:
            return notes[0][1] if notes else None
        return "; ".join(f"{layer}: {note}" for layer, note in notes)


@dataclass(frozen=True)
class Disagreement:
    """Overlapping candidates of one lane that the annotators did not all mark alike."""

    lane: str  # "entity", or "statement" for quotes and claims
    start: int
    end: int
    candidates: tuple[Candidate, ...]

    @property
    def ident(self) -> tuple[str, int, int]:
        """Stable while the layers are: how a rejection is remembered."""
        return (self.lane, self.start, self.end)

    @property
    def about(self) -> str:
        """"spans" when annotators marked different spans; else what they disagree on."""
        if len(self.candidates) > 1 or len(self.candidates[0].versions) < self.candidates[0].annotators:
            return "spans"
        attributes = {repr(v.details()[0]) for v in self.candidates[0].versions}
        return "attributes" if len(attributes) > 1 else "links"

    def version_of(self, layer: str) -> list[Version]:
        """That annotator's version of this passage: their candidates in it (perhaps none)."""
        return [v for candidate in self.candidates for v in candidate.versions if v.layer == layer]

    def sides(self, annotators: Sequence[str]) -> list[tuple[list[str], list[Version]]]:
        """Annotators grouped by identical versions, largest group first, then in annotator order."""
        groups: dict[str, tuple[list[str], list[Version]]] = {}
        for layer in annotators:
            versions = self.version_of(layer)
            signature = repr([(v.key, v.details()) for v in versions])
            groups.setdefault(signature, ([], versions))[0].append(layer)
        order = {layer: n for n, layer in enumerate(annotators)}
        return sorted(groups.values(), key=lambda group: (-len(group[0]), order[group[0][0]]))

    def summary(self, annotators: Sequence[str], text: str = "") -> str:
        """"Alice QUOTE [10,52) vs Bob CLAIM [10,48)": each side and what it marked; attributes and
        speakers are named where annotators marked the same span but not alike."""
        differ = {c.key: _differences(c) for c in self.candidates}
        parts = []
        for layers, versions in self.sides(annotators):
            marked = ", ".join(_describe(v, differ[v.key], text) for v in versions) or "nothing"
            parts.append(f"{', '.join(layers)} {marked}")
        return " vs ".join(parts)


@dataclass(frozen=True)
class Review:
    """A document's layers, adjudicated: what all agree on, and what is to settle, in text order."""

    annotators: tuple[str, ...]
    candidates: tuple[Candidate, ...]
    unanimous: tuple[Candidate, ...]
    disagreements: tuple[Disagreement, ...]

    def unanimous_keys(self) -> set[Key]:
        return {candidate.key for candidate in self.unanimous}

    def is_settled(
        self, disagreement: Disagreement, gold: Iterable[Placed], kinds: Mapping[str, str],
        rejected: Iterable[tuple[str, int, int]] = (),
    ) -> bool:
        """Rejected, or the gold layer holds a span of its lane over it that is not an agreed one
        (a version accepted, or the reviewer's own edit of one)."""
        return disagreement not in self.open_disagreements(gold, kinds, rejected, [disagreement])

    def open_disagreements(
        self, gold: Iterable[Placed], kinds: Mapping[str, str], rejected: Iterable[tuple[str, int, int]] = (),
        among: Sequence[Disagreement] | None = None,
    ) -> list[Disagreement]:
        """The disagreements not settled yet, in text order: a bisect per disagreement over the gold
        spans of its lane (by start, with the running maximum of their ends), not a scan."""
        rejected = set(rejected)
        agreed = self.unanimous_keys()
        lanes: dict[str, tuple[list[int], list[int]]] = {}
        for span in sorted(gold, key=lambda span: span.start):
            if (span.start, span.end, span.label) in agreed:
                continue
            starts, reach = lanes.setdefault(lane_of(span.label, kinds), ([], []))
            starts.append(span.start)
            reach.append(max(span.end, reach[-1]) if reach else span.end)
        found = []
        for disagreement in self.disagreements if among is None else among:
            if disagreement.ident in rejected:
                continue
            starts, reach = lanes.get(disagreement.lane, ([], []))
            before = bisect_left(starts, disagreement.end)  # gold spans starting before its end
            if not before or reach[before - 1] <= disagreement.start:
                found.append(disagreement)
        return found


def lane_of(label: str, kinds: Mapping[str, str]) -> str:
    kind = str(kinds.get(label, "entity"))
    return "entity" if kind == "entity" else "statement"


def adjudicate(
    annotators: Sequence[str],
    spans: Iterable[LayerSpanLike],
    relations: Iterable[LayerRelationLike] = (),
    kinds: Mapping[str, str] | None = None,
) -> Review:
    """Group one document's layer spans (of these annotators) into candidates and disagreements.

    `kinds` maps a label to its kind ("entity", "quote", "claim"); a label missing is an entity.
    Spans of annotators not listed are added after the listed ones (their layer is their name).
    """
    kinds = kinds or {}
    spans = list(spans)
    layers = list(dict.fromkeys([*annotators, *sorted({span.layer for span in spans})]))
    by_id = {span.id: span for span in spans}
    links: dict[int, list[tuple[LinkChoice, LayerSpanLike]]] = {}
    for relation in relations:
        head, child = by_id.get(relation.head_span_id), by_id.get(relation.child_span_id)
        if head is not None and child is not None:
            choice = (relation.type, (child.start, child.end, child.label))
            links.setdefault(head.id, []).append((choice, child))
    versions: dict[Key, dict[str, Version]] = {}
    for span in spans:
        chosen = sorted(links.get(span.id, []), key=lambda item: item[0])
        version = Version(span.layer, span, tuple(c for c, _ in chosen), tuple(child for _, child in chosen))
        versions.setdefault((span.start, span.end, span.label), {})[span.layer] = version
    order = {layer: n for n, layer in enumerate(layers)}
    label_order = {label: n for n, label in enumerate(kinds)}

    def text_order(key: Key) -> tuple[int, int, int, str]:  # the order `Project.spans` uses
        return (key[0], -key[1], label_order.get(key[2], 1 << 30), key[2])

    candidates = tuple(
        Candidate(key, tuple(sorted(versions[key].values(), key=lambda v: order[v.layer])), len(layers))
        for key in sorted(versions, key=text_order)
    )
    unanimous = tuple(c for c in candidates if c.unanimous)
    return Review(tuple(layers), candidates, unanimous, _disagreements(candidates, kinds))


def _disagreements(candidates: Sequence[Candidate], kinds: Mapping[str, str]) -> tuple[Disagreement, ...]:
    """Clusters of transitively overlapping disputed candidates, per lane, in text order."""
    found: list[Disagreement] = []
    for lane in ("entity", "statement"):
        cluster: list[Candidate] = []
        reach = -1
        for candidate in candidates:  # in text order: a sweep closes a cluster at its first gap
            if candidate.unanimous or lane_of(candidate.label, kinds) != lane:
                continue
            if cluster and candidate.start >= reach:
                found.append(_cluster(lane, cluster))
                cluster = []
            cluster.append(candidate)
            reach = max(reach, candidate.end) if len(cluster) > 1 else candidate.end
        if cluster:
            found.append(_cluster(lane, cluster))
    return tuple(sorted(found, key=lambda d: (d.start, -d.end, d.lane)))


def _cluster(lane: str, cluster: list[Candidate]) -> Disagreement:
    return Disagreement(lane, min(c.start for c in cluster), max(c.end for c in cluster), tuple(cluster))


def _differences(candidate: Candidate) -> set[str]:
    versions = candidate.versions
    found = set()
    if len({repr(v.details()[0]) for v in versions}) > 1:
        found.add("attributes")
    if len({v.links for v in versions}) > 1:
        found.add("links")
    return found


def _describe(version: Version, differences: set[str], text: str) -> str:
    start, end, label = version.key
    described = f"{label} [{start},{end})"
    if "attributes" in differences:
        attributes = version.span.attributes
        described += " " + (", ".join(f"{k}={v}" for k, v in sorted(attributes.items())) or "no attributes")
    if "links" in differences:
        chosen = [f"{kind.lower()} {_quoted(text, key)}" for kind, key in version.links]
        described += " " + (", ".join(chosen) or "unlinked")
    return described


def _quoted(text: str, key: Key) -> str:
    start, end, label = key
    words = " ".join(text[start:end].split()) if text else ""
    if not words:
        return f"{label} [{start},{end})"
    return f"“{words if len(words) <= 30 else words[:29] + '…'}”"
