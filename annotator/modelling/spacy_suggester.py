"""A spaCy pipeline as a suggestion source: its entities and its span categorizer's spans, in our labels."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.model import Label, LabelKind
from annotator.core.presets import NEWS_LABELS
from annotator.core.suggestions import SuggestionDraft
from annotator.modelling import ModellingError, import_spacy
from annotator.modelling.examples import SPAN_KINDS
from annotator.modelling.training import META_KEY, MODEL_FOLDER

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# What a caller may give as "our labels": the project's Label objects, or names with their kinds.
Labels = Iterable[Label] | Mapping[str, LabelKind | str]
SPAN_CATEGORIZERS = ("spancat", "spancat_singlelabel")  # factories whose spans land in doc.spans[key]


def load_pipeline(name_or_path: str | Path) -> tuple[Language, str]:
    """An installed pipeline (by package name) or one saved in a folder (a folder `annotator train`
    wrote is found through its model-last), and the name suggestions carry. Nothing is downloaded."""
    spacy = import_spacy()
    given = str(name_or_path)
    path = Path(given).expanduser()
    if path.is_dir():
        if (path / MODEL_FOLDER / "config.cfg").is_file():
            path = path / MODEL_FOLDER
        if not (path / "config.cfg").is_file():
            raise ModellingError(f"{path}: not a spaCy pipeline (it has no config.cfg)")
        name = path.parent.name if path.name in (MODEL_FOLDER, "model-best") else path.name
        return _load(spacy, path, given), name or "model"
    if path.exists() or "/" in given or "\\" in given or given.startswith("."):
        raise ModellingError(f"{given}: no such folder (a spaCy pipeline is a folder, or an installed "
                             "package's name)")
    return _load(spacy, given, given), given


def _load(spacy: Any, target: str | Path, given: str) -> Language:
    try:
        nlp: Language = spacy.load(target)
        return nlp
    except OSError as error:
        installed = ", ".join(sorted(spacy.util.get_installed_models())) or "none"
        raise ModellingError(
            f"no spaCy pipeline named {given!r} is installed (installed: {installed}); annotator never "
            f"downloads one: install it (python -m spacy download {given}) or give a trained folder's path"
        ) from error
    except (ValueError, KeyError, ImportError) as error:  # a version mismatch, a missing factory…
        first_line = str(error).strip().splitlines()[0]
        raise ModellingError(f"{given}: spaCy cannot load it: {first_line}") from error


def _label_kinds(labels: Labels | None, nlp: Language) -> dict[str, LabelKind]:
    """Our labels by name: as given, else as the model's meta keeps its project's, else the presets."""
    if labels is None:
        kept = nlp.meta.get(META_KEY, {}).get("labels")
        if kept:
            return {item["name"]: LabelKind(item["kind"]) for item in kept}
        return {name: kind for name, kind, _colour, _key in NEWS_LABELS}
    if isinstance(labels, Mapping):
        return {name: LabelKind(kind) for name, kind in labels.items()}
    return {label.name: label.kind for label in labels}


class ModelSuggester:
    """Suggests what a spaCy pipeline finds: `doc.ents` as our entity labels, the spans its span
    categorizers put in `doc.spans` as our quote and claim labels; names matched whatever their case,
    and labels we do not have left out. Source "model:NAME"."""

    def __init__(self, name_or_path: str | Path, labels: Labels | None = None) -> None:
        self.nlp, self.name = load_pipeline(name_or_path)
        self.source = f"model:{self.name}"
        kinds = _label_kinds(labels, self.nlp)
        self.entity_labels = {name.casefold(): name for name, kind in kinds.items()
                              if kind == LabelKind.ENTITY}
        self.span_labels = {name.casefold(): name for name, kind in kinds.items() if kind in SPAN_KINDS}
        self.span_keys = [
            self.nlp.get_pipe(pipe_name).key  # type: ignore[attr-defined]
            for pipe_name in self.nlp.pipe_names
            if self.nlp.get_pipe_meta(pipe_name).factory in SPAN_CATEGORIZERS
        ]

    def suggest(self, text: str, mentions: Sequence[tuple[int, int, str]] = ()) -> list[SuggestionDraft]:
        """Drafts for `text` (mentions are not needed: the store leaves out a draft equal to a span)."""
        self.nlp.max_length = max(self.nlp.max_length, len(text) + 1)
        return self.drafts(self.nlp(text))

    def drafts(self, doc: Doc) -> list[SuggestionDraft]:
        drafts = []
        for ent in doc.ents:
            label = self.entity_labels.get(ent.label_.casefold())
            start, end = _trimmed(doc.text, ent.start_char, ent.end_char)
            if label is not None and start < end:
                drafts.append(SuggestionDraft(start, end, label, self.source))
        for key in self.span_keys:
            group = doc.spans.get(key)
            if group is None:
                continue
            scores = group.attrs.get("scores")
            for index, span in enumerate(group):
                label = self.span_labels.get(span.label_.casefold())
                if label is None:
                    continue
                score = float(scores[index]) if scores is not None and index < len(scores) else None
                start, end = _trimmed(doc.text, span.start_char, span.end_char)
                if start < end:
                    drafts.append(SuggestionDraft(start, end, label, self.source, score))
        return drafts


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Without the whitespace at its edges: an n-gram may end on a line break token, a span never does."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
