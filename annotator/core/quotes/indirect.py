"""Indirect quotes: the clause a reporting verb introduces ("said that…", "…, says Li.", "according to…")."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.core.quotes.names import PRONOUNS, STOP
from annotator.core.quotes.sentences import Sentences
from annotator.core.quotes.subjects import Mentions, Subject, name_in, subject_after, subject_before
from annotator.core.quotes.verbs import ANY_VERB, BARE_CLAUSE, NOT_ATTRIBUTION

_VERB = re.compile(rf"\b(?:(?P<verb>{ANY_VERB})|(?P<according>[Aa]ccording to|[Ss]elon|[Ss]egún|[Ll]aut))\b")
_THAT = re.compile(
    r"(?P<between>(?:\s+[^\s,.;:!?“”\"«»]+){0,3}?)\s*,?\s+(?:that|how|why|whether|que|qu’|qu'|dass)\s*"
)
# Words that may stand between the subject and its verb: "Rutte has long said…".
# Time words a short adverbial may open between the verb and its bare clause.
_WHEN = frozenset("on in last this earlier late early yesterday today".split())
_AUXILIARIES = frozenset("has have had also previously repeatedly once long already".split())
_WORDS_BEFORE_COMMA = re.compile(r",\s+((?:[^\s,]+\s+){0,4})$")
_NOT_AFTER = frozenset(
    "be been being is was were are to the a an of his her their its this these those which who whom".split()
)
_CLAUSE_OPENERS = frozenset(
    "the a an he she it they we i you his her their its our this these those there "
    "no some all most many more such every any both each one".split()
)
# A clause needs a finite verb: "the talks had failed", "Beijing must face" ("said on Sunday" has none).
_FINITE = frozenset(
    """is are was were be been has have had will would could should can may might must
shall did does do won't wouldn't can't couldn't isn't wasn't aren't weren't hasn't haven't hadn't didn't
doesn't don't came went made took gave got saw knew found left felt became began ran won lost kept held
brought thought told said paid met led sent spent stood""".split()
)
# Who or what may be a source without a name: "according to media reports", "according to officials".
_SOURCES = frozenset(
    """report reports officials sources police experts analysts witnesses residents data
figures estimates study survey statement media authorities documents spokesperson spokesman spokeswoman
prosecutors investigators researchers scientists economists diplomats""".split()
)
_SUBJECT_PRONOUNS = frozenset("he she it they we i".split())
_PUNCTUATION = re.compile(r"[,.;:!?]")
_QUOTE_MARKS = "\"'“”„‘’«»「」『』"


@dataclass(frozen=True)
class Indirect:
    start: int
    end: int
    subject: Subject
    verb: int


def find_indirect(
    text: str,
    sentences: Sentences,
    mentions: Mentions,
    quoted: Sequence[tuple[int, int]],
    used_verbs: set[int],
) -> list[Indirect]:
    found: list[Indirect] = []
    covered_until = -1
    for match in _VERB.finditer(text):
        at = match.start()
        if at < covered_until or at in used_verbs or _inside(at, quoted):
            continue
        if match.group("according"):
            result = _according(text, match, sentences, mentions)
        else:
            result = _reported(text, match, sentences, mentions)
        if result is not None and len(text[result.start : result.end].split()) >= 3:
            found.append(result)
            covered_until = max(result.end, at + 1)
    return found


def _reported(text: str, match: re.Match[str], sentences: Sentences, mentions: Mentions) -> Indirect | None:
    verb_start, verb_end = match.span()
    start, end = sentences.start_of(verb_start), sentences.end_of(verb_start)
    before = text[start:verb_start]
    words_before = before.split()
    if not words_before or words_before[-1].lower() in _NOT_AFTER:
        return None  # "can't be said", "the claims", "to say": not someone reporting
    that = _THAT.match(text, verb_end, end)
    if that and not _FINITE.intersection(that.group("between").lower().split()):
        subject = subject_before(text, start, verb_start, mentions)
        if subject is not None and that.end() < end:
            return Indirect(that.end(), end, subject, verb_start)
    tail = _after_clause(text, match, start, end, mentions)
    if tail is not None:
        return tail
    verb = match.group("verb").lower()
    while len(words_before) > 1 and words_before[-1].lower() in _AUXILIARIES:
        words_before.pop()
    if verb not in BARE_CLAUSE or not _names_someone(words_before[-1]):
        return None
    subject = subject_before(text, start, verb_start, mentions)
    if subject is None:
        return None
    skips = (1, 2, 3) if verb in ("told", "tells", "tell") else (0,)
    words = list(re.finditer(r"\S+", text[verb_end:end]))
    if words and words[0].group().lower() in _WHEN:
        skips = (*skips, 2, 3)  # "said on Thursday it aims…", "said last week the plan…"
    for skip in skips:
        if skip >= len(words):
            break
        if skip and any(w.group()[-1:] in ",.;:!?" for w in words[:skip]):
            break  # "said on Sunday, referring to…": the clause would start after a pause
        clause_start = verb_end + words[skip].start()
        if _is_clause(words[skip : skip + 9]):
            return Indirect(clause_start, end, subject, verb_start)
    return None


def _after_clause(
    text: str, match: re.Match[str], start: int, end: int, mentions: Mentions
) -> Indirect | None:
    """The source named after the clause ("…, says Li.", "…, Houser said.") or inside it ("It's easy,
    she says, for people to…")."""
    verb_start, verb_end = match.span()
    comma = _WORDS_BEFORE_COMMA.search(text, start, verb_start)
    if comma is None:
        return None
    clause_end = comma.start()
    if text[start : start + 1] in _QUOTE_MARKS and text[clause_end - 1 : clause_end] in _QUOTE_MARKS:
        return None  # a quotation, not reported speech
    rest = text[verb_end:end]
    if comma.group(1).strip():
        # "…, researchers have said.": the subject ends before its auxiliaries.
        subject_end = verb_start
        for word in reversed(comma.group(1).split()[1:]):
            if word.lower() not in _AUXILIARIES:
                break
            subject_end = text.rindex(word, comma.start(1), subject_end)
        subject = subject_before(text, comma.start(1), subject_end, mentions)
        if subject is None or subject.kind == "phrase" and subject.start != comma.start(1):
            return None
        if rest.lstrip().startswith(","):
            return Indirect(start, end, subject, verb_start)  # a parenthesis: the whole sentence
        if len(rest.split()) > 3 or len(text[start:clause_end].split()) < 3:
            return None
    else:
        verb = match.group().lower()
        if verb in NOT_ATTRIBUTION and (verb.endswith("ing") or not _ends_sentence(text, verb_end, end)):
            # "…, stressing the importance of…" goes on; it does not name a source. "…, reported
            # Euro News." ends with its source.
            return None
        following = rest.split()
        if (
            following
            and following[0].lower() in PRONOUNS
            and len(following) > 1
            and following[1][:1].isalpha()
        ):
            return None  # "Paxton, said he would appeal": the clause follows the verb
        stop = _PUNCTUATION.search(rest)
        subject = subject_after(text, verb_end, verb_end + (stop.start() if stop else len(rest)), mentions)
        if subject is None or len(text[start:clause_end].split()) < 3:
            return None
    return Indirect(start, clause_end, subject, verb_start)


def _according(text: str, match: re.Match[str], sentences: Sentences, mentions: Mentions) -> Indirect | None:
    at, after = match.span()
    start, end = sentences.start_of(at), sentences.end_of(at)
    stop = _PUNCTUATION.search(text, after, end)
    np_end = stop.start() if stop else end
    name = name_in(text, after, np_end, mentions) or _source(text, after, np_end)
    if name is None and stop is not None and text[stop.start()] == ",":
        # "according to the alliance's secretary general, Mark Rutte, who…": the name in apposition.
        apposition = _PUNCTUATION.search(text, stop.end(), end)
        apposition_end = apposition.start() if apposition else end
        if len(text[stop.end() : apposition_end].split()) <= 4:
            name = name_in(text, stop.end(), apposition_end, mentions)
            stop = apposition
    if name is None:
        return None
    subject = Subject("name", *name)
    before = text[start:at].rstrip(" ,—–(")
    if len(before.split()) >= 3:
        return Indirect(start, start + len(before), subject, at)
    if stop is None or text[stop.start()] != ",":
        # "Laut Scheuer könnten Bahnfahrer…": German puts no comma after the source.
        if not before and text[name[1] : name[1] + 2].strip()[:1].islower():
            return Indirect(name[1] + 1, end, subject, at)
        return None
    # "This, according to Della, does nothing…": the clause goes on after the source.
    clause_start = stop.end()
    while clause_start < end and text[clause_start].isspace():
        clause_start += 1
    return Indirect(clause_start, end, subject, at)


def _source(text: str, start: int, end: int) -> tuple[int, int] | None:
    words = [
        w for w in re.finditer(r"\w+", text[start : min(end, start + 40)]) if w.group().lower() in _SOURCES
    ]
    return (start + words[0].start(), start + words[-1].end()) if words else None


def _ends_sentence(text: str, start: int, end: int) -> bool:
    # Only the source is left: "…, reported Euro News." (no "…, reported the figures to…").
    stop = _PUNCTUATION.search(text, start, end)
    return stop is None or stop.end() >= len(text[:end].rstrip(_QUOTE_MARKS + " "))


def _names_someone(word: str) -> bool:
    # "Smith said", "(UCEA) said", "staff said", "the general secretary, said": a noun or a pronoun.
    word = word.strip("(),").lower()
    return word.isalpha() and (word not in STOP or word in ("he", "she", "they", "we", "i"))


def _is_clause(words: list[re.Match[str]]) -> bool:
    if not words:
        return False
    first = words[0].group().strip(_QUOTE_MARKS)
    if not first:
        return False
    if first.lower() in _SUBJECT_PRONOUNS and len(words) > 1:
        # "it aims to…", "they plan…": a pronoun and a verb are a clause, whatever the verb.
        second = words[1].group()
        if second.isalpha() and second.islower() and second not in STOP:
            return True
    if first.lower() in _CLAUSE_OPENERS or (first[:1].isupper() and first.lower() not in STOP):
        window = 9
    elif first.isalpha() and first.lower() not in STOP:
        window = 4  # "institutions have created": a bare noun, its verb close behind
    else:
        return False
    for word in words[1:window]:
        plain = word.group().strip(_QUOTE_MARKS + ",.;:!?").lower()
        if plain in _FINITE or (plain.endswith("ed") and len(plain) > 4):
            return True
        if word.group()[-1:] in ",.;:!?":
            return False
    return False


def _inside(at: int, quoted: Sequence[tuple[int, int]]) -> bool:
    # Quoted spans come sorted and apart: only the last one starting before `at` can hold it.
    index = bisect_right(quoted, (at, math.inf)) - 1
    return index >= 0 and quoted[index][0] <= at < quoted[index][1]
