"""Labels and relation types of a project: reading, adding, editing, reordering, removing."""

from __future__ import annotations

import re
import sqlite3

from annotator.core.label_keys import next_free_key
from annotator.core.model import Label, LabelKind, Relation, RelationType, Span
from annotator.core.presets import EXTRA_COLOURS
from annotator.store.connected import Connected
from annotator.store.errors import LabelInUseError
from annotator.store.rows import SPAN_COLUMNS, label_from_row, relation_from_row, span_from_row

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


class LabelsMixin(Connected):
    """The label half of `Project`; every write is one transaction."""

    def labels(self) -> list[Label]:
        rows = self.conn.execute(
            "SELECT id, name, kind, colour, key, position FROM labels ORDER BY position, id"
        )
        return [label_from_row(row) for row in rows]

    def label(self, name: str) -> Label | None:
        row = self.conn.execute(
            "SELECT id, name, kind, colour, key, position FROM labels WHERE name = ?", (name,)
        ).fetchone()
        return label_from_row(row) if row else None

    def add_label(
        self,
        name: str,
        kind: LabelKind = LabelKind.ENTITY,
        colour: str | None = None,
        key: str | None = None,
    ) -> Label:
        name = name.strip()
        if not name:
            raise ValueError("a label needs a name")
        with self.transaction():
            self._refuse_taken_name(name)
            self._add_label_in_transaction(name, kind, colour, key)
        label = self.label(name)
        assert label is not None
        return label

    def label_named(self, name: str) -> Label | None:
        """The label whose name is `name` whatever its case ("person" finds PERSON)."""
        wanted = name.strip().casefold()
        return next((label for label in self.labels() if label.name.casefold() == wanted), None)

    def _refuse_taken_name(self, name: str, label_id: int | None = None) -> None:
        # Names differing only in case would be two keys for what people read as one label.
        taken = self.label_named(name)
        if taken is not None and taken.id != label_id:
            raise ValueError(f"label {name!r} already exists" + (
                f" (as {taken.name})" if taken.name != name else ""))

    def _add_label_in_transaction(
        self, name: str, kind: LabelKind, colour: str | None, key: str | None
    ) -> None:
        """Add a label with the next free colour, key and position (caller holds a transaction)."""
        existing = self.labels()
        if colour is None:
            colour = EXTRA_COLOURS[len(existing) % len(EXTRA_COLOURS)]
        if key is None and kind != LabelKind.DOCUMENT:  # document labels take Ctrl+Alt+N, not span keys
            key = next_free_key(label.key for label in existing)
        if kind == LabelKind.DOCUMENT:
            key = None
        position = max((label.position for label in existing), default=-1) + 1
        self._insert_label(name, kind, colour, key, position)

    def _insert_label(
        self, name: str, kind: LabelKind, colour: str, key: str | None, position: int
    ) -> None:
        self.conn.execute(
            "INSERT INTO labels (name, kind, colour, key, position) VALUES (?, ?, ?, ?, ?)",
            (name, kind.value, colour, key, position),
        )

    def relation_types(self) -> list[RelationType]:
        rows = self.conn.execute(
            "SELECT name, head_kind, child_kind FROM relation_types ORDER BY name"
        ).fetchall()
        allowed: dict[str, list[str]] = {}
        # Only labels that exist and still have the child kind: a removed one is simply not listed.
        for relation_type, label in self.conn.execute(
            "SELECT relation_type, labels.name FROM relation_type_labels "
            "JOIN relation_types ON relation_types.name = relation_type "
            "JOIN labels ON labels.id = label_id AND labels.kind = relation_types.child_kind "
            "ORDER BY labels.position, labels.id"
        ):
            allowed.setdefault(relation_type, []).append(label)
        return [RelationType(name, LabelKind(head), LabelKind(child), tuple(allowed.get(name, ())))
                for name, head, child in rows]

    def set_relation_type_labels(self, relation_type: str, labels: list[str]) -> None:
        """The labels a relation type's child may carry ([]: any label of its child kind)."""
        with self.transaction():
            if self.conn.execute("SELECT 1 FROM relation_types WHERE name = ?",
                                 (relation_type,)).fetchone() is None:
                raise ValueError(f"unknown relation type {relation_type!r}")
            ids = [self._label_id(name) for name in labels]
            self.conn.execute("DELETE FROM relation_type_labels WHERE relation_type = ?", (relation_type,))
            self.conn.executemany("INSERT OR IGNORE INTO relation_type_labels VALUES (?, ?)",
                                  [(relation_type, label_id) for label_id in ids])


    def update_label(
        self,
        name: str,
        *,
        new_name: str | None = None,
        kind: LabelKind | None = None,
        colour: str | None = None,
        key: str | None = None,
        clear_key: bool = False,
    ) -> Label:
        """Rename, re-kind, recolour or re-key a label; its spans follow (they refer to it by id)."""
        values: dict[str, object] = {}
        if new_name is not None:
            if not new_name.strip():
                raise ValueError("a label needs a name")
            values["name"] = new_name.strip()
        if kind is not None:
            values["kind"] = LabelKind(kind).value
        if colour is not None:
            if not _COLOUR.fullmatch(colour):
                raise ValueError(f"colour {colour!r} is not of the form #rrggbb")
            values["colour"] = colour
        if key is not None or clear_key:
            if key is not None and not (len(key) == 1 and key.isprintable() and not key.isspace()):
                raise ValueError(f"key {key!r} must be one character")
            values["key"] = None if clear_key else key
        with self.transaction():
            label_id = self._label_id(name)
            self._check_kind_change(name, label_id, values)
            if "name" in values:
                self._refuse_taken_name(str(values["name"]), label_id)
            if values.get("key") is not None:
                # A key belongs to one label: taking it from another leaves that one without.
                self.conn.execute("UPDATE labels SET key = NULL WHERE key = ? AND id != ?",
                                  (values["key"], label_id))
            if values:
                assignments = ", ".join(f"{column} = ?" for column in values)
                try:
                    self.conn.execute(f"UPDATE labels SET {assignments} WHERE id = ?",
                                      (*values.values(), label_id))
                except sqlite3.IntegrityError as error:
                    raise ValueError(f"label {new_name!r} already exists") from error
        label = self.label(str(values.get("name", name)))
        assert label is not None
        return label

    def _check_kind_change(self, name: str, label_id: int, values: dict[str, object]) -> None:
        """A document label takes no span key, and a label in use keeps the span/document side it is on."""
        kind = self.conn.execute("SELECT kind FROM labels WHERE id = ?", (label_id,)).fetchone()[0]
        new_kind = values.get("kind", kind)
        if new_kind == LabelKind.DOCUMENT.value:
            values["key"] = None
        if (kind == LabelKind.DOCUMENT.value) == (new_kind == LabelKind.DOCUMENT.value):
            return
        if self.conn.execute("SELECT 1 FROM spans WHERE label_id = ? UNION ALL SELECT 1 FROM document_labels "
                             "WHERE label_id = ? LIMIT 1", (label_id, label_id)).fetchone():
            raise ValueError(f"{name} is in use: a label used on spans or documents keeps its kind")
        if new_kind != LabelKind.DOCUMENT.value:
            self.conn.execute("UPDATE labels SET choice_group = NULL WHERE id = ?", (label_id,))

    def reorder_labels(self, names: list[str]) -> None:
        """Put the labels in this order; labels not named keep their relative order after them."""
        with self.transaction():
            current = [label.name for label in self.labels()]
            unknown = set(names) - set(current)
            if unknown:
                raise ValueError(f"unknown label {sorted(unknown)[0]!r}")
            order = list(dict.fromkeys(names)) + [name for name in current if name not in names]
            self.conn.executemany("UPDATE labels SET position = ? WHERE name = ?",
                                  list(enumerate(order)))

    def label_usage(self, name: str) -> int:
        """How many spans carry this label (documents, for a document label)."""
        label_id = self._label_id(name)
        return int(self.conn.execute(
            "SELECT (SELECT count(*) FROM spans WHERE label_id = ?) + "
            "(SELECT count(*) FROM document_labels WHERE label_id = ?)", (label_id, label_id)
        ).fetchone()[0])

    def label_link_count(self, name: str) -> int:
        """How many links (speakers, claimants) have a span of this label at either end."""
        label_id = self._label_id(name)
        return int(self.conn.execute(
            "SELECT count(*) FROM relations WHERE head_span_id IN (SELECT id FROM spans WHERE label_id = ?) "
            "OR child_span_id IN (SELECT id FROM spans WHERE label_id = ?)", (label_id, label_id)
        ).fetchone()[0])

    def delete_label(self, name: str, *, with_spans: bool = False) -> tuple[list[Span], list[Relation]]:
        """Remove a label; refuse while spans use it unless `with_spans`.

        Returns the spans and relations removed with it, as `restore` wants them for undo.
        """
        with self.transaction():
            label_id = self._label_id(name)
            spans = [span_from_row(row) for row in self.conn.execute(
                f"SELECT {SPAN_COLUMNS} FROM spans JOIN labels ON labels.id = spans.label_id "
                "WHERE label_id = ? ORDER BY spans.id", (label_id,))]
            if spans and not with_spans:
                raise LabelInUseError(name, len(spans))
            self._set_aside_document_labels(label_id, name, with_spans)
            relations = [relation_from_row(row) for row in self.conn.execute(
                "SELECT id, head_span_id, child_span_id, type FROM relations WHERE head_span_id IN "
                "(SELECT id FROM spans WHERE label_id = ?) OR child_span_id IN "
                "(SELECT id FROM spans WHERE label_id = ?) ORDER BY id", (label_id, label_id))]
            self.conn.execute("DELETE FROM spans WHERE label_id = ?", (label_id,))
            self.conn.execute("DELETE FROM labels WHERE id = ?", (label_id,))
        return spans, relations

    def _set_aside_document_labels(self, label_id: int, name: str, with_spans: bool) -> None:
        """Before a document label goes: refuse while documents carry it (unless `with_spans`), else
        keep its documents and choice group aside for `restore_label` (undo); label ids are never
        reused, so the id is a safe key for the session."""
        rows = self.conn.execute(
            "SELECT document_id, annotator, source, created_at FROM document_labels WHERE label_id = ?",
            (label_id,)).fetchall()
        if rows and not with_spans:
            raise LabelInUseError(name, len(rows), "document")
        group = self.conn.execute("SELECT choice_group FROM labels WHERE id = ?", (label_id,)).fetchone()[0]
        self.__dict__.setdefault("_removed_document_labels", {})[label_id] = (group, rows)
        self.conn.execute("DELETE FROM document_labels WHERE label_id = ?", (label_id,))

    def _put_back_document_labels(self, label_id: int) -> None:
        group, rows = self.__dict__.get("_removed_document_labels", {}).pop(label_id, (None, []))
        if group is not None:
            self.conn.execute("INSERT OR IGNORE INTO choice_groups (name) VALUES (?)", (group,))
            self.conn.execute("UPDATE labels SET choice_group = ? WHERE id = ?", (group, label_id))
        self.conn.executemany(
            "INSERT OR IGNORE INTO document_labels (document_id, label_id, annotator, source, created_at) "
            "VALUES (?, ?, ?, ?, ?)", [(row[0], label_id, *row[1:]) for row in rows])
