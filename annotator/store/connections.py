"""Every SQLite connection this process opens to a project file, counted per file.

POSIX advisory locks belong to the process: closing any descriptor of a database file drops every
lock SQLite holds on it for this process. So Python may read a project file's bytes itself only
while this process holds no connection to it; this module is the one place that knows. It is used
for one thing: reading the file header to tell whether a `-wal` beside it can be its own.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import Counter
from pathlib import Path
from typing import Any

_held: Counter[str] = Counter()
_guard = threading.Lock()


class CountedConnection(sqlite3.Connection):
    """A connection that takes itself off the count when closed (once)."""

    _counted: str | None = None

    def close(self) -> None:
        key, self._counted = self._counted, None
        if key is not None:
            with _guard:
                _held[key] -= 1
        super().close()


def connect(path: Path, database: str | None = None, **options: Any) -> sqlite3.Connection:
    """`sqlite3.connect` to `path` (or to the URI `database` naming it), counted until closed."""
    conn = sqlite3.connect(database or str(path), factory=CountedConnection, **options)
    key = _key(path)
    with _guard:
        _held[key] += 1
    conn._counted = key
    return conn


def holds_connection(path: Path) -> bool:
    with _guard:
        return _held[_key(path)] > 0


def read_header(path: Path) -> bytes | None:
    """The file's first 100 bytes, or None while this process holds a connection to it (reading
    then would drop that connection's locks) or when it cannot be read."""
    if holds_connection(path):
        return None
    try:
        with open(path, "rb") as handle:  # safe: no lock of this process's can be on this file
            return handle.read(100)
    except OSError:
        return None


def _key(path: Path) -> str:
    return os.path.realpath(path)
