"""Errors the store raises, each with a message fit to show a user as it is."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


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


class ReadOnlyProjectError(ProjectError):
    """A change asked of a project open for reading only: refused before anything was tried."""

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"Read-only: {Path(str(path)).name} cannot be changed ({reason})")
        self.path, self.reason = path, reason


# Why a project is open for reading only, as the window's notice and every refusal say it.
NOT_WRITABLE = "file or folder not writable"
OPENED_READ_ONLY = "opened read-only"


class DiskFullError(sqlite3.OperationalError):
    """SQLite could not write a change for want of space; the change was rolled back whole."""

    def __init__(self, what: str = "the change was") -> None:
        super().__init__(f"the disk is full: {what} not saved; free some space and try again")


def is_disk_full(error: BaseException, folder: Path) -> bool:
    """Whether a failed write failed for want of space.

    SQLite says SQLITE_FULL when a page cannot be written, but only "disk I/O error" when it cannot
    grow its shared-memory file (`-shm`): then the folder's free space tells."""
    if isinstance(error, DiskFullError) or "disk is full" in str(error):
        return True
    if not isinstance(error, sqlite3.Error) or "disk I/O error" not in str(error):
        return False
    try:
        space = os.statvfs(folder)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
    return space.f_bavail * space.f_frsize < 1024 * 1024


class SpanError(ValueError):
    """A span that cannot be stored: offsets out of range, empty, or text that disagrees."""


class DuplicateSpanError(SpanError):
    """The same label already covers exactly these offsets in this document."""


class LabelInUseError(ValueError):
    """A label still carried by spans cannot be removed without saying what happens to them."""

    def __init__(self, name: str, count: int, what: str = "span") -> None:
        super().__init__(f"label {name} is used by {count} {what}{'' if count == 1 else 's'}")
        self.name, self.count = name, count


def explain(error: BaseException) -> str:
    """One plain sentence for a failed read or write, fit for a status bar or a dialog."""
    text = str(error).strip("'\"")
    if isinstance(error, (ReadOnlyProjectError, DiskFullError)):
        return text[:1].upper() + text[1:] + "."
    if "database is locked" in text or "database is busy" in text:
        return "The project file is busy: another program is writing to it. Try again in a moment."
    if "readonly database" in text or "read-only" in text:
        return "The project file is read-only: nothing can be changed in it."
    if "disk is full" in text or "database or disk is full" in text:
        return "The disk is full: the change was not saved; free some space and try again."
    if "disk I/O error" in text:
        return "The project file could not be written (a disk error)."
    if isinstance(error, KeyError):
        return f"It was changed or removed elsewhere ({text}); the window now shows the file as it is."
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")
