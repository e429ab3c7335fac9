"""Training data, training and the model suggestion source (annotator.modelling), on a tiny project."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from annotator.core.model import DocumentStatus, LabelKind, Span
from annotator.modelling import SPACY_MISSING, ModellingError, import_spacy
from annotator.modelling.examples import SPANS_KEY, DataReport, TrainedLabels, annotated_doc
from annotator.modelling.training import (
    MODEL_FOLDER,
    TrainingOptions,
    split_documents,
    train_project,
)
from annotator.store import Project

spacy = pytest.importorskip("spacy")

from tiny_training_project import UNSEEN, article, tiny_project  # noqa: E402

LABELS = TrainedLabels(entities=("PERSON", "ORG", "GPE"), spans=("QUOTE", "CLAIM"))
FAST = TrainingOptions(iterations=10, seed=0)


def span(start: int, end: int, label: str, text: str) -> Span:
    return Span(0, 1, start, end, label, text[start:end])


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object]:
    """One model trained on the tiny project, shared by the tests that only read it."""
    folder = tmp_path_factory.mktemp("trained")
    path = tiny_project(folder / "tiny.sqlite")
    lines: list[str] = []
    with Project(path, read_only=True) as project:
        result = train_project(project, folder / "model", FAST, progress=lines.append)
    return path, folder / "model", (result, lines)


# --- training data --------------------------------------------------------------------------------


def test_split_is_seeded_and_keeps_a_document_on_each_side() -> None:
    ids = list(range(1, 11))
    train, held = split_documents(ids, 0.2, seed=3)
    assert len(held) == 2 and sorted(train + held) == ids
    assert split_documents(ids, 0.2, seed=3) == (train, held)
    assert split_documents(ids, 0.2, seed=4) != (train, held)
    assert split_documents([1, 2], 0.9, seed=0)[0] and split_documents([1, 2], 0.01, seed=0)[1]
    assert split_documents(ids, 0, seed=0) == (ids, [])


def test_a_span_inside_a_token_is_left_out_and_counted() -> None:
    nlp = spacy.blank("en")
    text = "Mark Rutte spoke in Berlin."
    report = DataReport()
    doc = annotated_doc(nlp, text, [span(0, 10, "PERSON", text), span(20, 24, "GPE", text)], LABELS,
                        report, document_id=7)
    assert [(ent.text, ent.label_) for ent in doc.ents] == [("Mark Rutte", "PERSON")]
    assert report.misaligned == 1 and report.entities == 1
    assert report.problems == [
        "document 7: GPE 'Berl' at 20-24 does not start and end on spaCy's token edges"]


def test_overlapping_entities_keep_the_longest_and_quotes_keep_their_overlaps() -> None:
    nlp = spacy.blank("en")
    text = 'Prime Minister Mark Rutte said "Mark Rutte stays".'
    spans = [span(0, 25, "PERSON", text), span(15, 25, "PERSON", text), span(20, 25, "ORG", text),
             span(32, 48, "QUOTE", text), span(32, 42, "PERSON", text), span(32, 48, "CLAIM", text)]
    report = DataReport()
    doc = annotated_doc(nlp, text, spans, LABELS, report)
    assert [ent.text for ent in doc.ents] == ["Prime Minister Mark Rutte", "Mark Rutte"]
    assert report.overlapping == 2
    assert [(group_span.text, group_span.label_) for group_span in doc.spans[SPANS_KEY]] == [
        ("Mark Rutte stays", "QUOTE"), ("Mark Rutte stays", "CLAIM")]
    assert report.span_tokens == [3, 3]


def test_labels_learned_by_kind(project: Project) -> None:
    labels = TrainedLabels.of(project.labels())
    kinds = {label.name: label.kind for label in project.labels()}
    assert all(kinds[name] == LabelKind.ENTITY for name in labels.entities)
    assert set(labels.spans) == {"QUOTE", "CLAIM"}


# --- spaCy missing --------------------------------------------------------------------------------


def test_missing_spacy_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)  # `import spacy` now raises ImportError
    with pytest.raises(ModellingError, match=r"install annotator\[spacy\]"):
        import_spacy()
    path = tiny_project(tmp_path / "tiny.sqlite", documents=2)
    with Project(path, read_only=True) as project, pytest.raises(ModellingError) as raised:
        train_project(project, tmp_path / "model", FAST)
    assert str(raised.value) == SPACY_MISSING
    assert not (tmp_path / "model").exists()
    from annotator.modelling.spacy_suggester import ModelSuggester

    with pytest.raises(ModellingError, match=r"annotator\[spacy\]"):
        ModelSuggester("en_core_web_sm")


# --- training -------------------------------------------------------------------------------------


def test_training_saves_a_pipeline_with_the_projects_labels_and_scores(trained) -> None:
    _, model, (result, lines) = trained
    assert result.model_path == model / MODEL_FOLDER
    assert result.components == ["ner", "spancat"]
    assert (result.train_documents, result.held_out_documents) == (4, 1)
    assert any(line.startswith("iteration 10/10: loss ner ") for line in lines)
    meta = json.loads((model / MODEL_FOLDER / "meta.json").read_text("utf-8"))
    ours = meta["annotator"]
    assert {"name": "QUOTE", "kind": "quote"} in ours["labels"]
    assert ours["documents"] == {"train": 4, "held_out": 1}
    rows = {row.label: row for row in result.scores}
    assert set(rows) == {"PERSON", "ORG", "GPE", "QUOTE", "all"}
    # The held-out article: 8 PERSON, 4 ORG, 4 GPE, 4 QUOTE spans.
    assert (rows["PERSON"].gold, rows["QUOTE"].gold, rows["all"].gold) == (8, 4, 20)
    assert rows["all"].predicted > 0 and [row["label"] for row in ours["scores"]] == list(rows)
    assert not list(model.glob(".*partial"))


def test_same_seed_same_model(tmp_path: Path, trained) -> None:
    project_path = trained[0]
    quick = TrainingOptions(iterations=2, seed=5)
    with Project(project_path, read_only=True) as project:
        first = train_project(project, tmp_path / "first", quick)
        again = train_project(project, tmp_path / "again", quick)
    assert again.losses == first.losses and again.scores == first.scores
    assert (tmp_path / "first" / MODEL_FOLDER / "ner" / "model").read_bytes() == (
        tmp_path / "again" / MODEL_FOLDER / "ner" / "model").read_bytes()


def test_model_suggests_on_an_unseen_document_in_our_labels(trained) -> None:
    from annotator.modelling.spacy_suggester import ModelSuggester

    project_path, model, _ = trained
    with Project(project_path, read_only=True) as project:
        suggester = ModelSuggester(model, project.labels())
        names = {label.name for label in project.labels()}
    assert suggester.source == "model:model"
    drafts = suggester.suggest(UNSEEN, [])
    assert drafts, "the tiny model finds nothing in a sentence shaped like its training data"
    for draft in drafts:
        assert draft.label in names and draft.source == "model:model"
        assert 0 <= draft.start < draft.end <= len(UNSEEN)
        assert UNSEEN[draft.start:draft.end].strip() == UNSEEN[draft.start:draft.end]
    # Ten passes over four articles teach it little, but a name in the shape it saw twenty times, yes.
    found = {(UNSEEN[d.start:d.end], d.label) for d in drafts}
    assert found & {("Kaja Kallas", "PERSON"), ("Kallas", "PERSON")}, found


@pytest.mark.parametrize("documents, held_out, message", [
    (0, 0.2, "has no done documents to train on"),
    (1, 0.2, "training needs at least 2 done documents"),
])
def test_too_few_done_documents(tmp_path: Path, documents: int, held_out: float, message: str) -> None:
    path = tiny_project(tmp_path / "tiny.sqlite", documents=documents)
    with Project(path) as project:
        project.import_records([article(9, DocumentStatus.IN_PROGRESS)])  # not done: never trained on
        with pytest.raises(ModellingError, match=message):
            train_project(project, tmp_path / "model", TrainingOptions(held_out=held_out, iterations=1))
    assert not (tmp_path / "model").exists()


def test_one_done_document_trains_without_held_out(tmp_path: Path) -> None:
    path = tiny_project(tmp_path / "tiny.sqlite", documents=1)
    with Project(path, read_only=True) as project:
        result = train_project(project, tmp_path / "model", TrainingOptions(held_out=0, iterations=1))
    assert result.scores == [] and (tmp_path / "model" / MODEL_FOLDER / "config.cfg").is_file()


@pytest.mark.parametrize("options, message", [
    (TrainingOptions(held_out=1.0), "--held-out must be at least 0 and below 1"),
    (TrainingOptions(iterations=0), "--iterations must be at least 1"),
    (TrainingOptions(lang="xx-nonsense", iterations=1), "spaCy cannot make a blank 'xx-nonsense' pipeline"),
])
def test_bad_options_are_one_line(tmp_path: Path, options: TrainingOptions, message: str) -> None:
    path = tiny_project(tmp_path / "tiny.sqlite", documents=2)
    with Project(path, read_only=True) as project, pytest.raises(ModellingError, match=message) as raised:
        train_project(project, tmp_path / "model", options)
    assert "\n" not in str(raised.value)


# --- the suggestion source ------------------------------------------------------------------------


def test_suggester_maps_labels_by_name_whatever_their_case(tmp_path: Path) -> None:
    from annotator.modelling.spacy_suggester import ModelSuggester

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "person", "pattern": "Mark Rutte"}, {"label": "MISC", "pattern": "NATO"}])
    nlp.to_disk(tmp_path / "ruler")
    suggester = ModelSuggester(tmp_path / "ruler", {"PERSON": "entity", "QUOTE": "quote"})
    assert suggester.source == "model:ruler"
    text = "Mark Rutte leads NATO."
    assert [(d.start, d.end, d.label) for d in suggester.suggest(text, [])] == [(0, 10, "PERSON")]

    doc = nlp.make_doc('He said "we stay" twice.')
    from spacy.tokens import Span as SpacySpan

    doc.spans["sc"] = [SpacySpan(doc, 3, 5, "quote"), SpacySpan(doc, 0, 1, "PERSON"),
                       SpacySpan(doc, 1, 2, "X")]
    doc.spans["sc"].attrs["scores"] = [0.9, 0.8, 0.7]
    suggester.span_keys = ["sc"]
    drafts = suggester.drafts(doc)
    # Span groups give quotes and claims only; an entity label there, or an unknown one, is left out.
    assert [(d.start, d.end, d.label, d.score) for d in drafts] == [(9, 16, "QUOTE", pytest.approx(0.9))]


def test_suggester_without_labels_uses_the_labels_the_model_was_trained_with(trained) -> None:
    from annotator.modelling.spacy_suggester import ModelSuggester

    _, model, _ = trained
    suggester = ModelSuggester(model / MODEL_FOLDER)
    assert suggester.source == "model:model"  # named for the folder `train -o` was given
    assert set(suggester.entity_labels.values()) >= {"PERSON", "ORG", "GPE"}
    assert suggester.span_keys == [SPANS_KEY]


def test_pipelines_that_cannot_be_loaded_are_named(tmp_path: Path) -> None:
    from annotator.modelling.spacy_suggester import ModelSuggester

    with pytest.raises(ModellingError, match="no spaCy pipeline named 'xx_not_installed_sm' is installed"
                                             ".*never downloads"):
        ModelSuggester("xx_not_installed_sm")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModellingError, match="not a spaCy pipeline"):
        ModelSuggester(tmp_path / "empty")
    with pytest.raises(ModellingError, match="no such folder"):
        ModelSuggester(str(tmp_path / "missing"))
