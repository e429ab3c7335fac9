"""Guessing names without a model: runs of capitalised words, titles and sentence-initial words left out."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

_APOSTROPHE_S = ("’s", "'s")
PARTICLES = frozenset(
    "de da di du del della der den van von ter ten le la bin ibn al el dos das y zu".split()
)
_UPPER = "".join(sorted({c for c in map(chr, range(0x3000)) if c.isupper() and c.isalpha()}))
_CAPITALISED = rf"[{re.escape(_UPPER)}][\w'’-]*\.?"
# A run of capitalised words, one space apart, particles between them ("Otto von Bismarck"); only
# these few stretches of a text are looked at word by word. The look-behind (not inside a word)
# comes after the first letter so that the engine can skip ahead to capitals.
_RUN = re.compile(
    rf"[{re.escape(_UPPER)}](?<![\w'’-].)[\w'’-]*\.?"
    rf"(?:[ \u00a0](?:(?:{'|'.join(sorted(PARTICLES))})[ \u00a0])*{_CAPITALISED})*"
)
_TOKEN = re.compile(r"[^\s\u00a0]+")
TITLES = frozenset(
    """president vice prime minister chancellor chief executive secretary senator sen sen. rep rep.
    governor gov gov. mayor judge justice dr dr. mr mr. mrs mrs. ms ms. professor prof prof. sir dame lord
    lady general gen gen. colonel col. captain capt. king queen prince princess pope speaker leader
    majority minority director chairman chairwoman chair ceo coach manager police officer commissioner
    attorney deputy foreign defence defense health finance interior treasury opposition archbishop
    bishop ambassador spokesman spokeswoman spokesperson sheriff inspector detective sergeant sgt
    lieutenant lt. councillor councilman councilwoman congressman congresswoman representative senate
    house state federal former acting interim premier monsieur madame herr frau le la les der die das
    the el""".split()
)
# German and Dutch write a title as one word: "Gesundheitsminister Karl Lauterbach".
_TITLE_ENDINGS = (
    "minister",
    "ministerin",
    "präsident",
    "präsidentin",
    "kanzler",
    "kanzlerin",
    "sprecher",
    "sprecherin",
    "vorsitzende",
    "vorsitzender",
    "chef",
    "chefin",
)
STOP = frozenset(
    """a an and as at but by for from if in of on or so to the this that these those it he she they we i
    you his her their our my its there here now then still yet also even just only perhaps however
    meanwhile moments speaking according read more not no yes some many most all every each other
    another several one two three four five both either neither what who why how where which when
    while after before since despite although though once within during over under long first last
    next additional our nobody everyone someone today tomorrow yesterday tonight earlier later
    instead indeed finally overall like unlike with without about against among between through
    until upon whether because mr mrs ms dr
    monday tuesday wednesday thursday friday saturday sunday january february march july september
    october november december montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi
    mercredi jeudi vendredi samedi dimanche
    en por para con los las del pero según desde sobre entre tras dans pour avec sur sans mais selon chez
    im mit für und aber auf bei nach vor laut""".split()
)
# Months that are also first names ("Jan de Vries", "April Ryan"): a name only when a name follows.
_NAME_OR_MONTH = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec april may june august".split())
ORG_WORDS = frozenset(
    """university institute group company council museum party government ministry department agency
    association center centre observatory telescope academy awards guild network programme program
    initiative foundation bank court committee commission office service times news post street
    strasse allee platz island river sea ocean city county state states republic kingdom union
    conference act war house senate congress parliament police army navy club league team school
    college hospital corporation corp inc ltd llc plc gmbh reuters press television radio tv fund organisation
    organization nations reserve board authority forum festival summit""".split()
)
PRONOUNS = frozenset("he she they il elle ils elles er sie hij zij ze él ella".split())
_CJK_TITLES = re.compile(
    r"(?:知事|首相|代表|氏|さん|大統領|議員|社長|委員長|長官|大臣|総裁|監督|選手|教授|主席|总统|总理|部长)+$"
)


def name_runs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each guessed name in text[start:end], titles and sentence words left out."""
    # The detector asks about many stretches of one text: the names of the whole text are found
    # once, and a stretch gets those inside it (names never cross the punctuation that ends one).
    runs = _all_runs(text)
    inside = runs[bisect_left(runs, (start, start)) : bisect_left(runs, (end, end))]
    if inside and inside[-1][1] > end:
        inside.pop()
    return inside


@lru_cache(maxsize=4)
def _all_runs(text: str) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    tokens: list[tuple[int, int, str]] = []
    for run in _RUN.finditer(text):
        for match in _TOKEN.finditer(text, run.start(), run.end()):
            s, e = match.span()
            token = match.group()
            possessive = token.endswith(_APOSTROPHE_S)
            if possessive:
                e -= 2
                token = token[:-2]
            if token.endswith(".") and not _is_initial_or_title(token):
                e -= 1  # a full stop, not part of the name
                token = token[:-1]
            tokens.append((s, e, token))
            if possessive or e < match.end():
                _close(tokens, runs)
        _close(tokens, runs)
    return runs


def _is_initial_or_title(token: str) -> bool:
    return (len(token) == 2 and token[0].isupper()) or token.lower() in TITLES


def _close(tokens: list[tuple[int, int, str]], runs: list[tuple[int, int]]) -> None:
    while tokens and tokens[-1][2] in PARTICLES:
        tokens.pop()
    # The name is what follows the last title: "Prime Minister Mark Rutte" -> "Mark Rutte".
    first = 0
    for index, (_, _, token) in enumerate(tokens):
        lowered = token.lower()
        if (
            lowered in _LEADING_CUT
            or lowered.rstrip(".") in STOP
            or (len(lowered) > 6 and lowered.endswith(_TITLE_ENDINGS) and token[:1].isupper())
        ):
            if token[:1].isupper():
                first = index + 1
    kept = tokens[first:]
    while kept and kept[-1][2].lower().rstrip(".") in _TRAILING_CUT:
        kept.pop()
    if kept:
        runs.append((kept[0][0], kept[-1][1]))
    tokens.clear()


def is_title(token: str) -> bool:
    lowered = token.lower()
    return lowered in TITLES or (len(lowered) > 6 and lowered.endswith(_TITLE_ENDINGS))


def looks_like_person(name: str) -> bool:
    words = name.split()
    if not words or any(w.lower() in ORG_WORDS for w in words):
        return False
    if any(len(w) > 3 and w.isupper() for w in words):
        return False  # "LOS ANGELES", a headline in capitals
    return len(words) >= 2


_LEADING_CUT = TITLES | STOP
_TRAILING_CUT = STOP | _NAME_OR_MONTH


def cjk_name(subject: str) -> str:
    return _CJK_TITLES.sub("", subject)
