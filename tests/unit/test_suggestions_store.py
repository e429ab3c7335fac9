"""Stored suggestions: never annotations until accepted, rejected stays rejected, undo, outcomes."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.model import DocumentRecord, DocumentStatus
from annotator.core.suggestions import SuggestionDraft, SuggestionSettings, combine
from annotator.store import Project, ReadOnlyProjectError, SpanError

TEXT = '"We will not give in," Mark Rutte said on Monday in Berlin.'
QUOTE = (1, 20)  # We will not give in
RUTTE = (23, 33)


def add_document(project: Project, text: str = TEXT) -> int:
    return project.import_records([DocumentRecord(text=text, title="t")]).added[0]


def quote_drafts(source: str = "quotes") -> list[SuggestionDraft]:
    return [
        SuggestionDraft(*QUOTE, "QUOTE", source, attributes={"quote_type": "direct"}, speaker=1,
                        relation_type="SPEAKER"),
        SuggestionDraft(*RUTTE, "PERSON", source),
    ]


def test_stored_suggestions_are_not_annotations(project: Project) -> None:
    document = add_document(project)
    stored = project.add_suggestions(document, quote_drafts())
    assert [(s.start, s.end, s.label, s.text, s.state) for s in stored] == [
        (1, 20, "QUOTE", "We will not give in", "open"), (23, 33, "PERSON", "Mark Rutte", "open")]
    quote, person = stored
    assert quote.speaker_id == person.id and quote.relation_type == "SPEAKER"
    assert quote.attributes == {"quote_type": "direct"} and quote.speaker_range == RUTTE
    assert project.spans(document) == []
    assert project.document_status(document) == DocumentStatus.TODO
    assert project.suggestions(document) == stored


def test_accepting_a_quote_accepts_its_speaker_and_links_them(project: Project) -> None:
    project.annotator = "ann"
    document = add_document(project)
    quote, person = project.add_suggestions(document, quote_drafts())
    accepted = project.accept_suggestion(quote.id)
    assert sorted(accepted.decided) == [quote.id, person.id]
    spans = {(span.start, span.end): span for span in project.spans(document)}
    assert spans[QUOTE].source == "quotes" and spans[QUOTE].annotator == "ann"
    assert spans[QUOTE].attributes == {"quote_type": "direct"}
    assert spans[RUTTE].label == "PERSON"
    [relation] = project.relations(document)
    assert (relation.head_span_id, relation.child_span_id, relation.type) == (
        spans[QUOTE].id, spans[RUTTE].id, "SPEAKER")
    assert accepted.relations == [relation] and len(accepted.spans) == 2
    assert project.suggestions(document) == []
    assert project.suggestion(quote.id).span_id == spans[QUOTE].id


def test_speaker_already_a_span_is_linked_not_suggested(project: Project) -> None:
    document = add_document(project)
    rutte = project.add_span(document, *RUTTE, "PERSON")
    stored = project.add_suggestions(document, quote_drafts())
    assert [(s.label, s.speaker_id, s.speaker_range) for s in stored] == [("QUOTE", None, RUTTE)]
    accepted = project.accept_suggestion(stored[0].id)
    assert [span.id for span in accepted.spans] != [rutte.id]
    [relation] = project.relations(document)
    assert relation.child_span_id == rutte.id


def test_relabelled_accept_is_changed_and_keeps_the_source(project: Project) -> None:
    document = add_document(project)
    [suggestion] = project.add_suggestions(document, [SuggestionDraft(*RUTTE, "PERSON", "patterns:x.jsonl")])
    accepted = project.accept_suggestion(suggestion.id, label="ORG")
    assert [(span.label, span.source) for span in accepted.spans] == [("ORG", "patterns:x.jsonl")]
    assert project.suggestion(suggestion.id).state == "changed"
    assert project.suggestion_outcomes() == {
        "patterns:x.jsonl": {"accepted": 0, "changed": 1, "rejected": 0, "open": 0}}


def test_rejected_suggestion_is_never_proposed_again(project: Project) -> None:
    document = add_document(project)
    [suggestion] = project.add_suggestions(document, [SuggestionDraft(*RUTTE, "PERSON", "project")])
    project.reject_suggestion(suggestion.id)
    assert project.add_suggestions(document, [SuggestionDraft(*RUTTE, "PERSON", "project")]) == []
    project.clear_suggestions()
    assert project.add_suggestions(document, [SuggestionDraft(*RUTTE, "PERSON", "project")]) == []
    assert project.suggestion(suggestion.id).state == "rejected"
    with pytest.raises(ValueError, match="already rejected"):
        project.accept_suggestion(suggestion.id)
    assert project.spans(document) == [] and project.document_status(document) == DocumentStatus.TODO


def test_a_draft_equal_to_a_span_or_with_an_unknown_label_is_left_out(project: Project) -> None:
    document = add_document(project)
    project.add_span(document, *RUTTE, "PERSON")
    drafts = [SuggestionDraft(*RUTTE, "PERSON", "project"), SuggestionDraft(*RUTTE, "NOPE", "project"),
              SuggestionDraft(*RUTTE, "ORG", "project")]
    assert [s.label for s in project.add_suggestions(document, drafts)] == ["ORG"]


def test_a_draft_outside_the_text_stores_nothing(project: Project) -> None:
    document = add_document(project)
    with pytest.raises(SpanError, match="does not fit"):
        project.add_suggestions(document, [SuggestionDraft(0, 4, "PERSON", "project"),
                                           SuggestionDraft(0, 400, "PERSON", "project")])
    assert project.suggestions(document) == []


def test_accept_all_of_one_source_and_undo(project: Project) -> None:
    document = add_document(project)
    project.add_suggestions(document, quote_drafts() + [SuggestionDraft(50, 56, "GPE", "patterns:g.txt")])
    accepted = project.accept_all(document, "quotes")
    assert len(accepted.spans) == 2 and len(accepted.relations) == 1
    assert [s.source for s in project.suggestions(document)] == ["patterns:g.txt"]
    project.reopen_suggestions(accepted.decided, accepted)
    assert project.spans(document) == [] and project.relations(document) == []
    assert len(project.suggestions(document)) == 3
    # After undo the same suggestions can be decided again.
    assert len(project.accept_all(document, "quotes").spans) == 2


def test_reject_all_and_reopen(project: Project) -> None:
    document = add_document(project)
    stored = project.add_suggestions(document, quote_drafts())
    ids = project.reject_all(document)
    assert sorted(ids) == sorted(s.id for s in stored) and project.suggestions(document) == []
    assert project.suggestion_outcomes()["quotes"]["rejected"] == 2
    project.reopen_suggestions(ids)
    assert project.suggestions(document) == stored


def test_accepting_a_quote_whose_speaker_was_rejected_makes_no_link(project: Project) -> None:
    document = add_document(project)
    quote, person = project.add_suggestions(document, quote_drafts())
    project.reject_suggestion(person.id)
    accepted = project.accept_suggestion(quote.id)
    assert accepted.decided == [quote.id] and accepted.relations == []
    assert project.suggestion(person.id).state == "rejected"


def test_split_quote_parts_share_one_speaker(project: Project) -> None:
    text = '"First part," she said, "second part." Anna Berg, minister.'
    document = add_document(project, text)
    drafts = [SuggestionDraft(1, 11, "QUOTE", "quotes", speaker=2, relation_type="SPEAKER"),
              SuggestionDraft(25, 36, "QUOTE", "quotes", speaker=2, relation_type="SPEAKER"),
              SuggestionDraft(39, 48, "PERSON", "quotes")]
    first, second, person = project.add_suggestions(document, drafts)
    project.accept_suggestion(first.id)
    accepted = project.accept_suggestion(second.id)
    assert accepted.decided == [second.id]
    assert {r.child_span_id for r in project.relations(document)} == {project.suggestion(person.id).span_id}
    assert len(project.relations(document)) == 2


def test_clear_deletes_open_only_and_outcomes_count_each_state(project: Project) -> None:
    document = add_document(project)
    quote, person = project.add_suggestions(document, quote_drafts())
    project.add_suggestions(document, [SuggestionDraft(50, 56, "GPE", "project")])
    project.reject_suggestion(person.id)
    assert project.clear_suggestions(source="project") == 1
    assert project.suggestion_outcomes() == {
        "quotes": {"accepted": 0, "changed": 0, "rejected": 1, "open": 1}}
    assert project.clear_suggestions(document) == 1
    assert project.suggestion(person.id).state == "rejected"


def test_settings_and_known_phrases(project: Project) -> None:
    assert project.suggestion_settings() == SuggestionSettings()
    settings = SuggestionSettings(quotes=True, known=True, patterns=("a.jsonl",), model=None)
    project.set_suggestion_settings(settings)
    assert project.suggestion_settings() == settings
    document = add_document(project)
    project.add_span(document, *RUTTE, "PERSON")
    project.add_span(document, *QUOTE, "QUOTE")
    assert project.known_phrases() == {"PERSON": {"Mark Rutte"}}


def test_read_only_project_refuses_suggestions(project_path: Path) -> None:
    with Project(project_path) as project:
        document = add_document(project)
    with Project(project_path, read_only=True) as project, pytest.raises(ReadOnlyProjectError):
        project.add_suggestions(document, quote_drafts())


def test_combine_moves_speaker_indexes_and_drops_repeats() -> None:
    first = [SuggestionDraft(0, 4, "PERSON", "project")]
    second = [SuggestionDraft(5, 9, "QUOTE", "quotes", speaker=1, relation_type="SPEAKER"),
              SuggestionDraft(0, 4, "PERSON", "quotes"), SuggestionDraft(0, 4, "PERSON", "project")]
    combined = combine([first, second])
    assert [(d.start, d.source, d.speaker) for d in combined] == [
        (0, "project", None), (5, "quotes", 2), (0, "quotes", None)]
