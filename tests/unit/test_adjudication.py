"""Adjudication groups three annotators' spans into agreed candidates and disagreements (no Qt, no file)."""

from __future__ import annotations

from typing import Any, NamedTuple

from annotator.core.adjudication import Review, adjudicate, lane_of

TEXT = (
    "Nato Secretary-General Mark Rutte spoke in Berlin on Monday. "
    '"We will work with them," Rutte said alongside Olaf Scholz.'
)
KINDS = {"PERSON": "entity", "ORG": "entity", "GPE": "entity", "QUOTE": "quote", "CLAIM": "claim"}
ANNOTATORS = ("Alice", "Bob", "Carol")


class LS(NamedTuple):
    """The fields of `annotator.core.layers.LayerSpan` adjudication reads."""

    id: int
    layer: str
    start: int
    end: int
    label: str
    text: str
    attributes: dict[str, Any]
    note: str | None


class LR(NamedTuple):
    head_span_id: int
    child_span_id: int
    type: str


def span(n: int, layer: str, phrase: str, label: str, attributes: dict | None = None,
         note: str | None = None, occurrence: int = 0) -> LS:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(phrase, start + 1)
    return LS(n, layer, start, start + len(phrase), label, phrase, attributes or {}, note)


def review(spans: list[LS], relations: list[LR] = ()) -> Review:  # type: ignore[assignment]
    return adjudicate(ANNOTATORS, spans, relations, KINDS)


def test_the_same_span_of_all_three_is_unanimous_and_accepted_without_a_disagreement() -> None:
    result = review([span(1, "Alice", "Berlin", "GPE"), span(2, "Bob", "Berlin", "GPE"),
                     span(3, "Carol", "Berlin", "GPE")])
    assert [c.key for c in result.unanimous] == [(TEXT.index("Berlin"), TEXT.index("Berlin") + 6, "GPE")]
    assert result.unanimous[0].agreement == "3 of 3 agree"
    assert result.disagreements == ()


def test_two_of_three_is_a_disagreement_naming_who_agrees() -> None:
    result = review([span(1, "Alice", "Mark Rutte", "PERSON"), span(2, "Carol", "Mark Rutte", "PERSON")])
    assert result.unanimous == ()
    [disagreement] = result.disagreements
    [candidate] = disagreement.candidates
    assert candidate.supporters == ("Alice", "Carol")
    assert candidate.agreement == "2 of 3 agree"
    start = TEXT.index("Mark Rutte")
    assert disagreement.summary(ANNOTATORS) == f"Alice, Carol PERSON [{start},{start + 10}) vs Bob nothing"
    assert [v.layer for v in disagreement.version_of("Alice")] == ["Alice"]
    assert disagreement.version_of("Bob") == []


def test_overlapping_different_spans_form_one_disagreement_and_a_quote_against_a_claim_is_one() -> None:
    quote = '"We will work with them,"'
    shorter = '"We will work with them'
    result = review([
        span(1, "Alice", quote, "QUOTE"), span(2, "Bob", shorter, "CLAIM"), span(3, "Carol", quote, "QUOTE"),
        # Entities inside or beside the quote are another lane: never part of its disagreement.
        span(4, "Alice", "Rutte", "PERSON", occurrence=1), span(5, "Bob", "Rutte", "PERSON", occurrence=1),
        span(6, "Carol", "Rutte", "PERSON", occurrence=1),
        span(7, "Alice", "Nato", "ORG"), span(8, "Bob", "Nato Secretary-General", "ORG"),
    ])
    assert [d.lane for d in result.disagreements] == ["entity", "statement"]
    nato, statement = result.disagreements
    assert (nato.start, nato.end) == (0, len("Nato Secretary-General"))
    assert [c.label for c in statement.candidates] == ["QUOTE", "CLAIM"]
    start = TEXT.index(quote)
    assert statement.summary(ANNOTATORS) == (
        f"Alice, Carol QUOTE [{start},{start + len(quote)}) vs Bob CLAIM [{start},{start + len(shorter)})"
    )
    assert [c.label for c in result.unanimous] == ["PERSON"]


def test_disagreements_come_in_text_order_and_separate_when_they_do_not_overlap() -> None:
    result = review([span(1, "Alice", "Olaf Scholz", "PERSON"), span(2, "Bob", "Berlin", "GPE"),
                     span(3, "Carol", "Monday", "GPE")])
    assert [d.candidates[0].label for d in result.disagreements] == ["GPE", "GPE", "PERSON"]
    assert [d.start for d in result.disagreements] == sorted(d.start for d in result.disagreements)


def test_a_chain_of_overlaps_is_one_disagreement() -> None:
    # A overlaps B, B overlaps C, A does not overlap C: one passage to settle.
    result = review([span(1, "Alice", "Secretary-General Mark", "PERSON"),
                     span(2, "Bob", "Mark Rutte", "PERSON"), span(3, "Carol", "Rutte spoke", "PERSON")])
    [disagreement] = result.disagreements
    assert len(disagreement.candidates) == 3


def test_same_span_different_attributes_is_an_attribute_disagreement() -> None:
    quote = '"We will work with them,"'
    result = review([span(1, "Alice", quote, "QUOTE", {"direct": True}),
                     span(2, "Bob", quote, "QUOTE", {"direct": False}),
                     span(3, "Carol", quote, "QUOTE", {"direct": True})])
    [disagreement] = result.disagreements
    assert disagreement.about == "attributes"
    assert disagreement.candidates[0].agreement == "3 of 3 agree"  # on the span; not on its attributes
    assert "Alice, Carol QUOTE" in disagreement.summary(ANNOTATORS)
    assert "direct=True vs Bob" in disagreement.summary(ANNOTATORS)
    sides = disagreement.sides(ANNOTATORS)
    assert [layers for layers, _ in sides] == [["Alice", "Carol"], ["Bob"]]


def test_speaker_chosen_differently_is_a_link_disagreement_and_the_version_carries_its_speaker() -> None:
    quote = '"We will work with them,"'
    spans = [span(1, "Alice", quote, "QUOTE"), span(2, "Alice", "Rutte", "PERSON", occurrence=1),
             span(3, "Bob", quote, "QUOTE"), span(4, "Bob", "Olaf Scholz", "PERSON"),
             span(5, "Carol", quote, "QUOTE"), span(6, "Carol", "Rutte", "PERSON", occurrence=1),
             span(7, "Bob", "Rutte", "PERSON", occurrence=1), span(8, "Alice", "Olaf Scholz", "PERSON"),
             span(9, "Carol", "Olaf Scholz", "PERSON")]
    links = [LR(1, 2, "SPEAKER"), LR(3, 4, "SPEAKER"), LR(5, 6, "SPEAKER")]
    result = review(spans, links)
    [disagreement] = result.disagreements
    assert disagreement.about == "links"
    assert "speaker “Rutte” vs Bob QUOTE" in disagreement.summary(ANNOTATORS, TEXT)
    [bob] = disagreement.version_of("Bob")
    assert bob.children[0].text == "Olaf Scholz"
    assert sorted(c.label for c in result.unanimous) == ["PERSON", "PERSON"]


def test_unanimous_needs_the_same_links() -> None:
    quote = '"We will work with them,"'
    spans = [s for layer, n in zip(ANNOTATORS, (0, 10, 20), strict=True)
             for s in (span(n + 1, layer, quote, "QUOTE"),
                       span(n + 2, layer, "Rutte", "PERSON", occurrence=1))]
    result = review(spans, [LR(n + 1, n + 2, "SPEAKER") for n in (0, 10, 20)])
    assert result.disagreements == ()
    quote_candidate = next(c for c in result.unanimous if c.label == "QUOTE")
    rutte = TEXT.index("Rutte said")
    assert quote_candidate.versions[0].links == (("SPEAKER", (rutte, rutte + 5, "PERSON")),)
    # Carol left her quote unlinked: the quote is disputed (its speaker), the speaker span is not.
    unlinked = review(spans, [LR(n + 1, n + 2, "SPEAKER") for n in (0, 10)])
    [disagreement] = unlinked.disagreements
    assert disagreement.about == "links"
    start = TEXT.index(quote)
    assert disagreement.summary(ANNOTATORS, TEXT).endswith(
        f"vs Carol QUOTE [{start},{start + len(quote)}) unlinked")


def test_notes_are_kept_one_if_alike_else_each_named() -> None:
    alike = review([span(1, "Alice", "Berlin", "GPE", note="city"),
                    span(2, "Bob", "Berlin", "GPE", note="city"), span(3, "Carol", "Berlin", "GPE")])
    assert alike.unanimous[0].note() == "city"
    differ = review([span(1, "Alice", "Berlin", "GPE", note="city"),
                     span(2, "Bob", "Berlin", "GPE", note="capital"), span(3, "Carol", "Berlin", "GPE")])
    assert differ.unanimous[0].note() == "Alice: city; Bob: capital"


def test_settled_by_a_gold_span_over_it_or_by_rejection_but_not_by_an_agreed_one() -> None:
    spans = [span(1, "Alice", "Nato", "ORG"), span(2, "Bob", "Nato Secretary-General", "ORG"),
             span(3, "Alice", "Mark Rutte", "PERSON"), span(4, "Bob", "Mark Rutte", "PERSON"),
             span(5, "Carol", "Mark Rutte", "PERSON")]
    result = review(spans)
    [nato] = result.disagreements
    rutte = result.unanimous[0]
    assert not result.is_settled(nato, [rutte], KINDS)
    accepted = LS(0, "", 0, 4, "ORG", "Nato", {}, None)
    assert result.is_settled(nato, [accepted], KINDS)
    assert result.is_settled(nato, [], KINDS, rejected=[nato.ident])
    # A gold quote over the same text is another lane: it settles nothing about entities.
    assert not result.is_settled(nato, [LS(0, "", 0, 22, "QUOTE", "", {}, None)], KINDS)


def test_annotators_without_spans_count_and_unknown_layers_come_after() -> None:
    result = adjudicate(["Alice", "Bob"], [span(1, "Alice", "Berlin", "GPE"), span(2, "Bob", "Berlin", "GPE"),
                                           span(3, "Dan", "Berlin", "GPE")], [], KINDS)
    assert result.annotators == ("Alice", "Bob", "Dan")
    assert result.unanimous[0].agreement == "3 of 3 agree"
    assert lane_of("CLAIM", KINDS) == lane_of("QUOTE", KINDS) == "statement"
    assert lane_of("UNKNOWN", KINDS) == "entity"


def test_open_disagreements_by_bisect_match_a_plain_scan_on_random_layers() -> None:
    import random

    labels = ["PERSON", "ORG", "QUOTE", "CLAIM"]
    for seed in range(60):
        rng = random.Random(seed)
        spans, n = [], 0
        for layer in ANNOTATORS:
            for _ in range(rng.randint(0, 12)):
                start = rng.randint(0, 60)
                n += 1
                end = start + rng.randint(1, 12)
                spans.append(LS(n, layer, start, end, rng.choice(labels), "", {}, None))
        result = review(spans)
        gold = []
        for _ in range(rng.randint(0, 6)):
            start = rng.randint(0, 60)
            gold.append(LS(0, "", start, start + rng.randint(1, 12), rng.choice(labels), "", {}, None))
        gold += [LS(0, "", *c.key, "", {}, None) for c in result.unanimous if rng.random() < 0.5]
        rejected = [d.ident for d in result.disagreements if rng.random() < 0.2]
        agreed = result.unanimous_keys()
        scan = [d for d in result.disagreements if d.ident not in rejected and not any(
            lane_of(g.label, KINDS) == d.lane and g.start < d.end and d.start < g.end
            and (g.start, g.end, g.label) not in agreed for g in gold)]
        assert result.open_disagreements(gold, KINDS, rejected) == scan, seed
