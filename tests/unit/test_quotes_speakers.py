"""Quote detector: unnamed and non-person speakers, and reported speech with a gap before the clause."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.quote_scoring import GoldQuote, GoldSpeaker, score_document, total
from annotator.core.quotes import find_quotes


def quotes(text: str, kind: str) -> list[tuple[str, str | None]]:
    return [
        (text[q.start : q.end], q.speaker.text if q.speaker else None)
        for q in find_quotes(text)
        if q.kind == kind
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The note warns of it. “It is true that the files are lost,” said researchers.", "researchers"),
        ("Ann Lee spoke first. “Prices will rise again this year,” said analysts at the bank.", "analysts"),
        (
            "Ann Lee spoke first. “The road stays closed until Monday,” said police officers.",
            "police officers",
        ),
    ],
)
def test_a_described_speaker_after_the_verb_is_the_speaker(text: str, speaker: str) -> None:
    assert quotes(text, "direct")[0][1] == speaker


def test_a_speaking_adverb_after_the_verb_is_not_a_speaker() -> None:
    text = "Ann Lee looked away. “We lost everything,” said Ann Lee. “Nothing is left,” she said quietly."
    assert [s for _, s in quotes(text, "direct")] == ["Ann Lee", "Ann Lee"]


def test_it_said_means_the_organisation_named_before_not_a_person() -> None:
    text = (
        "Jo Wu left Acme Corp in May. In a blog post, Acme Corp thanked its staff. "
        "“We enable energy companies to move on to renewable energy,” it said. "
        "“We are sad to see her go,” she said."
    )
    assert quotes(text, "direct") == [
        ("We enable energy companies to move on to renewable energy", "Acme Corp"),
        ("We are sad to see her go", "Jo Wu"),
    ]


@pytest.mark.parametrize(
    ("text", "clause", "speaker"),
    [
        (
            "Microsoft Corp said on Thursday it aims to remove more carbon than it emits.",
            "it aims to remove more carbon than it emits.",
            "Microsoft Corp",
        ),
        (
            "The board said last week the plan had failed.",
            "the plan had failed.",
            "The board",
        ),
        (
            "A new strain has infected 25 million handsets, researchers have said.",
            "A new strain has infected 25 million handsets",
            "researchers",
        ),
        (
            "Amazonas declared a state of emergency over the fires, reported Euro News.",
            "Amazonas declared a state of emergency over the fires",
            "Euro News",
        ),
    ],
)
def test_reported_speech_after_a_gap_or_before_its_source(text: str, clause: str, speaker: str) -> None:
    assert quotes(text, "indirect") == [(clause, speaker)]


def test_it_said_after_a_clause_reports_it() -> None:
    text = "Acme Corp opened in 1975. Its goal covers all emissions since its founding, it said."
    assert quotes(text, "indirect") == [("Its goal covers all emissions since its founding", "Acme Corp")]


@pytest.mark.parametrize(
    "text",
    [
        "Jo Grady, the general secretary, said students would be shocked by the figures.",
        "The mayor said on Sunday, referring to the flood, that nothing was lost.",
        "The paper reported the figures to the ministry on Monday, after a long delay.",
        "He said in that case the talks were over.",
    ],
)
def test_no_speaker_or_clause_is_made_up(text: str) -> None:
    found = find_quotes(text)
    assert all(q.speaker is None or q.speaker.text not in ("students", "figures", "case") for q in found)
    assert all(text[q.start : q.end] != text for q in found if q.kind == "indirect")


def test_an_indefinite_description_is_a_new_unnamed_speaker() -> None:
    text = (
        "Ann Lee left. “It will be hard for everyone here,” said a spokesperson for the Ministry of Health."
    )
    assert quotes(text, "direct") == [("It will be hard for everyone here", "a spokesperson")]


@pytest.mark.parametrize("verb", ["she said", "Berg added"])
def test_a_participle_after_an_attribution_shares_its_subject(verb: str) -> None:
    text = (
        f"Anna Berg runs the farm. “We lost half the crop this year,” {verb}, adding that prices had doubled."
    )
    assert quotes(text, "indirect") == [("prices had doubled.", "Anna Berg" if "she" in verb else "Berg")]


def test_places_listed_after_in_are_not_whom_he_said_means() -> None:
    text = (
        "Anna Berg spoke first. “We will win this,” she said.\nThe market fell.\n"
        "Trade was slow all week in Santa Clara and Rio Branco.\n“It was a bad week for all of us,” he said."
    )
    assert [s for _, s in quotes(text, "direct")] == ["Anna Berg", "Anna Berg"]


def test_a_quoted_title_after_titled_is_not_a_quote() -> None:
    text = (
        "The loss of forests matters, posit scientists in the paper titled “The importance of "
        "Indigenous lands for the conservation of forests.”"
    )
    assert quotes(text, "direct") == []
    assert quotes(text, "indirect") == [("The loss of forests matters", "scientists")]


def test_he_far_from_the_last_quote_means_someone_described_nearby() -> None:
    text = (
        "“I was mad to plant it,” Ludwig Kreuzberg says of his neighbours.\n"
        "All of the producers in the valley now grow the grape.\n"
        "I retreat to a tavern in the village. The waiter returns with a carafe. He places it on the "
        "table and whispers, “So you've discovered our little secret?”"
    )
    assert [s for _, s in quotes(text, "direct")] == ["Ludwig Kreuzberg", "The waiter"]


def test_he_near_the_last_quote_still_means_its_speaker() -> None:
    text = (
        "“We lost everything,” Tom Hill said.\nThe waiter returns with a carafe. "
        "“It was all we had,” he said."
    )
    assert [s for _, s in quotes(text, "direct")] == ["Tom Hill", "Tom Hill"]


def test_the_second_and_third_news_sets_keep_the_issue_targets() -> None:
    # Both were unseen at their first run (figures in tests/fixtures/quotes/news/SOURCES.md); the
    # detector was changed after looking at them, so they now guard against regressions only.
    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "quotes"
    documents = [
        d for name in ("unseen2.json", "unseen3.json") for d in json.loads((fixtures / name).read_text())
    ]
    scores = total(
        score_document(
            d["text"],
            [
                GoldQuote(
                    q["start"], q["end"], q["kind"], GoldSpeaker(**q["speaker"]) if q["speaker"] else None
                )
                for q in d["quotes"]
            ],
            find_quotes(d["text"]),
        )
        for d in documents
    )
    assert scores.direct_gold >= 25 and scores.indirect_gold >= 25
    assert scores.direct_f1 >= 0.95, scores.summary()
    assert scores.speaker_accuracy >= 0.90, scores.summary()
    assert scores.indirect_recall >= 0.8 and scores.indirect_precision >= 0.9, scores.summary()


def test_a_named_speaker_before_said_and_a_time_phrase_is_kept() -> None:
    # A change to time phrases once lost this plainest case (caught by the suggestion tests).
    from annotator.core.quotes import find_quotes

    text = '"We will not give in," Mark Rutte said on Monday. "Never," he added.'
    assert [quote.speaker.text if quote.speaker else None for quote in find_quotes(text)] == [
        "Mark Rutte", "Mark Rutte"]
