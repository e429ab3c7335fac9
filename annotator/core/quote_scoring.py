"""Scores found quotes against hand-annotated ones: direct P/R/F1, speaker accuracy, indirect P/R."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from annotator.core.quotes import FoundQuote

# Matching rules, one found quote to at most one gold quote of the same kind, best overlap first:
# - direct: Jaccard of the two character spans >= 0.8, or the same text once leading and trailing
#   punctuation and spaces are stripped (so `It was hard,` matches `It was hard`);
# - indirect: Jaccard >= 0.5 or the same stripped text, because where a reported clause starts
#   ("that …" or the whole sentence) is a judgement call that annotators make differently.
# A matched direct quote's speaker is right when the two speaker texts are equal once lowercased and
# reduced to their words, when one is the end of the other ("Della" for "Tahir Della": the same
# person named again), or when the two speaker spans overlap.
DIRECT_JACCARD = 0.8
INDIRECT_JACCARD = 0.5
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class GoldSpeaker:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class GoldQuote:
    start: int
    end: int
    kind: str
    speaker: GoldSpeaker | None = None


@dataclass(frozen=True)
class QuoteScores:
    direct_gold: int = 0
    direct_found: int = 0
    direct_matched: int = 0
    speaker_checked: int = 0
    speaker_correct: int = 0
    indirect_gold: int = 0
    indirect_found: int = 0
    indirect_matched: int = 0

    def __add__(self, other: QuoteScores) -> QuoteScores:
        return QuoteScores(*(a + b for a, b in zip(_fields(self), _fields(other), strict=True)))

    @property
    def direct_precision(self) -> float:
        return _ratio(self.direct_matched, self.direct_found)

    @property
    def direct_recall(self) -> float:
        return _ratio(self.direct_matched, self.direct_gold)

    @property
    def direct_f1(self) -> float:
        p, r = self.direct_precision, self.direct_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return _ratio(self.speaker_correct, self.speaker_checked)

    @property
    def indirect_precision(self) -> float:
        return _ratio(self.indirect_matched, self.indirect_found)

    @property
    def indirect_recall(self) -> float:
        return _ratio(self.indirect_matched, self.indirect_gold)

    def summary(self) -> str:
        return (
            f"direct P {self.direct_precision:.2f} R {self.direct_recall:.2f} F1 {self.direct_f1:.2f} "
            f"({self.direct_matched} matched, {self.direct_found} found, {self.direct_gold} gold); "
            f"speaker {self.speaker_accuracy:.2f} ({self.speaker_correct}/{self.speaker_checked}); "
            f"indirect P {self.indirect_precision:.2f} R {self.indirect_recall:.2f} "
            f"({self.indirect_matched} matched, {self.indirect_found} found, {self.indirect_gold} gold)"
        )


def score_document(text: str, gold: Sequence[GoldQuote], found: Sequence[FoundQuote]) -> QuoteScores:
    direct_pairs = match(
        text,
        [g for g in gold if g.kind == "direct"],
        [f for f in found if f.kind == "direct"],
        DIRECT_JACCARD,
    )
    indirect_pairs = match(
        text,
        [g for g in gold if g.kind == "indirect"],
        [f for f in found if f.kind == "indirect"],
        INDIRECT_JACCARD,
    )
    checked = [(g, f) for g, f in direct_pairs if g.speaker is not None]
    return QuoteScores(
        direct_gold=sum(g.kind == "direct" for g in gold),
        direct_found=sum(f.kind == "direct" for f in found),
        direct_matched=len(direct_pairs),
        speaker_checked=len(checked),
        speaker_correct=sum(speaker_matches(g, f) for g, f in checked),
        indirect_gold=sum(g.kind == "indirect" for g in gold),
        indirect_found=sum(f.kind == "indirect" for f in found),
        indirect_matched=len(indirect_pairs),
    )


def total(scores: Iterable[QuoteScores]) -> QuoteScores:
    result = QuoteScores()
    for score in scores:
        result = result + score
    return result


def match(
    text: str, gold: Sequence[GoldQuote], found: Sequence[FoundQuote], threshold: float
) -> list[tuple[GoldQuote, FoundQuote]]:
    """Pairs gold and found quotes one to one, the best-overlapping pairs first."""
    candidates = []
    for gi, g in enumerate(gold):
        for fi, f in enumerate(found):
            overlap = jaccard(g.start, g.end, f.start, f.end)
            if overlap >= threshold or (overlap > 0 and _stripped(text, g) == _stripped(text, f)):
                candidates.append((-overlap, gi, fi))
    candidates.sort()
    used_gold: set[int] = set()
    used_found: set[int] = set()
    pairs = []
    for _, gi, fi in candidates:
        if gi not in used_gold and fi not in used_found:
            used_gold.add(gi)
            used_found.add(fi)
            pairs.append((gold[gi], found[fi]))
    return pairs


def jaccard(a_start: int, a_end: int, b_start: int, b_end: int) -> float:
    inter = min(a_end, b_end) - max(a_start, b_start)
    if inter <= 0:
        return 0.0
    return inter / (max(a_end, b_end) - min(a_start, b_start))


def speaker_matches(gold: GoldQuote, found: FoundQuote) -> bool:
    if gold.speaker is None or found.speaker is None:
        return False
    g, f = gold.speaker, found.speaker
    if g.start < f.end and f.start < g.end:
        return True
    g_words, f_words = _words(g.text), _words(f.text)
    if not g_words or not f_words:
        return False
    shorter, longer = sorted((g_words, f_words), key=len)
    return longer[len(longer) - len(shorter) :] == shorter


def _words(text: str) -> list[str]:
    words = _WORD.findall(text.casefold())
    # Chinese and Japanese names have no spaces: compare them character by character.
    return [c for w in words for c in w] if any(ord(c) >= 0x3000 for c in text) else words


def _stripped(text: str, span: GoldQuote | FoundQuote) -> str:
    return _EDGE.sub("", text[span.start : span.end])


def _fields(scores: QuoteScores) -> tuple[int, ...]:
    return (
        scores.direct_gold,
        scores.direct_found,
        scores.direct_matched,
        scores.speaker_checked,
        scores.speaker_correct,
        scores.indirect_gold,
        scores.indirect_found,
        scores.indirect_matched,
    )


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
