"""Opening a project file safely: recognise it, refuse what is not ours, migrate, set pragmas."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from annotator.store.connections import connect, read_header
from annotator.store.errors import NOT_WRITABLE, DamagedProjectError, ProjectError, is_disk_full
from annotator.store.paths import has_backups, side_files
from annotator.store.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

Initialise = Callable[[sqlite3.Connection], None]


def open_database(path: Path, initialise: Initialise, read_only: bool = False) -> sqlite3.Connection:
    """Open (or create) the project file at `path`, migrated and initialised, ready for writes.

    The file is recognised through a read-only SQLite connection before anything can be written
    to it, so a refused file is left byte for byte as it was. Python never opens the file itself:
    closing any descriptor of it would drop the locks SQLite holds on it for every connection of
    this process (POSIX advisory locks belong to the process), and another process could then
    checkpoint and delete the WAL a live connection is writing to.

    `initialise` fills a new project (preset labels): it runs in the same transaction as the
    schema, and again on a project whose creation was cut short (it has no `created_at`).

    With `read_only`, the file is only read (see `_open_read_only`): nothing is written to it and
    a missing file is not created. A file that cannot be written must be opened so: SQLite would
    open it read-write anyway, and fail only at the first change.
    """
    _check_path(path)
    if read_only:
        return _open_read_only(path, initialise)
    if path.exists() and path.stat().st_size == 0 and has_backups(path):
        # An emptied file beside backups was a project (a failed copy, a full disk): never a new one.
        raise DamagedProjectError(path, "it is empty, and it has backups")
    version = _recognise(path) if path.exists() else 0
    if 0 < version < SCHEMA_VERSION:
        from annotator.store.backups import make_backup  # backups reads through this module

        make_backup(path, path, "before-migration")  # an upgrade is the one step undo cannot take back
    created = not path.exists()
    try:
        # isolation_level=None: no implicit transactions; every write is an explicit transaction.
        conn = connect(path, isolation_level=None)
    except sqlite3.Error as error:
        if created:
            _remove_unfinished(path)
        raise ProjectError(f"{path}: cannot open: {error}") from error
    try:
        # Edits wait this long for another writer (an import beside the window) before failing.
        conn.execute("PRAGMA busy_timeout = 10000")
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: an acknowledged edit survives even a power cut; thousands of commits a second is
        # still far beyond a person's pace.
        conn.execute("PRAGMA synchronous = FULL")
        # Migrations rebuild tables, which foreign keys would cascade through: they run first, with
        # the keys off, and check them before committing.
        _migrate(conn, version, initialise)
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as error:
        conn.close()
        if created:
            _remove_unfinished(path)
        if is_disk_full(error, path.parent):
            happened = "the new project was not saved" if created else (
                "it cannot be opened for changes (nothing in it was changed)")
            raise ProjectError(
                f"{path}: the disk is full: {happened}; free some space and try again"
            ) from error
        raise ProjectError(f"{path}: {error}") from error
    except BaseException:
        conn.close()
        if created:
            _remove_unfinished(path)
        raise
    return conn


def can_write(path: Path) -> bool:
    """Whether this process may change the project at `path`: the file, and the folder SQLite
    creates its `-wal` and `-shm` in beside it (root may, whatever the modes say)."""
    folder = path.absolute().parent
    # A `-shm` or `-wal` left read-only (by a reader of a read-only file) keeps SQLite from writing.
    if any(part.exists() and not os.access(part, os.W_OK) for part in (path, *side_files(path))):
        return False
    return os.access(folder, os.W_OK)


def _open_read_only(path: Path, initialise: Initialise) -> sqlite3.Connection:
    """A connection that only reads the project at `path`, refused if the file needs a change first.

    A file from an earlier version (or whose creation was cut short) cannot be read as it is: it is
    upgraded first when it can be written, and refused with the reason otherwise."""
    if not path.exists():
        if not os.access(path.absolute().parent, os.W_OK):
            raise ProjectError(f"{path}: cannot be created: folder {path.parent} is not writable")
        raise ProjectError(f"{path}: does not exist")
    if path.stat().st_size == 0 and has_backups(path):
        raise DamagedProjectError(path, "it is empty, and it has backups")
    version = _recognise(path)
    for attempt in range(2):
        try:
            conn = connect_read_only(path)
            ready = version >= SCHEMA_VERSION and _initialised(conn)
        except sqlite3.Error as error:
            raise ProjectError(f"{path}: cannot read: {error}") from error
        if ready:
            return conn
        conn.close()
        if attempt or not can_write(path):
            break
        open_database(path, initialise).close()
        version = SCHEMA_VERSION
    if version == 0:
        needs = "is empty: not a project yet"
    elif version < SCHEMA_VERSION:
        needs = (f"was made by an earlier Annotator (schema {version}) and must be upgraded before "
                 "it can be read")
    else:
        needs = "was not finished when it was created"
    raise ProjectError(f"{path}: {needs}, and it cannot be changed ({NOT_WRITABLE})")


def _remove_unfinished(path: Path) -> None:
    """Remove a project file this call created and could not finish (a full disk, a failed
    migration): an empty file left behind would later be taken for a project that lost its data.
    Only an empty one: another program may have started the same project meanwhile."""
    with contextlib.suppress(OSError):
        if path.stat().st_size != 0:
            return
        for leftover in (path, *side_files(path)):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def _check_path(path: Path) -> None:
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project file")
    if not path.exists() and not path.parent.is_dir():
        raise ProjectError(f"{path}: folder {path.parent} does not exist")


# What SQLite says when it cannot make the shared-memory index (`-shm`) a WAL file is read
# through: a folder it cannot create files in, a disk with no room for it.
_NO_SHARED_INDEX = {
    "SQLITE_READONLY_DIRECTORY", "SQLITE_READONLY_CANTINIT", "SQLITE_CANTOPEN",
    "SQLITE_IOERR_SHMOPEN", "SQLITE_IOERR_SHMSIZE", "SQLITE_IOERR_SHMMAP",
}


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that can only read `path`: what recognising, checking and copying a file use.

    Where SQLite cannot make the file's `-shm` index (a read-only folder, a full disk) and nothing
    waits in its `-wal`, the file alone is the whole project: it is then read as immutable, which
    needs neither (a writer needs that index too, so none can be at work). A file this process may
    not write is read so from the start: SQLite would make its `-shm` as read-only as the file, and
    once the file was writable again, no program could change it. Only a program that may write
    what this one may not (root) could then change it unseen; this connection never writes.
    """
    uri = path.resolve().as_uri()
    wal, shm = (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))
    if not os.access(path, os.W_OK) and not shm.exists() and not _has_content(wal):
        return _connect(path, f"{uri}?mode=ro&immutable=1")
    conn = _connect(path, f"{uri}?mode=ro")
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.Error as error:
        if getattr(error, "sqlite_errorname", None) not in _NO_SHARED_INDEX:
            return conn  # not ours to judge here: the caller's first read meets the same error
        conn.close()
        if _has_content(wal):
            raise sqlite3.OperationalError(
                f"its latest changes are in {wal.name}, and SQLite cannot create {shm.name} "
                "beside it to read them (a read-only folder or a full disk)"
            ) from error
        conn = _connect(path, f"{uri}?mode=ro&immutable=1")
    return conn


def _has_content(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except FileNotFoundError:
        return False


def _connect(path: Path, uri: str) -> sqlite3.Connection:
    conn = connect(path, uri, uri=True, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def _recognise(path: Path) -> int:
    """The existing file's schema version (0: empty), once sure it is a project this version reads."""
    _refuse_another_copys_wal(path)
    try:
        conn = connect_read_only(path)
    except sqlite3.Error as error:
        raise ProjectError(f"{path}: cannot open: {error}") from error
    try:
        return _check_identity(conn, path)
    except sqlite3.DatabaseError as error:
        if "not a database" in str(error) and not has_backups(path):
            raise ProjectError(f"{path}: not an Annotator project (not a SQLite file)") from error
        if "not a database" in str(error) or "malformed" in str(error):
            raise DamagedProjectError(path, _plain(str(error), path)) from error
        raise ProjectError(f"{path}: cannot read: {error}") from error
    finally:
        conn.close()


def _refuse_another_copys_wal(path: Path) -> None:
    """Refuse a file whose `-wal` came with another copy of it, before SQLite replays it into this one.

    Projects are always in WAL mode (header bytes 18 and 19 are 2); backups are not. A file in
    another mode with a `-wal` full of changes beside it was copied over a project whose session
    crashed (an old backup put back by hand): that `-wal` is the crashed copy's, and replaying it
    would mix the two (measured before: malformed in 5 of 8 trials, silently merged in 3).
    """
    wal = path.with_name(path.name + "-wal")
    if not _has_content(wal):
        return
    header = read_header(path)  # None while this process has the file open: then the -wal is ours
    if header is None or not header.startswith(b"SQLite format 3\x00") or len(header) < 20:
        return
    if header[18] != 2 or header[19] != 2:
        raise DamagedProjectError(
            path, f"the {wal.name} beside it belongs to another copy of it (this file is not in WAL "
            f"mode, as a backup put back by hand is not): move {wal.name} away to open the file as it is"
        )


def _plain(detail: str, path: Path) -> str:
    """SQLite's words for a damaged file, said plainly (never `*** in database main ***`)."""
    if "not a database" in detail:
        return "its first page is not a SQLite header"
    wal = Path(str(path) + "-wal")
    if wal.exists() and _readable_without_wal(path):
        return (f"the {wal.name} beside it does not belong to it or is broken: move it away to "
                "open the file as it was last saved")
    if "malformed" in detail or "***" in detail or "Page" in detail or "page" in detail:
        return "some of its pages are missing or unreadable"
    return detail


def _readable_without_wal(path: Path) -> bool:
    """Whether the file alone (its -wal ignored: SQLite's immutable mode) passes quick_check."""
    try:
        conn = connect(path, f"{path.resolve().as_uri()}?immutable=1", uri=True)
        try:
            return bool(conn.execute("PRAGMA quick_check").fetchone()[0] == "ok")
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


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
        raise DamagedProjectError(path, _plain(status, path))
    return int(version)


def _migrate(conn: sqlite3.Connection, version: int, initialise: Initialise) -> None:
    """Apply pending migrations and initialise a new project all together, or none of it."""
    if version >= SCHEMA_VERSION and _initialised(conn):
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
            # Read again under the write lock: another process may have migrated it meanwhile.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        for migration in MIGRATIONS[version:]:
            for statement in _statements(migration):
                conn.execute(statement)
        if not _initialised(conn):
            initialise(conn)
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


def _initialised(conn: sqlite3.Connection) -> bool:
    """Whether the project was given its presets (the last step of creating it)."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'project_info'"
    ).fetchone()
    return row is not None and conn.execute(
        "SELECT 1 FROM project_info WHERE key = 'created_at'"
    ).fetchone() is not None


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
