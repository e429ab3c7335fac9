"""Checking a project file in full, and salvaging every readable row of a damaged one into a new project.

The damaged file is only ever read, through a read-only SQLite connection. Tables are scanned in
rowid order without their indexes (which may be the damaged part); where a scan meets a damaged
page, the rows past it are probed one rowid at a time, so one bad page costs the rows on it only.
Rows are copied with their ids (undo, links and exports keep working); a span whose document, or a
link whose span, could not be read is counted as lost with it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.store.database import connect_read_only as _read_only
from annotator.store.errors import ProjectError

if TYPE_CHECKING:
    from annotator.store.project import Project

# Parents before children, so each row's references can be checked against what was copied. Columns
# added by later schema versions come last in each tuple: a file from before them is read without them
# (see `_present`), and the checks below index the leading columns only.
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("choice_groups", ("rowid", "name", "multiple")),
    ("labels", ("id", "name", "kind", "colour", "key", "position", "choice_group")),
    ("relation_types", ("rowid", "name", "head_kind", "child_kind")),
    ("relation_type_labels", ("rowid", "relation_type", "label_id")),
    ("documents", ("id", "title", "text", "source", "url", "author", "published", "meta", "status",
                   "content_hash", "created_at", "updated_at", "status_by")),
    ("spans", ("id", "document_id", "start", "\"end\"", "label_id", "text", "attributes", "note",
               "annotator", "created_at", "updated_at", "source")),
    ("relations", ("id", "head_span_id", "child_span_id", "type", "created_at", "annotator")),
    ("document_labels", ("rowid", "document_id", "label_id", "annotator", "source", "created_at")),
    ("status_changes", ("id", "document_id", "status", "annotator", "changed_at")),
    ("layer_spans", ("id", "layer", "document_id", "start", "\"end\"", "label_id", "text", "attributes",
                     "note", "source", "created_at")),
    ("layer_relations", ("id", "head_span_id", "child_span_id", "type")),
    ("layer_documents", ("rowid", "document_id", "layer", "status")),
    ("layer_document_labels", ("rowid", "document_id", "layer", "label_id")),
    # A suggestion's speaker is put back after every suggestion is in (it may come later in id order).
    ("suggestions", ("id", "document_id", "start", "\"end\"", "label_id", "text", "attributes", "source",
                     "score", "relation_type", "state", "span_id", "decided_by", "decided_at", "created_at")),
    ("project_info", ("rowid", "key", "value")),
)
# How far past the last readable row a damaged table is probed when its highest id is unknown.
PROBE_AHEAD = 10_000
_CHUNK = 2000


@dataclass
class TableSalvage:
    copied: int = 0
    unreadable: int = 0  # rows on damaged pages, or whose parent row was unreadable


@dataclass
class SalvageReport:
    tables: dict[str, TableSalvage] = field(default_factory=dict)

    @property
    def lost(self) -> int:
        return sum(table.unreadable for table in self.tables.values())

    def summary(self) -> str:
        # What a person counts: labels, documents, spans, links always; other tables when they held rows.
        always = ("labels", "documents", "spans", "relations")
        quiet = ("project_info", "relation_types", "relation_type_labels", "choice_groups", "status_changes")
        parts = [f"{table.copied} {name}" + (f" ({table.unreadable} unreadable)" if table.unreadable else "")
                 for name, table in self.tables.items()
                 if name in always or (name not in quiet and (table.copied or table.unreadable))]
        return ", ".join(parts)


def check_file(path: Path) -> list[str]:
    """Every problem SQLite's full `integrity_check` and `foreign_key_check` find ([] if none)."""
    conn = _read_only(path)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
        problems += [
            f"{table} row {rowid} refers to a missing row of {parent}"
            for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check")
        ]
    except sqlite3.DatabaseError as error:
        problems = [str(error)]
    finally:
        conn.close()
    return problems


def salvage(damaged: Path, new: Path) -> SalvageReport:
    """Copy every readable row of `damaged` into a new project at `new` (which must not exist)."""
    from annotator.store.project import Project

    if new.exists():
        raise ProjectError(f"{new}: exists already; salvage into a new file")
    source = _read_only(damaged)
    # Lets SQLite read a file shorter than its header says (truncated) instead of refusing it
    # whole; on a read-only connection it changes nothing in the file.
    source.execute("PRAGMA writable_schema = ON")
    try:
        try:
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as error:
            raise ProjectError(f"{damaged}: nothing can be read from it ({error})") from error
        present = {name: _present(source, name, columns) for name, columns in TABLES}
        rows = {name: _readable_rows(source, name, columns) for name, columns in present.items() if columns}
        speakers = (_readable_rows(source, "suggestions", ("id", "speaker_id"))[0]
                    if rows.get("suggestions") else [])
    finally:
        source.close()
    report = SalvageReport()
    with Project(new) as project:
        conn = project.conn
        with project.transaction():
            # The new project's presets give way to the salvaged labels (same ids as before).
            conn.execute("DELETE FROM labels")
            conn.execute("DELETE FROM relation_types")
            kept: dict[str, set[object]] = {}
            texts = {row[0]: row[2] for row in rows["documents"][0]}
            for name, columns in present.items():
                if not columns:
                    continue  # the file is older than this table
                found, unreadable = rows[name]
                candidates = [row for row in found if _plausible(name, row, kept, texts)]
                names = [column for column in columns if column != "rowid"]
                verb = "INSERT OR REPLACE" if name == "project_info" else "INSERT"
                statement = (f"{verb} INTO {name} ({', '.join(names)}) "
                             f"VALUES ({', '.join('?' for _ in names)})")
                copied = _insert(project, statement, candidates, columns[0] == "rowid")
                kept[name] = {row[0] if name != "relation_types" else row[1] for row in copied}
                report.tables[name] = TableSalvage(len(copied), unreadable + len(found) - len(copied))
            kept_suggestions = kept.get("suggestions", set())
            conn.executemany("UPDATE suggestions SET speaker_id = ? WHERE id = ?", [
                (speaker, suggestion) for suggestion, speaker in speakers
                if suggestion in kept_suggestions and speaker in kept_suggestions])
        project.index_pending()
    return report


def _present(conn: sqlite3.Connection, table: str, columns: tuple[str, ...]) -> tuple[str, ...]:
    """The columns of `columns` the damaged file's table has (none: it has no such table). If its
    schema cannot be read, the columns every version has are tried."""
    try:
        found = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
    except sqlite3.DatabaseError:
        return columns
    if not found:
        return ()
    return tuple(column for column in columns if column == "rowid" or column.strip('"') in found)


def _insert(project: Project, statement: str, rows: list[tuple[object, ...]], drop_rowid: bool
            ) -> list[tuple[object, ...]]:
    """Insert the rows all at once, or, if some are garbage a constraint refuses, one by one."""
    values = [row[1:] if drop_rowid else row for row in rows]
    try:
        with project.transaction():  # a savepoint: a refused batch leaves nothing behind
            project.conn.executemany(statement, values)
        return rows
    except sqlite3.DatabaseError:
        pass
    copied = []
    for row, value in zip(rows, values, strict=True):
        try:
            project.conn.execute(statement, value)  # a refused row undoes only itself
        except sqlite3.DatabaseError:
            continue
        copied.append(row)
    return copied


def _plausible(
    table: str, row: tuple[object, ...], kept: dict[str, set[object]], texts: dict[object, object]
) -> bool:
    """Whether a row read from damaged pages still fits: its parents copied, a span's text its own."""
    if table == "spans":
        text = texts.get(row[1])
        return (row[1] in kept["documents"] and row[4] in kept["labels"] and isinstance(text, str)
                and isinstance(row[2], int) and isinstance(row[3], int) and text[row[2]:row[3]] == row[5])
    if table == "relations":
        return row[1] in kept["spans"] and row[2] in kept["spans"] and row[3] in kept["relation_types"]
    if table in ("layer_spans", "suggestions"):  # (document, start, end, label, text) at a table's own places
        document, start, end, label, text = (row[2:7] if table == "layer_spans" else row[1:6])
        whole = texts.get(document)
        return (document in kept["documents"] and label in kept["labels"] and isinstance(whole, str)
                and isinstance(start, int) and isinstance(end, int) and whole[start:end] == text)
    if table == "layer_relations":
        spans = kept["layer_spans"]
        return row[1] in spans and row[2] in spans and row[3] in kept["relation_types"]
    if table in ("document_labels", "status_changes", "layer_documents", "layer_document_labels"):
        label = {"document_labels": row[2], "layer_document_labels": row[3]}.get(table)
        return row[1] in kept["documents"] and (label is None or label in kept["labels"])
    if table == "relation_type_labels":
        return row[1] in kept["relation_types"] and row[2] in kept["labels"]
    return True


def _readable_rows(
    conn: sqlite3.Connection, table: str, columns: tuple[str, ...]
) -> tuple[list[tuple[object, ...]], int]:
    """(rows read, rows lost to damage) of one table, scanning past damaged pages."""
    select = f"SELECT rowid, {', '.join(c for c in columns if c != 'rowid')} FROM {table} NOT INDEXED"
    rows: list[tuple[object, ...]] = []
    unreadable = 0
    last = 0
    highest = _highest_rowid(conn, table)
    while True:
        try:
            chunk = conn.execute(
                f"{select} WHERE rowid > ? ORDER BY rowid LIMIT {_CHUNK}", (last,)
            ).fetchall()
        except sqlite3.DatabaseError:
            # A damaged page: probe the rowids after the last good one, one by one.
            found_more = False
            for rowid in range(last + 1, (highest if highest is not None else last + PROBE_AHEAD) + 1):
                try:
                    row = conn.execute(f"{select} WHERE rowid = ?", (rowid,)).fetchone()
                except sqlite3.DatabaseError:
                    unreadable += 1
                    continue
                if row is not None:
                    last = rowid
                    rows.append(_without_rowid(row, columns))
                    found_more = True
                    break
            if not found_more:
                return rows, unreadable
            continue
        if not chunk:
            return rows, unreadable
        rows.extend(_without_rowid(row, columns) for row in chunk)
        last = int(chunk[-1][0])


def _highest_rowid(conn: sqlite3.Connection, table: str) -> int | None:
    """The table's highest rowid ever given (AUTOINCREMENT's record) or now present, if readable."""
    found = []
    for query in ("SELECT seq FROM sqlite_sequence WHERE name = ?", f"SELECT max(rowid) FROM {table}"):
        try:
            row = conn.execute(query, (table,) if "?" in query else ()).fetchone()
        except sqlite3.DatabaseError:
            continue
        if row is not None and row[0] is not None:
            found.append(int(row[0]))
    return max(found) if found else None


def _without_rowid(row: tuple[object, ...], columns: tuple[str, ...]) -> tuple[object, ...]:
    return row if columns[0] == "rowid" else row[1:]

