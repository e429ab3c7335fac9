"""What every export shares: the project's labels, warnings for what a format drops, the span check."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.core.model import Document, Label, LabelKind, RelationType, Span


class ExportError(ValueError):
    """The project holds something an export must not write out silently."""


@dataclass
class ExportContext:
    """What a writer may need beyond the documents, and where it reports what it had to leave out."""

    labels: list[Label]
    relation_types: list[RelationType]
    has_relations: bool = False
    warnings: list[str] = field(default_factory=list)
    # Document id -> its document labels (topic, genre…), in label order; unlabelled ones absent.
    document_labels: dict[int, list[str]] = field(default_factory=dict)

    @property
    def document_label_names(self) -> list[str]:
        """The project's document labels in order (what spaCy's `cats` and Prodigy's `options` list)."""
        return [label.name for label in self.labels if label.kind == LabelKind.DOCUMENT]

    @property
    def span_labels(self) -> list[Label]:
        """The labels spans may carry: every label but the document ones."""
        return [label for label in self.labels if label.kind != LabelKind.DOCUMENT]

    def warn(self, message: str) -> None:
        self.warnings.append(message)


def check_spans(document: Document, spans: Iterable[Span]) -> None:
    text = document.text
    for span in spans:
        if text[span.start:span.end] != span.text or not 0 <= span.start < span.end <= len(text):
            raise ExportError(
                f"document {document.id} ({document.title!r}): span {span.id} {span.label} "
                f"[{span.start}, {span.end}) is stored as {span.text!r} but the text there is "
                f"{text[span.start:span.end]!r}"
            )
