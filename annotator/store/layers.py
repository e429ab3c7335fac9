"""Other annotators' work in a team project, one layer each: merged in, read, settled (issue 13)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from annotator.core.layers import LayerContent, LayerRelation, LayerSpan
from annotator.core.model import Document, DocumentStatus, Relation, Span
from annotator.store.connected import Connected
from annotator.store.errors import SpanError
from annotator.store.rows import DOCUMENT_COLUMNS, document_from_row, dump_json, now

_LAYER_SPAN_COLUMNS = (
    "layer_spans.id, layer_spans.layer, layer_spans.document_id, layer_spans.start, layer_spans.\"end\", "
    "labels.name, layer_spans.text, layer_spans.attributes, layer_spans.note, layer_spans.source"
)
# Statuses that say an annotator worked on a document: a "to do" one with no spans was never opened.
WORKED_STATUSES = ("in_progress", "done")


def _layer_span(row: tuple[Any, ...]) -> LayerSpan:
    id_, layer, document_id, start, end, label, text, attributes, note, source = row
    return LayerSpan(id_, layer, document_id, start, end, label, text,
                     json.loads(attributes) if attributes != "{}" else {}, note, source)


class LayersMixin(Connected):
    """The part of `Project` for this feature; every public write is one transaction."""

    # --- reading -------------------------------------------------------------------------------

    def layers(self) -> list[str]:
        """Annotator names with a layer (spans, a status or document labels), sorted."""
        rows = self.conn.execute(
            "SELECT layer FROM layer_documents UNION SELECT layer FROM layer_spans "
            "UNION SELECT layer FROM layer_document_labels"
        )
        return sorted(row[0] for row in rows)

    def layer_spans(self, document_id: int, layer: str | None = None) -> list[LayerSpan]:
        """A document's layer spans (one layer's, or all): by start, longest first, then layer."""
        where, params = _layer_filter(layer)
        rows = self.conn.execute(
            f"SELECT {_LAYER_SPAN_COLUMNS} FROM layer_spans JOIN labels ON labels.id = layer_spans.label_id "
            f"WHERE layer_spans.document_id = ? {where} "
            "ORDER BY layer_spans.start, layer_spans.\"end\" DESC, layer_spans.layer, labels.position, "
            "layer_spans.id",
            (document_id, *params),
        )
        return list(map(_layer_span, rows))

    def layer_span(self, span_id: int) -> LayerSpan:
        row = self.conn.execute(
            f"SELECT {_LAYER_SPAN_COLUMNS} FROM layer_spans JOIN labels ON labels.id = layer_spans.label_id "
            "WHERE layer_spans.id = ?",
            (span_id,),
        ).fetchone()
        if row is None:
            raise KeyError(f"no layer span {span_id}")
        return _layer_span(row)

    def layer_relations(self, document_id: int, layer: str | None = None) -> list[LayerRelation]:
        """A document's layer links (one layer's, or all), oldest first."""
        where, params = _layer_filter(layer)
        rows = self.conn.execute(
            "SELECT layer_relations.id, layer_spans.layer, head_span_id, child_span_id, type "
            "FROM layer_relations JOIN layer_spans ON layer_spans.id = layer_relations.head_span_id "
            f"WHERE layer_spans.document_id = ? {where} ORDER BY layer_relations.id",
            (document_id, *params),
        )
        return [LayerRelation(*row) for row in rows]

    def layer_statuses(self, document_id: int) -> dict[str, DocumentStatus]:
        """Each layer's status of a document (layers with no row for it are left out)."""
        rows = self.conn.execute(
            "SELECT layer, status FROM layer_documents WHERE document_id = ? ORDER BY layer", (document_id,)
        )
        return {layer: DocumentStatus(status) for layer, status in rows}

    def layer_document_labels(self, document_id: int, layer: str | None = None) -> dict[str, list[str]]:
        """Each layer's document labels (topic, genre…) of a document, in label order."""
        where, params = _layer_filter(layer, "layer_document_labels")
        rows = self.conn.execute(
            "SELECT layer_document_labels.layer, labels.name FROM layer_document_labels "
            "JOIN labels ON labels.id = layer_document_labels.label_id "
            f"WHERE layer_document_labels.document_id = ? {where} "
            "ORDER BY layer_document_labels.layer, labels.position",
            (document_id, *params),
        )
        found: dict[str, list[str]] = {}
        for layer_name, label in rows:
            found.setdefault(layer_name, []).append(label)
        return found

    def documents_with_layers(self) -> list[int]:
        """Ids of the documents any layer has spans or a status for, in id order."""
        rows = self.conn.execute(
            "SELECT document_id FROM layer_documents UNION SELECT document_id FROM layer_spans ORDER BY 1"
        )
        return [row[0] for row in rows]

    def layer_worked_documents(self) -> dict[str, set[int]]:
        """For each layer, the documents its annotator worked on: in progress, done, or with spans.

        Agreement needs it: a finished document with nothing marked differs from one never opened.
        """
        placeholders = ", ".join("?" for _ in WORKED_STATUSES)
        rows = self.conn.execute(
            f"SELECT layer, document_id FROM layer_documents WHERE status IN ({placeholders}) "
            "UNION SELECT layer, document_id FROM layer_spans",
            WORKED_STATUSES,
        )
        worked: dict[str, set[int]] = {layer: set() for layer in self.layers()}
        for layer, document_id in rows:
            worked[layer].add(document_id)
        return worked

    def layer_span_rows(self) -> list[tuple[str, int, int, int, str]]:
        """Every layer span as (layer, document id, start, end, label): agreement's bulk read."""
        return self.conn.execute(
            "SELECT layer_spans.layer, layer_spans.document_id, layer_spans.start, layer_spans.\"end\", "
            "labels.name FROM layer_spans JOIN labels ON labels.id = layer_spans.label_id"
        ).fetchall()

    def layer_annotated_documents(
        self, layer: str, status: Iterable[DocumentStatus] | None = None
    ) -> Iterator[tuple[Document, list[Span], list[Relation]]]:
        """One layer as exports read the gold layer: each document it holds (in id order, with the
        layer's status, optionally only those statuses), its spans (annotator = the layer) and links."""
        wanted = None if status is None else {DocumentStatus(item) for item in status}
        statuses = dict(self.conn.execute(
            "SELECT document_id, status FROM layer_documents WHERE layer = ?", (layer,)).fetchall())
        span_rows = self.conn.execute(
            f"SELECT {_LAYER_SPAN_COLUMNS} FROM layer_spans JOIN labels ON labels.id = layer_spans.label_id "
            "WHERE layer_spans.layer = ? ORDER BY layer_spans.document_id, layer_spans.start, "
            "layer_spans.\"end\", layer_spans.label_id",
            (layer,),
        ).fetchall()
        spans: dict[int, list[Span]] = {}
        for row in span_rows:
            span = _layer_span(row)
            spans.setdefault(span.document_id, []).append(Span(
                span.id, span.document_id, span.start, span.end, span.label, span.text, span.attributes,
                span.note, layer, span.source))
        relations: dict[int, list[Relation]] = {}
        for document_id, *relation in self.conn.execute(
            "SELECT layer_spans.document_id, layer_relations.id, head_span_id, child_span_id, type "
            "FROM layer_relations JOIN layer_spans ON layer_spans.id = layer_relations.head_span_id "
            "WHERE layer_spans.layer = ? ORDER BY layer_relations.id",
            (layer,),
        ):
            relations.setdefault(document_id, []).append(Relation(*relation))
        for document_id in sorted(set(statuses) | set(spans)):
            row = self.conn.execute(
                f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?", (document_id,)).fetchone()
            document = document_from_row(row)._replace(
                status=DocumentStatus(statuses.get(document_id, "in_progress")))
            if wanted is None or document.status in wanted:
                yield document, spans.get(document_id, []), relations.get(document_id, [])

    # --- writing -------------------------------------------------------------------------------

    def set_layer_document(self, document_id: int, layer: str, content: LayerContent) -> bool:
        """Make `layer`'s version of a document exactly `content`; True when anything changed.

        Spans already there with the same offsets and label keep their ids (a review holding them
        is not disturbed); labels and relation types must exist in the project.
        """
        with self.transaction():
            text = self._document_text(document_id)
            label_ids = {label.name.casefold(): label.id for label in self._labels_for_layers()}
            return self._write_layer_document(document_id, layer, content, text, label_ids, now())

    def delete_layer(self, layer: str) -> None:
        """Remove an annotator's layer from every document (its links go with its spans)."""
        with self.transaction():
            for table in ("layer_spans", "layer_documents", "layer_document_labels"):
                self.conn.execute(f"DELETE FROM {table} WHERE layer = ?", (layer,))

    def _labels_for_layers(self) -> list[Any]:
        return self.labels()  # type: ignore[attr-defined, no-any-return]  # LabelsMixin, in Project

    def _write_layer_document(
        self,
        document_id: int,
        layer: str,
        content: LayerContent,
        text: str,
        label_ids: dict[str, int],
        stamp: str,
    ) -> bool:
        """`set_layer_document` inside the caller's transaction (`label_ids`: casefolded name → id)."""
        if not layer:
            raise ValueError("a layer needs an annotator name")
        conn = self.conn
        wanted: dict[tuple[int, int, int], tuple[str, str | None, str]] = {}
        keys: list[tuple[int, int, int]] = []
        sources = content.span_sources
        for index, span in enumerate(content.spans):
            if not 0 <= span.start < span.end <= len(text):
                raise SpanError(
                    f"{layer}: span [{span.start}, {span.end}) does not fit document {document_id} "
                    f"({len(text)} characters)")
            label_id = label_ids.get(span.label.casefold())
            if label_id is None:
                raise ValueError(f"{layer}: unknown label {span.label!r}")
            key = (span.start, span.end, label_id)
            keys.append(key)
            source = sources[index] if index < len(sources) else "human"
            wanted.setdefault(key, (dump_json(span.attributes), span.note, source))
        existing = {
            (start, end, label_id): (id_, (attributes, note, source))
            for id_, start, end, label_id, attributes, note, source in conn.execute(
                "SELECT id, start, \"end\", label_id, attributes, note, source FROM layer_spans "
                "WHERE document_id = ? AND layer = ?", (document_id, layer))
        }
        changed = False
        gone = [existing[key][0] for key in existing.keys() - wanted.keys()]
        if gone:
            conn.executemany("DELETE FROM layer_spans WHERE id = ?", [(id_,) for id_ in gone])
            changed = True
        ids: dict[tuple[int, int, int], int] = {}
        for key, values in wanted.items():
            old = existing.get(key)
            if old is None:
                start, end, label_id = key
                cursor = conn.execute(
                    "INSERT INTO layer_spans (layer, document_id, start, \"end\", label_id, text, "
                    "attributes, note, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (layer, document_id, start, end, label_id, text[start:end], *values, stamp))
                ids[key] = int(cursor.lastrowid or 0)
                changed = True
            else:
                ids[key] = old[0]
                if old[1] != values:
                    conn.execute("UPDATE layer_spans SET attributes = ?, note = ?, source = ? WHERE id = ?",
                                 (*values, old[0]))
                    changed = True
        changed |= self._write_layer_relations(content, keys, ids)
        changed |= self._write_layer_status(document_id, layer, content.status)
        changed |= self._write_layer_document_labels(document_id, layer, content.document_labels, label_ids)
        return changed

    def _write_layer_relations(
        self, content: LayerContent, keys: list[tuple[int, int, int]], ids: dict[tuple[int, int, int], int]
    ) -> bool:
        wanted: set[tuple[int, int, str]] = set()
        for relation in content.relations:
            if not (0 <= relation.head < len(keys) and 0 <= relation.child < len(keys)):
                raise SpanError(f"relation {relation.type!r} refers to a span that is not there")
            head, child = ids[keys[relation.head]], ids[keys[relation.child]]
            if head != child:
                wanted.add((head, child, relation.type))
        span_ids = sorted(set(ids.values()))
        existing: dict[tuple[int, int, str], int] = {}
        for start in range(0, len(span_ids), 500):  # SQLite's bound-parameter limit
            chunk = span_ids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            for id_, head, child, type_ in self.conn.execute(
                f"SELECT id, head_span_id, child_span_id, type FROM layer_relations "
                f"WHERE head_span_id IN ({marks})", chunk):
                existing[head, child, type_] = id_
        gone = [existing[key] for key in existing.keys() - wanted]
        new = sorted(wanted - existing.keys())
        self.conn.executemany("DELETE FROM layer_relations WHERE id = ?", [(id_,) for id_ in gone])
        try:
            self.conn.executemany(
                "INSERT INTO layer_relations (head_span_id, child_span_id, type) VALUES (?, ?, ?)", new)
        except sqlite3.IntegrityError as error:
            raise ValueError(f"cannot store a layer link: {error} (is its relation type known?)") from error
        return bool(gone or new)

    def _write_layer_status(self, document_id: int, layer: str, status: DocumentStatus) -> bool:
        row = self.conn.execute(
            "SELECT status FROM layer_documents WHERE document_id = ? AND layer = ?", (document_id, layer)
        ).fetchone()
        value = DocumentStatus(status).value
        if row is not None and row[0] == value:
            return False
        self.conn.execute(
            "INSERT INTO layer_documents (document_id, layer, status) VALUES (?, ?, ?) "
            "ON CONFLICT (document_id, layer) DO UPDATE SET status = excluded.status",
            (document_id, layer, value))
        return True

    def _write_layer_document_labels(
        self, document_id: int, layer: str, names: list[str], label_ids: dict[str, int]
    ) -> bool:
        wanted = set()
        for name in names:
            if name.casefold() not in label_ids:
                raise ValueError(f"{layer}: unknown document label {name!r}")
            wanted.add(label_ids[name.casefold()])
        existing = {row[0] for row in self.conn.execute(
            "SELECT label_id FROM layer_document_labels WHERE document_id = ? AND layer = ?",
            (document_id, layer))}
        if existing == wanted:
            return False
        self.conn.execute("DELETE FROM layer_document_labels WHERE document_id = ? AND layer = ?",
                          (document_id, layer))
        self.conn.executemany(
            "INSERT INTO layer_document_labels (document_id, layer, label_id) VALUES (?, ?, ?)",
            [(document_id, layer, label_id) for label_id in sorted(wanted)])
        return True


def _layer_filter(layer: str | None, table: str = "layer_spans") -> tuple[str, tuple[str, ...]]:
    return ("", ()) if layer is None else (f"AND {table}.layer = ?", (layer,))
