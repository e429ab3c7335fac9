"""Drafting a document's suggestions off the GUI thread, with its own read-only connection.

The sources run in a thread (a model can take seconds; the project's known names read every
entity span); the drafts come back to the window, which stores them with its own connection in one
short transaction. So the file changes only through the window (no "changed outside" reload) and
opening a document never waits for a source. Built sources are kept for the next document: a spaCy
pipeline loads once. The project's known names are read again on every run: they grow as one tags.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from annotator.core.suggestions import SuggestionDraft, SuggestionSettings


@dataclass
class DraftRequest:
    document_id: int
    settings: SuggestionSettings
    asked: bool = False  # "Suggest in this document now": say what came of it, errors in a dialog
    built: list[Any] | None = None  # the sources other than known names, built by an earlier run


@dataclass
class DraftResult:
    request: DraftRequest
    drafts: list[SuggestionDraft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # sources that could not run, one line each
    failed: bool = False  # nothing was drafted (the file could not be read)
    built: list[Any] | None = None  # the sources that could be built, for the next run


class DraftWorker(QThread):
    """Drafts one document's suggestions; `done` carries a DraftResult (with any error as text)."""

    done = Signal(object)

    def __init__(self, project_path: Path, request: DraftRequest, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project_path, self.request = project_path, request

    def run(self) -> None:
        from annotator.store import Project
        from annotator.suggesting import document_mentions, draft_text, suggesters_for

        request = self.request
        result = DraftResult(request)
        try:
            with Project(self.project_path, read_only=True) as project:
                settings = request.settings
                built = request.built
                if built is None:
                    built = result.built = []
                    # One source at a time: a model that will not load leaves quotes and patterns working.
                    for single in _one_by_one(settings):
                        try:
                            built += suggesters_for(project, single, result.warnings.append)
                        except ValueError as error:  # SuggestionSetupError: one line saying why
                            result.errors.append(str(error))
                known = suggesters_for(project, SuggestionSettings(known=True)) if settings.known else []
                text = project.document(request.document_id).text
                mentions = document_mentions(project, request.document_id)
                result.drafts = draft_text(text, mentions, [*built, *known])
        except Exception as error:  # noqa: BLE001 - a source's failure is shown, never lost in a thread
            result.errors.append(str(error) or type(error).__name__)
            result.failed = True
        self.done.emit(result)


def _one_by_one(settings: SuggestionSettings) -> list[SuggestionSettings]:
    """The sources of `settings` other than known names, each as settings of its own."""
    none = SuggestionSettings()
    return ([replace(none, quotes=True)] if settings.quotes else []) + [
        replace(none, patterns=(path,)) for path in settings.patterns
    ] + ([replace(none, model=settings.model)] if settings.model else [])
