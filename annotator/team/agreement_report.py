"""Agreement between a team project's annotators: per label, per pair, overall, per document on request.

The figures themselves come from annotator.core.agreement; this module decides what is compared with
what. Two annotators are compared only on documents both worked on (a document one never opened is
missing data, not disagreement). Token figures run over every token any annotator covered, so a token
only one annotator marked counts as disagreement (`marked_by_one`), never silently dropped.
"""

from __future__ import annotations

import gc
import json
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import combinations

from annotator.core.agreement import (
    AnnotatedSpan,
    Coefficient,
    SpanF1,
    SpanScore,
    TokenAgreement,
    TokenTable,
    cohen_kappa,
    krippendorff_alpha,
    span_f1,
    token_agreement,
)
from annotator.core.model import LabelKind
from annotator.store import Project
from annotator.team.token_profiles import Profiles, token_profiles

GOLD = "(gold)"  # the project's own spans, as an annotator, with include_gold
ALL_LABELS = "(all labels)"
SpanKey = AnnotatedSpan  # (document id as text, start, end, label): the spans' own tuples


@dataclass(frozen=True)
class Ratio:
    """How many of `items` agreed (links, attributes), and the share."""

    agreed: int = 0
    items: int = 0

    @property
    def value(self) -> float | None:
        return self.agreed / self.items if self.items else None

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.agreed + other.agreed, self.items + other.items)


@dataclass(frozen=True)
class PairFigures:
    """Two annotators compared on the documents both worked on."""

    first: str
    second: str
    documents: int
    exact: SpanScore  # span F1, exact match; first as reference (F1 is symmetric)
    overlap: SpanScore
    cohen_kappa: Coefficient
    krippendorff_alpha: Coefficient
    marked_by_one: int  # covered tokens that exactly one of the two marked
    links: Ratio  # quote/claim spans both marked (and one linked): same speaker/claimant text
    attributes: Ratio  # spans both marked (and one gave attributes): the same attributes
    attributes_by_key: dict[str, Ratio] = field(default_factory=dict)


@dataclass(frozen=True)
class Figures:
    """Every figure for one scope: all labels or one, the whole project or one document."""

    label: str
    document: int | None
    spans: dict[str, int]  # spans per annotator in this scope
    tokens: TokenAgreement  # all annotators: Fleiss' kappa, alpha, Cohen's kappa when there are two
    pairs: list[PairFigures]

    @property
    def exact(self) -> SpanScore:
        """Span scores summed over the pairs: the micro-averaged pairwise F1."""
        return sum((pair.exact for pair in self.pairs), SpanScore(0, 0, 0, 0))

    @property
    def overlap(self) -> SpanScore:
        return sum((pair.overlap for pair in self.pairs), SpanScore(0, 0, 0, 0))

    @property
    def links(self) -> Ratio:
        return sum((pair.links for pair in self.pairs), Ratio())

    @property
    def attributes(self) -> Ratio:
        return sum((pair.attributes for pair in self.pairs), Ratio())


@dataclass(frozen=True)
class AgreementReport:
    """Agreement of a team project's annotators (see `project_agreement`)."""

    annotators: tuple[str, ...]
    documents: int  # documents at least two annotators worked on
    overall: Figures
    by_label: dict[str, Figures]
    by_document: dict[int, Figures]


@dataclass
class _Layer:
    spans: set[AnnotatedSpan] = field(default_factory=set)  # document ids as str, as core.agreement wants
    attributes: dict[SpanKey, dict[str, object]] = field(default_factory=dict)
    links: dict[SpanKey, frozenset[tuple[str, str]]] = field(default_factory=dict)
    worked: set[int] = field(default_factory=set)
    by_document: defaultdict[int, list[tuple[int, int, str]]] = field(
        default_factory=lambda: defaultdict(list))
    label_counts: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class _PairSpans:
    """What two annotators' spans give, computed once and read per scope (all labels, one label)."""

    documents: set[int]
    exact: SpanF1
    overlap: SpanF1
    common: set[SpanKey]  # spans both marked exactly (in documents both worked on)
    common_by_label: dict[str, set[SpanKey]]


@contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Pause Python's cycle collector: the spans read make millions of small tuples and sets (no
    cycles), and every full collection walks all of them again: a fifth of the time at 300,000 spans,
    more in a process holding much else. Reference counting still frees everything as ever."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def project_agreement(
    project: Project,
    labels: Sequence[str] | None = None,
    per_document: bool = False,
    include_gold: bool = False,
) -> AgreementReport:
    """Agreement of the project's annotator layers (and its gold spans as one more, with include_gold)."""
    with without_cyclic_gc():
        return _project_agreement(project, labels, per_document, include_gold)


def _project_agreement(
    project: Project, labels: Sequence[str] | None, per_document: bool, include_gold: bool
) -> AgreementReport:
    wanted = None if not labels else {label.casefold() for label in labels}
    known = {label.name.casefold(): label for label in project.labels()}
    if wanted is not None:
        unknown = sorted(wanted - known.keys())
        if unknown:
            raise ValueError(f"no label {unknown[0]!r} in {project.path.name}")
    linkable = {name for name, label in known.items() if label.kind in (LabelKind.QUOTE, LabelKind.CLAIM)}
    layers = _read_layers(project, wanted, linkable, include_gold)
    names = tuple(layers)
    if len(names) < 2:
        raise ValueError(
            f"{project.path.name} holds {len(names)} annotator layer(s); agreement needs two or more "
            "(merge the annotators' projects first: annotator merge TEAM.sqlite A.sqlite B.sqlite)")
    shared = sorted(_shared_documents(layers))
    profiles = token_profiles(
        names, {name: layer.by_document for name, layer in layers.items()},
        {name: layer.worked for name, layer in layers.items()}, shared,
        lambda document: project.document(document).text, per_document)
    pairs = {(first, second): _pair_spans(layers[first], layers[second])
             for first, second in combinations(names, 2)}
    scope_labels = sorted({span[3] for layer in layers.values() for span in layer.spans},
                          key=lambda name: (known[name.casefold()].position, name))
    overall = _figures(layers, pairs, profiles, profiles.overall, ALL_LABELS, None)
    by_label = {label: _figures(layers, pairs, profiles, profiles.by_label[label], label, None)
                for label in scope_labels}
    by_document: dict[int, Figures] = {}
    for document in shared if per_document else ():
        scoped = {key: _pair_spans(layers[key[0]], layers[key[1]], document) for key in pairs}
        by_document[document] = _figures(
            layers, scoped, profiles, profiles.by_document.get(document, Counter()), ALL_LABELS, document)
    return AgreementReport(names, len(shared), overall, by_label, by_document)


def _read_layers(
    project: Project, wanted: set[str] | None, linkable: set[str], include_gold: bool
) -> dict[str, _Layer]:
    rows = [project.agreement_rows()] + ([project.agreement_rows(GOLD)] if include_gold else [])
    layers: dict[str, _Layer] = {}
    for found in rows:
        for name, documents in sorted(found.worked.items()):
            if documents:  # a layer (or gold) with nothing worked on has nothing to agree about
                layers.setdefault(name, _Layer()).worked |= documents
        for name, document, start, end, label, attributes in found.spans:
            if wanted is not None and label.casefold() not in wanted:
                continue
            layer = layers[name]
            layer.spans.add((str(document), start, end, label))
            layer.by_document[document].append((start, end, label))
            layer.label_counts[label] += 1
            if attributes != "{}":
                layer.attributes[str(document), start, end, label] = json.loads(attributes)
        for name, document, start, end, label, relation_type, child_text in found.links:
            if label.casefold() in linkable and (wanted is None or label.casefold() in wanted):
                key = (str(document), start, end, label)
                links = layers[name].links
                links[key] = links.get(key, frozenset()) | {(relation_type, _normal(child_text))}
    return layers


def _normal(text: str) -> str:
    # "Ana  Lima" and "ana lima" name the same speaker.
    return " ".join(text.split()).casefold()


def _shared_documents(layers: dict[str, _Layer]) -> set[int]:
    counts: Counter[int] = Counter()
    for layer in layers.values():
        counts.update(layer.worked)
    return {document for document, count in counts.items() if count >= 2}


def _pair_spans(ours: _Layer, theirs: _Layer, document: int | None = None) -> _PairSpans:
    """Span F1 of two annotators over the documents both worked on (or over one of them)."""
    both = ours.worked & theirs.worked if document is None else {document} & ours.worked & theirs.worked
    if document is None:
        keys = {str(d) for d in both}
        # Usually each worked on every shared document: then nothing needs filtering.
        mine = ours.spans if ours.worked <= both else {span for span in ours.spans if span[0] in keys}
        yours = theirs.spans if theirs.worked <= both else {span for span in theirs.spans if span[0] in keys}
    else:
        mine = {(str(document), *span) for span in ours.by_document.get(document, ())} if both else set()
        yours = {(str(document), *span) for span in theirs.by_document.get(document, ())} if both else set()
    common = mine & yours
    by_label: dict[str, set[SpanKey]] = {}
    for span in common:
        by_label.setdefault(span[3], set()).add(span)
    return _PairSpans(both, span_f1(mine, yours, "exact"), span_f1(mine, yours, "overlap"), common, by_label)


def _figures(
    layers: dict[str, _Layer],
    pairs: dict[tuple[str, str], _PairSpans],
    profiles: Profiles,
    counts: Counter[tuple[str | None, ...]],
    label: str,
    document: int | None,
) -> Figures:
    """The figures of one scope: all labels or one, the project or one document."""
    names = tuple(layers)
    table = profiles.table(counts)
    figures = []
    for (first, second), spans in pairs.items():
        pair_table = profiles.table(counts, (names.index(first), names.index(second)))
        figures.append(_pair(layers[first], layers[second], spans, pair_table, label, first, second))
    spans_in_scope = {
        name: (len(layer.spans) if label == ALL_LABELS else layer.label_counts[label]) if document is None
        else len(layer.by_document.get(document, ()))
        for name, layer in layers.items()
    }
    return Figures(label, document, spans_in_scope, token_agreement(table), figures)


def _pair(
    ours: _Layer, theirs: _Layer, spans: _PairSpans, table: TokenTable, label: str, first: str, second: str
) -> PairFigures:
    exact = spans.exact.overall if label == ALL_LABELS else spans.exact.by_label.get(label, _NO_SPANS)
    overlap = spans.overlap.overall if label == ALL_LABELS else spans.overlap.by_label.get(label, _NO_SPANS)
    common = spans.common if label == ALL_LABELS else spans.common_by_label.get(label, set())
    links = _agreement(common, ours.links, theirs.links)
    attributes = _agreement(common, ours.attributes, theirs.attributes)
    by_key: dict[str, Ratio] = {}
    for key in sorted({name for side in (ours.attributes, theirs.attributes)
                       for span in _given(common, side) for name in side[span]}):
        by_key[key] = _agreement(common, *(
            {span: side[span][key] for span in _given(common, side) if key in side[span]}
            for side in (ours.attributes, theirs.attributes)))
    return PairFigures(first, second, len(spans.documents), exact, overlap, cohen_kappa(table),
                       krippendorff_alpha(table), table.marked_by_one, links, attributes, by_key)


_NO_SPANS = SpanScore(0, 0, 0, 0)


def _given(common: Collection[SpanKey], side: Mapping[SpanKey, object]) -> list[SpanKey]:
    """The spans of `common` that `side` gave something to, walking the smaller of the two."""
    if len(common) <= len(side):
        return [span for span in common if span in side]
    return [span for span in side if span in common]


def _agreement(
    common: Collection[SpanKey], ours: Mapping[SpanKey, object], theirs: Mapping[SpanKey, object]
) -> Ratio:
    """Of spans both marked, those where either side gave something (a link, an attribute): how many
    gave the same."""
    # Only spans someone gave something to count: walk whichever side is smaller (one document's
    # spans against a project's links, or the project's spans against a few links).
    if len(common) <= len(ours) + len(theirs):
        given = {span for span in common if span in ours or span in theirs}
    else:
        given = {span for span in ours.keys() | theirs.keys() if span in common}
    return Ratio(sum(ours.get(span) == theirs.get(span) for span in given), len(given))
