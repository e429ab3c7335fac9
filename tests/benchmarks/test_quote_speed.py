"""Finding quotes and speakers in 10,000 news-like articles of ~3 kB, against one plain regex scan."""

from __future__ import annotations

import random
import re
import time

import pytest

from annotator.core.quotes import find_quotes

ARTICLES = 10_000
ARTICLE_BYTES = 3_000
ROUNDS = 3  # best of
TARGET = 300  # articles/s, issue 12, for quotes and patterns together

FIRST = ("Anna", "Tahir", "Maria", "Jorge", "Li", "Pieter", "Aisha", "Kevin", "Yuki", "Olaf", "Renée", "Zoë")
LAST = (
    "Berg",
    "Della",
    "Gonzalez",
    "Medina",
    "Wei",
    "van der Berg",
    "Rahman",
    "De Bruyne",
    "Sato",
    "Schmidt",
)
TITLES = ("", "Prime Minister ", "Dr. ", "spokeswoman ", "Finance Minister ", "coach ")
VERBS = ("said", "says", "told reporters", "added", "warned", "argued")
NARRATIVE = (
    "The council met on Tuesday to discuss the budget, which has grown by 4 percent since 2019.",
    "Officials from both parties declined to comment on the report published by the agency in March.",
    "The project, known as “Green Horizon”, will run for five years across the region.",
    "Talks would resume after the summit in Brussels, where ministers are expected to agree a plan.",
    "Residents in the northern districts have waited months for repairs to the damaged bridge. 🌉",
    "The film “Parasite” was shown again at the festival, drawing a crowd of 3,000 people.",
    "Prices for energy rose sharply in the winter, and many households cut back on heating.",
)
SAYINGS = (
    "We will not give up on this, whatever it costs us",
    "It is a good-news bad-news story for the whole region",
    "Nobody could have predicted what happened today",
    "This is the most important decision we will make this year",
    "The numbers speak for themselves, and they are not good",
)
MARKS = (("“", "”"), ('"', '"'), ("«", "»"), ("„", "“"))


def person(rng: random.Random) -> tuple[str, str]:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    return rng.choice(TITLES) + name, name


def paragraph(rng: random.Random, kind: int) -> tuple[str, int]:
    """One paragraph and how many direct quote parts it holds."""
    opening, closing = rng.choice(MARKS)
    saying, other = rng.sample(SAYINGS, 2)
    titled, name = person(rng)
    verb = rng.choice(VERBS)
    if kind == 0:
        return f"{opening}{saying},{closing} {name} {verb}. {opening}{other}.{closing}", 2
    if kind == 1:
        return f"{opening}{saying},{closing} {verb.split()[0]} {titled}, who leads the review.", 1
    if kind == 2:
        return f"{titled} said that {saying.lower()}. {rng.choice(NARRATIVE)}", 0
    if kind == 3:
        return f"{rng.choice(NARRATIVE)} {opening}{saying},{closing} she said.", 1
    return f"{rng.choice(NARRATIVE)} {rng.choice(NARRATIVE)}", 0


def article(rng: random.Random) -> tuple[str, int]:
    parts, planted, size = [], 0, 0
    while size < ARTICLE_BYTES:
        # The first paragraph names a speaker, so that a later "she said" has someone to mean.
        text, count = paragraph(rng, rng.randrange(5) if parts else 0)
        parts.append(text)
        planted += count
        size += len(text.encode()) + 1
    return "\n".join(parts), planted


BASELINE = re.compile(r"[\"“”«»„]|\b(?:said|says|told|added|warned|argued)\b")


def baseline(texts: list[str]) -> int:
    return sum(1 for text in texts for _ in BASELINE.finditer(text))


def ours(texts: list[str]) -> int:
    return sum(len(find_quotes(text)) for text in texts)


def best_of(function, texts: list[str]) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        function(texts)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.benchmark
def test_quotes_in_10000_articles(capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(12)
    generated = [article(rng) for _ in range(ARTICLES)]
    texts = [text for text, _ in generated]
    megabytes = sum(len(text.encode()) for text in texts) / 1e6

    # Correct first: every planted direct quote part is found, and the film title is not.
    for text, planted in generated[:500]:
        found = [q for q in find_quotes(text) if q.kind == "direct"]
        assert len(found) == planted, text
        assert all(q.speaker is not None for q in found), text

    baseline_seconds = best_of(baseline, texts)
    ours_seconds = best_of(ours, texts)
    baseline_rate, ours_rate = ARTICLES / baseline_seconds, ARTICLES / ours_seconds
    with capsys.disabled():
        print(f"\nfind quotes in {ARTICLES:,} news-like articles ({megabytes:.1f} MB, best of {ROUNDS})")
        print(f"  baseline (one regex scan for marks and verbs): {baseline_rate:>9,.0f} articles/s")
        print(
            f"  ours (find_quotes):                            {ours_rate:>9,.0f} articles/s  "
            f"({ours_seconds:.2f} s)"
        )
        print(
            f"  ratio ours/baseline: {ours_rate / baseline_rate:.2f}x; "
            f"target >= {TARGET} articles/s: {'MET' if ours_rate >= TARGET else 'NOT MET'}"
        )
