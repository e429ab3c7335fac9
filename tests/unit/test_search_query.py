"""Search queries: parsing, a MATCH expression no user token can steer, and exact positions."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.core.kwic import kwic
from annotator.core.search_query import (
    DocumentFilter,
    Term,
    fold_accents,
    parse_attribute,
    parse_query,
    required_literals,
    tokens,
)

TEXT = 'Nato chief Mark Rutte said: "We will work with them," Rutte told the café in Zürich.'


@pytest.fixture
def fts() -> sqlite3.Connection:
    """The project's index definition over a few texts, to run MATCH expressions for real."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE f USING fts5 (title, text, tokenize = 'unicode61 remove_diacritics 2')")
    rows = [
        ("Rutte", TEXT),
        ("near title", "NEAR the title: a star * and a minus - sign"),
        ("cjk", "我在北京工作 and 🙂 emoji"),
        ("plain", "nothing relevant here"),
    ]
    conn.executemany("INSERT INTO f (rowid, title, text) VALUES (?, ?, ?)",
                     [(i + 1, title, text) for i, (title, text) in enumerate(rows)])
    return conn


def run(conn: sqlite3.Connection, expression: str | None) -> list[int]:
    assert expression is not None
    rows = conn.execute("SELECT rowid FROM f WHERE f MATCH ? ORDER BY rowid", (expression,))
    return [row[0] for row in rows]


def test_words_and_phrases_are_split_and_an_unclosed_quote_runs_to_the_end() -> None:
    query = parse_query('Rutte "mark   rutte" said "unclosed phrase')
    assert query.terms == (Term("Rutte"), Term("mark rutte", phrase=True), Term("said"),
                           Term("unclosed phrase", phrase=True))


def test_every_term_must_occur_and_every_occurrence_is_found() -> None:
    assert parse_query("rutte said").matches(TEXT) == [(16, 21), (22, 26), (54, 59)]
    assert parse_query("rutte absent").matches(TEXT) == []


def test_phrase_matches_across_any_white_space() -> None:
    assert parse_query('"mark rutte"').matches("Mark\n  Rutte spoke") == [(0, 12)]


def test_words_match_from_their_start_and_whole_word_ends_them() -> None:
    text = "Rutte, Ruttes and BRutte"
    assert parse_query("rutte").matches(text) == [(0, 5), (7, 12)]
    assert parse_query("rutte", whole_word=True).matches(text) == [(0, 5)]


def test_case_option_matches_case_and_accents_exactly() -> None:
    text = "Café CAFE cafe"
    assert parse_query("cafe").matches(text) == [(0, 4), (5, 9), (10, 14)]
    assert parse_query("cafe", case=True).matches(text) == [(10, 14)]
    assert parse_query("Café", case=True).matches(text) == [(0, 4)]


def test_diacritics_fold_one_code_point_for_one_and_combining_marks_are_skipped() -> None:
    assert fold_accents("Zürich naïve") == "Zurich naive"
    assert parse_query("elan").matches("e\u0301lan!") == [(0, 5)]
    assert parse_query("zürich").matches("in Zurich") == [(3, 9)]


def test_offsets_are_code_points_after_emoji_and_cjk() -> None:
    text = "👩‍💻 Ana 🙂 says 北京工作"
    assert parse_query("ana").matches(text) == [(4, 7)]
    assert parse_query("🙂").matches(text) == [(8, 9)]
    start, end = parse_query("北京").matches(text)[0]
    assert text[start:end] == "北京"


@pytest.mark.parametrize("typed", [
    '"', '""', '"""', 'NEAR(', 'NEAR(rutte said, 2)', 'title:', 'title:rutte', '{title text}:x', '*', 'rut*',
    '-', '-rutte', 'rutte NOT said', 'rutte OR x', 'AND', '^rutte', '(', ')', "'", "\\", ':', '+', '"rutte',
    'said"', 'a"b"c', '🙂', '北京', 'Zürich', 'café',
])
def test_no_typed_text_breaks_or_steers_the_match_expression(fts: sqlite3.Connection, typed: str) -> None:
    query = parse_query(typed)
    expression = query.fts_match()
    texts = dict(fts.execute("SELECT rowid, text FROM f").fetchall())
    verified = {document_id for document_id, text in texts.items() if query.matches(text)}
    if expression is None:
        return  # nothing the index can hold: the documents are scanned instead
    assert expression.startswith("text : (")  # the column is ours, whatever was typed
    found = set(run(fts, expression))  # raises on a syntax error
    assert verified <= found  # the index never loses a real match


def test_operators_typed_are_words_not_operators(fts: sqlite3.Connection) -> None:
    # Typed NOT/OR would widen or narrow an FTS5 query: here they are words every match needs.
    assert run(fts, parse_query("rutte OR nothing").fts_match()) == []
    assert run(fts, parse_query("near title").fts_match()) == [2]
    # A column filter typed by the user does not switch the column: "title" is a word of the text.
    assert run(fts, parse_query("title:a").fts_match()) == [2]
    assert run(fts, parse_query("title:rutte").fts_match()) == []


def test_the_index_finds_a_superset_of_the_verified_matches(fts: sqlite3.Connection) -> None:
    texts = {row[0]: row[1] for row in fts.execute("SELECT rowid, text FROM f")}
    for typed in ["rutte", '"mark rutte"', "cafe zurich", "work with", "Rut", "star minus"]:
        query = parse_query(typed)
        verified = [i for i, text in texts.items() if query.matches(text)]
        assert verified, typed
        assert set(verified) <= set(run(fts, query.fts_match())), typed


def test_cjk_inside_a_run_and_emoji_are_left_to_the_scan() -> None:
    assert parse_query("北京").fts_match() is None
    assert parse_query("🙂").fts_match() is None
    assert parse_query("北京 emoji").fts_match() == 'text : ("emoji" *)'


def test_regex_query_by_slashes_or_flag_and_its_literals_narrow(fts: sqlite3.Connection) -> None:
    query = parse_query("/Rut+e (said|told)/")
    assert query.regex
    assert query.matches(TEXT) == [(16, 26), (54, 64)]
    assert required_literals(r"Mark Rut+e") == ["Mark Ru", "e"]
    assert required_literals("a|b") == []
    expression = query.fts_match()
    assert expression is None or run(fts, expression) == [1]
    assert parse_query(r"said: \"We", regex=True).fts_match() == 'text : ("We" *)'
    assert parse_query(r"\d+", regex=True).fts_match() is None


def test_regex_options_case_and_whole_word() -> None:
    assert parse_query("/rutte/", case=True).matches(TEXT) == []
    assert parse_query("/rut/", whole_word=True).matches(TEXT) == []
    assert parse_query("/rutte/", whole_word=True).matches(TEXT) == [(16, 21), (54, 59)]


def test_a_bad_regex_is_one_clear_error() -> None:
    with pytest.raises(ValueError, match="bad regular expression"):
        parse_query("/(unclosed/")


def test_tokens_follow_unicode61() -> None:
    assert tokens("don't under_score 🙂 Zürich") == ["don", "t", "under", "score", "Zürich"]


def test_kwic_cuts_at_word_edges_and_keeps_offsets() -> None:
    text = "word " * 20 + "MATCH" + " other" * 20
    start = text.index("MATCH")
    line = kwic(text, start, start + 5)
    assert line.match == "MATCH"
    assert line.left.endswith("word ") and not line.left.startswith("ord")
    assert line.cut_left and line.cut_right
    assert text[line.left_start:start].lstrip() == line.left
    assert len(line.left) <= 40 and len(line.right) <= 40
    assert kwic("a\nb MATCH c", 4, 9).left == "a b "


def test_kwic_without_spaces_cuts_at_the_character_limit() -> None:
    text = "北" * 100 + "京" + "北" * 100
    line = kwic(text, 100, 101)
    assert line.match == "京" and len(line.left) == 40 and len(line.right) == 40


def test_filters_and_attributes_refuse_bad_input_in_one_line() -> None:
    with pytest.raises(ValueError, match="not a date"):
        DocumentFilter(since="yesterday")
    assert DocumentFilter(since="2024", until="2024-03-01").since == "2024"
    assert parse_attribute("direct = true") == ("direct", "true")
    with pytest.raises(ValueError, match="key=value"):
        parse_attribute("direct")
