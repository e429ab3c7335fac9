"""`Project`: the one class that reads and writes a project file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import Any

from annotator.core.charts import Chart
from annotator.core.model import (
    Document,
    DocumentRecord,
    DocumentStatus,
    DocumentSummary,
    Label,
    LabelKind,
    Relation,
    Span,
)
from annotator.core.presets import NEWS_LABELS, NEWS_RELATION_TYPES
from annotator.store.annotations import AnnotationsMixin
from annotator.store.backups import Backup, make_backup, restore_into
from annotator.store.database import can_write, connect_read_only, open_database
from annotator.store.document_labels import DocumentLabelsMixin
from annotator.store.errors import NOT_WRITABLE, OPENED_READ_ONLY
from annotator.store.labels import LabelsMixin
from annotator.store.layer_import import goes_to_layers, import_layer_records
from annotator.store.layers import LayersMixin
from annotator.store.record_writer import write_records
from annotator.store.rows import (
    DOCUMENT_COLUMNS,
    SPAN_COLUMNS,
    document_from_row,
    now,
    span_from_row,
)
from annotator.store.schema import DEFAULT_RELATION_LABELS
from annotator.store.search import SearchMixin
from annotator.store.snapshot import SpanSnapshot
from annotator.store.statistics import project_statistics
from annotator.store.suggestions import SuggestionsMixin


@dataclass
class ImportResult:
    """What one `import_records` call did: new document ids, and how many were already there."""

    added: list[int] = field(default_factory=list)
    skipped: int = 0
    spans: int = 0
    new_labels: list[str] = field(default_factory=list)


class Project(
    LabelsMixin,
    AnnotationsMixin,
    SuggestionsMixin,
    LayersMixin,
    DocumentLabelsMixin,
    SearchMixin,
):
    """A project file. Every public write is one transaction, committed before the call returns."""

    def __init__(self, path: str | Path, read_only: bool = False, annotator: str | None = None) -> None:
        """Open (or create) the project at `path`. It is open for reading only when asked
        (`read_only`: the command line's stats and export) or when the file or its folder cannot
        be written; then `read_only` is True and every change is refused (`ReadOnlyProjectError`)."""
        self.path = Path(path)
        self.annotator = annotator
        self._reader: sqlite3.Connection | None = None  # opened by the first span snapshot
        self._snapshot: SpanSnapshot | None = None
        self.read_only_reason = (
            OPENED_READ_ONLY if read_only else None if can_write(self.path) else NOT_WRITABLE
        )
        self.conn = open_database(self.path, _add_presets, read_only=self.read_only)

    # --- lifetime ------------------------------------------------------------------------------

    def close(self) -> None:
        if self._snapshot is not None:
            self._snapshot.close()
        if self._reader is not None:
            self._reader.close()
        self.conn.close()

    def backup(self, reason: str = "", target: Path | None = None) -> Backup:
        """A verified copy of the project as it is now, in its backups folder (or at `target`)."""
        return make_backup(self.conn, self.path, reason, target)

    def restore_backup(self, backup_path: Path) -> Backup:
        """Make the project what `backup_path` holds, after backing up what it holds now.

        Returns the backup of the state before, so the restore itself can be undone."""
        self.require_writable()
        before = self.backup("before-restore")
        if self._snapshot is not None:
            self._snapshot.close()
        restore_into(self.conn, backup_path)
        self.__dict__.pop("_text_cache", None)  # ids may now name other documents
        return before

    def data_version(self) -> int:
        """A number that changes whenever another connection commits to the file (not this one)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def span_snapshot(self, document_id: int) -> SpanSnapshot:
        """A document's spans as they are now, to read in parts (the last snapshot made is closed)."""
        if self._snapshot is not None:
            self._snapshot.close()
        if self._reader is None:
            # Read-only and separate: a snapshot's reads never see half of a write, nor block one.
            self._reader = connect_read_only(self.path)
        self._snapshot = SpanSnapshot(self._reader, document_id)
        return self._snapshot

    def __enter__(self) -> Project:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def restore_label(
        self, label: Label, order: list[str], spans: list[Span], relations: list[Relation]
    ) -> None:
        """Undo of `delete_label(with_spans=True)`: the label (same id), its place, spans and links."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO labels (id, name, kind, colour, key, position) VALUES (?, ?, ?, ?, ?, ?)",
                (label.id, label.name, label.kind.value, label.colour, label.key, label.position),
            )
            self._put_back_document_labels(label.id)
            self.reorder_labels(order)
            self.restore(spans, relations)

    # --- documents -----------------------------------------------------------------------------

    def document(self, document_id: int) -> Document:
        row = self.conn.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?", (document_id,)
        ).fetchone()
        if row is None:
            raise KeyError(f"no document {document_id}")
        return document_from_row(row)

    def documents(self, status: Iterable[DocumentStatus] | None = None) -> Iterator[Document]:
        where, params = _status_filter(status)
        rows = self.conn.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents {where} ORDER BY id", params
        )
        for row in rows:
            yield document_from_row(row)

    def document_summaries(self) -> list[DocumentSummary]:
        """Every document in id order with title, status and span count, without loading texts."""
        rows = self.conn.execute(
            "SELECT documents.id, CASE WHEN title != '' THEN title ELSE substr(text, 1, 200) END, "
            "status, (SELECT count(*) FROM spans WHERE spans.document_id = documents.id) "
            "FROM documents ORDER BY id"
        )
        return [
            DocumentSummary(id_, _headline(title), DocumentStatus(status), count)
            for id_, title, status, count in rows
        ]

    def document_status(self, document_id: int) -> DocumentStatus:
        row = self.conn.execute("SELECT status FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            raise KeyError(f"no document {document_id}")
        return DocumentStatus(row[0])

    def document_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def set_status(self, document_id: int, status: DocumentStatus) -> None:
        with self.transaction():
            cursor = self.conn.execute(
                "UPDATE documents SET status = ?, status_by = ?, updated_at = ? WHERE id = ?",
                (DocumentStatus(status).value, self.annotator, now(), document_id),
            )
            if cursor.rowcount == 0:
                raise KeyError(f"no document {document_id}")

    def import_records(
        self, records: list[DocumentRecord], source: str | None = None, into_layers: bool | None = None
    ) -> ImportResult:
        """Store the articles read from one file, with their annotations: all of them or none.

        Annotators' versions (several annotators in one file, or `into_layers`) go to their layers."""
        if goes_to_layers(records, into_layers):
            return import_layer_records(self, records, source)
        result = ImportResult()
        annotated = any(record.spans or record.relations or record.document_labels for record in records)
        with self.transaction():
            labels: dict[str, Label] = {}
            relation_types: set[str] = set()
            # Plain articles need no label lookups: that is most of a folder import's per-file cost.
            if annotated:
                existing = {label.name.casefold() for label in self.labels()}
                for label_name, kind in _new_labels(records, existing):
                    self._add_label_in_transaction(label_name, kind, None, None)
                    result.new_labels.append(label_name)
                # Names are one whatever their case: a file's "person" spans are the project's PERSON.
                by_name = {label.name.casefold(): label for label in self.labels()}
                labels = {span.label: by_name[span.label.casefold()]
                          for record in records for span in record.spans}
                labels.update({name: by_name[name.casefold()]
                               for record in records for name in record.document_labels})
                relation_types = {relation_type.name for relation_type in self.relation_types()}
            write_records(self.conn, records, source, labels, relation_types, result)
        return result

    # --- statistics and bulk reading -----------------------------------------------------------

    def status_counts(self) -> dict[DocumentStatus, int]:
        counts = dict.fromkeys(DocumentStatus, 0)
        for status, count in self.conn.execute(
            "SELECT status, count(*) FROM documents GROUP BY status"
        ):
            counts[DocumentStatus(status)] = count
        return counts

    def statistics(self) -> list[Chart]:
        """Every chart of the statistics view and page (progress, labels, who is quoted…)."""
        return project_statistics(self.conn)

    def label_counts(self) -> dict[str, int]:
        """Spans per span label, every one listed (in label order), unused ones with 0 (document
        labels label documents: `document_label_counts`)."""
        rows = self.conn.execute(
            "SELECT labels.name, count(spans.id) FROM labels LEFT JOIN spans "
            "ON spans.label_id = labels.id WHERE labels.kind != 'document' "
            "GROUP BY labels.id ORDER BY labels.position, labels.id"
        )
        return {name: count for name, count in rows}

    def has_relations(self, status: Iterable[DocumentStatus] | None = None) -> bool:
        where, params = _status_filter(status)
        row = self.conn.execute(
            "SELECT 1 FROM relations JOIN spans ON spans.id = relations.head_span_id "
            f"WHERE spans.document_id IN (SELECT id FROM documents {where}) LIMIT 1",
            params,
        ).fetchone()
        return row is not None

    def annotated_documents(
        self, status: Iterable[DocumentStatus] | None = None
    ) -> Iterator[tuple[Document, list[Span], list[Relation]]]:
        """Every document (in id order) with its spans (by start, then end, then label) and relations."""
        where, params = _status_filter(status)
        span_rows = self.conn.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans JOIN labels ON labels.id = spans.label_id "
            f"WHERE document_id IN (SELECT id FROM documents {where}) "
            # The unique index's own order: no sort of 100,000 rows (exports only need a fixed order).
            "ORDER BY document_id, start, \"end\", label_id",
            params,
        )
        relation_rows = self.conn.execute(
            "SELECT spans.document_id, relations.id, head_span_id, child_span_id, type "
            "FROM relations JOIN spans ON spans.id = relations.head_span_id "
            f"WHERE spans.document_id IN (SELECT id FROM documents {where}) "
            "ORDER BY spans.document_id, relations.id",
            params,
        )
        spans_by_document = _group(span_rows, 1, span_from_row)
        relations_by_document = _group(relation_rows, 0, lambda row: Relation(*row[1:]))
        for document in self.documents(status):
            yield (
                document,
                spans_by_document.get(document.id, []),
                relations_by_document.get(document.id, []),
            )

def _add_presets(conn: sqlite3.Connection) -> None:
    """A new project's labels and relation types (inside the transaction that creates the schema).

    Also run on a project whose creation was cut short before it got them: only what is missing
    is added, and `created_at` last marks the project complete.
    """
    names = {row[0] for row in conn.execute("SELECT name FROM labels")}
    keys = {row[0] for row in conn.execute("SELECT key FROM labels WHERE key IS NOT NULL")}
    position = conn.execute("SELECT coalesce(max(position) + 1, 0) FROM labels").fetchone()[0]
    for name, kind, colour, key in NEWS_LABELS:
        if name not in names:
            conn.execute(
                "INSERT INTO labels (name, kind, colour, key, position) VALUES (?, ?, ?, ?, ?)",
                (name, kind.value, colour, None if key in keys else key, position),
            )
            position += 1
    conn.executemany(
        "INSERT OR IGNORE INTO relation_types (name, head_kind, child_kind) VALUES (?, ?, ?)",
        [(name, head.value, child.value) for name, head, child in NEWS_RELATION_TYPES],
    )
    conn.execute(DEFAULT_RELATION_LABELS)
    conn.execute("INSERT OR REPLACE INTO project_info (key, value) VALUES ('created_at', ?)", (now(),))


def _headline(title: str) -> str:
    """A one-line title: an untitled document shows its first line."""
    line = next((line.strip() for line in title.splitlines() if line.strip()), "")
    return line[:120] or "(untitled)"


def _status_filter(status: Iterable[DocumentStatus] | None) -> tuple[str, list[str]]:
    if status is None:
        return "", []
    values = [DocumentStatus(item).value for item in status]
    return f"WHERE status IN ({', '.join('?' for _ in values)})", values


def _group(rows: Iterable[tuple[Any, ...]], key_index: int, convert: Any) -> dict[int, list[Any]]:
    """Rows already ordered by the key, converted and grouped by it (C-level loops: 100,000 spans)."""
    return {key: list(map(convert, group)) for key, group in groupby(rows, itemgetter(key_index))}


def _new_labels(records: list[DocumentRecord], existing: set[str]) -> list[tuple[str, LabelKind]]:
    """Labels the records use that the project lacks (`existing`: casefolded names), in first-seen
    order and spelling."""
    found: dict[str, tuple[str, LabelKind]] = {}
    for record in records:
        for name in record.document_labels:  # whole-document labels (topic, genre…) the file names
            if name.casefold() not in existing:
                found.setdefault(name.casefold(), (name, LabelKind.DOCUMENT))
        for span in record.spans:
            folded = span.label.casefold()
            if folded not in existing and folded not in found:
                upper = span.label.upper()
                kind = LabelKind.QUOTE if upper == "QUOTE" else (
                    LabelKind.CLAIM if upper == "CLAIM" else LabelKind.ENTITY
                )
                found[folded] = (span.label, kind)
    return list(found.values())
