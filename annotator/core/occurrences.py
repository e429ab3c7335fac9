"""Finding every whole-token occurrence of a phrase, for "tag all occurrences" and find."""

from __future__ import annotations

from annotator.core.tokens import snap_to_tokens


def find_all(text: str, needle: str, *, case_sensitive: bool = True) -> list[tuple[int, int]]:
    """(start, end) of every non-overlapping occurrence of `needle`, anywhere in `text`."""
    if not needle:
        return []
    haystack, wanted = (text, needle) if case_sensitive else (text.casefold(), needle.casefold())
    if len(haystack) != len(text) or len(wanted) != len(needle):
        # casefold changed lengths ("ß" -> "ss"): offsets would drift, so match exactly instead.
        haystack, wanted = text, needle
    found = []
    position = haystack.find(wanted)
    while position != -1:
        found.append((position, position + len(wanted)))
        position = haystack.find(wanted, position + len(wanted))
    return found


def whole_token_occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Occurrences of `needle` that begin and end on token edges: "Rutte" but not "Ruttes"."""
    return [
        (start, end) for start, end in find_all(text, needle)
        if snap_to_tokens(text, start, end) == (start, end)
    ]
