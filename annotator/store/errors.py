"""Errors the store raises, each with a message fit to show a user as it is."""


class ProjectError(Exception):
    """The file cannot be used as a project (not a project, too new, unreadable)."""


class SpanError(ValueError):
    """A span that cannot be stored: offsets out of range, empty, or text that disagrees."""


class DuplicateSpanError(SpanError):
    """The same label already covers exactly these offsets in this document."""


class LabelInUseError(ValueError):
    """A label still carried by spans cannot be removed without saying what happens to them."""

    def __init__(self, name: str, count: int) -> None:
        super().__init__(f"label {name} is used by {count} span{'' if count == 1 else 's'}")
        self.name, self.count = name, count
