"""Moving a span's edges in the store, snapping that trims punctuation, and stepping edges by token."""

from __future__ import annotations

import pytest

from annotator.core.model import DocumentRecord
from annotator.core.tokens import snap_selection, snap_to_tokens, step_edge
from annotator.store import DuplicateSpanError, Project
from annotator.store.errors import SpanError

TEXT = "Rutte met Scholz on November 4, in Berlin. “Nato stays,” Rutte said."


@pytest.fixture
def document_id(project: Project) -> int:
    return project.import_records([DocumentRecord(text=TEXT, title="")]).added[0]


def test_move_span_keeps_id_links_attributes_and_note(project: Project, document_id: int) -> None:
    rutte = project.add_span(document_id, 0, 5, "PERSON", attributes={"role": "x"}, note="n")
    quote = project.add_span(document_id, TEXT.index("“"), TEXT.index("”") + 1, "QUOTE")
    link = project.add_relation(quote.id, rutte.id, "SPEAKER")
    moved = project.move_span(rutte.id, 0, 9)
    assert (moved.id, moved.start, moved.end, moved.text) == (rutte.id, 0, 9, "Rutte met")
    assert (moved.attributes, moved.note, moved.label) == ({"role": "x"}, "n", "PERSON")
    assert project.relations(document_id) == [link]


def test_move_span_refuses_empty_outside_and_duplicate_ranges(project: Project, document_id: int) -> None:
    rutte = project.add_span(document_id, 0, 5, "PERSON")
    project.add_span(document_id, 10, 16, "PERSON")
    for start, end in [(3, 3), (4, 2), (-1, 5), (0, len(TEXT) + 1)]:
        with pytest.raises(SpanError):
            project.move_span(rutte.id, start, end)
    with pytest.raises(DuplicateSpanError):
        project.move_span(rutte.id, 10, 16)
    assert project.span(rutte.id) == rutte  # nothing of a refused move was written


def test_snap_selection_trims_edge_punctuation_but_not_inner_or_paired() -> None:
    def snapped(text: str, start: int = 0, end: int | None = None) -> str:
        a, b = snap_selection(text, start, len(text) if end is None else end)
        return text[a:b]

    at = TEXT.index("November")
    assert snapped(TEXT, at, at + len("November 4, ")) == "November 4"
    assert snapped("“Nato stays,”") == "Nato stays"  # a quote's marks go: exact mode keeps them
    assert snapped("the Bundesamt (BSI) said") == "the Bundesamt (BSI) said"
    assert snapped("(BSI)") == "BSI"
    assert snapped("in the U.S.") == "in the U.S."
    assert snapped("Mr. Smith.") == "Mr. Smith"
    assert snapped(" ,” ") == ""  # only punctuation: nothing to tag
    assert snap_to_tokens(", ", 0, 2) == (0, 1)  # plain snapping (whole-token matches) keeps it


def test_step_edge_moves_by_token_or_character_and_never_empties() -> None:
    text = "Mark Rutte spoke in Berlin.\n\nNext line"
    rutte = (5, 10)
    assert step_edge(text, *rutte, "end", 1) == (5, 16)
    assert step_edge(text, *rutte, "start", -1) == (0, 10)
    assert step_edge(text, *rutte, "end", -1) == rutte
    assert step_edge(text, *rutte, "start", 1) == rutte
    assert step_edge(text, *rutte, "end", -1, by_token=False) == (5, 9)
    next_line = text.index("Next")
    assert step_edge(text, next_line, next_line + 4, "start", -1) == (text.index("."), next_line + 4)
    assert step_edge("Cafe\u0301 x", 0, 3, "end", 1, by_token=False) == (0, 5)  # past the mark
