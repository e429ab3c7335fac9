"""Other annotators' work in a team project, one layer each: merged in, read, settled (issue 13)."""

from __future__ import annotations

from annotator.store.connected import Connected


class LayersMixin(Connected):
    """The part of `Project` for this feature; every public write is one transaction."""
