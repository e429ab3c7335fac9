"""Other annotators' work in a team project, one layer each: merged in, read, settled (issue 13)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from annotator.core.layers import (
    AgreementRows,
    LayerContent,
    LayerMergeCounts,
    LayerRelation,
    LayerSpan,
    LayerVersion,
)
from annotator.core.model import Document, DocumentStatus, Label, LabelKind, Relation, RelationType, Span
from annotator.core.text import content_hash
from annotator.store.connected import Connected
from annotator.store.layer_writer import write_layer_document
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

    def agreement_rows(self, gold_name: str | None = None) -> AgreementRows:
        """Spans (with attributes), links and worked documents of every layer, for agreement; with
        `gold_name`, those of the project's own (gold) spans instead, under that name."""
        if gold_name is None:
            spans = self.conn.execute(
                "SELECT layer_spans.layer, document_id, start, \"end\", labels.name, attributes "
                "FROM layer_spans JOIN labels ON labels.id = layer_spans.label_id").fetchall()
            links = self.conn.execute(
                "SELECT head.layer, head.document_id, head.start, head.\"end\", labels.name, "
                "layer_relations.type, child.text FROM layer_relations "
                "JOIN layer_spans AS head ON head.id = head_span_id "
                "JOIN layer_spans AS child ON child.id = child_span_id "
                "JOIN labels ON labels.id = head.label_id").fetchall()
            return AgreementRows(spans, links, self.layer_worked_documents())
        spans = self.conn.execute(
            "SELECT ?, document_id, start, \"end\", labels.name, attributes FROM spans "
            "JOIN labels ON labels.id = spans.label_id", (gold_name,)).fetchall()
        links = self.conn.execute(
            "SELECT ?, head.document_id, head.start, head.\"end\", labels.name, relations.type, child.text "
            "FROM relations JOIN spans AS head ON head.id = head_span_id "
            "JOIN spans AS child ON child.id = child_span_id JOIN labels ON labels.id = head.label_id",
            (gold_name,)).fetchall()
        placeholders = ", ".join("?" for _ in WORKED_STATUSES)
        worked = {row[0] for row in self.conn.execute(
            f"SELECT id FROM documents WHERE status IN ({placeholders}) "
            "UNION SELECT document_id FROM spans", WORKED_STATUSES)}
        return AgreementRows(spans, links, {gold_name: worked})

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
            return write_layer_document(
                self.conn, document_id, layer, content, text, self._label_ids(), now())

    def merge_layers(
        self,
        labels: Sequence[Label],
        relation_types: Sequence[RelationType],
        versions: Iterable[LayerVersion],
    ) -> LayerMergeCounts:
        """Bring annotators' versions of documents in as their layers, in one transaction.

        Labels and relation types missing from the project are added first (names match whatever
        their case; the same name with another kind is refused). A version's document is found by its
        text's content hash, and added (to do, no gold spans) when the project lacks it.
        """
        counts = LayerMergeCounts()
        with self.transaction():
            label_ids = self._unify_labels(labels, counts)
            type_names = self._unify_relation_types(relation_types, counts)
            by_hash = dict(self.conn.execute("SELECT content_hash, id FROM documents").fetchall())
            # (document, layer) pairs the layers already hold something of: the rest are written
            # without comparing (most of a first merge).
            occupied = set(self.conn.execute(
                "SELECT document_id, layer FROM layer_documents UNION SELECT document_id, layer FROM "
                "layer_spans UNION SELECT document_id, layer FROM layer_document_labels").fetchall())
            stamp = now()
            for document, layer, content in versions:
                fingerprint = content_hash(document.text)
                document_id = by_hash.get(fingerprint)
                if document_id is None:
                    document_id = self._add_merged_document(document, fingerprint, stamp)
                    by_hash[fingerprint] = document_id
                    counts.documents_added += 1
                    counts.added_ids.append(document_id)
                counts.versions += 1
                counts.spans += len(content.spans)
                fresh = (document_id, layer) not in occupied
                if write_layer_document(self.conn, document_id, layer, content, document.text, label_ids,
                                        stamp, type_names, fresh):
                    counts.versions_changed += 1
                occupied.add((document_id, layer))
        return counts

    def recorded_annotator(self) -> str | None:
        """Who annotated this project, as it records: the commonest span annotator, else its
        'annotator' setting (project_info), else None."""
        row = self.conn.execute(
            "SELECT annotator FROM spans WHERE annotator IS NOT NULL AND annotator != '' "
            "GROUP BY annotator ORDER BY count(*) DESC, annotator LIMIT 1").fetchone()
        if row is None:
            row = self.conn.execute("SELECT value FROM project_info WHERE key = 'annotator'").fetchone()
        return str(row[0]) if row and str(row[0]).strip() else None

    def delete_layer(self, layer: str) -> None:
        """Remove an annotator's layer from every document (its links go with its spans)."""
        with self.transaction():
            for table in ("layer_spans", "layer_documents", "layer_document_labels"):
                self.conn.execute(f"DELETE FROM {table} WHERE layer = ?", (layer,))

    # --- merge helpers (inside the caller's transaction) ----------------------------------------

    def _label_ids(self) -> dict[str, int]:
        return {name.casefold(): id_ for id_, name in self.conn.execute("SELECT id, name FROM labels")}

    def _unify_labels(self, labels: Sequence[Label], counts: LayerMergeCounts) -> dict[str, int]:
        rows = self.conn.execute("SELECT name, kind FROM labels")
        kinds = {name.casefold(): (name, kind) for name, kind in rows}
        for label in labels:
            known = kinds.get(label.name.casefold())
            if known is None:
                self.conn.execute(
                    "INSERT INTO labels (name, kind, colour, key, position) VALUES (?, ?, ?, NULL, "
                    "(SELECT coalesce(max(position) + 1, 0) FROM labels))",
                    (label.name, LabelKind(label.kind).value, label.colour))
                kinds[label.name.casefold()] = (label.name, LabelKind(label.kind).value)
                counts.new_labels.append(label.name)
            elif known[1] != LabelKind(label.kind).value:
                raise ValueError(
                    f"label {label.name!r} is {label.kind} there but {known[0]!r} is {known[1]} here")
        return self._label_ids()

    def _unify_relation_types(
        self, relation_types: Sequence[RelationType], counts: LayerMergeCounts
    ) -> dict[str, str]:
        known = {name.casefold(): (name, head, child) for name, head, child in self.conn.execute(
            "SELECT name, head_kind, child_kind FROM relation_types")}
        for relation_type in relation_types:
            kinds = (LabelKind(relation_type.head_kind).value, LabelKind(relation_type.child_kind).value)
            found = known.get(relation_type.name.casefold())
            if found is None:
                self.conn.execute("INSERT INTO relation_types (name, head_kind, child_kind) VALUES (?, ?, ?)",
                                  (relation_type.name, *kinds))
                known[relation_type.name.casefold()] = (relation_type.name, *kinds)
                counts.new_relation_types.append(relation_type.name)
            elif found[1:] != kinds:
                raise ValueError(
                    f"relation type {relation_type.name!r} links {kinds[0]} to {kinds[1]} there but "
                    f"{found[0]!r} links {found[1]} to {found[2]} here")
        return {folded: found[0] for folded, found in known.items()}

    def _add_merged_document(self, document: Document, fingerprint: str, stamp: str) -> int:
        cursor = self.conn.execute(
            "INSERT INTO documents (title, text, source, url, author, published, meta, status, content_hash, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'todo', ?, ?, ?)",
            (document.title, document.text, document.source, document.url, document.author,
             document.published, dump_json(document.meta), fingerprint, stamp, stamp))
        return int(cursor.lastrowid or 0)


def _layer_filter(layer: str | None, table: str = "layer_spans") -> tuple[str, tuple[str, ...]]:
    return ("", ()) if layer is None else (f"AND {table}.layer = ?", (layer,))
