"""Line-ending normalisation with offset remapping, and content hashing of article text."""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Callable


def normalise_newlines(text: str) -> tuple[str, Callable[[int], int]]:
    """Return `text` with CRLF and lone CR turned into LF, and a function mapping old offsets to new.

    Nothing else changes: no Unicode normalisation, no whitespace collapsing, NBSP and U+2028 kept.
    """
    if "\r" not in text:
        return text, _identity
    # Only the CR of a CRLF pair disappears; a lone CR becomes LF and keeps its length.
    dropped: list[int] = []
    find = text.find
    position = find("\r\n")
    while position != -1:
        dropped.append(position)
        position = find("\r\n", position + 2)
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")

    def remap(offset: int) -> int:
        return offset - bisect_left(dropped, offset)

    return normalised, remap


def _identity(offset: int) -> int:
    return offset


def content_hash(text: str) -> str:
    """A stable fingerprint of an article's text, used to recognise re-imports."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
