"""Pattern files and gazetteers: spaCy's token attributes and operators, whole tokens, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.patterns import PatternFileError, PatternSuggester, load_patterns
from annotator.core.token_matcher import PatternError, compile_token_pattern, word_shape

TEXT = ("The European Central Bank met in Frankfurt on 12 March. Christine Lagarde said rates stay.\n"
        "Bank of England governor Andrew Bailey agreed; the BANK holiday is on 2024-05-06.")


def write_jsonl(tmp_path: Path, *entries: object, name: str = "patterns.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(entry) + "\n" for entry in entries), encoding="utf-8")
    return path


def found(path: Path, text: str = TEXT) -> list[tuple[str, str]]:
    return [(text[d.start:d.end], d.label) for d in PatternSuggester(load_patterns(path)).suggest(text)]


def test_exact_strings_match_whole_tokens_case_as_written(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path, {"label": "ORG", "pattern": "European Central Bank"},
                       {"label": "ORG", "pattern": "Bank"}, {"label": "GPE", "pattern": "Frank"})
    # "Bank" inside the longer match is thinned away; "BANK" differs in case; "Frank" is half a token.
    assert found(path) == [("European Central Bank", "ORG"), ("Bank", "ORG")]


def test_token_attributes_and_operators(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path,
        {"label": "PERSON", "pattern": [{"IS_TITLE": True}, {"IS_TITLE": True, "OP": "?"},
                                        {"LOWER": {"IN": ["lagarde", "bailey"]}}]},
        {"label": "DATE", "pattern": [{"IS_DIGIT": True}, {"ORTH": {"IN": ["March", "April"]}}]},
        {"label": "DATE", "pattern": [{"SHAPE": "dddd"}, {"ORTH": "-"}, {"SHAPE": "dd"}, {"ORTH": "-"},
                                      {"SHAPE": "dd"}]},
        {"label": "ORG", "pattern": [{"LOWER": "bank"}, {"LOWER": "of"}, {"IS_TITLE": True, "OP": "+"}]},
    )
    assert found(path) == [("12 March", "DATE"), ("Christine Lagarde", "PERSON"),
                           ("Bank of England", "ORG"), ("Andrew Bailey", "PERSON")]


def test_negation_star_and_no_match_across_a_line_break(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path, {"label": "EVENT", "pattern": [
        {"LOWER": "stay"}, {"IS_PUNCT": True, "OP": "*"}, {"LOWER": "bank"}]},
        {"label": "EVENT", "pattern": [{"LOWER": "the"}, {"ORTH": "European", "OP": "!"},
                                       {"LOWER": "holiday"}]},
        {"label": "EVENT", "pattern": [{"LOWER": "the"}, {"IS_UPPER": True}, {"LOWER": "holiday"}]})
    # "stay.\nBank" would match but for the line break; "the European" is excluded by "!".
    assert found(path) == [("the BANK holiday", "EVENT")]


def test_gazetteer_label_from_file_name_or_header(tmp_path: Path) -> None:
    cities = tmp_path / "GPE.cities.txt"
    cities.write_text("# German cities\nFrankfurt\n\nBerlin\n", encoding="utf-8")
    assert found(cities) == [("Frankfurt", "GPE")]
    people = tmp_path / "names.txt"
    people.write_text("# label: PERSON\nAndrew Bailey\nChristine\n", encoding="utf-8")
    assert found(people) == [("Christine", "PERSON"), ("Andrew Bailey", "PERSON")]
    assert PatternSuggester(load_patterns(people)).source == "patterns:names.txt"


@pytest.mark.parametrize(("line", "message"), [
    ("{not json", "line 2: not JSON"),
    ('["ORG", "x"]', "line 2: each line is an object"),
    ('{"label": "", "pattern": "x"}', 'line 2: "label" must be a non-empty string'),
    ('{"label": "ORG", "pattern": 3}', 'line 2: "pattern" must be a string or a list'),
    ('{"label": "ORG", "pattern": [{"POS": "NOUN"}]}', "line 2: unsupported token attribute 'POS'"),
    ('{"label": "ORG", "pattern": [{"LOWER": "a", "OP": "{2}"}]}', "line 2: OP must be one of"),
    ('{"label": "ORG", "pattern": [{"IS_TITLE": "yes"}]}', "line 2: IS_TITLE wants true or false"),
    ('{"label": "ORG", "pattern": [{"LOWER": "a", "OP": "*"}]}', "line 2: a token pattern needs at least"),
    ('{"label": "ORG", "pattern": [{"TEXT": {"REGEX": "("}}]}', "line 2: TEXT: bad REGEX"),
    ('{"label": "ORG", "pattern": []}', "line 2: a token pattern needs at least one token"),
])
def test_a_malformed_line_names_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"label": "ORG", "pattern": "Bank"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(PatternFileError) as raised:
        load_patterns(path)
    assert str(raised.value).startswith(f"{path}: ") and message in str(raised.value)


def test_missing_or_empty_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(PatternFileError, match="no such pattern file"):
        load_patterns(tmp_path / "none.jsonl")
    empty = tmp_path / "PERSON.txt"
    empty.write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(PatternFileError, match="has no patterns"):
        load_patterns(empty)


def test_spacy_shape_and_regex() -> None:
    assert [word_shape(word) for word in ("Apple", "2024", "U.S.", "iPhone15")] == [
        "Xxxxx", "dddd", "X.X.", "xXxxxxdd"]
    with pytest.raises(PatternError):
        compile_token_pattern([{"LENGTH": "three"}])
    assert compile_token_pattern([{"TEXT": {"REGEX": "^Ch"}}]).first_literal is None
    assert compile_token_pattern([{"LOWER": "bank"}, {}]).first_literal == ("LOWER", "bank")


def test_patterns_agree_with_spacy_where_it_is_installed(tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    entries = [{"label": "ORG", "pattern": [{"LOWER": "bank"}, {"LOWER": "of"}, {"IS_TITLE": True}]},
               {"label": "PERSON", "pattern": [{"IS_TITLE": True}, {"LOWER": "lagarde"}]},
               {"label": "DATE", "pattern": [{"IS_DIGIT": True}, {"SHAPE": "Xxxxx"}]}]
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(entries)
    theirs = [(ent.text, ent.label_) for ent in nlp(TEXT).ents]
    assert found(write_jsonl(tmp_path, *entries)) == theirs
