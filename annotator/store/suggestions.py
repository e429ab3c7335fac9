"""Suggestions of a project's documents: stored, listed, accepted and rejected (issue 12)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from annotator.core.model import LabelKind, Relation, Span
from annotator.core.suggestions import (
    Accepted,
    Suggestion,
    SuggestionDraft,
    SuggestionSettings,
)
from annotator.store.connected import Connected
from annotator.store.errors import DuplicateSpanError, SpanError
from annotator.store.rows import SPAN_COLUMNS, dump_json, now, span_from_row

_COLUMNS = (
    "suggestions.id, document_id, start, \"end\", labels.name, text, source, score, attributes, "
    "speaker_id, relation_type, state, span_id"
)
_FROM = "FROM suggestions JOIN labels ON labels.id = suggestions.label_id"
# Where a speaker that is already a span is kept: inside the stored attributes under a key no
# attribute uses, taken out again when read (the schema has no column for it).
_SPEAKER_KEY = "_speaker"
_SETTINGS_KEY = "suggestions"
_OUTCOMES = ("accepted", "changed", "rejected", "open")


def _suggestion(row: tuple[Any, ...]) -> Suggestion:
    (id_, document_id, start, end, label, text, source, score, attributes, speaker_id,
     relation_type, state, span_id) = row
    values = json.loads(attributes) if attributes != "{}" else {}
    speaker = values.pop(_SPEAKER_KEY, None)
    return Suggestion(id_, document_id, start, end, label, text, source, score, values, speaker_id,
                      relation_type, state, tuple(speaker) if speaker else None, span_id)


class SuggestionsMixin(Connected):
    """The part of `Project` for this feature; every public write is one transaction.

    Suggestions are never annotations: storing, rejecting or clearing them touches no span and no
    document status. Accepting one makes a span (source = the suggestion's source) like any edit.
    """

    # --- reading -------------------------------------------------------------------------------

    def suggestions(self, document_id: int, states: Sequence[str] = ("open",)) -> list[Suggestion]:
        """A document's suggestions in those states: by start, longest first, then label order."""
        marks = ", ".join("?" * len(states))
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} {_FROM} WHERE document_id = ? AND state IN ({marks}) "
            "ORDER BY start, \"end\" DESC, labels.position, suggestions.id",
            (document_id, *states),
        )
        return [_suggestion(row) for row in rows]

    def suggestion(self, suggestion_id: int) -> Suggestion:
        row = self.conn.execute(
            f"SELECT {_COLUMNS} {_FROM} WHERE suggestions.id = ?", (suggestion_id,)).fetchone()
        if row is None:
            raise KeyError(f"no suggestion {suggestion_id}")
        return _suggestion(row)

    def suggestion_outcomes(self) -> dict[str, dict[str, int]]:
        """{source: {"accepted", "changed", "rejected", "open": count}} over the whole project."""
        outcomes: dict[str, dict[str, int]] = {}
        for source, state, count in self.conn.execute(
                "SELECT source, state, count(*) FROM suggestions GROUP BY source, state ORDER BY source"):
            counts = outcomes.setdefault(source, dict.fromkeys(_OUTCOMES, 0))
            counts[state] = count
        return outcomes

    def known_phrases(self) -> dict[str, set[str]]:
        """Entity label -> the distinct texts tagged with it anywhere in the project."""
        phrases: dict[str, set[str]] = {}
        for label, text in self.conn.execute(
                "SELECT DISTINCT labels.name, spans.text FROM spans "
                "JOIN labels ON labels.id = spans.label_id WHERE labels.kind = 'entity'"):
            phrases.setdefault(label, set()).add(text)
        return phrases

    def suggestion_settings(self) -> SuggestionSettings:
        row = self.conn.execute(
            "SELECT value FROM project_info WHERE key = ?", (_SETTINGS_KEY,)).fetchone()
        return SuggestionSettings.from_json(row[0] if row else None)

    def set_suggestion_settings(self, settings: SuggestionSettings) -> None:
        with self.transaction():
            self.conn.execute("INSERT OR REPLACE INTO project_info (key, value) VALUES (?, ?)",
                              (_SETTINGS_KEY, settings.to_json()))

    # --- storing -------------------------------------------------------------------------------

    def add_suggestions(self, document_id: int, drafts: Sequence[SuggestionDraft]) -> list[Suggestion]:
        """Store drafts for a document (one transaction); return the suggestions newly stored.

        Left out: a draft the document already has as a span (same range and label), one whose
        label the project lacks, and one already suggested from the same source, whatever became
        of it (so a rejected suggestion is never proposed again). Speaker indexes become ids.
        """
        referenced = {draft.speaker for draft in drafts if draft.speaker is not None}
        stored: dict[int, Suggestion] = {}  # draft index -> the suggestion it became
        with self.transaction():
            text = self._document_text(document_id)
            labels = {name: label_id for label_id, name in self.conn.execute("SELECT id, name FROM labels")}
            tagged = set(self.conn.execute(
                "SELECT start, \"end\", label_id FROM spans WHERE document_id = ?", (document_id,)))
            stamp = now()
            ids: list[int | None] = []
            later: list[int] = []  # drafts whose speaker comes after them in the list
            for index, draft in enumerate(drafts):
                if not 0 <= draft.start < draft.end <= len(text):
                    raise SpanError(f"suggestion [{draft.start}, {draft.end}) does not fit document "
                                    f"{document_id} ({len(text)} characters)")
                label_id = labels.get(draft.label)
                if label_id is None or (draft.start, draft.end, label_id) in tagged:
                    ids.append(None)
                    continue
                speaker = draft.speaker if draft.speaker is not None and 0 <= draft.speaker < len(drafts) \
                    and draft.speaker != index else None
                speaker_id = ids[speaker] if speaker is not None and speaker < index else None
                attributes, speaker_range = self._stored_attributes(draft, drafts, speaker)
                relation_type = draft.relation_type if speaker_range else None
                key = (document_id, draft.start, draft.end, label_id, draft.source)
                cursor = self.conn.execute(
                    "INSERT OR IGNORE INTO suggestions (document_id, start, \"end\", label_id, text, "
                    "attributes, source, score, speaker_id, relation_type, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*key[:4], text[draft.start:draft.end], attributes, draft.source, draft.score,
                     speaker_id, relation_type, stamp))
                if cursor.rowcount:
                    ids.append(int(cursor.lastrowid or 0))
                    stored[index] = Suggestion(
                        ids[-1] or 0, document_id, draft.start, draft.end, draft.label,
                        text[draft.start:draft.end], draft.source, draft.score, dict(draft.attributes),
                        speaker_id, relation_type, "open", speaker_range, None)
                    if speaker is not None and speaker > index:
                        later.append(index)
                elif index in referenced:  # already suggested: a draft naming it as speaker needs its id
                    row = self.conn.execute(
                        "SELECT id FROM suggestions WHERE document_id = ? AND start = ? AND \"end\" = ? "
                        "AND label_id = ? AND source = ?", key).fetchone()
                    ids.append(int(row[0]))
                else:
                    ids.append(None)
            for index in later:
                speaker_id = ids[drafts[index].speaker or 0]
                if speaker_id is not None:
                    self.conn.execute("UPDATE suggestions SET speaker_id = ? WHERE id = ?",
                                      (speaker_id, ids[index]))
                    stored[index] = stored[index]._replace(speaker_id=speaker_id)
        return list(stored.values())

    @staticmethod
    def _stored_attributes(draft: SuggestionDraft, drafts: Sequence[SuggestionDraft],
                           speaker: int | None) -> tuple[str, tuple[int, int] | None]:
        """The attributes column (with the speaker's range kept inside it) and that range."""
        speaker_range = draft.speaker_range
        if speaker is not None:
            speaker_range = (drafts[speaker].start, drafts[speaker].end)
        if speaker_range is None:
            return dump_json(draft.attributes) if draft.attributes else "{}", None
        return dump_json({**draft.attributes, _SPEAKER_KEY: list(speaker_range)}), speaker_range

    def clear_suggestions(self, document_id: int | None = None, source: str | None = None) -> int:
        """Delete OPEN suggestions (of one document, one source, or all); decided ones stay."""
        where: list[str] = ["state = 'open'"]
        params: list[Any] = []
        if document_id is not None:
            where.append("document_id = ?")
            params.append(document_id)
        if source is not None:
            where.append("source = ?")
            params.append(source)
        with self.transaction():
            cursor = self.conn.execute(f"DELETE FROM suggestions WHERE {' AND '.join(where)}", params)
        return cursor.rowcount

    # --- deciding ------------------------------------------------------------------------------

    def accept_suggestion(self, suggestion_id: int, label: str | None = None) -> Accepted:
        """Make an open suggestion a span (under `label` if given: state 'changed' when it differs).

        A quote or claim with a speaker accepts its speaker too (or reuses the span already there)
        and links them. Returns everything made, for undo.
        """
        with self.transaction():
            return self._accept(self.suggestion(suggestion_id), label)

    def accept_all(self, document_id: int, source: str) -> Accepted:
        """Accept every open suggestion of one source in a document, in one transaction."""
        accepted = Accepted()
        with self.transaction():
            for suggestion in self.suggestions(document_id):
                if suggestion.source != source or suggestion.id in accepted.decided:
                    continue  # a speaker its quote has already accepted
                accepted.extend(self._accept(suggestion, None))
        return accepted

    def reject_suggestion(self, suggestion_id: int) -> None:
        """Reject an open suggestion: it stays rejected, and a re-run never proposes it again."""
        with self.transaction():
            suggestion = self.suggestion(suggestion_id)
            self._require_open(suggestion)
            self._decide(suggestion_id, "rejected", None)

    def reject_all(self, document_id: int, source: str | None = None) -> list[int]:
        """Reject every open suggestion of a document (of one source, or all); the ids rejected."""
        with self.transaction():
            ids = [suggestion.id for suggestion in self.suggestions(document_id)
                   if source is None or suggestion.source == source]
            for suggestion_id in ids:
                self._decide(suggestion_id, "rejected", None)
        return ids

    def reopen_suggestions(self, ids: Sequence[int], remove: Accepted | None = None) -> None:
        """Undo of an accept or reject: delete what `remove` made and set the ids back to open."""
        with self.transaction():
            if remove is not None:
                self.conn.executemany("DELETE FROM relations WHERE id = ?",
                                      [(relation.id,) for relation in remove.relations])
                self.conn.executemany("DELETE FROM spans WHERE id = ?", [(span.id,) for span in remove.spans])
                for document_id in {span.document_id for span in remove.spans}:
                    self._touch(document_id)
            self.conn.executemany(
                "UPDATE suggestions SET state = 'open', span_id = NULL, decided_by = NULL, "
                "decided_at = NULL WHERE id = ?", [(suggestion_id,) for suggestion_id in ids])

    # --- helpers (inside a transaction) --------------------------------------------------------

    @staticmethod
    def _require_open(suggestion: Suggestion) -> None:
        if suggestion.state != "open":
            raise ValueError(f"suggestion {suggestion.id} is already {suggestion.state}")

    def _decide(self, suggestion_id: int, state: str, span_id: int | None) -> None:
        self.conn.execute(
            "UPDATE suggestions SET state = ?, span_id = ?, decided_by = ?, decided_at = ? WHERE id = ?",
            (state, span_id, self.annotator, now(), suggestion_id))

    def _label_kind(self, name: str) -> LabelKind:
        row = self.conn.execute("SELECT kind FROM labels WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise ValueError(f"unknown label {name!r}")
        return LabelKind(row[0])

    def _accept(self, suggestion: Suggestion, label: str | None) -> Accepted:
        self._require_open(suggestion)
        label = label or suggestion.label
        kind = self._label_kind(label)
        same_kind = kind == self._label_kind(suggestion.label)
        accepted = Accepted()
        span = self._span_for(suggestion, label, suggestion.attributes if same_kind else {}, accepted)
        self._decide(suggestion.id, "accepted" if label == suggestion.label else "changed", span.id)
        accepted.decided.append(suggestion.id)
        if suggestion.relation_type and kind in (LabelKind.QUOTE, LabelKind.CLAIM):
            speaker = self._speaker_span(suggestion, accepted)
            if speaker is not None and speaker.id != span.id:
                self._link(span.id, speaker.id, suggestion.relation_type, accepted)
        return accepted

    def _span_for(self, suggestion: Suggestion, label: str, attributes: dict[str, Any],
                  accepted: Accepted) -> Span:
        """A new span for the suggestion, or the one of that range and label already there."""
        try:
            span: Span = self.add_span(suggestion.document_id, suggestion.start, suggestion.end, label,  # type: ignore[attr-defined]
                                 attributes=attributes, source=suggestion.source)
        except DuplicateSpanError:
            row = self.conn.execute(
                f"SELECT {SPAN_COLUMNS} FROM spans JOIN labels ON labels.id = spans.label_id "
                "WHERE document_id = ? AND start = ? AND \"end\" = ? AND labels.name = ?",
                (suggestion.document_id, suggestion.start, suggestion.end, label)).fetchone()
            return span_from_row(row)
        accepted.spans.append(span)
        return span

    def _speaker_span(self, suggestion: Suggestion, accepted: Accepted) -> Span | None:
        """The speaker's span: its suggestion accepted now (or before), or an entity span at its range."""
        if suggestion.speaker_id is not None:
            speaker = self.suggestion(suggestion.speaker_id)
            if speaker.state == "open":
                accepted.extend(self._accept(speaker, None))
                speaker = self.suggestion(speaker.id)
            if speaker.state == "rejected":
                return None
            if speaker.span_id is not None:
                row = self.conn.execute(
                    f"SELECT {SPAN_COLUMNS} FROM spans JOIN labels ON labels.id = spans.label_id "
                    "WHERE spans.id = ?", (speaker.span_id,)).fetchone()
                if row is not None:
                    return span_from_row(row)
        if suggestion.speaker_range is None:
            return None
        start, end = suggestion.speaker_range
        # Prefer a label the link type allows (PERSON, ORG), then any entity label, in label order.
        row = self.conn.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans JOIN labels ON labels.id = spans.label_id "
            "LEFT JOIN relation_type_labels AS allowed ON allowed.label_id = labels.id "
            "AND allowed.relation_type = ? WHERE document_id = ? AND start = ? AND \"end\" = ? "
            "AND labels.kind = 'entity' ORDER BY allowed.label_id IS NULL, labels.position LIMIT 1",
            (suggestion.relation_type, suggestion.document_id, start, end)).fetchone()
        return span_from_row(row) if row is not None else None

    def _link(self, head: int, child: int, relation_type: str, accepted: Accepted) -> None:
        exists = self.conn.execute(
            "SELECT 1 FROM relations WHERE head_span_id = ? AND child_span_id = ? AND type = ?",
            (head, child, relation_type)).fetchone()
        known = self.conn.execute("SELECT 1 FROM relation_types WHERE name = ?", (relation_type,)).fetchone()
        if exists is None and known is not None:
            relation: Relation = self.add_relation(head, child, relation_type)  # type: ignore[attr-defined]
            accepted.relations.append(relation)
