"""Write transactions that take SQLite's write lock up front, so a busy file is waited for, not failed.

A deferred `BEGIN` that reads and then writes while another connection writes gets SQLITE_BUSY at
once: SQLite refuses to wait there (waiting could deadlock), so `busy_timeout` never helps it.
`BEGIN IMMEDIATE` asks for the write lock first, and that request does wait. Nested calls become
savepoints, so an inner step that fails (a duplicate span in a tag-all) undoes only itself.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """Everything inside is committed together when the block ends, or rolled back if it raises."""
    if conn.in_transaction:
        # One name serves every level: ROLLBACK TO and RELEASE act on the innermost of that name.
        conn.execute("SAVEPOINT nested")
        try:
            yield
        except BaseException:
            # A full disk (SQLITE_FULL) or I/O error may have rolled back the whole transaction
            # already: then there is no savepoint left, and the error itself is what to report.
            if conn.in_transaction:
                conn.execute("ROLLBACK TO nested")
                conn.execute("RELEASE nested")
            raise
        conn.execute("RELEASE nested")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
