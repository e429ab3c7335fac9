"""The built-in quote and speaker detector: hand cases, and its figures on the development set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.quote_scoring import GoldQuote, GoldSpeaker, QuoteScores, score_document, total
from annotator.core.quotes import FoundQuote, find_quotes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "quotes"
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "news-html"  # the shared corpus, as kept here


def quotes(text: str, kind: str | None = None) -> list[tuple[str, str | None]]:
    """(quote text, speaker text) of each quote found, of one kind if given."""
    return [
        (text[q.start : q.end], q.speaker.text if q.speaker else None)
        for q in find_quotes(text)
        if kind is None or q.kind == kind
    ]


def direct(text: str) -> list[tuple[str, str | None]]:
    return quotes(text, "direct")


def indirect(text: str) -> list[tuple[str, str | None]]:
    return quotes(text, "indirect")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We will win," Smith said.', "We will win"),
        ("“We will win,” Smith said.", "We will win"),
        ("‘We will win,’ Smith said.", "We will win"),
        ("'We will win,' Smith said.", "We will win"),
        ("«We will win», said Jean Dupont.", "We will win"),
        ("« Nous allons gagner », a déclaré Jean Dupont.", "Nous allons gagner"),
        ("»Wir werden gewinnen«, sagte Anna Schmidt.", "Wir werden gewinnen"),
        ("„Wir werden gewinnen“, sagte Anna Schmidt.", "Wir werden gewinnen"),
        ("„Wir werden gewinnen”, sagte Anna Schmidt.", "Wir werden gewinnen"),
        ("‚Wir werden gewinnen‘, sagte Anna Schmidt.", "Wir werden gewinnen"),
    ],
)
def test_each_quotation_mark_style_gives_the_text_between_the_marks(text: str, expected: str) -> None:
    found = find_quotes(text)
    assert [(text[q.start : q.end], q.kind) for q in found] == [(expected, "direct")]
    assert found[0].speaker is not None
    assert found[0].speaker.text in ("Smith", "Jean Dupont", "Anna Schmidt")


def test_cjk_corner_brackets_with_a_japanese_attribution() -> None:
    text = "「東京は安全な都市です」と小池知事は述べた。"
    assert direct(text) == [("東京は安全な都市です", "小池")]


def test_white_corner_brackets_after_an_english_attribution() -> None:
    text = "Governor Yuriko Koike spoke on Friday. She added in English: 『We are ready.』"
    assert direct(text) == [("We are ready.", "Yuriko Koike")]


def test_the_comma_closing_a_part_is_left_out_but_a_full_stop_is_kept() -> None:
    text = "“It was hard,” she said. Anna Berg added: “It was worth it.”"
    assert [t for t, _ in direct(text)] == ["It was hard", "It was worth it."]


def test_a_split_quote_is_two_parts_of_one_group_with_one_speaker() -> None:
    text = "“With a little help,” Challenger says, “nature can recover.”"
    found = find_quotes(text)
    assert [text[q.start : q.end] for q in found] == ["With a little help", "nature can recover."]
    assert found[0].group is not None and found[0].group == found[1].group
    assert {q.speaker.text for q in found if q.speaker} == {"Challenger"}


def test_a_quote_continued_after_the_attribution_sentence_joins_its_group() -> None:
    text = "“This is a start,” said Tahir Della. “But the work has barely begun.”"
    found = find_quotes(text)
    assert len(found) == 2 and found[0].group == found[1].group is not None
    assert [q.speaker.text for q in found if q.speaker] == ["Tahir Della", "Tahir Della"]


def test_separate_quotes_get_separate_groups() -> None:
    text = (
        "“We won,” said Ann Lee.\nThe crowd cheered for an hour after the final whistle.\n“We "
        "lost,” said Bo Chan."
    )
    found = find_quotes(text)
    assert [q.group for q in found] == [None, None]
    assert [q.speaker.text for q in found if q.speaker] == ["Ann Lee", "Bo Chan"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“Prices will rise,” Smith said.", "Smith"),
        ("“Prices will rise,” said Smith.", "Smith"),
        ("“Prices will rise,” said John Smith, the finance minister.", "John Smith"),
        ("“Prices will rise,” Prime Minister Mark Rutte said on Tuesday.", "Mark Rutte"),
        ("“Prices will rise,” said Dr. Aisha Rahman, an economist.", "Aisha Rahman"),
        ("“Prices will rise,” said Caroline van der Plas.", "Caroline van der Plas"),
        ("“Prices will rise,” said Otto von Bismarck.", "Otto von Bismarck"),
        ("“Prices will rise,” J. K. Rowling told the BBC.", "J. K. Rowling"),
        ("“Prices will rise,” warned Treasury Secretary Steven Mnuchin.", "Steven Mnuchin"),
        ("“Prices will rise,” a spokesman for Prime Minister Mark Rutte said.", "spokesman"),
        ("Smith told reporters: “Prices will rise.”", "Smith"),
        ("Smith said on Monday: “Prices will rise.”", "Smith"),
    ],
)
def test_the_speaker_is_the_name_next_to_the_reporting_verb(text: str, speaker: str) -> None:
    assert direct(text) == [("Prices will rise", speaker)] or direct(text) == [("Prices will rise.", speaker)]


def test_he_said_means_the_last_speaker() -> None:
    text = (
        "Jorge Medina lost his boat in the storm. “It was my life,” said Medina.\n"
        "The town has no money to rebuild. “I will start again,” he said."
    )
    assert [s for _, s in direct(text)] == ["Medina", "Medina"]


def test_she_said_means_a_person_named_since_the_last_quote() -> None:
    text = (
        "“We played well,” said Pep Guardiola.\n"
        "Maria Lopez, who scored twice, was more cautious. “It is only three points,” she said."
    )
    assert [s for _, s in direct(text)] == ["Pep Guardiola", "Maria Lopez"]


def test_a_description_as_subject_means_the_person_named_before() -> None:
    text = (
        "Markus Söder kritisierte die Pläne. »Das ist Chaos mit Ansage«, sagte der bayerische "
        "Ministerpräsident."
    )
    assert direct(text) == [("Das ist Chaos mit Ansage", "Markus Söder")]


def test_an_unattributed_whole_sentence_quote_belongs_to_the_last_speaker() -> None:
    text = (
        "Lawrence says she hopes people will admire the island. “But they don’t know the work that goes "
        "into keeping it that way.”"
    )
    found = find_quotes(text)
    assert [(q.kind, q.speaker.text if q.speaker else None) for q in found] == [
        ("indirect", "Lawrence"),
        ("direct", "Lawrence"),
    ]


def test_mentions_are_preferred_to_guessed_names() -> None:
    text = "“We are ready,” said the Acme Widget Corporation spokesperson Jo Wu."
    start = text.index("Acme")
    end = start + len("Acme Widget Corporation")
    found = find_quotes(text, mentions=[(start, end)])
    assert found[0].speaker is not None and found[0].speaker.text == "Acme Widget Corporation"
    assert direct(text)[0][1] == "Jo Wu"


@pytest.mark.parametrize(
    "text",
    [
        "South Korean thriller “Parasite” was the upset winner at the awards on Sunday.",
        "“Parasite,” the Korean language social satire, was the first film in a foreign language to win.",
        "“Parasite” director Bong Joon Ho said backstage that nobody could predict the Oscars.",
        "It beat “The Irishman” and “Once Upon A Time in Hollywood” at the box office.",
        "Gilley, author of the 2017 article “The Case for Colonialism,” argued against the renaming.",
        "For many people, “rewilding” brings to mind a quiet and passive process.",
        "The plan, known as “Horizon 2030”, was not discussed.",
        "She aligned the fear with Taiwan’s “fate”, and amplified the misfortunes.",
        "“Hong Kong today, Taiwan tomorrow” became her call to arms.",
        "The telescope, also known as ‘Eye of Heaven’, took a decade to build.",
        "The protesters' signs read 'No farmers, no food'. Their 'green deal' was criticised.",
        "The campaign, called 「Welcome Tokyo」, starts in May.",
        "Das Programm »Zukunft Jetzt« soll im Herbst beginnen.",
        "The rebels earned the nickname “the men with the bloody hands,” for their cruelty.",
    ],
)
def test_titles_names_and_scare_quotes_are_not_quotes(text: str) -> None:
    assert direct(text) == []


def test_apostrophes_do_not_close_single_quotes() -> None:
    text = "‘We don’t know what the farmers’ union wants, and that’s the problem,’ said Jan de Vries."
    assert direct(text) == [
        ("We don’t know what the farmers’ union wants, and that’s the problem", "Jan de Vries")
    ]


def test_a_quote_over_paragraphs_is_one_group() -> None:
    text = (
        "Police Chief Maria Gonzalez described the night.\n"
        "“We arrived within four minutes. The fire had reached the second floor.\n"
        "“My officers went in anyway,” she said."
    )
    found = find_quotes(text)
    assert [text[q.start : q.end] for q in found] == [
        "We arrived within four minutes. The fire had reached the second floor.",
        "My officers went in anyway",
    ]
    assert found[0].group == found[1].group is not None
    assert [q.speaker.text for q in found if q.speaker] == ["Maria Gonzalez", "Maria Gonzalez"]


def test_an_unclosed_mark_that_is_not_continued_is_ignored() -> None:
    text = "He shouted “stop and walked away.\nNobody followed him."
    assert find_quotes(text) == []


@pytest.mark.parametrize(
    ("text", "clause", "speaker"),
    [
        ("Smith said that the talks had failed.", "the talks had failed.", "Smith"),
        (
            "Bong Joon Ho said backstage that no-one could predict the result.",
            "no-one could predict the result.",
            "Bong Joon Ho",
        ),
        (
            "Alex Borstein said the prize should have gone to another show.",
            "the prize should have gone to another show.",
            "Alex Borstein",
        ),
        (
            "Governor Ron DeSantis told reporters the state had deployed troops.",
            "the state had deployed troops.",
            "Ron DeSantis",
        ),
        ("Forecasters warned that a second storm could form.", "a second storm could form.", "Forecasters"),
        (
            "Li hopes that the operations will soon move to the city.",
            "the operations will soon move to the city.",
            "Li",
        ),
        (
            "Many of these bursts were too faint to be seen, says Li.",
            "Many of these bursts were too faint to be seen",
            "Li",
        ),
        ("Gas led to a decline in emissions, Houser said.", "Gas led to a decline in emissions", "Houser"),
        (
            "Emissions fell 2 percent last year, according to the Rhodium Group.",
            "Emissions fell 2 percent last year",
            "Rhodium Group",
        ),
        ("According to Rodgers, the injury changed the game.", "the injury changed the game.", "Rodgers"),
        (
            "Mathilde Panot a répondu que le gouvernement méprise les syndicats.",
            "le gouvernement méprise les syndicats.",
            "Mathilde Panot",
        ),
    ],
)
def test_reported_speech_is_an_indirect_quote(text: str, clause: str, speaker: str) -> None:
    assert indirect(text) == [(clause, speaker)]


def test_she_says_in_the_middle_makes_the_sentence_an_indirect_quote() -> None:
    text = "Natalya Lawrence runs the project. It is easy, she says, for people to marvel at the island."
    assert indirect(text) == [
        ("It is easy, she says, for people to marvel at the island.", "Natalya Lawrence")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The same can't be said of gas-powered cars.",
        "Phoenix said on Sunday, referring to the actor.",
        "He was asked to say something nice about it.",
        "The claims that he made were false.",
        "The agency declined to comment on the report published on Tuesday.",
        "Rules are stricter, according to plan.",
    ],
)
def test_a_reporting_verb_without_reported_speech_is_not_a_quote(text: str) -> None:
    assert indirect(text) == []


def test_a_direct_quotes_attribution_is_not_also_an_indirect_quote() -> None:
    text = "“The bursts were too faint for other telescopes,” says Li. Di Li said the review went well."
    assert [q.kind for q in find_quotes(text)] == ["direct", "indirect"]


def test_offsets_are_code_points_with_emoji_and_crlf() -> None:
    text = "Fans 🎉🇰🇷 cheered.\r\n“We did it 🙂,” said Bong Joon Ho 👏.\r\nHe said that the win was historic."
    found = find_quotes(text)
    assert [(q.kind, text[q.start : q.end]) for q in found] == [
        ("direct", "We did it 🙂"),
        ("indirect", "the win was historic."),
    ]
    assert all(
        q.speaker is not None and text[q.speaker.start : q.speaker.end] == "Bong Joon Ho" for q in found
    )


def test_empty_and_blank_text_have_no_quotes() -> None:
    assert find_quotes("") == []
    assert find_quotes(" \n\r\n ") == []
    assert find_quotes("“") == []
    assert find_quotes('"') == []


def test_found_quotes_come_in_text_order_and_are_frozen() -> None:
    text = "“One thing,” said Ann Lee. Bo Chan said that another thing mattered more. “Third,” said Cy Dee."
    found = find_quotes(text)
    assert [q.start for q in found] == sorted(q.start for q in found)
    with pytest.raises(AttributeError):
        found[0].start = 3  # type: ignore[misc]


def test_a_long_fragment_inside_reported_speech_is_a_direct_quote() -> None:
    text = "Rutte noted that the agreements serve as “a bridge to Nato membership in the longer term.”"
    assert direct(text) == [("a bridge to Nato membership in the longer term.", "Rutte")]
    assert [s for _, s in indirect(text)] == ["Rutte"]


def test_a_fragment_may_come_before_its_reporting_verb() -> None:
    text = "Vom „größten Projekt im Eisenbahnbereich seit der Bahnreform“ sprach Minister Andreas Scheuer."
    assert direct(text) == [("größten Projekt im Eisenbahnbereich seit der Bahnreform", "Andreas Scheuer")]


def test_a_short_fragment_stays_part_of_the_reported_clause() -> None:
    text = "Mnuchin said the administration had moved “a long way” and warned that time was running out."
    assert direct(text) == []
    assert indirect(text) == [
        ("the administration had moved “a long way” and warned that time was running out.", "Mnuchin")
    ]


def test_a_short_quote_inside_a_sentence_is_not_a_quote_even_before_an_attribution() -> None:
    text = "Die Steuer sei aus „Verbrauchersicht völlig unverständlich“, warnt Fabian Stenger."
    assert direct(text) == []


def test_an_unnamed_speaker_is_named_by_the_description() -> None:
    text = "“If Pinot Noir is a gentleman, the Frühburgunder is a lady,” the Berlin wine merchant said."
    assert direct(text) == [
        ("If Pinot Noir is a gentleman, the Frühburgunder is a lady", "the Berlin wine merchant")
    ]


def test_he_said_can_mean_an_unnamed_speaker() -> None:
    text = (
        "Jo Grady criticised the plan. A spokesperson for the union said its members were "
        "consulted. “We listened,” he said."
    )
    assert quotes(text) == [("its members were consulted.", "spokesperson"), ("We listened", "spokesperson")]


def test_the_nationality_said_means_the_person_named_before() -> None:
    text = (
        "“We played well,” said Pep Guardiola. Kevin De Bruyne scored twice. “It is only three "
        "points,” the Belgian said."
    )
    assert [s for _, s in direct(text)] == ["Pep Guardiola", "Kevin De Bruyne"]


def test_names_after_the_are_things_not_people_for_he_said() -> None:
    text = "Anna Berg met us at the cellar. We drank the Pinot Noir. “It is elegant,” she says."
    assert direct(text) == [("It is elegant", "Anna Berg")]


def test_a_passive_names_no_speaker() -> None:
    text = "Jean Stodden poured the wine. I was brusquely informed: “It is Pinot Noir, all of it.”"
    assert direct(text) == [("It is Pinot Noir, all of it.", "Jean Stodden")]


def test_parts_around_a_long_attribution_are_one_quote() -> None:
    text = (
        "“It's not just an elegant lady,” Brigitta Stodden tells me at her family's cellar in "
        "Rech, “It's a diva.”"
    )
    found = find_quotes(text)
    assert [q.group for q in found] == [1, 1]
    assert {q.speaker.text for q in found if q.speaker} == {"Brigitta Stodden"}


def test_a_quote_inside_a_sentence_after_an_attribution_starts_a_quote_of_its_own() -> None:
    text = (
        '"We have the votes," said James Moran, forecasting the passing of resolution "4444" which ends '
        "the yearly review."
    )
    assert direct(text) == [("We have the votes", "James Moran")]


@pytest.mark.parametrize(
    ("text", "clause", "speaker"),
    [
        ("The attorney general, Ken Paxton, said he would appeal.", "he would appeal.", "Ken Paxton"),
        (
            "Laut Scheuer könnten Bahnfahrer um 400 Millionen Euro entlastet werden.",
            "könnten Bahnfahrer um 400 Millionen Euro entlastet werden.",
            "Scheuer",
        ),
        (
            "Nato will remain united, according to the alliance's secretary general, Mark Rutte, "
            "who spoke on Monday.",
            "Nato will remain united",
            "Mark Rutte",
        ),
        (
            "The outage began before 10 a.m. Eastern Time, according to media reports.",
            "The outage began before 10 a.m. Eastern Time",
            "media reports",
        ),
        (
            "Several media outlets reported that the company had not replied.",
            "the company had not replied.",
            "outlets",
        ),
        (
            "One academic told the authors how she had been hired without an interview.",
            "she had been hired without an interview.",
            "academic",
        ),
        (
            "Staff on short-term contracts said they felt unable to defend themselves.",
            "they felt unable to defend themselves.",
            "Staff",
        ),
    ],
)
def test_more_reported_speech(text: str, clause: str, speaker: str) -> None:
    assert indirect(text) == [(clause, speaker)]


PIECES = st.sampled_from(
    [
        "“",
        "”",
        '"',
        "'",
        "‘",
        "’",
        "«",
        "»",
        "„",
        "「",
        "」",
        ",",
        ".",
        " ",
        "\n",
        "\r\n",
        "said",
        "says",
        "according to",
        "that",
        "he",
        "She",
        "Anna Berg",
        "the",
        "🙂",
        "👩‍⚕️",
        "e\u0301",
        "Dr.",
        "we won",
        ":",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(PIECES, max_size=40), st.lists(st.tuples(st.integers(-5, 200), st.integers(-5, 200)), max_size=4)
)
def test_any_text_gives_spans_inside_it(pieces: list[str], mentions: list[tuple[int, int]]) -> None:
    text = "".join(pieces)
    for quote in find_quotes(text, mentions):
        assert 0 <= quote.start < quote.end <= len(text)
        assert quote.kind in ("direct", "indirect")
        if quote.speaker is not None:
            assert 0 <= quote.speaker.start < quote.speaker.end <= len(text)
            assert text[quote.speaker.start : quote.speaker.end] == quote.speaker.text


# The development set: the six news pages of the shared corpus and a few written passages, annotated
# by hand (tests/fixtures/quotes/gold_dev.py). The detector was tuned on it; the held-out set is not
# tested here so that it stays unseen.


def load(name: str) -> list[dict]:
    return json.loads((FIXTURES / name).read_text("utf-8"))


def gold_quotes(document: dict) -> list[GoldQuote]:
    return [
        GoldQuote(q["start"], q["end"], q["kind"], GoldSpeaker(**q["speaker"]) if q["speaker"] else None)
        for q in document["quotes"]
    ]


@pytest.mark.parametrize("name", ["dev.json", "held_out.json", "unseen2.json", "unseen3.json"])
def test_fixture_offsets_match_their_text(name: str) -> None:
    for document in load(name):
        text = document["text"]
        for quote in document["quotes"]:
            assert text[quote["start"] : quote["end"]] == quote["text"], (document["id"], quote["text"])
            speaker = quote["speaker"]
            if speaker:
                assert text[speaker["start"] : speaker["end"]] == speaker["text"], (document["id"], speaker)


def test_dev_texts_are_what_the_html_reader_extracts() -> None:
    from annotator.formats import html

    for document in load("dev.json"):
        if document["source"].startswith("news-html/"):
            path = CORPUS / Path(document["source"]).name
            assert html.read(path.read_bytes(), path)[0].text == document["text"], document["id"]


def dev_scores() -> QuoteScores:
    return total(score_document(d["text"], gold_quotes(d), find_quotes(d["text"])) for d in load("dev.json"))


def test_dev_set_meets_the_issue_targets() -> None:
    scores = dev_scores()
    assert scores.direct_gold >= 40 and scores.indirect_gold >= 20
    assert scores.direct_f1 >= 0.90, scores.summary()
    assert scores.speaker_accuracy >= 0.80, scores.summary()
    assert scores.indirect_recall >= 0.5 and scores.indirect_precision >= 0.7, scores.summary()


def test_scoring_matches_on_overlap_or_equal_text_and_checks_speakers() -> None:
    text = "“It was hard,” said Tahir Della."
    gold = [GoldQuote(1, 12, "direct", GoldSpeaker(20, 31, "Tahir Della"))]
    found = find_quotes(text)
    assert found == [FoundQuote(1, 12, "direct", found[0].speaker, None)]
    assert score_document(text, gold, found).speaker_accuracy == 1.0
    with_comma = [FoundQuote(1, 13, "direct", None, None)]
    scores = score_document(text, gold, with_comma)
    assert (scores.direct_f1, scores.speaker_accuracy) == (1.0, 0.0)
    elsewhere = [FoundQuote(20, 31, "direct", None, None)]
    assert score_document(text, gold, elsewhere).direct_precision == 0.0
