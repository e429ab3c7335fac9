"""Keyword in context: a match with about 40 characters either side, cut at word edges, on one line."""

from __future__ import annotations

from typing import NamedTuple

CONTEXT = 40


class KwicLine(NamedTuple):
    """What shows around one match; `left_start`/`right_end` are the code-point offsets the context
    covers, `cut_left`/`cut_right` whether the text goes on beyond them (show an ellipsis)."""

    left: str
    match: str
    right: str
    left_start: int
    right_end: int
    cut_left: bool
    cut_right: bool

    def line(self) -> str:
        """The line as plain text, the match in [brackets] (the command line's table)."""
        before, after = ("…" if self.cut_left else ""), ("…" if self.cut_right else "")
        return f"{before}{self.left}[{self.match}]{self.right}{after}"


def kwic(text: str, start: int, end: int, width: int = CONTEXT) -> KwicLine:
    """The match `text[start:end]` with up to `width` characters each side, the cut moved to the
    nearest space inside that window (no half words) unless the window holds none (CJK text)."""
    left_start = max(0, start - width)
    if left_start > 0 and not text[left_start - 1].isspace():
        space = _first_space(text, left_start, start)
        if space is not None:
            left_start = space + 1
    right_end = min(len(text), end + width)
    if right_end < len(text) and not text[right_end].isspace():
        space = _last_space(text, end, right_end)
        if space is not None:
            right_end = space
    return KwicLine(
        _one_line(text[left_start:start]).lstrip(),
        _one_line(text[start:end]),
        _one_line(text[end:right_end]).rstrip(),
        left_start,
        right_end,
        bool(text[:left_start].strip()),
        bool(text[right_end:].strip()),
    )


def _first_space(text: str, start: int, stop: int) -> int | None:
    return next((i for i in range(start, stop) if text[i].isspace()), None)


def _last_space(text: str, start: int, stop: int) -> int | None:
    return next((i for i in range(stop - 1, start - 1, -1) if text[i].isspace()), None)


def _one_line(text: str) -> str:
    """Line breaks and tabs as single spaces (each one character for one: nothing else changes)."""
    return "".join(" " if char.isspace() else char for char in text)
