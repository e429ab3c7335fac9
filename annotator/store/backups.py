"""Verified backups of a project: made through SQLite's backup API, checked, rotated, restored.

A plain file copy misses what is still in the `-wal` and, closing its descriptor, would drop the
locks SQLite holds on the project for this process: every copy here goes page by page through
SQLite. A backup is one self-contained file (rollback journal mode, no `-wal` to lose) in the
`NAME.backups` folder beside the project, named by its time and the reason it was made, and is
kept only once `integrity_check` passed on it. Restoring writes the backup's pages into the project
through SQLite too, so a stale or foreign `-wal` beside the project is never replayed over it.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.store.database import connect_read_only as _read_only
from annotator.store.errors import ProjectError
from annotator.store.paths import backup_folder

if TYPE_CHECKING:
    from annotator.store.project import Project

# Kept by rotation: the newest few, then the newest of each day for a week, of each week for a month.
KEEP_RECENT = 5
KEEP_DAILY = 7
KEEP_WEEKLY = 5
# A project opened with no backup newer than this gets one (in the window's background).
STALE_AFTER = timedelta(hours=4)
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})(?:-(?P<reason>[a-z0-9-]+))?\.sqlite$")
_STAMP = "%Y%m%d-%H%M%S-%f"


@dataclass(frozen=True)
class Backup:
    """One backup file: when it was made and why (its counts are read on demand: `contents`)."""

    path: Path
    made: datetime
    reason: str

    def contents(self) -> tuple[int, int]:
        """(documents, spans) the backup holds."""
        conn = _read_only(self.path)
        try:
            documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            spans = conn.execute("SELECT count(*) FROM spans").fetchone()[0]
        finally:
            conn.close()
        return int(documents), int(spans)


def list_backups(project_path: Path) -> list[Backup]:
    """The project's backups, newest first."""
    folder = backup_folder(project_path)
    if not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match and match["stem"] == project_path.stem and entry.is_file():
            made = datetime.strptime(match["stamp"], _STAMP)
            found.append(Backup(entry, made, match["reason"] or ""))
    return sorted(found, key=lambda backup: backup.made, reverse=True)


def needs_backup(project_path: Path, now: datetime | None = None) -> bool:
    """Whether the newest backup is older than `STALE_AFTER` (or there is none)."""
    backups = list_backups(project_path)
    return not backups or (now or datetime.now()) - backups[0].made > STALE_AFTER


# An import of a folder, or of this many files, into a project that holds work is "large".
LARGE_IMPORT_FILES = 10


def back_up_before_import(project: Project, paths: list[Path]) -> Backup | None:
    """Before an import into a project that holds documents: a backup if the import is large, or
    if the newest backup is old (the command line's "on opening"). None when none was needed."""
    if project.document_count() == 0:
        return None
    if len(paths) >= LARGE_IMPORT_FILES or any(path.is_dir() for path in paths):
        return project.backup("before-import")
    return project.backup("opened") if needs_backup(project.path) else None


def make_backup(
    source: sqlite3.Connection | Path,
    project_path: Path,
    reason: str = "",
    target: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Backup:
    """Copy the project (from an open connection, or opened read-only here) into a verified backup.

    Without `target` it goes into the backups folder, which is then rotated. The copy is built under
    a temporary name and renamed only once `integrity_check` passed: a kill leaves no half backup.
    """
    made = datetime.now()
    if target is None:
        folder = backup_folder(project_path)
        folder.mkdir(exist_ok=True)
        suffix = f"-{reason}" if reason else ""
        target = folder / f"{project_path.stem}-{made.strftime(_STAMP)}{suffix}.sqlite"
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    own = isinstance(source, Path)
    conn = _read_only(source) if isinstance(source, Path) else source
    try:
        copy_database(conn, partial, progress)
        _verify(partial)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        if own:
            conn.close()
    if target.parent == backup_folder(project_path):
        rotate(project_path)
    return Backup(target, made, reason)


def copy_database(
    conn: sqlite3.Connection, target: Path, progress: Callable[[int, int], None] | None = None
) -> None:
    """Write the database behind `conn` into a new single file at `target` (no `-wal` beside it)."""
    target.unlink(missing_ok=True)
    copy = sqlite3.connect(str(target), isolation_level=None)
    try:
        # One step: the source is read in one transaction, so the copy is one consistent moment.
        conn.backup(copy, progress=(lambda _status, left, total: progress(total - left, total))
                    if progress else None)
        copy.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
    finally:
        copy.close()


def rotate(project_path: Path, now: datetime | None = None) -> list[Path]:
    """Remove backups the rotation no longer keeps; return what was removed."""
    backups = list_backups(project_path)
    now = now or datetime.now()
    keep = {backup.path for backup in backups[:KEEP_RECENT]}
    days: set[object] = set()
    weeks: set[object] = set()
    for backup in backups:  # newest first: the first seen of each day or week is kept
        age = now - backup.made
        day, week = backup.made.date(), backup.made.isocalendar()[:2]
        if age <= timedelta(days=KEEP_DAILY) and day not in days:
            days.add(day)
            keep.add(backup.path)
        elif age <= timedelta(weeks=KEEP_WEEKLY) and week not in weeks:
            weeks.add(week)
            keep.add(backup.path)
    removed = [backup.path for backup in backups if backup.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def restore_into(conn: sqlite3.Connection, backup_path: Path) -> None:
    """Replace the database behind `conn` (the project, open) with the backup's pages.

    The caller backs up the current state first. SQLite writes the pages through the project's own
    connection and WAL: no file is copied, so no other `-wal` can be replayed over the result.
    """
    _verify(backup_path)
    source = _read_only(backup_path)
    try:
        source.backup(conn)
    finally:
        source.close()


def _verify(path: Path) -> None:
    conn = _read_only(path)
    try:
        status = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise ProjectError(f"{path}: not a usable backup ({error})") from error
    finally:
        conn.close()
    if status != "ok":
        raise ProjectError(f"{path}: the backup is damaged ({status})")

