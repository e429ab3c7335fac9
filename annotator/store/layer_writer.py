"""Writing annotator layers inside the caller's transaction, one annotator's version of a document at a time.

Each write makes the layer exactly the given version by difference, so writing the same version again
touches no row, and spans that stay keep their ids (a review window holding them is not disturbed).
"""

from __future__ import annotations

import sqlite3

from annotator.core.layers import LayerContent
from annotator.core.model import DocumentStatus
from annotator.store.errors import SpanError
from annotator.store.rows import dump_json

SpanKey = tuple[int, int, int]  # (start, end, label id): the table's UNIQUE key within a layer and document
_INSERT_SPAN = (
    "INSERT INTO layer_spans (layer, document_id, start, \"end\", label_id, text, attributes, note, source, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def write_layer_document(
    conn: sqlite3.Connection,
    document_id: int,
    layer: str,
    content: LayerContent,
    text: str,
    label_ids: dict[str, int],
    stamp: str,
    relation_types: dict[str, str] | None = None,
    fresh: bool = False,
) -> bool:
    """Make `layer`'s version of the document `content`; True when any row changed.

    `label_ids` maps casefolded label names to ids; `relation_types` casefolded relation type names to
    the project's spelling (None: use the names as they are). A version with nothing in it and "to do"
    is no version: it is not stored unless the layer already had one to clear. `fresh`: the caller
    knows the layer holds nothing of this document yet, so there is nothing to compare (a merge's
    first pass writes 30,000 versions: the reads saved are most of its time).
    """
    if not layer:
        raise ValueError("a layer needs an annotator name")
    wanted: dict[SpanKey, tuple[str, str | None, str]] = {}
    keys: list[SpanKey] = []
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
        wanted.setdefault(key, (dump_json(span.attributes) if span.attributes else "{}", span.note, source))
    if fresh:
        return _write_fresh(conn, document_id, layer, content, text, label_ids, stamp, relation_types,
                            wanted, keys)
    existing = {
        (start, end, label_id): (id_, (attributes, note, source))
        for id_, start, end, label_id, attributes, note, source in conn.execute(
            "SELECT id, start, \"end\", label_id, attributes, note, source FROM layer_spans "
            "WHERE document_id = ? AND layer = ?", (document_id, layer))
    }
    status = conn.execute(
        "SELECT status FROM layer_documents WHERE document_id = ? AND layer = ?", (document_id, layer)
    ).fetchone()
    if (not wanted and not existing and status is None and not content.document_labels
            and content.status == DocumentStatus.TODO):
        return False
    changed = False
    gone = [existing[key][0] for key in existing.keys() - wanted.keys()]
    if gone:
        conn.executemany("DELETE FROM layer_spans WHERE id = ?", [(id_,) for id_ in gone])
        changed = True
    ids: dict[SpanKey, int] = {}
    for key, values in wanted.items():
        old = existing.get(key)
        if old is None:
            start, end, label_id = key
            cursor = conn.execute(
                _INSERT_SPAN, (layer, document_id, start, end, label_id, text[start:end], *values, stamp))
            ids[key] = int(cursor.lastrowid or 0)
            changed = True
        else:
            ids[key] = old[0]
            if old[1] != values:
                conn.execute("UPDATE layer_spans SET attributes = ?, note = ?, source = ? WHERE id = ?",
                             (*values, old[0]))
                changed = True
    # A brand-new layer version has no links to compare against: skip the read.
    changed |= _write_relations(conn, content, keys, ids, relation_types, fresh=not existing)
    value = DocumentStatus(content.status).value
    if status is None or status[0] != value:
        conn.execute(
            "INSERT INTO layer_documents (document_id, layer, status) VALUES (?, ?, ?) "
            "ON CONFLICT (document_id, layer) DO UPDATE SET status = excluded.status",
            (document_id, layer, value))
        changed = True
    changed |= _write_document_labels(conn, document_id, layer, content.document_labels, label_ids)
    return changed


def _write_fresh(
    conn: sqlite3.Connection,
    document_id: int,
    layer: str,
    content: LayerContent,
    text: str,
    label_ids: dict[str, int],
    stamp: str,
    relation_types: dict[str, str] | None,
    wanted: dict[SpanKey, tuple[str, str | None, str]],
    keys: list[SpanKey],
) -> bool:
    if not wanted and not content.document_labels and content.status == DocumentStatus.TODO:
        return False
    conn.executemany(_INSERT_SPAN, [
        (layer, document_id, start, end, label_id, text[start:end], *values, stamp)
        for (start, end, label_id), values in wanted.items()])
    if content.relations:
        ids = {(start, end, label_id): id_ for id_, start, end, label_id in conn.execute(
            "SELECT id, start, \"end\", label_id FROM layer_spans WHERE document_id = ? AND layer = ?",
            (document_id, layer))}
        _write_relations(conn, content, keys, ids, relation_types, fresh=True)
    conn.execute("INSERT INTO layer_documents (document_id, layer, status) VALUES (?, ?, ?)",
                 (document_id, layer, DocumentStatus(content.status).value))
    if content.document_labels:
        _write_document_labels(conn, document_id, layer, content.document_labels, label_ids)
    return True


def _write_relations(
    conn: sqlite3.Connection,
    content: LayerContent,
    keys: list[SpanKey],
    ids: dict[SpanKey, int],
    relation_types: dict[str, str] | None,
    fresh: bool,
) -> bool:
    wanted: set[tuple[int, int, str]] = set()
    for relation in content.relations:
        if not (0 <= relation.head < len(keys) and 0 <= relation.child < len(keys)):
            raise SpanError(f"relation {relation.type!r} refers to a span that is not there")
        head, child = ids[keys[relation.head]], ids[keys[relation.child]]
        type_ = relation.type if relation_types is None else relation_types.get(
            relation.type.casefold(), relation.type)
        if head != child:
            wanted.add((head, child, type_))
    existing: dict[tuple[int, int, str], int] = {}
    span_ids = [] if fresh else sorted(set(ids.values()))
    for start in range(0, len(span_ids), 500):  # SQLite's bound-parameter limit
        chunk = span_ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        for id_, head, child, type_ in conn.execute(
            "SELECT id, head_span_id, child_span_id, type FROM layer_relations "
            f"WHERE head_span_id IN ({marks})",
            chunk,
        ):
            existing[head, child, type_] = id_
    gone = [existing[key] for key in existing.keys() - wanted]
    new = sorted(wanted - existing.keys())
    if gone:
        conn.executemany("DELETE FROM layer_relations WHERE id = ?", [(id_,) for id_ in gone])
    try:
        conn.executemany(
            "INSERT INTO layer_relations (head_span_id, child_span_id, type) VALUES (?, ?, ?)", new)
    except sqlite3.IntegrityError as error:
        raise ValueError(f"cannot store a layer link: {error} (is its relation type known?)") from error
    return bool(gone or new)


def _write_document_labels(
    conn: sqlite3.Connection, document_id: int, layer: str, names: list[str], label_ids: dict[str, int]
) -> bool:
    wanted = set()
    for name in names:
        if name.casefold() not in label_ids:
            raise ValueError(f"{layer}: unknown document label {name!r}")
        wanted.add(label_ids[name.casefold()])
    existing = {row[0] for row in conn.execute(
        "SELECT label_id FROM layer_document_labels WHERE document_id = ? AND layer = ?",
        (document_id, layer))}
    if existing == wanted:
        return False
    conn.execute("DELETE FROM layer_document_labels WHERE document_id = ? AND layer = ?",
                 (document_id, layer))
    conn.executemany(
        "INSERT INTO layer_document_labels (document_id, layer, label_id) VALUES (?, ?, ?)",
        [(document_id, layer, label_id) for label_id in sorted(wanted)])
    return True
