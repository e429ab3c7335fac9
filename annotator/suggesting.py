"""Running suggestion sources on a project's documents (no Qt): build the sources, draft, store."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.model import LabelKind
from annotator.core.suggestions import Suggester, Suggestion, SuggestionDraft, SuggestionSettings, combine

if TYPE_CHECKING:
    from annotator.store import Project


class SuggestionSetupError(ValueError):
    """A source that cannot run on this project (no quote label, a bad pattern file, no spaCy)."""


def suggesters_for(
    project: Project, settings: SuggestionSettings, warn: Callable[[str], None] | None = None
) -> list[Suggester]:
    """The sources `settings` switches on, ready for `project`'s labels.

    Raises SuggestionSetupError (one line) for a source that cannot run; `warn` hears about what is
    left out but does not stop the others (a pattern label the project lacks).
    """
    suggesters: list[Suggester] = []
    if settings.quotes:
        suggesters.append(_quote_suggester(project))
    for path in settings.patterns:
        suggesters.append(_pattern_suggester(project, Path(path), warn))
    if settings.known:
        from annotator.core.known_names import KnownNamesSuggester

        suggesters.append(KnownNamesSuggester(project.known_phrases()))
    if settings.model:
        suggesters.append(_model_suggester(project, settings.model))
    return suggesters


def _quote_suggester(project: Project) -> Suggester:
    from annotator.core.quote_suggester import QuoteSuggester

    labels = project.labels()
    quote = next((label.name for label in labels if label.kind == LabelKind.QUOTE), None)
    if quote is None:
        raise SuggestionSetupError("quotes: the project has no label of kind quote to suggest them with "
                                   "(add one in the label editor, Ctrl+L)")
    speaker_type = next((kind for kind in project.relation_types() if kind.name == "SPEAKER"), None)
    entities = [label.name for label in labels if label.kind == LabelKind.ENTITY]
    allowed = list(speaker_type.child_labels) if speaker_type and speaker_type.child_labels else entities
    if not allowed:
        raise SuggestionSetupError("quotes: the project has no entity label for speakers")
    speaker = "PERSON" if "PERSON" in allowed else allowed[0]
    return QuoteSuggester(quote, speaker, allowed, "SPEAKER")


def _pattern_suggester(project: Project, path: Path, warn: Callable[[str], None] | None) -> Suggester:
    from annotator.core.patterns import PatternFileError, PatternSuggester, load_patterns

    try:
        patterns = load_patterns(path)
    except PatternFileError as error:
        raise SuggestionSetupError(str(error)) from error
    # Names match the project's labels whatever their case ("person" in a file is PERSON).
    mapping: dict[str, str] = {}
    missing: list[str] = []
    for label in sorted(patterns.labels):
        found = project.label_named(label)
        if found is None or found.kind == LabelKind.DOCUMENT:
            missing.append(label)
        else:
            mapping[label] = found.name
    if missing and warn is not None:
        warn(f"{path}: label{'s' if len(missing) > 1 else ''} {', '.join(missing)} not in the project: "
             "left out (add them in the label editor to use them)")
    return PatternSuggester(patterns.relabel(mapping))


def _model_suggester(project: Project, model: str) -> Suggester:
    try:
        from annotator.modelling.spacy_suggester import ModelSuggester
    except ImportError as error:
        raise SuggestionSetupError(f"model: the model source is not available ({error})") from error
    try:
        return ModelSuggester(model, project.labels())
    except ValueError as error:  # ModellingError: spaCy missing, no such pipeline…
        raise SuggestionSetupError(f"model: {error}") from error


def draft_text(
    text: str, mentions: Sequence[tuple[int, int, str]], suggesters: Sequence[Suggester]
) -> list[SuggestionDraft]:
    """Every source's drafts for one text, as one list (speaker indexes kept right)."""
    return combine(suggester.suggest(text, mentions) for suggester in suggesters)


def document_mentions(project: Project, document_id: int) -> list[tuple[int, int, str]]:
    """(start, end, label) of a document's entity spans: what suggesters are told is there."""
    entity = {label.name for label in project.labels() if label.kind == LabelKind.ENTITY}
    return [(span.start, span.end, span.label) for span in project.spans(document_id)
            if span.label in entity]


def suggest_document(project: Project, document_id: int, suggesters: Sequence[Suggester]) -> list[Suggestion]:
    """Compute and store suggestions for one document; returns those newly stored."""
    text = project.document(document_id).text
    drafts = draft_text(text, document_mentions(project, document_id), suggesters)
    return project.add_suggestions(document_id, drafts) if drafts else []
