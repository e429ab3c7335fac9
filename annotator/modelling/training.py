"""Train a spaCy pipeline on a project's done documents, offline from a blank language, and score it."""

from __future__ import annotations

import json
import random
import re
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.agreement import SpanScore, span_f1
from annotator.core.model import DocumentStatus, Span
from annotator.modelling import ModellingError, import_spacy
from annotator.modelling.examples import (
    MAX_SPAN_TOKENS,
    SPANS_KEY,
    DataReport,
    TrainedLabels,
    examples,
    labels_meta,
    predicted_spans,
)

if TYPE_CHECKING:
    from spacy.language import Language

    from annotator.store import Project

MODEL_FOLDER = "model-last"  # spaCy's own name for the pipeline after the last iteration
NEGATIVE_WEIGHT = 0.5  # of the span categorizer's "no span" n-grams, which outnumber quotes ~1000:1
META_KEY = "annotator"  # our part of the pipeline's meta.json: the project's labels, the scores
Progress = Callable[[str], None]
Document = tuple[int, str, Sequence[Span]]


@dataclass(frozen=True)
class TrainingOptions:
    held_out: float = 0.2  # share of the done documents kept out of training and scored on
    iterations: int = 20
    lang: str = "en"
    seed: int = 0
    dropout: float = 0.2
    batch_size: int = 1  # documents per update: a news article is about spaCy's usual batch of words


@dataclass(frozen=True)
class LabelScore:
    """Held-out figures for one label (or all of them: label "all"), exact spans and overlapping ones."""

    label: str
    component: str  # "ner", "spancat" or "" for the overall row
    gold: int
    predicted: int
    precision: float | None
    recall: float | None
    f1: float | None
    overlap_f1: float | None  # a quote found with one word more or less still counts here

    @classmethod
    def of(cls, label: str, component: str, exact: SpanScore, overlap: SpanScore) -> LabelScore:
        return cls(label, component, exact.reference_spans, exact.candidate_spans, exact.precision,
                   exact.recall, exact.f1, overlap.f1)


@dataclass
class TrainingResult:
    model_path: Path
    train_documents: int
    held_out_documents: int
    data: DataReport
    components: list[str]
    ngram_max: int  # the longest quote or claim, in tokens, the span categorizer can propose
    losses: dict[str, float] = field(default_factory=dict)  # of the last iteration
    scores: list[LabelScore] = field(default_factory=list)  # per label, then "all"; empty with no held-out
    seconds: float = 0.0


def split_documents(ids: Sequence[int], held_out: float, seed: int) -> tuple[list[int], list[int]]:
    """(train, held out): a seeded shuffle, at least one document on each side when `held_out` > 0."""
    shuffled = list(ids)
    random.Random(seed).shuffle(shuffled)
    count = 0 if held_out <= 0 else min(len(shuffled) - 1, max(1, round(len(shuffled) * held_out)))
    return sorted(shuffled[count:]), sorted(shuffled[:count])


def minimum_documents(held_out: float) -> int:
    return 2 if held_out > 0 else 1  # one to learn from, and one to score on when scoring


def check_options(options: TrainingOptions) -> None:
    if not 0 <= options.held_out < 1:
        raise ModellingError(f"--held-out must be at least 0 and below 1, not {options.held_out}")
    if options.iterations < 1:
        raise ModellingError(f"--iterations must be at least 1, not {options.iterations}")


def blank_pipeline(lang: str) -> Language:
    """spaCy's blank pipeline for `lang`: a tokenizer and nothing to download."""
    spacy = import_spacy()
    try:
        nlp: Language = spacy.blank(lang)
        return nlp
    except (ImportError, KeyError, ValueError) as error:
        # spaCy says E048 "Can't import language xx"; some languages need a tokenizer package too.
        raise ModellingError(f"spaCy cannot make a blank {lang!r} pipeline ({str(error).splitlines()[0]}); "
                             "use a language code such as en, de, fr, es or nl") from error


def done_documents(project: Project, labels: TrainedLabels) -> list[Document]:
    wanted = set(labels.entities) | set(labels.spans)
    return [
        (document.id, document.text, [span for span in spans if span.label in wanted])
        for document, spans, _ in project.annotated_documents([DocumentStatus.DONE])
    ]


def train_project(
    project: Project, output: Path, options: TrainingOptions | None = None, progress: Progress | None = None,
) -> TrainingResult:
    """Train NER (entity labels) and a span categorizer (quote and claim labels) on the project's done
    documents, score it on a held-out share of them and save it as `output`/model-last."""
    options = options or TrainingOptions()
    say = progress or (lambda _message: None)
    check_options(options)
    if output.exists() and not output.is_dir():
        raise ModellingError(f"{output}: is a file; the model is saved in a folder")
    import_spacy()  # said before any work when spaCy is missing
    from spacy.util import minibatch
    from thinc.api import fix_random_seed  # what spacy.util re-exports

    started = time.perf_counter()
    labels = TrainedLabels.of(project.labels())
    documents = done_documents(project, labels)
    needed = minimum_documents(options.held_out)
    if not documents:
        raise ModellingError(f"{project.path.name} has no done documents to train on: mark the documents "
                             "you have finished as done (Ctrl+Enter in the window) first")
    if len(documents) < needed:
        raise ModellingError(f"training needs at least {needed} done documents (one to learn from, one to "
                             f"score on); {project.path.name} has {len(documents)} (or use --held-out 0)")
    train_ids, held_ids = split_documents([document[0] for document in documents], options.held_out,
                                          options.seed)
    by_id = {document[0]: document for document in documents}
    train_documents = [by_id[document_id] for document_id in train_ids]
    if not any(spans for _, _, spans in train_documents):
        raise ModellingError("the done documents chosen for training hold no spans of entity, quote or "
                             "claim labels: there is nothing to learn")

    nlp = blank_pipeline(options.lang)
    nlp.max_length = max(nlp.max_length, *(len(text) + 1 for _, text, _ in documents))
    report = DataReport()
    train_examples = examples(nlp, train_documents, labels, report)
    say(f"{len(train_ids)} documents to train on ({report.entities} entities, {report.spans} quotes and "
        f"claims), {len(held_ids)} held out to score on")
    for problem in report.problems:
        say(f"left out: {problem}")
    if report.misaligned:
        say(f"left out {report.misaligned} spans whose edges are not on spaCy's token edges")
    if report.overlapping:
        say(f"left out of NER {report.overlapping} entity spans overlapped by a longer one")
    components, ngram_max = _add_components(nlp, report)
    if not components:
        raise ModellingError("no span of the training documents lines up with spaCy's tokens: "
                             "there is nothing to learn")
    if report.too_long(ngram_max):
        say(f"{report.too_long(ngram_max)} quotes or claims are longer than {ngram_max} tokens: "
            "the span categorizer learns from them but cannot propose spans that long")

    fix_random_seed(options.seed)
    optimizer = nlp.initialize(lambda: train_examples)
    order = random.Random(options.seed)
    losses: dict[str, float] = {}
    for iteration in range(1, options.iterations + 1):
        order.shuffle(train_examples)
        losses = {}
        for batch in minibatch(train_examples, size=options.batch_size):  # type: ignore[no-untyped-call]
            nlp.update(batch, sgd=optimizer, drop=options.dropout, losses=losses)
        shown = ", ".join(f"{name} {float(value):.2f}" for name, value in losses.items())
        say(f"iteration {iteration}/{options.iterations}: loss {shown}")

    result = TrainingResult(output / MODEL_FOLDER, len(train_ids), len(held_ids), report, components,
                            ngram_max, {name: float(value) for name, value in losses.items()})
    if held_ids:
        result.scores = score(nlp, [by_id[document_id] for document_id in held_ids], labels)
    result.seconds = time.perf_counter() - started
    nlp.meta.update(_meta(project, options, result))
    _save(nlp, output)
    return result


def _add_components(nlp: Language, report: DataReport) -> tuple[list[str], int]:
    """NER when the data has entities, a span categorizer when it has quotes or claims."""
    components = []
    if report.entities:
        nlp.add_pipe("ner")
        components.append("ner")
    ngram_max = min(report.longest_span, MAX_SPAN_TOKENS)
    if report.spans:
        # The single-label span categorizer (softmax with a "no span" class): the multi-label one's
        # sigmoids sink to 0 under thousands of negative n-grams and, in our tests, never recovered.
        # Down-weighting the negatives lets a few dozen quotes be learned at all.
        nlp.add_pipe("spancat_singlelabel", name="spancat", config={
            "spans_key": SPANS_KEY,
            # spaCy's built-in: every run of 1..ngram_max tokens is a candidate; no outside detector
            # decides what the model may see, so its scores are its own.
            "suggester": {"@misc": "spacy.ngram_range_suggester.v1", "min_size": 1, "max_size": ngram_max},
            "negative_weight": NEGATIVE_WEIGHT,
            # Predict the best-scoring spans that do not overlap: not five nested copies of one quote
            # (a claim inside a quote is then not proposed; training still sees such overlaps).
            "allow_overlap": False,
        })
        components.append("spancat")
    return components, ngram_max


def score(nlp: Language, documents: Sequence[Document], labels: TrainedLabels) -> list[LabelScore]:
    """Precision, recall and F1 per label of `nlp` against the stored spans of `documents` (all of them:
    spans left out of training still count as what the model should have found)."""
    gold, found = [], []
    for (document_id, _text, spans), doc in zip(documents, nlp.pipe(text for _, text, _ in documents),
                                               strict=True):
        gold += [(str(document_id), span.start, span.end, span.label) for span in spans]
        found += [(str(document_id), start, end, label)
                  for start, end, label in predicted_spans(doc, labels)]
    exact, overlap = span_f1(gold, found, "exact"), span_f1(gold, found, "overlap")
    kinds = labels.kind_of()
    rows = [
        LabelScore.of(label, "ner" if kinds.get(label) == "entity" else "spancat", exact.by_label[label],
                      overlap.by_label[label])
        for label in [*labels.entities, *labels.spans] if label in exact.by_label
    ]
    if rows:
        rows.append(LabelScore.of("all", "", exact.overall, overlap.overall))
    return rows


def _meta(project: Project, options: TrainingOptions, result: TrainingResult) -> dict[str, Any]:
    name = re.sub(r"\W+", "_", project.path.stem).strip("_") or "project"
    return {
        "name": name,
        "version": "0.0.0",
        "description": f"Trained by annotator on the done documents of {project.path.name}",
        META_KEY: {
            "project": project.path.name,
            "labels": labels_meta(project.labels()),
            "spans_key": SPANS_KEY,
            "documents": {"train": result.train_documents, "held_out": result.held_out_documents},
            "left_out": {"misaligned": result.data.misaligned, "overlapping": result.data.overlapping},
            "options": asdict(options),
            "scores": [asdict(row) for row in result.scores],
        },
    }


def _save(nlp: Language, output: Path) -> None:
    """Write the pipeline beside its final place, then move it in: never half a model at `output`."""
    output.mkdir(parents=True, exist_ok=True)
    partial = output / f".{MODEL_FOLDER}.partial"
    if partial.exists():
        shutil.rmtree(partial)
    nlp.to_disk(partial)
    json.loads((partial / "meta.json").read_text("utf-8"))  # written whole, or fail before replacing
    final = output / MODEL_FOLDER
    if final.exists():
        shutil.rmtree(final)
    partial.rename(final)
