"""Finding words, phrases, patterns and spans across every document of a project (issue 14)."""

from __future__ import annotations

from annotator.store.connected import Connected


class SearchMixin(Connected):
    """The part of `Project` for this feature; every public write is one transaction."""
