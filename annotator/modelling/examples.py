"""Training examples: a done document's spans as a spaCy Doc's entities (NER) and span group (spancat)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.core.model import Label, LabelKind, Span

if TYPE_CHECKING:  # spaCy is optional: only the type checker sees these
    from spacy.language import Language
    from spacy.tokens import Doc

SPANS_KEY = "sc"  # spaCy's default span categorizer key: other tools find our quotes there
# Quotes run long, and a span categorizer scores every n-gram up to its longest: its cost grows with
# the square of this. Longer quotes and claims stay in the data but cannot be proposed (and are counted).
MAX_SPAN_TOKENS = 40
SPAN_KINDS = (LabelKind.QUOTE, LabelKind.CLAIM)
SHOWN_PROBLEMS = 5  # misaligned spans named one by one; the rest only counted


@dataclass(frozen=True)
class TrainedLabels:
    """The project's labels a model learns: entities by NER, quotes and claims by the span categorizer."""

    entities: tuple[str, ...]
    spans: tuple[str, ...]

    @classmethod
    def of(cls, labels: Iterable[Label]) -> TrainedLabels:
        labels = list(labels)
        return cls(
            tuple(label.name for label in labels if label.kind == LabelKind.ENTITY),
            tuple(label.name for label in labels if label.kind in SPAN_KINDS),
        )

    def kind_of(self) -> dict[str, str]:
        return {**dict.fromkeys(self.entities, "entity"), **dict.fromkeys(self.spans, "span")}


@dataclass
class DataReport:
    """What turning documents into examples kept and left out, to tell the user."""

    documents: int = 0
    entities: int = 0
    spans: int = 0
    misaligned: int = 0
    overlapping: int = 0  # entity spans left out of NER: a longer entity overlaps them
    problems: list[str] = field(default_factory=list)  # the first few misaligned spans, named
    span_tokens: list[int] = field(default_factory=list)  # length in tokens of every quote and claim

    def note(self, message: str) -> None:
        if len(self.problems) < SHOWN_PROBLEMS:
            self.problems.append(message)

    @property
    def longest_span(self) -> int:
        return max(self.span_tokens, default=0)

    def too_long(self, limit: int) -> int:
        return sum(1 for length in self.span_tokens if length > limit)


def annotated_doc(
    nlp: Language, text: str, spans: Sequence[Span], labels: TrainedLabels, report: DataReport,
    document_id: int | None = None,
) -> Doc:
    """`text` tokenized by `nlp`, with `spans` as its entities (no overlaps: longest kept) and its span
    group (quotes and claims, which may overlap anything). A span whose edges fall inside a token is
    left out and counted: spaCy learns token sequences, and a shifted edge would teach it wrongly."""
    from spacy.util import filter_spans

    doc = nlp.make_doc(text)
    entities, grouped = [], []
    wanted_entities, wanted_spans = set(labels.entities), set(labels.spans)
    for span in spans:
        if span.label not in wanted_entities and span.label not in wanted_spans:
            continue
        aligned = doc.char_span(span.start, span.end, label=span.label)
        # An edge on a whitespace token (a span ending in a line break) breaks NER's training.
        if aligned is None or aligned.text != aligned.text.strip():
            report.misaligned += 1
            where = f"document {document_id}: " if document_id is not None else ""
            report.note(f"{where}{span.label} {text[span.start:span.end][:60]!r} at {span.start}-{span.end} "
                        "does not start and end on spaCy's token edges")
            continue
        if span.label in wanted_entities:
            entities.append(aligned)
        else:
            grouped.append(aligned)
            report.span_tokens.append(len(aligned))
    kept = filter_spans(entities)  # longest first, then earliest: what spaCy's own tools keep
    report.overlapping += len(entities) - len(kept)
    doc.ents = kept  # every other token is "outside": a done document is completely annotated
    doc.spans[SPANS_KEY] = grouped
    report.documents += 1
    report.entities += len(kept)
    report.spans += len(grouped)
    return doc


def examples(
    nlp: Language, documents: Iterable[tuple[int, str, Sequence[Span]]], labels: TrainedLabels,
    report: DataReport,
) -> list[Any]:
    """spaCy Examples (a bare Doc to predict on, the annotated Doc as reference) for `documents`."""
    from spacy.training import Example

    return [
        Example(nlp.make_doc(text), annotated_doc(nlp, text, spans, labels, report, document_id))
        for document_id, text, spans in documents
    ]


def predicted_spans(
    doc: Doc, labels: TrainedLabels, spans_key: str = SPANS_KEY
) -> list[tuple[int, int, str]]:
    """What a pipeline found in `doc`, among the trained labels: entities, then the span group."""
    found = [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents if ent.label_ in labels.entities]
    found += [(span.start_char, span.end_char, span.label_) for span in doc.spans.get(spans_key, [])
              if span.label_ in labels.spans]
    return found


def labels_meta(labels: Iterable[Label]) -> list[Mapping[str, str]]:
    """The project's span labels as a model's meta keeps them, for a suggester to map names back."""
    return [{"name": label.name, "kind": label.kind.value} for label in labels
            if label.kind != LabelKind.DOCUMENT]
