"""Opening a project file safely: recognise it, refuse what is not ours, migrate, set pragmas."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.store.errors import ProjectError
from annotator.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

SQLITE_HEADER = b"SQLite format 3\x00"


def open_database(path: Path) -> tuple[sqlite3.Connection, bool]:
    """Open (or create) the project file at `path`; return the connection and whether it is new.

    Every check that can refuse the file runs before anything is written to it, so a refused file
    is left byte for byte as it was.
    """
    _check_header(path)
    try:
        # isolation_level=None: no implicit transactions; every write goes through db.atomic().
        # One connection per thread: import and export workers open their own project.
        conn = sqlite3.connect(str(path), isolation_level=None)
    except sqlite3.Error as error:
        raise ProjectError(f"{path}: cannot open: {error}") from error
    try:
        version = _check_identity(conn, path)
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: an acknowledged edit survives even a power cut; thousands of commits a second is
        # still far beyond a person's pace.
        conn.execute("PRAGMA synchronous = FULL")
        # Migrations rebuild tables, which foreign keys would cascade through: they run first, with
        # the keys off, and check them before committing.
        _migrate(conn, version)
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as error:
        conn.close()
        raise ProjectError(f"{path}: {error}") from error
    except ProjectError:
        conn.close()
        raise
    return conn, version == 0


def _check_header(path: Path) -> None:
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project file")
    if not path.exists():
        if not path.parent.is_dir():
            raise ProjectError(f"{path}: folder {path.parent} does not exist")
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise ProjectError(f"{path}: cannot read: {error.strerror}") from error
    if header and header != SQLITE_HEADER:
        raise ProjectError(f"{path}: not an Annotator project (not a SQLite file)")


def _check_identity(conn: sqlite3.Connection, path: Path) -> int:
    """Return the file's schema version after making sure it is a project this version can read."""
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    if application_id != APPLICATION_ID:
        if tables:
            raise ProjectError(f"{path}: not an Annotator project (a SQLite file of another program)")
        return 0
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"{path}: made by a newer Annotator (schema {version}; this version reads up to "
            f"{SCHEMA_VERSION}); upgrade Annotator to open it"
        )
    status = conn.execute("PRAGMA quick_check").fetchone()[0]
    if status != "ok":
        raise ProjectError(f"{path}: the project file is damaged ({status})")
    return int(version)


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    """Apply pending migrations all together, or none of them."""
    if version >= SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for migration in MIGRATIONS[version:]:
            for statement in _statements(migration):
                conn.execute(statement)
        broken = conn.execute("PRAGMA foreign_key_check").fetchone()
        if broken is not None:
            raise sqlite3.IntegrityError(f"migration left a broken reference in table {broken[0]}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (executescript would commit our transaction)."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete statement in migration: {pending.strip()[:60]}")
    return statements
