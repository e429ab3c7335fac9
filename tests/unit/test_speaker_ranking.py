"""The speaker chooser's candidates: only the labels a relation type allows, likeliest first."""

from __future__ import annotations

from annotator.core.model import LabelKind, RelationType
from annotator.core.speakers import allowed_labels, rank_speakers, speaker_candidates
from annotator.ui.span_index import SpanRow

TEXT = ("Olaf Scholz met NATO in Berlin.\n"
        'Mark Rutte told Ana: "We will work with Kyiv," said Rutte, beside Scholz.\n'
        "Later Ana left.")
KINDS = {"PERSON": LabelKind.ENTITY, "ORG": LabelKind.ENTITY, "GPE": LabelKind.ENTITY,
         "QUOTE": LabelKind.QUOTE}
SPEAKER = RelationType("SPEAKER", LabelKind.QUOTE, LabelKind.ENTITY, ("PERSON", "ORG"))


def span(text: str, label: str, occurrence: int = 0) -> SpanRow:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(text, start + 1)
    return SpanRow(start, start, start + len(text), label, text)


QUOTE = span('"We will work with Kyiv,"', "QUOTE")


def test_nearest_before_then_nearest_after_in_the_paragraph_then_the_rest_then_inside() -> None:
    spans = [span("Olaf Scholz", "PERSON"), span("NATO", "ORG"), span("Mark Rutte", "PERSON"),
             span("Ana", "PERSON"), span("Kyiv", "GPE"), span("Rutte", "PERSON", 1),
             span("Scholz", "PERSON", 1), span("Ana", "PERSON", 1)]
    ranked = rank_speakers(TEXT, QUOTE.start, QUOTE.end, spans)
    assert [(s.text, s.start) for s in ranked] == [
        (s.text, s.start) for s in [spans[3], spans[2], spans[5], spans[6], spans[1], spans[0], spans[7],
                                    spans[4]]]


def test_only_the_labels_the_relation_type_allows_are_offered() -> None:
    spans = [span("Mark Rutte", "PERSON"), span("Berlin", "GPE"), span("NATO", "ORG")]
    name, offered, allowed = speaker_candidates([SPEAKER], LabelKind.QUOTE, KINDS, spans, TEXT, QUOTE)
    assert name == "SPEAKER" and allowed == ["PERSON", "ORG"]
    assert [s.text for s in offered] == ["Mark Rutte", "NATO"]


def test_a_relation_type_naming_no_labels_allows_every_label_of_its_kind() -> None:
    assert allowed_labels(RelationType("SPEAKER", LabelKind.QUOTE, LabelKind.ENTITY), KINDS) == [
        "PERSON", "ORG", "GPE"]
