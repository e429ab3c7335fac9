"""The keys new labels get, in order: 1–9, 0, then letters the window does not use for itself."""

from __future__ import annotations

from collections.abc import Iterable

# Left out: S (links a quote to its speaker), and D, E, F, H, L, V, which with Alt (Alt+key tags
# exactly) would open the Document, Edit, File, Help, Labels and View menus instead.
LABEL_KEYS = "1234567890" + "abcgijkmnopqrtuwxyz"


def next_free_key(used: Iterable[str | None]) -> str | None:
    """The first key of `LABEL_KEYS` no label has (keys compare without case); None when all are taken."""
    taken = {key.lower() for key in used if key}
    return next((key for key in LABEL_KEYS if key not in taken), None)
