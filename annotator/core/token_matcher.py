"""A small matcher for spaCy-style token patterns and exact phrases, over our own tokenizer."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate, compress
from typing import Any

from annotator.core.tokens import token_pattern

Predicate = Callable[[str], bool]

OPERATORS = ("1", "?", "*", "+", "!")


class PatternError(ValueError):
    """A token pattern this matcher cannot read (the message says what is wrong, not where)."""


@dataclass(frozen=True)
class TextTokens:
    """A text's tokens (no whitespace tokens) and, for each, where its paragraph's tokens end:
    a pattern never matches across a line break."""

    starts: list[int]
    ends: list[int]
    texts: list[str]
    stop: list[int]  # index of the first token after this token's line
    end_set: frozenset[int]


@cache
def _splitter() -> re.Pattern[str]:
    # The tokenizer's pattern as one capturing group: split() hands back gaps and tokens as strings,
    # and offsets are running sums of their lengths: no match object per token (twice as fast).
    splitter = re.compile(f"({token_pattern().pattern})")
    assert splitter.groups == 1
    return splitter


@lru_cache(maxsize=4)
def text_tokens(text: str) -> TextTokens:
    """Tokens of `text` (cached: every suggester of a document asks for the same text)."""
    parts = _splitter().split(text)
    offsets = list(accumulate(map(len, parts), initial=0))
    starts, ends, texts = offsets[1::2], offsets[2::2], parts[1::2]
    # A token never holds a newline: each line's tokens are a run, and each token knows its run's end.
    stop: list[int] = []
    newline = text.find("\n")
    while newline != -1 and len(stop) < len(starts):
        line_end = bisect_left(starts, newline, len(stop))
        stop += [line_end] * (line_end - len(stop))
        newline = text.find("\n", starts[line_end] if line_end < len(starts) else len(text))
    stop += [len(starts)] * (len(starts) - len(stop))
    return TextTokens(starts, ends, texts, stop, frozenset(ends))


# --- token attributes, with spaCy's case rules ---------------------------------------------------


def word_shape(text: str) -> str:
    """spaCy's SHAPE: Xxxxx, dd, xx-xx; a run of one kind is cut after four characters."""
    if len(text) >= 100:
        return "LONG"
    shape: list[str] = []
    last, run = "", 0
    for char in text:
        kind = ("X" if char.isupper() else "x") if char.isalpha() else "d" if char.isdigit() else char
        run = run + 1 if kind == last else 0
        last = kind
        if run < 4:
            shape.append(kind)
    return "".join(shape)


def is_punct(text: str) -> bool:
    return all(unicodedata.category(char).startswith("P") for char in text)


_STRING_ATTRIBUTES: dict[str, Callable[[str], Any]] = {
    "ORTH": lambda token: token,
    "TEXT": lambda token: token,
    "LOWER": str.lower,
    "SHAPE": word_shape,
    "LENGTH": len,
}
_FLAG_ATTRIBUTES: dict[str, Predicate] = {
    "IS_TITLE": str.istitle,
    "IS_DIGIT": str.isdigit,
    "IS_PUNCT": is_punct,
    "IS_ALPHA": str.isalpha,
    "IS_UPPER": str.isupper,
    "IS_LOWER": str.islower,
}
KNOWN_ATTRIBUTES = (*_STRING_ATTRIBUTES, *_FLAG_ATTRIBUTES)


def _value_test(name: str, value: Any) -> Callable[[Any], bool]:
    wanted_type = int if name == "LENGTH" else str
    if isinstance(value, wanted_type) and not isinstance(value, bool):
        return lambda got: bool(got == value)
    if isinstance(value, dict) and len(value) == 1:
        [(how, argument)] = value.items()
        if how in ("IN", "NOT_IN") and isinstance(argument, list) and all(
                isinstance(item, wanted_type) for item in argument):
            choices = frozenset(argument)
            return (lambda got: got in choices) if how == "IN" else (lambda got: got not in choices)
        if how == "REGEX" and isinstance(argument, str) and wanted_type is str:
            try:
                regex = re.compile(argument)
            except re.error as error:
                raise PatternError(f"{name}: bad REGEX {argument!r} ({error})") from error
            return lambda got: regex.search(got) is not None
    raise PatternError(f"{name} wants a {wanted_type.__name__}, or IN / NOT_IN a list"
                       f"{' or a REGEX' if wanted_type is str else ''}; got {value!r}")


def _flag_test(flag: Predicate, value: bool) -> Predicate:
    return flag if value else lambda token: not flag(token)


def _attribute_test(attribute: Callable[[str], Any], test: Callable[[Any], bool]) -> Predicate:
    return lambda token: test(attribute(token))


def _predicate(spec: dict[str, Any]) -> Predicate:
    tests: list[Predicate] = []
    for name, value in spec.items():
        if name == "OP":
            continue
        key = name.upper()
        if key in _FLAG_ATTRIBUTES:
            if not isinstance(value, bool):
                raise PatternError(f"{name} wants true or false, got {value!r}")
            tests.append(_flag_test(_FLAG_ATTRIBUTES[key], value))
        elif key in _STRING_ATTRIBUTES:
            tests.append(_attribute_test(_STRING_ATTRIBUTES[key], _value_test(key, value)))
        else:
            raise PatternError(f"unsupported token attribute {name!r} (supported: "
                               f"{', '.join(KNOWN_ATTRIBUTES)}; POS, LEMMA and the like need a model)")
    if not tests:
        return lambda token: True
    if len(tests) == 1:
        return tests[0]
    return lambda token: all(test(token) for test in tests)


@dataclass(frozen=True)
class TokenPattern:
    """A compiled token pattern: one (predicate, operator) per token dict."""

    steps: tuple[tuple[Predicate, str], ...]
    first_literal: tuple[str, str] | None  # ("ORTH" | "LOWER", text) when the first token is fixed
    first_test: Predicate | None = None  # what the first token must pass, when it must be there
    fixed: bool = False  # every step takes exactly one token (no ?, * or +)


def compile_token_pattern(pattern: Sequence[Any]) -> TokenPattern:
    """A list of token dicts ({"LOWER": "new"}, {"IS_TITLE": true, "OP": "+"}) as a `TokenPattern`."""
    if not pattern:
        raise PatternError("a token pattern needs at least one token")
    steps = []
    for spec in pattern:
        if not isinstance(spec, dict):
            raise PatternError(f"each token of a pattern is an object like {{\"LOWER\": \"word\"}}, "
                               f"got {spec!r}")
        operator = spec.get("OP", "1")
        if operator not in OPERATORS:
            raise PatternError(f"OP must be one of ! ? * +, got {operator!r}")
        steps.append((_predicate(spec), operator))
    if all(operator in "?*" for _, operator in steps):
        raise PatternError("a token pattern needs at least one token that must be there (not all ? or *)")
    first = pattern[0]
    literal = None
    if first.get("OP", "1") in ("1", "+") and len(first) - ("OP" in first) == 1:
        for key in ("ORTH", "TEXT", "LOWER"):
            if isinstance(first.get(key), str):
                literal = ("LOWER" if key == "LOWER" else "ORTH", first[key])
    first_test = steps[0][0] if steps[0][1] in ("1", "+") else None
    fixed = all(operator in ("1", "!") for _, operator in steps)
    return TokenPattern(tuple(steps), literal, first_test, fixed)


def longest_match(pattern: TokenPattern, tokens: TextTokens, start: int) -> int | None:
    """The index after the last token of the longest match starting at token `start`, or None."""
    texts, stop = tokens.texts, tokens.stop[start]
    if pattern.fixed:  # one token per step: no sets of positions needed
        at = start
        for predicate, operator in pattern.steps:
            if at >= stop or predicate(texts[at]) is (operator == "!"):
                return None
            at += 1
        return at
    positions = [start]  # ascending, no repeats
    for predicate, operator in pattern.steps:
        if operator in ("1", "!"):
            wanted = operator == "1"
            positions = [at + 1 for at in positions if at < stop and predicate(texts[at]) is wanted]
        elif operator == "?":
            taken = [at + 1 for at in positions if at < stop and predicate(texts[at])]
            positions = sorted({*positions, *taken}) if taken else positions
        else:  # "+" or "*": from each position, on through the run of tokens that pass
            reached = set(positions) if operator == "*" else set()
            for at in positions:
                while at < stop and predicate(texts[at]):
                    at += 1
                    if at in reached:
                        break  # the rest of this run was walked from an earlier position
                    reached.add(at)
            positions = sorted(reached)
        if not positions:
            return None
    end = positions[-1]
    return end if end > start else None


def remove_overlaps(matches: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """What spaCy's entity ruler keeps: longest matches first, none overlapping another, by start."""
    if not matches:
        return []
    taken = bytearray(max(end for _, end, _ in matches))
    kept: list[tuple[int, int, str]] = []
    for start, end, label in sorted(matches, key=lambda match: (match[0] - match[1], match[0])):
        if not any(taken[start:end]):
            kept.append((start, end, label))
            taken[start:end] = b"\x01" * (end - start)
    return sorted(kept)


def where(texts: list[str], wanted: Container[str]) -> list[int]:
    """Indexes of the texts that are in `wanted` (the loop runs in C: tokens are many, hits few)."""
    hits = {text for text in set(texts) if text in wanted}
    return list(compress(range(len(texts)), map(hits.__contains__, texts))) if hits else []


class PhraseIndex:
    """Exact phrases (case as written) found on whole-token edges, indexed by their first token."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[str, str]]] = {}
        self.size = 0

    def add(self, phrase: str, label: str) -> bool:
        """Add a phrase; False (nothing added) when it has no token or is there already."""
        first = token_pattern().search(phrase)
        if first is None or first.start() != 0:
            phrase = phrase.strip()
            first = token_pattern().search(phrase)
            if first is None:
                return False
        entries = self._by_first.setdefault(first.group(), [])
        if (phrase, label) in entries:
            return False
        entries.append((phrase, label))
        self.size += 1
        return True

    def entries(self) -> Iterator[tuple[str, str]]:
        """Every (phrase, label) added."""
        for entries in self._by_first.values():
            yield from entries

    def matches(self, text: str, tokens: TextTokens | None = None) -> list[tuple[int, int, str]]:
        """(start, end, label) of every occurrence starting and ending on token edges."""
        tokens = tokens or text_tokens(text)
        found: list[tuple[int, int, str]] = []
        by_first, ends = self._by_first, tokens.end_set
        texts, starts = tokens.texts, tokens.starts
        for index in where(texts, by_first):
            start = starts[index]
            for phrase, label in by_first[texts[index]]:
                end = start + len(phrase)
                if end in ends and text.startswith(phrase, start):
                    found.append((start, end, label))
        return found
