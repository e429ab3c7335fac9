"""What the project knows, and the quote source, as suggestions; running sources over a project."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.known_names import KnownNamesSuggester
from annotator.core.model import DocumentRecord, DocumentStatus, LabelKind
from annotator.core.quote_suggester import QuoteSuggester
from annotator.core.suggestions import SuggestionSettings
from annotator.store import Project
from annotator.suggesting import SuggestionSetupError, suggest_document, suggesters_for

TEXT = "Mark Rutte met Rutte's aides. Ruttes and rutte are not him; Mark Rutte is. NATO-Rutte too."


def spans(drafts: list, text: str = TEXT) -> list[tuple[str, str]]:
    return [(text[d.start:d.end], d.label) for d in drafts]


def test_known_text_is_suggested_on_whole_tokens_in_the_case_tagged() -> None:
    suggester = KnownNamesSuggester({"PERSON": {"Rutte"}})
    drafts = suggester.suggest(TEXT)
    # "Rutte's": the apostrophe is a token edge; "Ruttes", "rutte" and "NATO-Rutte" are not "Rutte".
    assert [d.start for d in drafts] == [5, 15, 65]
    assert {d.source for d in drafts} == {"project"}


def test_a_shorter_known_name_inside_a_longer_one_or_a_span_is_left_alone() -> None:
    suggester = KnownNamesSuggester({"PERSON": {"Rutte", "Mark Rutte"}, "ORG": {"Rutte"}})
    drafts = suggester.suggest(TEXT, mentions=[(15, 20, "PERSON")])
    assert spans(drafts) == [("Mark Rutte", "PERSON"), ("Rutte", "ORG"), ("Rutte", "ORG"),
                             ("Mark Rutte", "PERSON"), ("Rutte", "ORG")]


def test_one_letter_names_are_not_suggested() -> None:
    assert KnownNamesSuggester({"PERSON": {"I", "A"}}).suggest("I met A. Smith.") == []


QUOTED = ('"We will not give in," Mark Rutte said on Monday. "Never," he added.\n'
          "Olaf Scholz told reporters that the alliance was united.")


def test_quote_source_links_quotes_to_speakers_and_reuses_tagged_ones() -> None:
    drafts = QuoteSuggester().suggest(QUOTED)
    by_text = {QUOTED[d.start:d.end]: d for d in drafts}
    first, second = by_text["We will not give in"], by_text["Never"]
    assert first.attributes == {"quote_type": "direct"} and first.relation_type == "SPEAKER"
    assert first.speaker is not None and drafts[first.speaker].label == "PERSON"
    assert QUOTED[drafts[first.speaker].start:drafts[first.speaker].end] == "Mark Rutte"
    assert second.speaker == first.speaker  # one speaker draft for both quotes
    indirect = [d for d in drafts if d.attributes.get("quote_type") == "indirect"]
    assert indirect and QUOTED[drafts[indirect[0].speaker].start:].startswith("Olaf Scholz")
    tagged = QuoteSuggester().suggest(QUOTED, mentions=[(23, 33, "PERSON")])
    assert not any(d.label == "PERSON" and d.start == 23 for d in tagged)
    assert next(d for d in tagged if d.start == 1).speaker_range == (23, 33)


def add(project: Project, text: str) -> int:
    return project.import_records([DocumentRecord(text=text, title="t")]).added[0]


def test_suggest_document_stores_each_source_and_changes_no_status(project: Project) -> None:
    first = add(project, "Mark Rutte spoke.")
    project.add_span(first, 0, 10, "PERSON")
    second = add(project, QUOTED)
    suggesters = suggesters_for(project, SuggestionSettings(quotes=True, known=True))
    stored = suggest_document(project, second, suggesters)
    assert {(s.source, s.label, s.text) for s in stored} >= {
        ("quotes", "QUOTE", "We will not give in"), ("project", "PERSON", "Mark Rutte")}
    quote = next(s for s in stored if s.text == "We will not give in")
    assert project.suggestion(quote.speaker_id).text == "Mark Rutte"
    assert project.document_status(second) == DocumentStatus.TODO and project.spans(second) == []
    assert suggest_document(project, second, suggesters) == []  # a re-run adds nothing twice


def test_pattern_labels_match_the_project_whatever_their_case(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"label": "org", "pattern": "NATO"}\n{"label": "WEAPON", "pattern": "tank"}\n')
    warnings: list[str] = []
    [suggester] = suggesters_for(project, SuggestionSettings(patterns=(str(path),)), warnings.append)
    assert [d.label for d in suggester.suggest("NATO bought a tank.", [])] == ["ORG"]
    assert warnings == [f"{path}: label WEAPON not in the project: left out (add them in the label "
                        "editor to use them)"]


def test_a_project_without_a_quote_label_says_so(project: Project) -> None:
    project.delete_label("QUOTE")
    with pytest.raises(SuggestionSetupError, match="no label of kind quote"):
        suggesters_for(project, SuggestionSettings(quotes=True))
    project.add_label("Zitat", LabelKind.QUOTE)
    [suggester] = suggesters_for(project, SuggestionSettings(quotes=True))
    assert suggester.suggest(QUOTED, [])[1].label == "Zitat"
