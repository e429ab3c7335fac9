"""`export --suggestions`: open suggestions put beside the spans, marked, for the formats that can mark them.

A suggestion travels to a writer as a `Span` with a negative id (minus the suggestion's id) and its
source; a writer that knows the convention marks it (Prodigy JSONL: "suggested": true and
"source"). Formats that cannot tell a suggestion from an annotation get none, with a warning:
an export must never pass suggestions off as annotations.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from annotator.core.model import AnnotatedDocument, Relation, Span
from annotator.formats.export_checks import ExportContext
from annotator.store import Project

# The formats whose writers mark a suggested span as such.
MARKING_FORMATS = ("jsonl",)


def is_suggested(span: Span) -> bool:
    return span.id < 0


def with_suggestions(
    project: Project, documents: Iterable[AnnotatedDocument], format_name: str, context: ExportContext
) -> Iterator[AnnotatedDocument]:
    """The documents with their open suggestions added as marked spans (and speaker links)."""
    if format_name not in MARKING_FORMATS:
        left_out = sum(counts["open"] for counts in project.suggestion_outcomes().values())
        if left_out:
            context.warn(f"the {format_name} format cannot mark suggestions: {left_out} open "
                         f"suggestion{'s' if left_out != 1 else ''} left out (--format jsonl keeps them)")
        yield from documents
        return
    for document, spans, relations in documents:
        suggestions = project.suggestions(document.id)
        if not suggestions:
            yield document, spans, relations
            continue
        tagged = {(span.start, span.end, span.label): span.id for span in spans}
        at_range = {(span.start, span.end): span.id for span in spans}
        added: list[Span] = []
        exported: set[int] = set()
        for suggestion in suggestions:
            if (suggestion.start, suggestion.end, suggestion.label) in tagged:
                continue  # tagged by hand since it was suggested
            added.append(Span(-suggestion.id, document.id, suggestion.start, suggestion.end,
                              suggestion.label, suggestion.text, suggestion.attributes, None, None,
                              suggestion.source))
            exported.add(suggestion.id)
        links: list[Relation] = []
        for suggestion in suggestions:
            if suggestion.id not in exported or not suggestion.relation_type:
                continue
            if suggestion.speaker_id is not None and suggestion.speaker_id in exported:
                child = -suggestion.speaker_id
            elif suggestion.speaker_range in at_range:
                child = at_range[suggestion.speaker_range]
            else:
                continue
            links.append(Relation(-suggestion.id, -suggestion.id, child, suggestion.relation_type))
        merged = sorted([*spans, *added], key=lambda span: (span.start, -span.end, span.label))
        yield document, merged, [*relations, *links]
