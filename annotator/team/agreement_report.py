"""Agreement between a team project's annotators: per label, per pair, overall, per document on request.

The figures themselves come from annotator.core.agreement; this module decides what is compared with
what. Two annotators are compared only on documents both worked on (a document one never opened is
missing data, not disagreement). Token figures run over every token any annotator covered, so a token
only one annotator marked counts as disagreement (`marked_by_one`), never silently dropped.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from annotator.core.agreement import (
    OUTSIDE,
    AnnotatedSpan,
    Coefficient,
    SpanScore,
    TokenAgreement,
    TokenItem,
    TokenTable,
    cohen_kappa,
    krippendorff_alpha,
    span_f1,
    token_agreement,
    token_table,
)
from annotator.core.model import LabelKind
from annotator.core.tokens import token_bounds
from annotator.store import Project

GOLD = "(gold)"  # the project's own spans, as an annotator, with include_gold
ALL_LABELS = "(all labels)"
SpanKey = tuple[int, int, int, str]  # (document id, start, end, label)


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


def project_agreement(
    project: Project,
    labels: Sequence[str] | None = None,
    per_document: bool = False,
    include_gold: bool = False,
) -> AgreementReport:
    """Agreement of the project's annotator layers (and its gold spans as one more, with include_gold)."""
    wanted = None if not labels else {label.casefold() for label in labels}
    known = {label.name.casefold(): label for label in project.labels()}
    if wanted is not None:
        unknown = sorted(wanted - known.keys())
        if unknown:
            raise ValueError(f"no label {unknown[0]!r} in {project.path.name}")
    linkable = {name for name, label in known.items() if label.kind in (LabelKind.QUOTE, LabelKind.CLAIM)}
    layers = _read_layers(project, wanted, linkable, include_gold)
    annotators = tuple(layers)
    if len(annotators) < 2:
        raise ValueError(
            f"{project.path.name} holds {len(annotators)} annotator layer(s); agreement needs two or more "
            "(merge the annotators' projects first: annotator merge TEAM.sqlite A.sqlite B.sqlite)")
    shared = _shared_documents(layers)
    tokens = _document_tokens(project, layers, shared)
    scope_labels = sorted({span[3] for layer in layers.values() for span in layer.spans},
                          key=lambda name: (known[name.casefold()].position, name))
    everything = {name: layer.spans for name, layer in layers.items()}
    worked = {name: {str(document) for document in layer.worked} for name, layer in layers.items()}
    overall = _figures(layers, everything, worked, tokens, ALL_LABELS, None)
    by_label = {
        label: _figures(layers, {name: {span for span in spans if span[3] == label}
                                 for name, spans in everything.items()}, worked, tokens, label, None)
        for label in scope_labels
    }
    by_document: dict[int, Figures] = {}
    if per_document:
        indexed: dict[str, defaultdict[str, set[AnnotatedSpan]]] = {name: defaultdict(set) for name in layers}
        for name, spans in everything.items():
            for span in spans:
                indexed[name][span[0]].add(span)
        for document in sorted(shared):
            key = str(document)
            by_document[document] = _figures(
                layers, {name: indexed[name].get(key, set()) for name in layers},
                {name: {key} & worked[name] for name in layers}, {key: tokens[key]}, ALL_LABELS, document)
    return AgreementReport(annotators, len(shared), overall, by_label, by_document)


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
            if attributes != "{}":
                layer.attributes[document, start, end, label] = json.loads(attributes)
        for name, document, start, end, label, relation_type, child_text in found.links:
            if label.casefold() in linkable and (wanted is None or label.casefold() in wanted):
                key = (document, start, end, label)
                links = layers[name].links
                links[key] = links.get(key, frozenset()) | {(relation_type, _normal(child_text))}
    return layers


def _normal(text: str) -> str:
    # "Ana  Lima" and "ana lima" name the same speaker.
    return " ".join(text.split()).casefold()


def _shared_documents(layers: dict[str, _Layer]) -> set[int]:
    counts: defaultdict[int, int] = defaultdict(int)
    for layer in layers.values():
        for document in layer.worked:
            counts[document] += 1
    return {document for document, count in counts.items() if count >= 2}


def _document_tokens(
    project: Project, layers: dict[str, _Layer], documents: set[int]
) -> dict[str, list[tuple[int, int]]]:
    """The tokens of each shared document that some span covers (the only ones the figures use)."""
    edges: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for layer in layers.values():
        for document, start, end, _ in layer.spans:
            edges[document].append((start, end))
    covered: dict[str, list[tuple[int, int]]] = {}
    for document_id in sorted(documents):
        key = str(document_id)
        spans = edges.get(key)
        if not spans:
            covered[key] = []
            continue
        bounds = token_bounds(project.document(document_id).text)
        ends = [end for _, end in bounds]
        starts = [start for start, _ in bounds]
        keep: set[int] = set()
        for start, end in spans:
            # Tokens sharing a code point with [start, end): ending after start, starting before end.
            keep.update(range(bisect_right(ends, start), bisect_left(starts, end)))
        covered[key] = [bounds[index] for index in sorted(keep)]
    return covered


def _figures(
    layers: dict[str, _Layer],
    spans: dict[str, set[AnnotatedSpan]],
    worked: dict[str, set[str]],
    tokens: dict[str, list[tuple[int, int]]],
    label: str,
    document: int | None,
) -> Figures:
    """The figures of one scope: `spans` and `tokens` already narrowed to it (a label, a document)."""
    names = tuple(layers)
    # Tokens are given for shared documents only: one annotator's lone document has nobody to agree with.
    table = token_table({name: [span for span in spans[name] if span[0] in tokens] for name in names},
                        tokens, worked)
    pairs = [_pair(table, layers, spans, worked, first, second) for first, second in combinations(names, 2)]
    return Figures(label, document, {name: len(spans[name]) for name in names}, token_agreement(table), pairs)


def _pair(
    table: TokenTable,
    layers: dict[str, _Layer],
    spans: dict[str, set[AnnotatedSpan]],
    worked: dict[str, set[str]],
    first: str,
    second: str,
) -> PairFigures:
    both = worked[first] & worked[second]
    ours = [span for span in spans[first] if span[0] in both]
    theirs = [span for span in spans[second] if span[0] in both]
    i, j = table.annotators.index(first), table.annotators.index(second)
    # The pair's table is the full one seen through two columns: the same tokens, the same labels.
    items = tuple(TokenItem(item.document_id, item.token, (item.labels[i], item.labels[j]))
                  for item in table.items
                  if item.labels[i] not in (None, OUTSIDE) or item.labels[j] not in (None, OUTSIDE))
    pair_table = TokenTable((first, second), items, table.tokens_seen)
    common = {_key(span) for span in ours} & {_key(span) for span in theirs}
    links = _agreement(common, layers[first].links, layers[second].links)
    ours_attributes, theirs_attributes = layers[first].attributes, layers[second].attributes
    attributes = _agreement(common, ours_attributes, theirs_attributes)
    by_key: dict[str, Ratio] = {}
    for key in sorted({name for span in common for side in (ours_attributes, theirs_attributes)
                       for name in side.get(span, {})}):
        by_key[key] = _agreement(
            common, {span: values[key] for span, values in ours_attributes.items() if key in values},
            {span: values[key] for span, values in theirs_attributes.items() if key in values})
    return PairFigures(
        first, second, len(both),
        span_f1(ours, theirs, "exact").overall, span_f1(ours, theirs, "overlap").overall,
        cohen_kappa(pair_table), krippendorff_alpha(pair_table), pair_table.marked_by_one, links, attributes,
        by_key)


def _key(span: AnnotatedSpan) -> SpanKey:
    return (int(span[0]), span[1], span[2], span[3])


def _agreement(
    common: Iterable[SpanKey], ours: Mapping[SpanKey, object], theirs: Mapping[SpanKey, object]
) -> Ratio:
    """Of spans both marked, those where either side gave something (a link, an attribute): how many
    gave the same."""
    agreed = items = 0
    for span in common:
        if span in ours or span in theirs:
            items += 1
            agreed += ours.get(span) == theirs.get(span)
    return Ratio(agreed, items)
