"""Labels of whole documents (topic, genre, stance) and their choice groups (issue 14)."""

from __future__ import annotations

from annotator.store.connected import Connected


class DocumentLabelsMixin(Connected):
    """The part of `Project` for this feature; every public write is one transaction."""
