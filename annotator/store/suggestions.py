"""Suggestions of a project's documents: stored, listed, accepted and rejected (issue 12)."""

from __future__ import annotations

from annotator.store.connected import Connected


class SuggestionsMixin(Connected):
    """The part of `Project` for this feature; every public write is one transaction."""
