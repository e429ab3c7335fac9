"""Tokenising article text for exports, and snapping selections to whole tokens."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

# Combining marks, variation selectors, skin tones and joiners belong to the character before them:
# a token boundary must never fall between "e" and U+0301 or inside an emoji sequence.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a"
    "\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u0900-\u0903"
    "\u093a-\u094f\u0951-\u0957\u0962\u0963\u0981-\u0983\u09bc-\u09cd\u0e31\u0e34-\u0e3a"
    "\u0e47-\u0e4e\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f"
    "\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f\U000e0100-\U000e01ef"
)
_WORD = rf"(?:\w|[{_MARKS}])+"
_TOKEN = (
    rf"{_WORD}(?:-{_WORD})*"  # words, numbers and hyphenated compounds ("Ing-wen", "2017-2021")
    rf"|[^\s{_MARKS}\u200d](?:[{_MARKS}]|\u200d\S?)*"  # any other visible character with its marks
    # marks with nothing before them to attach to (a span edge cut a cluster), and what follows them
    rf"|[{_MARKS}\u200d]+(?:[^\s{_MARKS}\u200d](?:[{_MARKS}]|\u200d\S?)*)?"
)


@cache
def token_pattern() -> re.Pattern[str]:
    """The token regex, compiled on first use: ~4 ms the window's start need not pay."""
    return re.compile(_TOKEN)


def __getattr__(name: str) -> Any:
    if name == "TOKEN_PATTERN":  # `from annotator.core.tokens import TOKEN_PATTERN` still works
        return token_pattern()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    id: int
    ws: bool


def token_bounds(text: str, spans: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """(start, end) of each token, cut so that every span in `spans` starts and ends on a token edge.

    Tokens are split at span boundaries that fall inside them, and whitespace a span starts or ends
    in becomes tokens of its own, so every span can be expressed in whole tokens: Prodigy's and
    spaCy's span shape (token_start/token_end) needs that.
    """
    spans = list(spans)
    cuts = sorted({offset for span in spans for offset in span})
    starts = sorted({start for start, _ in spans})
    ends = sorted({end for _, end in spans})
    bounds: list[tuple[int, int]] = []
    previous_end = 0
    for match in token_pattern().finditer(text):
        start, end = match.span()
        if cuts:
            if previous_end < start:
                bounds += _gap_tokens(previous_end, start, cuts, starts, ends)
            first, last = bisect_right(cuts, start), bisect_left(cuts, end)
            for cut in cuts[first:last]:
                bounds.append((start, cut))
                start = cut
        bounds.append((start, end))
        previous_end = end
    if cuts and previous_end < len(text):
        bounds += _gap_tokens(previous_end, len(text), cuts, starts, ends)
    return bounds


def _gap_tokens(
    gap_start: int, gap_end: int, cuts: list[int], starts: list[int], ends: list[int]
) -> list[tuple[int, int]]:
    """Whitespace between tokens, as tokens cut at span edges, if a span starts or ends inside it."""
    starts_here = bisect_left(starts, gap_start) < bisect_left(starts, gap_end)
    ends_here = bisect_right(ends, gap_start) < bisect_right(ends, gap_end)
    if not (starts_here or ends_here):
        return []
    edges = [gap_start, *cuts[bisect_right(cuts, gap_start):bisect_left(cuts, gap_end)], gap_end]
    return list(zip(edges, edges[1:], strict=False))


def tokenize(text: str, spans: Iterable[tuple[int, int]] = ()) -> list[Token]:
    """Tokens that rebuild `text` exactly the way spaCy does: `ws` is one trailing space, and any
    other whitespace (newlines, a second space, tabs) is a token of its own."""
    return [Token(text[start:end], start, end, index, ws)
            for index, (start, end, ws) in enumerate(covering_tokens(text, spans))]


def covering_tokens(text: str, spans: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int, bool]]:
    """(start, end, ws) of `tokenize`'s tokens, as plain tuples: what exports use, in bulk."""
    tokens: list[tuple[int, int, bool]] = []
    append = tokens.append
    position = 0
    for start, end in token_bounds(text, spans):
        if position < start:
            _add_whitespace(text, position, start, tokens)
        append((start, end, False))
        position = end
    if position < len(text):
        _add_whitespace(text, position, len(text), tokens)
    return tokens


def _add_whitespace(text: str, start: int, end: int, tokens: list[tuple[int, int, bool]]) -> None:
    """Whitespace between tokens: a single space goes to the token before, the rest is a token."""
    if tokens and text[start] == " ":
        previous_start, previous_end, previous_ws = tokens[-1]
        if not previous_ws and not text[previous_start:previous_end].isspace():
            tokens[-1] = (previous_start, previous_end, True)
            start += 1
    if start < end:
        tokens.append((start, end, False))


def snap_to_tokens(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) outward to whole tokens, then trim surrounding whitespace.

    Returns (start, end) unchanged in order; an all-whitespace selection comes back empty (start == end).
    """
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, end
    # Look only at the neighbourhood: snapping must stay cheap on a megabyte article.
    window_start = text.rfind("\n", 0, start) + 1
    window_end = text.find("\n", end)
    window_end = len(text) if window_end == -1 else window_end
    for match in token_pattern().finditer(text, window_start, window_end):
        token_start, token_end = match.span()
        if token_start < start < token_end:
            start = token_start
        if token_start < end < token_end:
            end = token_end
        if token_start >= end:
            break
    return start, end


_OPENING, _CLOSING = "([{", ")]}"


def snap_selection(text: str, start: int, end: int) -> tuple[int, int]:
    """What a label key tags from a selection: `snap_to_tokens` with punctuation trimmed off the edges
    as well as whitespace ("November 4, " becomes "November 4").

    Quotation marks are trimmed too, even round a QUOTE: a quote's span is the words said, the same
    whether or not the selection caught its marks, and exact mode (Alt) tags them when wanted.
    Kept: a bracket whose partner is inside the span ("(BSI)" in "Bundesamt (BSI)") and a final
    full stop that ends an initialism ("U.S."). Only punctuation (or whitespace) comes back empty.
    """
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while True:
        start, end = snap_to_tokens(text, start, end)
        trimmed_start, trimmed_end = start, end
        if end - start >= 2 and text[start] in _OPENING and text[end - 1] == _pair(text[start]) \
                and _pair(text[start]) not in text[start + 1:end - 1]:
            trimmed_start, trimmed_end = start + 1, end - 1  # "(see)": brackets round it all go
        while trimmed_start < trimmed_end and _trimmable(text, trimmed_start, trimmed_start, trimmed_end):
            trimmed_start += 1
        while trimmed_end > trimmed_start and _trimmable(text, trimmed_end - 1, trimmed_start, trimmed_end):
            trimmed_end -= 1
        if (trimmed_start, trimmed_end) == (start, end):
            return start, end
        start, end = trimmed_start, trimmed_end  # whitespace under the punctuation goes too


def _pair(opening: str) -> str:
    return _CLOSING[_OPENING.index(opening)]


def _trimmable(text: str, at: int, start: int, end: int) -> bool:
    """Is text[at], an edge of [start, end), punctuation the span does not need?"""
    char = text[at]
    if char.isspace():
        return True
    if not unicodedata.category(char).startswith("P"):
        return False
    inside = text[start:end]
    if char in _CLOSING and at == end - 1:
        return _OPENING[_CLOSING.index(char)] not in inside[:-1]
    if char in _OPENING and at == start:
        return _pair(char) not in inside[1:]
    if char == "." and at == end - 1 and at - 2 >= start:
        return text[at - 2] != "."  # "U.S.": the stop ends an abbreviation, not the sentence
    return True


@cache
def _joined_pattern() -> re.Pattern[str]:
    return re.compile(rf"[{_MARKS}\u200d]")


def step_edge(
    text: str, start: int, end: int, edge: str, step: int, by_token: bool = True
) -> tuple[int, int]:
    """[start, end) with one edge ("start" or "end") moved one token (or one character) left (step -1)
    or right (+1). A move that would empty the span, or leave the text, returns it unchanged."""
    offset = start if edge == "start" else end
    if by_token:
        moved = _next_token_edge(text, offset, step, ends=edge == "end")
    else:
        moved = offset + step
        # A character step never lands between a letter and its combining mark, nor inside an emoji.
        while 0 < moved < len(text) and (_joined_pattern().match(text, moved) or text[moved - 1] == "\u200d"):
            moved += step
    if edge == "start":
        return (moved, end) if 0 <= moved < end else (start, end)
    return (start, moved) if start < moved <= len(text) else (start, end)


def _next_token_edge(text: str, offset: int, step: int, ends: bool) -> int:
    """The nearest token end (or start) after `offset` (step +1) or before it (-1); `offset` if none."""
    pattern = token_pattern()
    if step > 0:
        for match in pattern.finditer(text, text.rfind("\n", 0, offset) + 1):
            edge = match.end() if ends else match.start()
            if edge > offset:
                return edge
        return offset
    position = offset
    while position > 0:  # back one line at a time: the answer is almost always on the first
        line_start = text.rfind("\n", 0, position) + 1
        found = [
            match.end() if ends else match.start()
            for match in pattern.finditer(text, line_start, offset)
        ]
        before = [edge for edge in found if edge < offset]
        if before:
            return before[-1]
        position = line_start - 1
    return offset
