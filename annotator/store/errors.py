"""Errors the store raises, each with a message fit to show a user as it is."""


class ProjectError(Exception):
    """The file cannot be used as a project (not a project, too new, unreadable)."""


class DamagedProjectError(ProjectError):
    """The file is a project, but part of it cannot be read. Nothing was written to it."""

    def __init__(self, path: object, detail: str) -> None:
        super().__init__(
            f"{path}: the project file is damaged ({detail}); it was left as it is. "
            f"Restore a backup (annotator restore {path} BACKUP) or copy what can still be read "
            f"into a new project (annotator salvage {path} -o NEW.sqlite)."
        )
        self.path, self.detail = path, detail


class SpanError(ValueError):
    """A span that cannot be stored: offsets out of range, empty, or text that disagrees."""


class DuplicateSpanError(SpanError):
    """The same label already covers exactly these offsets in this document."""


class LabelInUseError(ValueError):
    """A label still carried by spans cannot be removed without saying what happens to them."""

    def __init__(self, name: str, count: int) -> None:
        super().__init__(f"label {name} is used by {count} span{'' if count == 1 else 's'}")
        self.name, self.count = name, count


def explain(error: BaseException) -> str:
    """One plain sentence for a failed read or write, fit for a status bar or a dialog."""
    text = str(error).strip("'\"")
    if "database is locked" in text or "database is busy" in text:
        return "The project file is busy: another program is writing to it. Try again in a moment."
    if "readonly database" in text or "read-only" in text:
        return "The project file is read-only: nothing can be changed in it."
    if "disk is full" in text or "database or disk is full" in text:
        return "The disk is full: free some space and try again."
    if "disk I/O error" in text:
        return "The project file could not be written (a disk error)."
    if isinstance(error, KeyError):
        return f"It was changed or removed elsewhere ({text}); the window now shows the file as it is."
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
