"""What a project file should hold after a list of edits: a model the crash campaign replays.

The child process of a crash trial picks each edit with a seeded RNG from a `State` it keeps itself,
logs it as JSON, runs it through `Project`, and applies it to its `State`. The parent replays the
logged edits with the same `apply`, so the two can only disagree if the file does. Ids are part of
the model: spans, relations and labels are AUTOINCREMENT (never reused) and documents are never
deleted, so every id a write will get is known before it runs.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from random import Random
from typing import Any

from annotator.core.model import (
    DocumentRecord,
    DocumentStatus,
    LabelKind,
    Relation,
    RelationRecord,
    Span,
    SpanRecord,
)

Op = dict[str, Any]
SpanRow = tuple[int, int, int, int, str, str | None]  # document, start, end, label id, attributes, note
RelationRow = tuple[int, int, str]  # head span, child span, type
LabelRow = tuple[str, str, str, int]  # name, kind, colour, position

WORDS = (
    "Merkel said the minister Berlin NATO talks on Monday Paris Reuters police court army Kyiv "
    "Brussels election summit \"We will not back down\" spokesman the of in and a deal"
).split()
STATUSES = [status.value for status in DocumentStatus]
# Span kinds: document labels have their own calls (and are refused on spans).
KINDS = [kind.value for kind in LabelKind if kind != LabelKind.DOCUMENT]
RELATION_TYPES = ("SPEAKER", "CLAIMANT")


def canonical(attributes: str | dict[str, Any] | None) -> str:
    """Attributes as the store writes them: JSON with sorted keys."""
    value = json.loads(attributes) if isinstance(attributes, str) else attributes or {}
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@dataclass
class State:
    documents: dict[int, str] = field(default_factory=dict)  # id -> status
    spans: dict[int, SpanRow] = field(default_factory=dict)
    relations: dict[int, RelationRow] = field(default_factory=dict)
    labels: dict[int, LabelRow] = field(default_factory=dict)
    next_id: dict[str, int] = field(default_factory=dict)  # per table: the id the next insert gets

    def copy(self) -> State:
        return State(dict(self.documents), dict(self.spans), dict(self.relations), dict(self.labels),
                     dict(self.next_id))

    def content(self) -> dict[str, dict[int, Any]]:
        """What must match the file (the id counters are how the model predicts, not what it checks)."""
        return {"documents": self.documents, "spans": self.spans, "relations": self.relations,
                "labels": self.labels}

    def label_id(self, name: str) -> int:
        return next(id_ for id_, label in self.labels.items() if label[0] == name)

    def label_order(self) -> list[int]:
        return sorted(self.labels, key=lambda id_: (self.labels[id_][3], id_))

    def _take(self, table: str) -> int:
        id_ = self.next_id[table]
        self.next_id[table] = id_ + 1
        return id_

    def _touch(self, document_id: int) -> None:
        """Every span or link edit moves its document from "to do" to "in progress" (Project._touch)."""
        if self.documents[document_id] == "todo":
            self.documents[document_id] = "in_progress"

    def _delete_spans(self, span_ids: set[int]) -> None:
        for span_id in span_ids:
            del self.spans[span_id]
        for relation_id, (head, child, _type) in list(self.relations.items()):
            if head in span_ids or child in span_ids:  # ON DELETE CASCADE
                del self.relations[relation_id]

    def _restore(self, spans: list[dict[str, Any]], relations: list[list[Any]]) -> None:
        for span in spans:
            self.spans[span["id"]] = (span["doc"], span["start"], span["end"], self.label_id(span["label"]),
                                      canonical(span["attributes"]), span["note"])
            self._touch(span["doc"])
        for relation_id, head, child, type_ in relations:
            self.relations[relation_id] = (head, child, type_)


def read_state(conn: sqlite3.Connection) -> State:
    """The file's content, and its id counters (AUTOINCREMENT's sqlite_sequence, or max + 1)."""
    state = State()
    state.documents = dict(conn.execute("SELECT id, status FROM documents"))
    state.spans = {
        row[0]: (row[1], row[2], row[3], row[4], canonical(row[5]), row[6]) for row in conn.execute(
            "SELECT id, document_id, start, \"end\", label_id, attributes, note FROM spans")}
    state.relations = {row[0]: tuple(row[1:]) for row in conn.execute(
        "SELECT id, head_span_id, child_span_id, type FROM relations")}
    state.labels = {row[0]: tuple(row[1:]) for row in conn.execute(
        "SELECT id, name, kind, colour, position FROM labels")}
    sequence = dict(conn.execute("SELECT name, seq FROM sqlite_sequence"))
    for table, rows in (("documents", state.documents), ("spans", state.spans),
                        ("relations", state.relations), ("labels", state.labels)):
        state.next_id[table] = max(sequence.get(table, 0), max(rows, default=0)) + 1
    return state


def apply(state: State, op: Op) -> Any:
    """Apply one logged edit to the model; return what the call should return, in plain values."""
    kind = op["op"]
    if kind == "tag":
        span_id = state._take("spans")
        state.spans[span_id] = (op["doc"], op["start"], op["end"], state.label_id(op["label"]),
                                canonical(op["attributes"]), op["note"])
        state._touch(op["doc"])
        return span_id
    if kind == "tag_all":
        added = []
        for document_id, start, end in op["targets"]:
            span_id = state._take("spans")
            state.spans[span_id] = (document_id, start, end, state.label_id(op["label"]), "{}", None)
            state._touch(document_id)
            added.append(span_id)
        return sorted(added)
    if kind in ("relabel", "attributes", "note"):
        state._touch(state.spans[op["span"]][0])
    if kind == "relabel":
        document_id, start, end, _label, attributes, note = state.spans[op["span"]]
        state.spans[op["span"]] = (document_id, start, end, state.label_id(op["label"]), attributes, note)
        return op["span"]
    if kind == "attributes":
        document_id, start, end, label, _attributes, note = state.spans[op["span"]]
        state.spans[op["span"]] = (document_id, start, end, label, canonical(op["attributes"]), note)
        return op["span"]
    if kind == "note":
        document_id, start, end, label, attributes, _note = state.spans[op["span"]]
        state.spans[op["span"]] = (document_id, start, end, label, attributes, op["note"])
        return op["span"]
    if kind == "delete":
        removed = set(op["spans"])
        relations = sorted(id_ for id_, (head, child, _t) in state.relations.items()
                           if head in removed or child in removed)
        for span_id in removed:
            state._touch(state.spans[span_id][0])
        state._delete_spans(removed)
        return [sorted(removed), relations]
    if kind == "restore":
        state._restore(op["spans"], op["relations"])
        return None
    if kind == "link":
        relation_id = state._take("relations")
        state.relations[relation_id] = (op["head"], op["child"], op["type"])
        state._touch(state.spans[op["head"]][0])
        return relation_id
    if kind == "set_links":
        outgoing = sorted(id_ for id_, (head, _c, type_) in state.relations.items()
                          if head == op["head"] and type_ == op["type"])
        removed = [id_ for id_ in outgoing if state.relations[id_][1] not in op["children"]]
        kept = {state.relations[id_][1] for id_ in outgoing}
        for relation_id in removed:
            del state.relations[relation_id]
        added = []
        for child in dict.fromkeys(op["children"]):
            if child not in kept:
                relation_id = state._take("relations")
                state.relations[relation_id] = (op["head"], child, op["type"])
                state._touch(state.spans[op["head"]][0])
                added.append(relation_id)
        return [added, removed]
    if kind == "unlink":
        del state.relations[op["relation"]]
        return None
    if kind == "status":
        state.documents[op["doc"]] = op["status"]
        return None
    if kind == "add_label":
        label_id = state._take("labels")
        position = max((label[3] for label in state.labels.values()), default=-1) + 1
        state.labels[label_id] = (op["name"], op["kind"], op["colour"], position)
        return label_id
    if kind == "update_label":
        label_id = state.label_id(op["name"])
        name, label_kind, colour, position = state.labels[label_id]
        state.labels[label_id] = (op["new_name"] or name, op["kind"] or label_kind, op["colour"] or colour,
                                  position)
        return label_id
    if kind == "delete_label":
        label_id = state.label_id(op["name"])
        spans = {id_ for id_, span in state.spans.items() if span[3] == label_id}
        relations = sorted(id_ for id_, (head, child, _t) in state.relations.items()
                           if head in spans or child in spans)
        state._delete_spans(spans)
        del state.labels[label_id]
        return [sorted(spans), relations]
    if kind == "restore_label":
        label = op["label"]
        state.labels[label["id"]] = (label["name"], label["kind"], label["colour"], label["position"])
        # Project.reorder_labels: the names given first, then the others in their current order.
        names = {id_: state.labels[id_][0] for id_ in state.labels}
        order = [state.label_id(name) for name in dict.fromkeys(op["order"])]
        order += [id_ for id_ in state.label_order() if id_ not in order]
        for position, label_id in enumerate(order):
            state.labels[label_id] = (names[label_id], *state.labels[label_id][1:3], position)
        state._restore(op["spans"], op["relations"])
        return None
    if kind == "import":
        added = []
        for record in op["records"]:
            document_id = state._take("documents")
            state.documents[document_id] = "todo"
            span_ids = []
            for start, end, label in record["spans"]:
                span_id = state._take("spans")
                state.spans[span_id] = (document_id, start, end, state.label_id(label), "{}", None)
                span_ids.append(span_id)
            for head, child, type_ in record["relations"]:
                state.relations[state._take("relations")] = (span_ids[head], span_ids[child], type_)
            added.append(document_id)
        return added
    raise ValueError(f"unknown op {kind!r}")


def records_of(op: Op) -> list[DocumentRecord]:
    """The `import` op's articles as the store takes them."""
    return [
        DocumentRecord(text=record["text"], title=record["title"],
                       spans=[SpanRecord(start, end, label) for start, end, label in record["spans"]],
                       relations=[RelationRecord(head, child, type_)
                                  for head, child, type_ in record["relations"]])
        for record in op["records"]
    ]


def span_object(state: State, span_id: int, texts: dict[int, str]) -> Span:
    document_id, start, end, label_id, attributes, note = state.spans[span_id]
    return Span(span_id, document_id, start, end, state.labels[label_id][0], texts[document_id][start:end],
                json.loads(attributes), note)


def span_dict(span: Span) -> dict[str, Any]:
    return {"id": span.id, "doc": span.document_id, "start": span.start, "end": span.end,
            "label": span.label, "text": span.text, "attributes": span.attributes, "note": span.note}


def span_from_dict(span: dict[str, Any]) -> Span:
    return Span(span["id"], span["doc"], span["start"], span["end"], span["label"], span["text"],
                span["attributes"], span["note"])


def relation_from_list(relation: list[Any]) -> Relation:
    return Relation(*relation)


def article(rng: Random, tag: str) -> str:
    """A short news-like text; the tag keeps it unique (the store skips an article it already has)."""
    return f"Article {tag}. " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 60))) + "."


def word_ranges(text: str) -> list[tuple[int, int]]:
    return [(match.start(), match.end()) for match in re.finditer(r"[^\s.\"]+", text)]


class OpChooser:
    """Picks the next edit from the model with a seeded RNG, the way a person's session mixes them.

    Keeps the undo history (deleted spans, deleted labels) that `restore` and `restore_label` replay.
    """

    def __init__(self, seed: int, state: State, texts: dict[int, str]) -> None:
        self.rng = Random(seed)
        self.state = state
        self.texts = texts  # document id -> text, for offsets and for the spans restore puts back
        self.deleted: list[tuple[list[Span], list[Relation]]] = []
        self.deleted_labels: list[Op] = []
        self.count = 0
        self.seed = seed

    WEIGHTS = {"tag": 20, "relabel": 7, "attributes": 7, "note": 7, "delete": 8, "restore": 6,
               "link": 7, "set_links": 7, "unlink": 3, "status": 6, "tag_all": 4, "import": 4,
               "add_label": 3, "update_label": 4, "delete_label": 2, "restore_label": 3}

    def next(self) -> Op:
        self.count += 1
        kinds, weights = zip(*self.WEIGHTS.items(), strict=True)
        while True:
            kind = self.rng.choices(kinds, weights)[0]
            op = getattr(self, f"_{kind}")()
            if op is not None:
                op["op"] = kind
                return op

    # --- one method per kind: None when the model has nothing to do it on --------------------

    def _span(self) -> int | None:
        return self.rng.choice(sorted(self.state.spans)) if self.state.spans else None

    def _taken(self, document_id: int, start: int, end: int, label_id: int) -> bool:
        return (document_id, start, end, label_id) in {span[:4] for span in self.state.spans.values()}

    def _label_name(self) -> str:
        return self.state.labels[self.rng.choice(sorted(self.state.labels))][0]

    def _tag(self) -> Op | None:
        document_id = self.rng.choice(sorted(self.state.documents))
        words = word_ranges(self.texts[document_id])
        first = self.rng.randrange(len(words))
        last = min(len(words) - 1, first + self.rng.choice([0, 0, 0, 1, 2, 5]))
        start, end, label = words[first][0], words[last][1], self._label_name()
        if self._taken(document_id, start, end, self.state.label_id(label)):
            return None
        attributes = {"confidence": self.rng.choice(["high", "low"])} if self.rng.random() < 0.3 else None
        note = f"note {self.count}" if self.rng.random() < 0.2 else None
        return {"doc": document_id, "start": start, "end": end, "label": label,
                "attributes": attributes, "note": note}

    def _relabel(self) -> Op | None:
        span_id = self._span()
        if span_id is None:
            return None
        label = self._label_name()
        document_id, start, end, label_id, *_ = self.state.spans[span_id]
        if self.state.label_id(label) == label_id or self._taken(document_id, start, end,
                                                                  self.state.label_id(label)):
            return None
        return {"span": span_id, "label": label}

    def _attributes(self) -> Op | None:
        span_id = self._span()
        if span_id is None:
            return None
        attributes = {"direct": self.rng.random() < 0.5, "stance": self.rng.choice(["pro", "contra", "n/a"]),
                      "edit": self.count}
        return {"span": span_id, "attributes": self.rng.choice([attributes, {}])}

    def _note(self) -> Op | None:
        span_id = self._span()
        if span_id is None:
            return None
        return {"span": span_id, "note": self.rng.choice([f"checked {self.count} «ü»", None])}

    def _delete(self) -> Op | None:
        span_id = self._span()
        if span_id is None:
            return None
        document_id = self.state.spans[span_id][0]
        same = sorted(id_ for id_, span in self.state.spans.items() if span[0] == document_id)
        chosen = self.rng.sample(same, min(len(same), self.rng.choice([1, 1, 2, 3])))
        return {"spans": chosen}

    def remember_deleted(self, spans: list[Span], relations: list[Relation]) -> None:
        self.deleted.append((spans, relations))

    def _restore(self) -> Op | None:
        """Undo the latest delete whose spans can still come back (what the undo stack would do)."""
        if not self.deleted:
            return None
        spans, relations = self.deleted.pop()
        keys = {span[:4] for span in self.state.spans.values()}
        back = []
        for span in spans:
            label_id = next((id_ for id_, label in self.state.labels.items() if label[0] == span.label), None)
            if span.id in self.state.spans or label_id is None:
                continue
            if (span.document_id, span.start, span.end, label_id) in keys:
                continue
            keys.add((span.document_id, span.start, span.end, label_id))
            back.append(span)
        ids = {span.id for span in back} | set(self.state.spans)
        links = {(head, child, type_) for head, child, type_ in self.state.relations.values()}
        relations = [relation for relation in relations
                     if relation.head_span_id in ids and relation.child_span_id in ids
                     and relation.id not in self.state.relations
                     and (relation.head_span_id, relation.child_span_id, relation.type) not in links]
        if not back:
            return None
        return {"spans": [span_dict(span) for span in back],
                "relations": [[relation.id, relation.head_span_id, relation.child_span_id, relation.type]
                              for relation in relations]}

    def _pair(self) -> tuple[int, int] | None:
        head = self._span()
        if head is None:
            return None
        others = sorted(id_ for id_, span in self.state.spans.items()
                        if span[0] == self.state.spans[head][0] and id_ != head)
        return (head, self.rng.choice(others)) if others else None

    def _link(self) -> Op | None:
        pair = self._pair()
        type_ = self.rng.choice(RELATION_TYPES)
        if pair is None or (*pair, type_) in set(self.state.relations.values()):
            return None
        return {"head": pair[0], "child": pair[1], "type": type_}

    def _set_links(self) -> Op | None:
        pair = self._pair()
        if pair is None:
            return None
        return {"head": pair[0], "type": self.rng.choice(RELATION_TYPES),
                "children": self.rng.choice([[pair[1]], [pair[1]], []])}

    def _unlink(self) -> Op | None:
        if not self.state.relations:
            return None
        return {"relation": self.rng.choice(sorted(self.state.relations))}

    def _status(self) -> Op:
        return {"doc": self.rng.choice(sorted(self.state.documents)), "status": self.rng.choice(STATUSES)}

    def _tag_all(self) -> Op:
        # The targets are what `untagged_occurrences` finds; the child fills them in before logging.
        return {"label": self._label_name(), "phrase": self.rng.choice(WORDS[:20]), "targets": []}

    def _import(self) -> Op:
        records = []
        for index in range(self.rng.randint(1, 3)):
            text = article(self.rng, f"{self.seed}-{self.count}-{index}")
            words = word_ranges(text)
            chosen = sorted(self.rng.sample(range(len(words)), self.rng.randint(0, 3)))
            spans = [[*words[i], self._label_name()] for i in chosen]
            relations = [[0, 1, "SPEAKER"]] if len(spans) >= 2 and self.rng.random() < 0.5 else []
            records.append({"text": text, "title": f"Imported {self.count}", "spans": spans,
                            "relations": relations})
        return {"records": records}

    def _add_label(self) -> Op | None:
        if len(self.state.labels) >= 12:
            return None
        return {"name": f"L{self.seed}-{self.count}", "kind": self.rng.choice(KINDS),
                "colour": f"#{self.rng.randrange(1 << 24):06x}"}

    def _update_label(self) -> Op:
        change = self.rng.choice(["name", "colour", "kind"])
        return {"name": self._label_name(),
                "new_name": f"R{self.seed}-{self.count}" if change == "name" else None,
                "colour": f"#{self.rng.randrange(1 << 24):06x}" if change == "colour" else None,
                "kind": self.rng.choice(KINDS) if change == "kind" else None}

    def _delete_label(self) -> Op | None:
        if len(self.state.labels) <= 4:
            return None
        return {"name": self._label_name()}

    def remember_deleted_label(self, label_id: int, before: State, spans: list[Span],
                               relations: list[Relation]) -> None:
        name, kind, colour, position = before.labels[label_id]
        self.deleted_labels.append({"label": {"id": label_id, "name": name, "kind": kind, "colour": colour,
                                              "key": None, "position": position},
                                    "spans": spans, "relations": relations})

    def _restore_label(self) -> Op | None:
        if not self.deleted_labels:
            return None
        entry = self.deleted_labels.pop()
        label = entry["label"]
        if any(name == label["name"] for name, *_ in self.state.labels.values()):
            return None
        ids = {span.id for span in entry["spans"]} | set(self.state.spans)
        relations = [relation for relation in entry["relations"]
                     if relation.head_span_id in ids and relation.child_span_id in ids]
        # The label goes back to its place: before the labels that were after it.
        order = [self.state.labels[id_][0] for id_ in self.state.label_order()]
        before = sum(1 for id_ in self.state.labels if self.state.labels[id_][3] < label["position"])
        order.insert(before, label["name"])
        return {"label": label, "order": order, "spans": [span_dict(span) for span in entry["spans"]],
                "relations": [[relation.id, relation.head_span_id, relation.child_span_id, relation.type]
                              for relation in relations]}
