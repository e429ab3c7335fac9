"""Agreement between annotators: span precision/recall/F1; Cohen's, Fleiss' and Krippendorff's on tokens."""

from __future__ import annotations

import operator
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Literal

# The label a token gets when no span of an annotator covers it.
OUTSIDE = "O"

AnnotatedSpan = tuple[str, int, int, str]  # (document_id, start, end, label); code points, end exclusive
TokenBounds = tuple[int, int]  # (start, end) of one token, as annotator.core.tokens.token_bounds gives them
MatchMode = Literal["exact", "overlap"]


def _checked_spans(spans: Iterable[AnnotatedSpan]) -> set[AnnotatedSpan]:
    # A set: the same span entered twice is one annotation, not two chances to match.
    checked: set[AnnotatedSpan] = set(spans)
    # Checked in C (maps over itemgetters): agreement reads 100,000s of spans per pair. Only a bad
    # span found that way is looked for again, to name it.
    starts, ends = list(map(_START, checked)), list(map(_END, checked))
    if checked and (min(starts) < 0 or any(map(operator.ge, starts, ends))):
        for span in checked:
            _, start, end, _ = span
            if not 0 <= start < end:
                raise ValueError(f"span {span!r} needs 0 <= start < end")
    return checked


_START, _END, _LABEL = itemgetter(1), itemgetter(2), itemgetter(3)


def _by_label(spans: set[AnnotatedSpan]) -> dict[str, set[AnnotatedSpan]]:
    """Spans grouped by label (sorted and grouped in C)."""
    return {label: set(group) for label, group in groupby(sorted(spans, key=_LABEL), _LABEL)}


# --- span F1 ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpanScore:
    """Precision, recall and F1 of a candidate annotator against a reference one, with the counts behind them.

    A figure is None when it is undefined: precision with no candidate spans, recall with no reference
    spans, F1 with neither. Swapping reference and candidate swaps precision and recall; F1 is unchanged.
    """

    reference_spans: int
    candidate_spans: int
    matched_reference: int  # reference spans that some candidate span matches
    matched_candidate: int  # candidate spans that match some reference span

    @property
    def items(self) -> int:
        """The spans, of both annotators, the figures rest on."""
        return self.reference_spans + self.candidate_spans

    @property
    def precision(self) -> float | None:
        return self.matched_candidate / self.candidate_spans if self.candidate_spans else None

    @property
    def recall(self) -> float | None:
        return self.matched_reference / self.reference_spans if self.reference_spans else None

    @property
    def f1(self) -> float | None:
        if not self.items:
            return None
        # One side empty and the other not: nothing agrees, so 0 rather than undefined.
        precision, recall = self.precision or 0.0, self.recall or 0.0
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def __add__(self, other: SpanScore) -> SpanScore:
        return SpanScore(
            self.reference_spans + other.reference_spans,
            self.candidate_spans + other.candidate_spans,
            self.matched_reference + other.matched_reference,
            self.matched_candidate + other.matched_candidate,
        )


@dataclass(frozen=True)
class SpanF1:
    """Span agreement of one pair of annotators over all their documents, overall and per label."""

    match: MatchMode
    overall: SpanScore
    by_label: dict[str, SpanScore]


def span_f1(
    reference: Iterable[AnnotatedSpan], candidate: Iterable[AnnotatedSpan], match: MatchMode = "exact"
) -> SpanF1:
    """Precision/recall/F1 of `candidate` against `reference`, per label and overall.

    "exact": a span matches when the other annotator has a span with the same document, start, end and
    label. "overlap": when the other annotator has a span of the same label in the same document sharing at
    least one code point with it. Under overlap one long span can match several short ones, so the two
    sides' matched counts can differ; precision counts candidate spans, recall reference spans. A span
    never matches one of another label, so the overall counts are the sums of the per-label ones.
    """
    if match not in ("exact", "overlap"):
        raise ValueError(f"match must be 'exact' or 'overlap', not {match!r}")
    reference_set, candidate_set = _checked_spans(reference), _checked_spans(candidate)
    # Grouped once: splitting 100,000s of spans anew for every label was most of the time.
    reference_by_label, candidate_by_label = _by_label(reference_set), _by_label(candidate_set)
    by_label: dict[str, SpanScore] = {}
    for label in sorted(reference_by_label.keys() | candidate_by_label.keys()):
        ours, theirs = reference_by_label.get(label, set()), candidate_by_label.get(label, set())
        if match == "exact":
            matched_reference = matched_candidate = len(ours & theirs)
        else:
            matched_reference = _count_overlapping(ours, theirs)
            matched_candidate = _count_overlapping(theirs, ours)
        by_label[label] = SpanScore(len(ours), len(theirs), matched_reference, matched_candidate)
    overall = sum(by_label.values(), SpanScore(0, 0, 0, 0))
    return SpanF1(match, overall, by_label)


def _count_overlapping(spans: Collection[AnnotatedSpan], others: Collection[AnnotatedSpan]) -> int:
    """How many of `spans` share a code point with some span of `others` in the same document."""
    others_by_document: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for document_id, start, end, _ in others:
        others_by_document[document_id].append((start, end))
    # Plain loops, and exact matches counted without a search: 100,000s of spans per pair.
    same = others if isinstance(others, set | frozenset) else set(others)
    own = spans if isinstance(spans, set | frozenset) else set(spans)
    found = len(own & same)
    for span in own - same:  # set operations in C; only the rest is searched
        document, start, end, _ = span
        for their_start, their_end in others_by_document.get(document, ()):
            if start < their_end and their_start < end:
                found += 1
                break
    return found


# --- tokens ----------------------------------------------------------------------------------------------


def token_labels(spans: Iterable[tuple[int, int, str]], tokens: Sequence[TokenBounds]) -> list[str]:
    """The label each token gets from one annotator's (start, end, label) spans in one document.

    A span covers a token when they share at least one code point. A token no span covers is OUTSIDE.
    When spans of different labels cover a token (a person named inside a quote), the shortest span's
    label wins, being the most specific; spans of equal length fall back to the alphabetically first
    label so the result never depends on input order.
    """
    ranked = sorted(spans, key=lambda span: (span[1] - span[0], span[2]))
    labels: list[str] = []
    for token_start, token_end in tokens:
        if not 0 <= token_start < token_end:
            raise ValueError(f"token {(token_start, token_end)!r} needs 0 <= start < end")
        labels.append(
            next((label for start, end, label in ranked if start < token_end and token_start < end), OUTSIDE)
        )
    return labels


@dataclass(frozen=True)
class TokenItem:
    """One token some annotator covered, with every annotator's label for it (None: did not annotate)."""

    document_id: str
    token: TokenBounds
    labels: tuple[str | None, ...]  # in TokenTable.annotators order
    # How many tokens this item stands for: a table folded by labels (every token with the same labels
    # as one item) gives the same figures as the whole one, far faster over 100,000s of tokens.
    count: int = 1

    @property
    def values(self) -> list[str]:
        return [label for label in self.labels if label is not None]


@dataclass(frozen=True)
class TokenTable:
    """Each annotator's label for every token that ANY annotator covered with a span.

    Tokens nobody covered are left out: counted in, their "O"/"O" agreement would swamp the figures.
    """

    annotators: tuple[str, ...]
    items: tuple[TokenItem, ...]
    tokens_seen: int  # tokens in the documents at least one annotator annotated, covered or not

    @property
    def size(self) -> int:
        """The covered tokens the table holds (its items' counts)."""
        return sum(item.count for item in self.items)

    @property
    def marked_by_one(self) -> int:
        """Items where exactly one annotator gave a label other than "O" (the rest said "O" or had none)."""
        return sum(item.count for item in self.items
                   if sum(label not in (None, OUTSIDE) for label in item.labels) == 1)

    @property
    def unpairable(self) -> int:
        """Items only one annotator has a value for (nobody else annotated the document): nothing to pair."""
        return sum(item.count for item in self.items if len(item.values) < 2)


def token_table(
    spans_by_annotator: Mapping[str, Iterable[AnnotatedSpan]],
    tokens_by_document: Mapping[str, Sequence[TokenBounds]],
    annotated: Mapping[str, Collection[str]] | None = None,
) -> TokenTable:
    """Label the tokens of every document for every annotator, keeping the tokens anyone covered.

    `annotated` names the documents each annotator annotated (default: all of `tokens_by_document`);
    it is needed because a document an annotator finished without marking anything looks, from the spans
    alone, just like one they never opened. In a document they did not annotate, an annotator has None.
    """
    annotators = tuple(spans_by_annotator)
    if len(annotators) < 2:
        raise ValueError("agreement needs at least two annotators")
    documents_of = {
        annotator: set(tokens_by_document if annotated is None else annotated.get(annotator, ()))
        for annotator in annotators
    }
    by_document: dict[str, dict[str, list[tuple[int, int, str]]]] = {a: defaultdict(list) for a in annotators}
    for annotator, spans in spans_by_annotator.items():
        for document_id, start, end, label in _checked_spans(spans):
            if document_id not in tokens_by_document:
                raise ValueError(f"{annotator}: span in document {document_id!r}, which has no tokens given")
            if document_id not in documents_of[annotator]:
                raise ValueError(f"{annotator}: span in document {document_id!r}, not among those annotated")
            if label == OUTSIDE:
                raise ValueError(f"{annotator}: the label {OUTSIDE!r} is reserved for tokens no span covers")
            by_document[annotator][document_id].append((start, end, label))
    items: list[TokenItem] = []
    tokens_seen = 0
    for document_id, tokens in tokens_by_document.items():
        present = [a for a in annotators if document_id in documents_of[a]]
        if not present:
            continue
        tokens_seen += len(tokens)
        columns = [
            token_labels(by_document[a][document_id], tokens) if a in present else [None] * len(tokens)
            for a in annotators
        ]
        for index, token in enumerate(tokens):
            labels = tuple(column[index] for column in columns)
            if any(label not in (None, OUTSIDE) for label in labels):
                items.append(TokenItem(document_id, (token[0], token[1]), labels))
    return TokenTable(annotators, tuple(items), tokens_seen)


# --- chance-corrected coefficients -----------------------------------------------------------------------


@dataclass(frozen=True)
class Coefficient:
    """One chance-corrected agreement figure and the items it rests on.

    `value` is None when the figure is undefined: no items, or every value the same label, so that
    chance alone predicts perfect agreement and the ratio divides by zero.
    """

    name: str
    value: float | None
    items: int  # tokens the figure was computed over
    left_out: int  # covered tokens it could not use: too few annotators had a value there


def cohen_kappa(table: TokenTable) -> Coefficient:
    """Cohen's kappa of a two-annotator table, over the tokens both annotators have a value for."""
    if len(table.annotators) != 2:
        raise ValueError(f"Cohen's kappa needs exactly two annotators, not {len(table.annotators)}")
    pairs = [(item.labels[0], item.labels[1], item.count) for item in table.items
             if item.labels[0] is not None and item.labels[1] is not None]
    n = sum(count for _, _, count in pairs)
    value: float | None = None
    if n:
        observed = sum(count for a, b, count in pairs if a == b) / n
        first: Counter[str] = Counter()
        second: Counter[str] = Counter()
        for a, b, count in pairs:
            first[a] += count
            second[b] += count
        expected = sum(first[label] * second[label] for label in first) / (n * n)
        value = (observed - expected) / (1 - expected) if expected < 1 else None
    return Coefficient("cohen_kappa", value, n, table.size - n)


def fleiss_kappa(table: TokenTable) -> Coefficient:
    """Fleiss' kappa, over the tokens every annotator has a value for (it needs the same raters per item)."""
    raters = len(table.annotators)
    counts = [(Counter(item.values), item.count) for item in table.items if len(item.values) == raters]
    n = sum(weight for _, weight in counts)
    value: float | None = None
    if n:
        pairs_per_item = raters * (raters - 1)
        observed = sum(
            weight * (sum(c * c for c in count.values()) - raters) / pairs_per_item
            for count, weight in counts
        ) / n
        totals: Counter[str] = Counter()
        for count, weight in counts:
            for label, c in count.items():
                totals[label] += c * weight
        expected = sum((total / (n * raters)) ** 2 for total in totals.values())
        value = (observed - expected) / (1 - expected) if expected < 1 else None
    return Coefficient("fleiss_kappa", value, n, table.size - n)


def krippendorff_alpha(table: TokenTable) -> Coefficient:
    """Krippendorff's alpha for nominal labels, with missing values: over tokens with at least two values.

    alpha = 1 - (n - 1) * sum of off-diagonal coincidences / sum over label pairs c != k of n_c * n_k,
    where a token with m values adds 1 / (m - 1) for each ordered pair of its values.
    """
    coincidences: defaultdict[tuple[str, str], float] = defaultdict(float)
    units = 0
    for item in table.items:
        values = item.values
        if len(values) < 2:
            continue
        units += item.count
        for i, first in enumerate(values):
            for j, second in enumerate(values):
                if i != j:
                    coincidences[first, second] += item.count / (len(values) - 1)
    value: float | None = None
    if units:
        margins: defaultdict[str, float] = defaultdict(float)
        for (first, _), weight in coincidences.items():
            margins[first] += weight
        n = sum(margins.values())
        disagreement = sum(w for (first, second), w in coincidences.items() if first != second)
        chance = n * n - sum(margin * margin for margin in margins.values())
        # A tolerance, not == 0: the margins are sums of 1/(m - 1) fractions.
        value = 1 - (n - 1) * disagreement / chance if chance > 1e-9 * n * n else None
    return Coefficient("krippendorff_alpha", value, units, table.size - units)


@dataclass(frozen=True)
class TokenAgreement:
    """Every token-level figure for one table, with the counts a reader needs to trust them."""

    annotators: tuple[str, ...]
    tokens_seen: int
    covered: int  # tokens at least one annotator covered: the items all figures draw from
    marked_by_one: int
    unpairable: int
    cohen_kappa: Coefficient | None  # only for exactly two annotators
    fleiss_kappa: Coefficient
    krippendorff_alpha: Coefficient


def token_agreement(table: TokenTable) -> TokenAgreement:
    """All token-level figures for `table`: Cohen's kappa when there are two annotators, Fleiss' and alpha."""
    return TokenAgreement(
        annotators=table.annotators,
        tokens_seen=table.tokens_seen,
        covered=table.size,
        marked_by_one=table.marked_by_one,
        unpairable=table.unpairable,
        cohen_kappa=cohen_kappa(table) if len(table.annotators) == 2 else None,
        fleiss_kappa=fleiss_kappa(table),
        krippendorff_alpha=krippendorff_alpha(table),
    )
