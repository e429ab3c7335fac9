"""Labels of whole documents (topic, genre, stance) and their choice groups (issue 14)."""

from __future__ import annotations

from collections.abc import Iterable

from annotator.core.document_labels import (
    ChoiceGroup,
    DocumentLabelChange,
    DocumentLabelChoice,
    DocumentLabelRow,
)
from annotator.core.model import LabelKind
from annotator.core.presets import EXTRA_COLOURS
from annotator.store.connected import Connected
from annotator.store.rows import now

_DOCUMENT = LabelKind.DOCUMENT.value


class DocumentLabelsMixin(Connected):
    """The part of `Project` for this feature; every public write is one transaction."""

    # --- what there is -------------------------------------------------------------------------

    def document_label_choices(self) -> list[DocumentLabelChoice]:
        """Every document label in label order, with its group and whether that allows several."""
        rows = self.conn.execute(
            "SELECT labels.name, labels.colour, choice_groups.name, coalesce(choice_groups.multiple, 1) "
            "FROM labels LEFT JOIN choice_groups ON choice_groups.name = labels.choice_group "
            "WHERE labels.kind = ? ORDER BY labels.position, labels.id", (_DOCUMENT,))
        return [DocumentLabelChoice(name, colour, group, bool(multiple))
                for name, colour, group, multiple in rows]

    def choice_groups(self) -> list[ChoiceGroup]:
        """The groups, in the order of their first label (groups without labels last, by name)."""
        rows = self.conn.execute(
            "SELECT name, multiple FROM choice_groups ORDER BY "
            "coalesce((SELECT min(position) FROM labels WHERE choice_group = choice_groups.name), 1e9), name")
        return [ChoiceGroup(name, bool(multiple)) for name, multiple in rows]

    def document_labels(self, document_id: int) -> list[str]:
        """The document's labels, in label order."""
        rows = self.conn.execute(
            "SELECT labels.name FROM document_labels JOIN labels ON labels.id = document_labels.label_id "
            "WHERE document_labels.document_id = ? ORDER BY labels.position, labels.id", (document_id,))
        return [row[0] for row in rows]

    def document_label_map(self, document_ids: Iterable[int] | None = None) -> dict[int, list[str]]:
        """Document id -> its labels in label order, for lists and exports (unlabelled ones absent)."""
        rows = self.conn.execute(
            "SELECT document_labels.document_id, labels.name FROM document_labels "
            "JOIN labels ON labels.id = document_labels.label_id "
            "ORDER BY document_labels.document_id, labels.position, labels.id")
        wanted = None if document_ids is None else set(document_ids)
        found: dict[int, list[str]] = {}
        for document_id, name in rows:
            if wanted is None or document_id in wanted:
                found.setdefault(document_id, []).append(name)
        return found

    def document_label_counts(self) -> dict[str, int]:
        """Documents per document label, every one listed in label order (unused ones with 0)."""
        rows = self.conn.execute(
            "SELECT labels.name, count(document_labels.document_id) FROM labels LEFT JOIN document_labels "
            "ON document_labels.label_id = labels.id WHERE labels.kind = ? "
            "GROUP BY labels.id ORDER BY labels.position, labels.id", (_DOCUMENT,))
        return {name: count for name, count in rows}

    def documents_with_document_label(self, label: str) -> list[int]:
        """Ids of the documents carrying `label`, in id order (the document list's filter)."""
        label_id = self._document_label_id(label)
        rows = self.conn.execute(
            "SELECT document_id FROM document_labels WHERE label_id = ? ORDER BY document_id", (label_id,))
        return [row[0] for row in rows]

    # --- labelling documents -------------------------------------------------------------------

    def set_document_label(self, document_id: int, label: str, on: bool) -> DocumentLabelChange:
        """Put `label` on the document (`on`) or take it off, in one transaction.

        In a single-choice group, turning one on takes the group's others off. Returns exactly what
        changed (nothing when it already was so), which `undo_document_label_change` reverses."""
        with self.transaction():
            label_id = self._document_label_id(label)
            self._require_document(document_id)
            name, group, multiple = self.conn.execute(
                "SELECT labels.name, labels.choice_group, coalesce(choice_groups.multiple, 1) FROM labels "
                "LEFT JOIN choice_groups ON choice_groups.name = labels.choice_group WHERE labels.id = ?",
                (label_id,)).fetchone()
            has = self._has_document_label(document_id, label_id)
            if bool(on) == has:
                return DocumentLabelChange(document_id)
            if not on:
                removed = self._remove_document_labels(document_id, [label_id])
                self._touch(document_id)
                return DocumentLabelChange(document_id, (), removed)
            others: list[int] = []
            if group is not None and not multiple:
                others = [row[0] for row in self.conn.execute(
                    "SELECT label_id FROM document_labels JOIN labels ON labels.id = label_id "
                    "WHERE document_id = ? AND labels.choice_group = ? AND label_id != ?",
                    (document_id, group, label_id))]
            removed = self._remove_document_labels(document_id, others)
            self._insert_document_label(document_id, label_id, self.annotator, "human", now())
            self._touch(document_id)
        return DocumentLabelChange(document_id, (name,), removed)

    def undo_document_label_change(self, change: DocumentLabelChange) -> None:
        """Put the document's labels back as they were before `change` (rows as they were stored)."""
        with self.transaction():
            self._require_document(change.document_id)
            ids = [self._document_label_id(name) for name in change.added]
            self._remove_document_labels(change.document_id, ids)
            for row in change.removed:
                self._insert_document_label(change.document_id, self._document_label_id(row.label),
                                            row.annotator, row.source, row.created_at)
            self._touch(change.document_id)

    def redo_document_label_change(self, change: DocumentLabelChange) -> None:
        """Make `change` again, exactly (redo after `undo_document_label_change`)."""
        with self.transaction():
            self._require_document(change.document_id)
            removed = [self._document_label_id(row.label) for row in change.removed]
            self._remove_document_labels(change.document_id, removed)
            stamp = now()
            for name in change.added:
                label_id = self._document_label_id(name)
                if not self._has_document_label(change.document_id, label_id):
                    self._insert_document_label(change.document_id, label_id, self.annotator, "human", stamp)
            self._touch(change.document_id)

    # --- document labels and choice groups -----------------------------------------------------

    def add_document_label(
        self, name: str, group: str | None = None, colour: str | None = None, multiple: bool = False
    ) -> DocumentLabelChoice:
        """A new document label (no span key: Ctrl+Alt+N toggles it), in `group` when given; a group
        not there yet is made, single-choice unless `multiple`."""
        name = name.strip()
        if not name:
            raise ValueError("a label needs a name")
        with self.transaction():
            taken = self.conn.execute("SELECT name FROM labels WHERE name = ? COLLATE NOCASE",
                                      (name,)).fetchone()
            if taken is not None:
                raise ValueError(f"label {name!r} already exists" + (
                    f" (as {taken[0]})" if taken[0] != name else ""))
            group = self._ensure_group(group, multiple)
            count, position = self.conn.execute(
                "SELECT count(*), coalesce(max(position) + 1, 0) FROM labels").fetchone()
            self.conn.execute(
                "INSERT INTO labels (name, kind, colour, key, position, choice_group) "
                "VALUES (?, ?, ?, NULL, ?, ?)",
                (name, _DOCUMENT, colour or EXTRA_COLOURS[count % len(EXTRA_COLOURS)], position, group))
        return next(choice for choice in self.document_label_choices() if choice.name == name)

    def set_label_choice_group(self, label: str, group: str | None, multiple: bool = False) -> None:
        """Move a document label into `group` (made when missing) or out of any (None)."""
        with self.transaction():
            label_id = self._document_label_id(label)
            group = self._ensure_group(group, multiple)
            self.conn.execute("UPDATE labels SET choice_group = ? WHERE id = ?", (group, label_id))

    def add_choice_group(self, name: str, multiple: bool = False) -> ChoiceGroup:
        name = name.strip()
        if not name:
            raise ValueError("a choice group needs a name")
        with self.transaction():
            if self._group_name(name) is not None:
                raise ValueError(f"choice group {name!r} already exists")
            self.conn.execute("INSERT INTO choice_groups (name, multiple) VALUES (?, ?)",
                              (name, int(multiple)))
        return ChoiceGroup(name, multiple)

    def rename_choice_group(self, name: str, new_name: str) -> ChoiceGroup:
        new_name = new_name.strip()
        if not new_name:
            raise ValueError("a choice group needs a name")
        with self.transaction():
            old = self._require_group(name)
            other = self._group_name(new_name)
            if other is not None and other != old:
                raise ValueError(f"choice group {new_name!r} already exists")
            multiple = self.conn.execute("SELECT multiple FROM choice_groups WHERE name = ?",
                                         (old,)).fetchone()[0]
            # choice_groups.name is NOCASE: a change of case alone is an UPDATE of the same row.
            self.conn.execute("UPDATE choice_groups SET name = ? WHERE name = ?", (new_name, old))
            self.conn.execute("UPDATE labels SET choice_group = ? WHERE choice_group = ?", (new_name, old))
        return ChoiceGroup(new_name, bool(multiple))

    def set_choice_group_multiple(self, name: str, multiple: bool) -> None:
        """Allow several labels of the group per document, or one. Going to one leaves documents
        that already hold several as they are (nothing is thrown away); the next choice settles them."""
        with self.transaction():
            group = self._require_group(name)
            self.conn.execute("UPDATE choice_groups SET multiple = ? WHERE name = ?", (int(multiple), group))

    def delete_choice_group(self, name: str) -> None:
        """Remove a group; its labels stay, on their own."""
        with self.transaction():
            group = self._require_group(name)
            self.conn.execute("UPDATE labels SET choice_group = NULL WHERE choice_group = ?", (group,))
            self.conn.execute("DELETE FROM choice_groups WHERE name = ?", (group,))

    def document_label_usage(self, name: str) -> int:
        """How many documents carry this label."""
        return int(self.conn.execute("SELECT count(*) FROM document_labels WHERE label_id = ?",
                                     (self._label_id(name),)).fetchone()[0])

    # --- helpers -------------------------------------------------------------------------------

    def _document_label_id(self, name: str) -> int:
        row = self.conn.execute("SELECT id, kind FROM labels WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise ValueError(f"unknown label {name!r}")
        if row[1] != _DOCUMENT:
            raise ValueError(f"{name} is a span label ({row[1]}), not a document label")
        return int(row[0])

    def _require_document(self, document_id: int) -> None:
        if self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (document_id,)).fetchone() is None:
            raise KeyError(f"no document {document_id}")

    def _has_document_label(self, document_id: int, label_id: int) -> bool:
        return self.conn.execute("SELECT 1 FROM document_labels WHERE document_id = ? AND label_id = ?",
                                 (document_id, label_id)).fetchone() is not None

    def _remove_document_labels(self, document_id: int, label_ids: list[int]) -> tuple[DocumentLabelRow, ...]:
        removed = []
        for label_id in label_ids:
            row = self.conn.execute(
                "SELECT labels.name, annotator, source, created_at FROM document_labels "
                "JOIN labels ON labels.id = label_id WHERE document_id = ? AND label_id = ?",
                (document_id, label_id)).fetchone()
            if row is not None:
                removed.append(DocumentLabelRow(*row))
                self.conn.execute("DELETE FROM document_labels WHERE document_id = ? AND label_id = ?",
                                  (document_id, label_id))
        return tuple(removed)

    def _insert_document_label(
        self, document_id: int, label_id: int, annotator: str | None, source: str, created_at: str
    ) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO document_labels (document_id, label_id, annotator, source, created_at) "
            "VALUES (?, ?, ?, ?, ?)", (document_id, label_id, annotator, source, created_at))

    def _group_name(self, name: str) -> str | None:
        row = self.conn.execute("SELECT name FROM choice_groups WHERE name = ?", (name.strip(),)).fetchone()
        return None if row is None else str(row[0])

    def _require_group(self, name: str) -> str:
        group = self._group_name(name)
        if group is None:
            raise ValueError(f"unknown choice group {name!r}")
        return group

    def _ensure_group(self, group: str | None, multiple: bool) -> str | None:
        """The stored spelling of `group`, made first when missing (None and "" mean no group)."""
        if group is None or not group.strip():
            return None
        existing = self._group_name(group)
        if existing is not None:
            return existing
        self.conn.execute("INSERT INTO choice_groups (name, multiple) VALUES (?, ?)",
                          (group.strip(), int(multiple)))
        return group.strip()
