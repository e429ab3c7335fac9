"""Who a reporting verb's subject names: a name, someone named earlier ("she", "the minister"), or a group."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.core.quotes.names import PRONOUNS, STOP, cjk_name, is_title, looks_like_person, name_runs
from annotator.core.quotes.verbs import SPEECH_VERB

_REPORTED = re.compile(SPEECH_VERB)
# "sagt auch Stenger", "said again Smith": words between a verb and its subject.
_ADVERBS = frozenset("auch also too ebenfalls dann nun jedoch however again later further then".split())
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_LISTED = re.compile(r",? (?:and|or|und|et|y) |, ")
_THING_BEFORE = frozenset(
    """the a an this that these those of in at on from to for into about than as like his her their its our
    my your between across near via per over under through der die das dem den des im am vom zum zur le la
    les du des au aux""".split()
)
_AUXILIARY = frozenset(
    "will would can could may might must shall should has have had is are was were do does did be".split()
)
# "said analysts at Goldman", "said officials who spoke…": the description goes on after its noun.
_NOUN_GOES_ON = frozenset("at of for in from with on who close familiar".split())
_INDEFINITE = frozenset("a an ein eine einen un une".split())
DETERMINERS = frozenset(
    "the a an this his her their its our der die das ein eine le la les un une el".split()
)
# "a spokesman for Prime Minister Mark Rutte said": the speaker is the spokesman, not Rutte.
_ON_BEHALF = re.compile(
    r"\b(?:spokes(?:man|woman|person)|representative|aide|adviser|advisor|lawyer|attorney|official)s?"
    r"\s+(?:for|of|to)\s+[^,]*$"
)


@dataclass(frozen=True)
class Subject:
    # "name": the span names the speaker; "refer": someone named before; "phrase": "Residents";
    # "thing": "it", an organisation or a report named before
    kind: str
    start: int
    end: int


class Mentions:
    """Entity spans an annotator already tagged: preferred to guessed names wherever they are."""

    def __init__(self, mentions: Sequence[tuple[int, int]]) -> None:
        self.spans = sorted((s, e) for s, e in mentions if e > s)
        self.starts = [s for s, _ in self.spans]

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        index = bisect_left(self.starts, start)
        found = []
        while index < len(self.spans) and self.spans[index][0] < end:
            if self.spans[index][1] <= end:
                found.append(self.spans[index])
            index += 1
        return found


def subject_before(text: str, start: int, end: int, mentions: Mentions) -> Subject | None:
    """The subject that ends a stretch before a verb: "ISD spokesman Tahir Della [told]", "he [said]"."""
    words = text[start:end].split()
    if not words:
        return None
    if len(words) > 1 and words[-1].endswith(",") and _REPORTED.fullmatch(words[-1][:-1].lower()):
        # "“…,” she said, adding that…": the participle shares the subject of the verb before it.
        return subject_before(text, start, text.rindex(words[-1], start, end), mentions)
    tagged = mentions.within(start, end)
    if tagged:
        return Subject("name", *tagged[-1])
    last = words[-1].lower()
    if last == "it":
        # "…, it said": a company, a report or an agency named before, never "he" or "she".
        offset = text.rindex(words[-1], start, end)
        return Subject("thing", offset, offset + 2)
    if last in PRONOUNS:
        offset = text.rindex(words[-1], start, end)
        return Subject("refer", offset, offset + len(words[-1]))
    if any(ord(c) >= 0x3000 for c in words[-1]):
        name = cjk_name(words[-1])
        offset = text.rindex(words[-1], start, end)
        return Subject("name", offset, offset + len(name)) if name else None
    on_behalf = _ON_BEHALF.search(text, start, end)
    if on_behalf:
        return Subject("phrase", on_behalf.start(), on_behalf.start() + len(on_behalf.group().split()[0]))
    runs = name_runs(text, start, end)
    if runs and text[start:end].rstrip(" \"”»’'").endswith(","):
        # "Gilley, author of the article “The Case for Colonialism,” argued": the name before the
        # apposition, when the stretch opens with one.
        first_comma = text.index(",", start, end)
        if runs[0][1] <= first_comma and not text[start : runs[0][0]].strip():
            return Subject("name", *runs[0])
    if len(words) <= 4 and words[0].lower() in DETERMINERS and not any(" " in text[a:b] for a, b in runs):
        return _description(text, start, end, words)  # "the Belgian [said]": not a name of its own
    if runs:
        return Subject("name", *runs[-1])
    noun = words[-1].strip("(),")
    if (
        noun.isalpha()
        and noun.lower() not in STOP
        and noun.lower() not in _AUXILIARY
        and (len(words) == 1 or noun.islower())
        and not noun.endswith("ly")
    ):
        # "Residents [told]", "One academic [told]": someone unnamed.
        offset = text.rindex(noun, start, end)
        return Subject("phrase", offset, offset + len(noun))
    return None


def subject_after(text: str, start: int, end: int, mentions: Mentions) -> Subject | None:
    """The subject that follows a verb: "[said] Trevor Houser, a partner…", "[sagte] der Minister"."""
    words = text[start:end].split()
    while words and words[0].lower() in _ADVERBS:
        start = text.index(words[0], start, end) + len(words[0])
        words.pop(0)
    if not words:
        return None
    first = words[0].lower()
    offset = text.index(words[0], start, end)
    comma = text.find(",", start, end)
    tagged = mentions.within(start, end if comma < 0 else comma)
    if tagged:
        return Subject("name", *tagged[0])
    if first in PRONOUNS:
        return Subject("refer", offset, offset + len(words[0]))
    if first in DETERMINERS:
        # "said the Acme Corporation spokesperson Jo Wu": a full name in the phrase is the speaker;
        # "said the Belgian" means someone named before.
        full = [r for r in name_runs(text, start, end if comma < 0 else comma) if " " in text[r[0] : r[1]]]
        if full:
            return Subject("name", *full[-1])
        return _description(text, start, end, words[:4])
    runs = name_runs(text, start, end)
    # A title may come first ("said Prime Minister Mark Rutte", "said coach Yuki Berg"), not a clause.
    if runs:
        leading = text[start : runs[0][0]].split()
        if len(leading) <= 3 and all(w[:1].isupper() or is_title(w) for w in leading):
            return Subject("name", *runs[0])
    return _bare_noun(text, offset, words)


def _bare_noun(text: str, offset: int, words: list[str]) -> Subject | None:
    """ "[said] researchers.", "[said] police officers at the scene": people described, never named."""
    kept: list[str] = []
    ended = False
    for word in words[:3]:
        plain = word.rstrip(".,;:!?")
        lowered = plain.lower()
        if (
            not plain.isalpha()
            or not plain.islower()
            or lowered in STOP
            or lowered in _AUXILIARY
            or lowered in _ADVERBS
            or lowered.endswith(("ly", "ing", "ed"))
        ):
            break
        kept.append(plain)
        if plain != word:
            ended = True  # the clause or the sentence ends here
            break
    following = words[len(kept)].lower() if len(kept) < len(words) else None
    # "said students would be shocked": a clause with its own subject, no speaker after the verb.
    if not kept or not (ended or following is None or following in _NOUN_GOES_ON):
        return None
    last = kept[-1]
    return Subject("phrase", offset, text.index(last, offset + len(" ".join(kept[:-1]))) + len(last))


def name_in(text: str, start: int, end: int, mentions: Mentions) -> tuple[int, int] | None:
    """The first tagged or guessed name in text[start:end]: "according to [the Rhodium Group]"."""
    tagged = mentions.within(start, end)
    if tagged:
        return tagged[0]
    runs = name_runs(text, start, end)
    return runs[0] if runs else None


def _description(text: str, start: int, end: int, words: list[str]) -> Subject:
    # "the Belgian", "the minister", "der bayerische Ministerpräsident": someone named before. "The
    # researchers", "the wine merchant": someone of their own, never named.
    offset = text.index(words[0], start, end)
    kept = [words[0]]
    for word in words[1:]:
        if word.lower() in STOP or word.endswith(("ing", "ed")):
            break  # "a report highlighting…": the description ends at its noun
        kept.append(word)
    last = kept[-1].rstrip(",.;:")
    span_end = text.index(last, offset) + len(last)
    # "the spokesperson" is someone named before; "a spokesperson" someone new, never named.
    indefinite = words[0].lower() in _INDEFINITE
    kind = "refer" if not indefinite and (last[:1].isupper() or is_title(last)) else "phrase"
    return Subject(kind, offset, span_end)


def person_before(
    text: str,
    start: int,
    end: int,
    mentions: Mentions,
    known: set[str],
    skip: Sequence[tuple[int, int]],
    runs: Sequence[tuple[int, int]],
) -> tuple[int, int] | None:
    """The last person named in text[start:end], outside quotes: two or more capitalised words, or
    one that was already the end of a speaker's name. `runs` are the names guessed in the whole text."""
    tagged = [m for m in mentions.within(start, end) if not _inside(m, skip)]
    if tagged:
        return tagged[-1]
    index = bisect_left(runs, (end, end))
    while index > 0:
        index -= 1
        run = runs[index]
        if run[0] < start:
            break
        if run[1] > end or _inside(run, skip):
            continue
        name = text[run[0] : run[1]]
        if name.split()[-1] in known:
            return run
        # "the Pinot Noir", "in the Ahr Valley": a thing or a place; people are named bare. "in Santa
        # Clara and Rio Branco": a name listed after one is the same kind of thing.
        if _after_thing_word(text, runs, index):
            continue
        if looks_like_person(name):
            return run
    return None


def _after_thing_word(text: str, runs: Sequence[tuple[int, int]], index: int) -> bool:
    while True:
        start = runs[index][0]
        previous = _WORD_BEFORE.search(text, max(0, start - 20), start)
        if previous and previous.group(1).lower() in _THING_BEFORE:
            return True
        if index == 0 or _LISTED.fullmatch(text, runs[index - 1][1], start) is None:
            return False
        index -= 1


def _inside(span: tuple[int, int], skip: Sequence[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in skip)
