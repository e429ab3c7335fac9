"""Pairs quotation marks of every style into quoted spans, paragraph by paragraph."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# Opening mark -> the marks that may close it. Straight marks, ’ and » are ambiguous (apostrophes,
# German »…«), so whether they open or close is decided by what stands on either side.
CLOSERS = {
    "“": "”",
    "„": "“”",
    "‘": "’",
    "‚": "‘’",
    "«": "»",
    "»": "«",
    "‹": "›",
    "›": "‹",
    "「": "」",
    "『": "』",
    '"': '"',
    "'": "'",
}
_MARK = re.compile("[\"'“”„‘’‚«»‹›「」『』]")
_AMBIGUOUS_OPENERS = frozenset("\"'»›")
_BEFORE_OPENER = frozenset(" \t\r\n([{—–-/:;,\u00a0\u2009\u202f")
_SPACE = frozenset(" \t\r\n\u00a0\u2009\u202f")


@dataclass(frozen=True)
class Quoted:
    opening: int  # index of the opening mark
    start: int  # first character of the content (after any space inside the mark)
    end: int  # after the content, a comma closing the part and inner spaces left out
    after: int  # after the closing mark, or the paragraph end when the quote runs on
    closed: bool  # False: no closing mark in this paragraph, the next one opens again
    raw_end: int  # end of the content before the comma was left out


def find_quoted(text: str) -> list[Quoted]:
    marks = [m.start() for m in _MARK.finditer(text)]
    found: list[Quoted] = []
    position = 0
    for index, at in enumerate(marks):
        if at < position:
            continue
        mark = text[at]
        if mark not in CLOSERS or not _can_open(text, at, mark):
            continue
        paragraph_end = text.find("\n", at)
        if paragraph_end < 0:
            paragraph_end = len(text)
        close = _find_closer(text, marks, index, mark, paragraph_end)
        if close is not None:
            quoted = _content(text, at, close, close + 1, True)
        elif _reopens(text, paragraph_end, mark):
            quoted = _content(text, at, paragraph_end, paragraph_end, False)
        else:
            continue
        if quoted.end > quoted.start:
            found.append(quoted)
        position = quoted.after
    return found


def _can_open(text: str, at: int, mark: str) -> bool:
    following = text[at + 1 : at + 2]
    if not following or following in "\r\n":
        return False
    if mark not in _AMBIGUOUS_OPENERS:
        return True
    if following in _SPACE:
        return False
    return at == 0 or text[at - 1] in _BEFORE_OPENER or text[at - 1] in CLOSERS


def _find_closer(text: str, marks: list[int], index: int, mark: str, limit: int) -> int | None:
    closers = CLOSERS[mark]
    weak: int | None = None
    for at in marks[index + 1 : bisect_right(marks, limit)]:
        if text[at] not in closers:
            continue
        if text[at] in "'’\"" and not _can_close(text, at):
            continue
        if text[at] in "'’" and _possessive(text, at):
            weak = at if weak is None else weak  # "the farmers’ party": only if nothing better follows
            continue
        return at
    return weak


def _can_close(text: str, at: int) -> bool:
    if text[at - 1] in _SPACE:
        return False
    following = text[at + 1 : at + 2]
    return not following or not (following.isalnum() or following == "_")


def _possessive(text: str, at: int) -> bool:
    return text[at - 1] in "sS" and text[at + 1 : at + 2] == " " and text[at + 2 : at + 3].islower()


def _reopens(text: str, paragraph_end: int, mark: str) -> bool:
    # A quote that runs over paragraphs has no closing mark until its last paragraph; each new
    # paragraph of it opens with the same mark.
    if paragraph_end >= len(text):
        return False
    following = text[paragraph_end : paragraph_end + 40].lstrip()
    return following.startswith(mark)


def _content(text: str, opening: int, close: int, after: int, closed: bool) -> Quoted:
    start, end = opening + 1, close
    while start < end and text[start] in _SPACE:
        start += 1
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    raw_end = end
    if end > start and text[end - 1] == ",":
        end -= 1
    return Quoted(opening, start, end, after, closed, raw_end)
