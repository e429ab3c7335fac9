"""The editing logic of the window: what a label key, Delete, S or "tag all" does to the open document.

It turns user intent into undo commands. The open document's spans are loaded from the store once,
when it opens; after that each command's `SpanChange` is applied in place to the text view's span
index, the span panel's model and the links, so an edit costs the same in a document of 10 spans or
10,000. The store stays the truth: every command has written its change before it reports it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from annotator.core.model import Document, Label, LabelKind, Relation, Span
from annotator.core.occurrences import whole_token_occurrences
from annotator.core.speakers import speaker_candidates
from annotator.core.tag_all import outside
from annotator.core.tokens import snap_selection
from annotator.ui import commands, dialogs
from annotator.ui.commands import EditSession, SpanChange
from annotator.ui.edge_drag import EdgeDrag
from annotator.ui.inspector import Inspector
from annotator.ui.span_index import SpanIndex, SpanRow
from annotator.ui.span_panel import SpanPanel
from annotator.ui.speaker_chooser import quote_rect
from annotator.ui.tag_all_review import in_context, untagged_outside
from annotator.ui.text_menu import show_text_menu
from annotator.ui.text_view import AnnotatedTextView

READ_REST_AFTER_MS = 150


class AnnotationEditor(QObject):
    message = Signal(str)
    spanCountChanged = Signal(int, int)  # document id, span count
    documentRequested = Signal(int)  # an undo touched another document: show it

    def __init__(
        self,
        view: AnnotatedTextView,
        panel: SpanPanel,
        inspector: Inspector,
        dialog_parent: QWidget,
    ) -> None:
        super().__init__(view)
        self.session: EditSession | None = None
        self.view, self.panel, self.inspector = view, panel, inspector
        self.dialog_parent = dialog_parent
        self.labels: list[Label] = []
        self.document: Document | None = None
        self.relations: list[Relation] = []
        self.current: Span | None = None
        self._keep_current = False
        # Delete with the caret on no span: another feature may take it (reject a suggestion there).
        self.delete_elsewhere: Callable[[], bool] = lambda: False
        # Reads the rest of a document's spans once it is painted and the user has not yet acted
        # (anything that needs them sooner reads them itself): the read transaction ends soon.
        self._read_rest = QTimer(self, singleShot=True, interval=READ_REST_AFTER_MS)
        self._read_rest.timeout.connect(lambda: self.view.index.complete())
        view.caretMoved.connect(self._caret_moved)
        # The right-click menu (text_menu) and edge drags (edge_drag) live beside the view, not in it.
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(lambda position: show_text_menu(self, position))
        self.edge_drag = EdgeDrag(self)
        panel.spanClicked.connect(self.jump_to_span)
        panel.relabelRequested.connect(
            lambda span_id, label: self._on_span(span_id, self.relabel_current, label)
        )
        panel.deleteRequested.connect(lambda span_id: self._on_span(span_id, self.delete_current))
        inspector.relabelRequested.connect(self.relabel_current)
        inspector.attributeChanged.connect(self.set_attribute)
        inspector.noteChanged.connect(self.set_note)
        inspector.linkRequested.connect(self.link_current)
        inspector.unlinkRequested.connect(self.unlink)

    def set_session(self, session: EditSession) -> None:
        """Edit another project (the old session, deleted with its project, disconnects itself)."""
        self.session = session
        session.spansChanged.connect(self._spans_changed)
        self.document = None

    @property
    def project(self) -> Any:
        assert self.session is not None
        return self.session.project

    def set_labels(self, labels: list[Label]) -> None:
        self.labels = labels
        self.panel.label_names = [label.name for label in labels]
        if self.document is not None:
            self.refresh()

    @property
    def spans(self) -> list[SpanRow]:
        """The open document's spans in text order."""
        return self.panel.model.spans()

    def kind(self, span: Span | SpanRow) -> LabelKind:
        return next((label.kind for label in self.labels if label.name == span.label), LabelKind.ENTITY)

    # --- loading -------------------------------------------------------------------------------

    def load_document(self, document: Document | None) -> None:
        self.document = document
        self.current = None
        # Setting the text moves the caret while the last document's spans are still shown: that
        # must not make one of them current (looking it up in the new index would read it whole).
        with self._keeping_current():
            self.view.set_text(document.text if document else "")
        self.refresh()
        self.view.place_caret(0)
        self._caret_moved(0)  # the caret may not have moved: a span at the very start is current

    def refresh(self, select_id: int = 0) -> None:
        """Load the open document's spans and links from the project file and show them."""
        document = self.document
        self._read_rest.stop()
        if document is None:
            index, self.relations = SpanIndex("", self.labels), []
        else:
            # The first screens' spans now, the rest on first need or once the window is idle.
            snapshot = self.project.span_snapshot(document.id)
            index = SpanIndex.reading(document.text, self.labels, snapshot)
            self.relations = self.project.relations(document.id)
            if not index.is_complete:
                self._read_rest.start()
        self.view.set_index(index, self.relations)
        self.panel.set_index(index)
        # The current span stays current on a refresh of its own document (a label edit), only.
        current = self.current
        kept = current.id if current and document and current.document_id == document.id else None
        self._set_current(select_id or kept, force=True)
        if document is not None:
            self.spanCountChanged.emit(document.id, len(index))

    def reload(self) -> None:
        """Read the open document's spans and links again (the file changed under the window),
        keeping the caret, the scroll position and the current span if it is still there."""
        if self.document is None:
            return
        scrollbar = self.view.verticalScrollBar()
        scrolled = scrollbar.value()
        self.refresh()
        scrollbar.setValue(scrolled)

    def _spans_changed(self, change: SpanChange) -> None:
        """Apply one command's change in place: the store already holds it."""
        if self.document is None or change.document_id != self.document.id:
            if not change.reveal:  # one of many documents a step touched: update its count only
                self.spanCountChanged.emit(change.document_id, self.project.span_count(change.document_id))
                return
            # An undo touched another document: open it (which loads it with the change made).
            self.documentRequested.emit(change.document_id)
            if self.document is not None and self.document.id == change.document_id:
                self._set_current(change.select_id or None, force=True)
            return
        view, model = self.view, self.panel.model
        if change.removed:
            view.repaint_ranges(model.remove_spans([span.id for span in change.removed]))
        for span in change.updated:
            view.repaint_ranges(model.replace_span(span))
        if change.added:
            view.repaint_ranges(model.insert_spans(change.added))
        if change.links_added or change.links_removed:
            gone = {relation.id for relation in change.links_removed}
            self.relations = [r for r in self.relations if r.id not in gone] + change.links_added
            view.set_relations(self.relations)
        self._set_current(change.select_id or (self.current.id if self.current else None), force=True)
        self.spanCountChanged.emit(change.document_id, len(view.index))

    # --- the current span ----------------------------------------------------------------------

    def _full_span(self, span_id: int | None) -> Span | None:
        """The whole span (attributes, note) of a span in the open document, fetched once."""
        index = self.view.index
        if span_id is None or index.row_of(span_id) is None:
            return None
        span = index.full.get(span_id)
        if span is None:
            span = index.full[span_id] = self.project.span(span_id)
        return span

    def _set_current(self, span_id: int | None, force: bool = False) -> None:
        if not force and self.current is not None and span_id == self.current.id:
            return  # the caret moved within the same span: nothing to redraw
        span = self._full_span(span_id)
        self.current = span
        self.view.set_current_span(span.id if span else None)
        self.panel.show_current(span.id if span else None)
        self.inspector.show_span(span, self.labels, self.relations, self.view.index.get)

    def _caret_moved(self, offset: int) -> None:
        if not self._keep_current:
            span = self.view.index.innermost_at_caret(offset)
            self._set_current(span.id if span else None)

    @contextmanager
    def _keeping_current(self) -> Iterator[None]:
        self._keep_current = True
        try:
            yield
        finally:
            self._keep_current = False

    def jump_to_span(self, span_id: int) -> None:
        span = self.view.index.get(span_id)
        if span is None:
            return
        with self._keeping_current():
            self.view.place_caret(span.start)
        self._set_current(span.id)
        self.view.setFocus()

    def _on_span(self, span_id: int, action: Any, *args: Any) -> None:
        """Make a span from the list current, then act on it (change its label, delete it)."""
        self.jump_to_span(span_id)
        if self.current is not None and self.current.id == span_id:
            action(*args)

    # --- editing -------------------------------------------------------------------------------

    def tag(self, label: str, exact: bool = False) -> None:
        """Tag the selection with `label`; with only a caret, relabel the span it is in."""
        document = self.document
        if document is None:
            return
        start, end = self.view.selection_range()
        if start == end:
            if self.current is None:
                self.message.emit("Select some text first, or put the caret in a span to relabel it.")
            else:
                self.relabel_current(label)
            return
        if not exact:
            start, end = snap_selection(document.text, start, end)
        if start == end:
            self.message.emit("Nothing to tag: the selection is only spaces or punctuation "
                              "(Alt tags it exactly).")
            return
        if self._exists(start, end, label):
            self.message.emit(f"Already tagged: {label} covers exactly that text.")
            return
        if self.session.push(lambda: commands.AddSpan(self.session, document.id, start, end, label)):
            with self._keeping_current():  # the new span stays current; a refused tag keeps the selection
                self.view.place_caret(end)
            self.message.emit(f"Tagged {label}: {_short(document.text[start:end])}")

    def relabel_current(self, label: str) -> None:
        span = self.current
        if span is None or span.label == label:
            return
        if self._exists(span.start, span.end, label):
            self.message.emit(f"Already tagged: {label} covers exactly that text.")
            return
        if self.kind(span) != next((lab.kind for lab in self.labels if lab.name == label), None):
            self.message.emit(
                f"{span.label} is {_a(self.kind(span).value)}; {label} is not. "
                "Delete it and tag again to change its kind."
            )
            return
        self.session.push(lambda: commands.relabel(self.session, span.id, label))

    def delete_current(self) -> None:
        span = self.current
        if span is None and self.delete_elsewhere():
            return
        if span is None:
            self.message.emit("Put the caret in a span (or pick one in the list) to delete it.")
            return
        if self.session.push(lambda: commands.DeleteSpan(self.session, span.id)):
            self.message.emit(f"Deleted {span.label}: {_short(span.text)}")

    def set_attribute(self, key: str, value: object) -> None:
        if (span := self.current) is not None:
            self.session.push(lambda: commands.set_attribute(self.session, span.id, key, value))

    def set_note(self, note: str) -> None:
        if (span := self.current) is not None:
            self.session.push(lambda: commands.set_note(self.session, span.id, note))

    def link_current(self) -> None:
        """Link the current quote to its speaker (claim to its claimant), chosen from a list."""
        span = self.current
        kind = self.kind(span) if span else LabelKind.ENTITY
        if span is None or kind == LabelKind.ENTITY:
            self.message.emit("Put the caret in a quote or claim to link it.")
            return
        # Only the labels the relation type allows (PERSON, ORG), the likeliest first.
        relation_type, entities, allowed = speaker_candidates(
            self.project.relation_types(), kind, {label.name: label.kind for label in self.labels},
            self.spans, self.view.text, span)
        if relation_type is None or not entities:
            who = " or ".join(allowed) or "an entity"
            self.message.emit(f"Tag the {(relation_type or 'speaker').lower()} ({who}) first, then link.")
            return
        chosen = dialogs.choose_entity(self.dialog_parent, f"Choose the {relation_type.lower()}",
                                       entities, 0, avoid=quote_rect(self.view, span.start, span.end))
        self._back_to_text()
        if chosen is None:
            return
        if any(
            r.head_span_id == span.id and r.child_span_id == chosen.id and r.type == relation_type
            for r in self.relations
        ):
            self.message.emit("Already linked.")
            return
        if self.session.push(lambda: commands.Link(self.session, span.id, chosen.id, relation_type)):
            self.message.emit(f"Linked {relation_type.lower()}: {_short(chosen.text)}")

    def unlink(self, head_id: int, child_id: int, relation_type: str) -> None:
        self.session.push(lambda: commands.Unlink(self.session, head_id, child_id, relation_type))

    def tag_all_current(self) -> None:
        """Give every other whole-token occurrence of the current span's text its label, in one step."""
        span, document = self.current, self.document
        if span is None or document is None:
            self.message.emit("Put the caret in a span to tag all occurrences of its text.")
            return
        # Occurrences inside a span of the same label are tagged already ("Rutte" in "Mark Rutte").
        covering = [(row.start, row.end) for row in self.spans if row.label == span.label]
        targets = [(document.id, start, end)
                   for start, end in outside(whole_token_occurrences(document.text, span.text), covering)]
        if not targets:
            self.message.emit(f"No other untagged occurrences of “{_short(span.text)}”.")
            return
        question = (
            f"Tag {len(targets)} more occurrence{'s' if len(targets) != 1 else ''} of "
            f"“{_short(span.text)}” as {span.label}?"
        )
        confirmed = dialogs.confirm(self.dialog_parent, "Tag all occurrences", question)
        self._back_to_text()
        if confirmed and self.session.push(lambda: commands.TagAll(self.session, span.label, targets)):
            self.message.emit(f"Tagged {len(targets)} occurrences as {span.label}.")

    def tag_all_in_project(self) -> None:
        """Give every untagged whole-token occurrence of the current span's text, in every document,
        the span's label: reviewed in context (untick to leave one out), one undoable step."""
        span = self.current
        if span is None or self.session is None:
            self.message.emit("Put the caret in a span to tag all occurrences of its text.")
            return
        targets = untagged_outside(
            self.project, self.project.untagged_occurrences(span.text, span.label), span.label)
        if not targets:
            self.message.emit(f"No untagged occurrences of “{_short(span.text)}” in the project.")
            return
        documents = len({document_id for document_id, _, _ in targets})
        question = (
            f"Tag {len(targets)} occurrence{'s' if len(targets) != 1 else ''} of “{_short(span.text)}” "
            f"as {span.label} in {documents} document{'s' if documents != 1 else ''}?"
        )
        chosen = dialogs.review_tag_all(self.dialog_parent, question, in_context(self.project, targets))
        self._back_to_text()
        if not chosen:
            return
        targets = [(occurrence.document_id, occurrence.start, occurrence.end) for occurrence in chosen]
        documents = len({document_id for document_id, _, _ in targets})
        problem = self.session.back_up("before-tag-all")  # many documents at once: the worst case
        if self.session.push(lambda: commands.TagAll(self.session, span.label, targets, reveal=False)):
            self.message.emit(f"Tagged {len(targets)} occurrences as {span.label} in {documents} documents."
                              + (f" {problem}" if problem else ""))

    def _back_to_text(self) -> None:
        """After a dialog, the keyboard is the text's again: the next key (Ctrl+Z, a label key) must
        reach the window even where nothing hands focus back (no window manager, some desktops)."""
        self.dialog_parent.activateWindow()
        self.view.setFocus()

    def _exists(self, start: int, end: int, label: str) -> bool:
        return self.view.index.find(start, end, label) is not None


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 50 else text[:47] + "…"
