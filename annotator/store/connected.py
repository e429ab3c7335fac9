"""What every part of `Project` shares: the connection and a few lookups by id."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from annotator.store.errors import DiskFullError, ReadOnlyProjectError, SpanError, is_disk_full
from annotator.store.rows import now
from annotator.store.transaction import write_transaction


class Connected:
    """Base of the `Project` mixins: the open database and lookups they all use."""

    conn: sqlite3.Connection
    path: Path
    read_only_reason: str | None  # why the project is open for reading only; None: it is not
    # Who is working: recorded on every span, link and status this connection writes (None: unnamed).
    annotator: str | None = None

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    @property
    def read_only_notice(self) -> str:
        """What the window says while the project is read-only ("" when it is not)."""
        reason = self.read_only_reason
        return str(ReadOnlyProjectError(self.path, reason)) if reason is not None else ""

    def require_writable(self) -> None:
        """Refuse a change before trying it, in the words of the window's notice."""
        if self.read_only_reason is not None:
            raise ReadOnlyProjectError(self.path, self.read_only_reason)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (a savepoint when nested), holding the write lock from its start.

        A change the disk has no room for is rolled back whole and said plainly (`DiskFullError`)."""
        self.require_writable()
        try:
            with write_transaction(self.conn):
                yield
        except sqlite3.Error as error:
            if isinstance(error, DiskFullError) or not is_disk_full(error, self.path.absolute().parent):
                raise
            raise DiskFullError() from error

    def _label_id(self, name: str) -> int:
        row = self.conn.execute("SELECT id FROM labels WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise ValueError(f"unknown label {name!r}")
        return int(row[0])

    def _span_label_id(self, name: str) -> int:
        """`_label_id` for a span: a document label (topic, genre) labels documents, never spans."""
        row = self.conn.execute("SELECT id, kind FROM labels WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise ValueError(f"unknown label {name!r}")
        if row[1] == "document":
            raise SpanError(f"{name} is a document label: it labels whole documents, not spans")
        return int(row[0])

    def _document_text(self, document_id: int) -> str:
        # A document's text never changes once imported, so the last few are kept: every tag
        # checks its offsets against the text, and reading 1 MB again costs ~6 ms per key press.
        cache: dict[int, str] = self.__dict__.setdefault("_text_cache", {})
        text = cache.get(document_id)
        if text is None:
            row = self.conn.execute("SELECT text FROM documents WHERE id = ?", (document_id,)).fetchone()
            if row is None:
                raise KeyError(f"no document {document_id}")
            if len(cache) >= 4:
                cache.pop(next(iter(cache)))
            text = cache[document_id] = str(row[0])
        return text

    def _touch(self, document_id: int) -> None:
        """Note an edit: the document's timestamp, and "to do" becomes "in progress"."""
        self.conn.execute(
            "UPDATE documents SET updated_at = ?, "
            "status_by = CASE status WHEN 'todo' THEN ? ELSE status_by END, "
            "status = CASE status WHEN 'todo' THEN 'in_progress' ELSE status END WHERE id = ?",
            (now(), self.annotator, document_id),
        )
