"""Errors the store raises, each with a message fit to show a user as it is."""


class ProjectError(Exception):
    """The file cannot be used as a project (not a project, too new, unreadable)."""


class SpanError(ValueError):
    """A span that cannot be stored: offsets out of range, empty, or text that disagrees."""


class DuplicateSpanError(SpanError):
    """The same label already covers exactly these offsets in this document."""
