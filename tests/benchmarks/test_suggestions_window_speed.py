"""Suggestions in the window on a 1 MB article: opening with 10,000 stored suggestions against the
same article without any (same run), opening with the quote source on (drafted after the paint), and
stepping with ] until painted. Prints figures and ratios; asserts only correctness.

    QT_QPA_PLATFORM=offscreen pytest tests/benchmarks/test_suggestions_window_speed.py -m benchmark -s
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

import pytest

from annotator.core.model import DocumentRecord
from annotator.core.suggestions import SuggestionDraft, SuggestionSettings
from annotator.core.tokens import token_bounds
from tests.benchmarks.test_window_speed import PARAGRAPH, PaintCounter, report, until_painted, verdict

pytestmark = pytest.mark.benchmark

SUGGESTIONS = 10_000
ROUNDS = 5
STEPS = 100
OPEN_RATIO = 1.2  # stored suggestions may cost at most a fifth more than none
STEP_MS = 16.0


def article() -> str:
    return ((PARAGRAPH * 3).strip() + "\n\n") * (1_000_000 // (len(PARAGRAPH) * 3 + 2))


def drafts(text: str) -> list[SuggestionDraft]:
    bounds = token_bounds(text)
    rng = random.Random(11)
    found: dict[tuple[int, int, str], SuggestionDraft] = {}
    while len(found) < SUGGESTIONS:
        first = rng.randrange(len(bounds) - 6)
        start, end = bounds[first][0], bounds[first + rng.randint(0, 4)][1]
        label = ("PERSON", "ORG", "GPE", "QUOTE")[len(found) % 4]
        found.setdefault((start, end, label), SuggestionDraft(start, end, label, "quotes", 0.5))
    return list(found.values())


def make(path: Path, text: str, stored: bool, settings: SuggestionSettings) -> Path:
    from annotator.store import Project

    with Project(path) as project:
        project.import_records([DocumentRecord(text="A short one to start on.", title="Short"),
                                DocumentRecord(text=text, title="A megabyte")])
        if stored:
            project.add_suggestions(2, drafts(text))
        project.set_suggestion_settings(settings)
    return path


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder, text = tmp_path_factory.mktemp("suggestions"), article()
    return {
        "none": make(folder / "none.sqlite", text, False, SuggestionSettings()),
        "stored": make(folder / "stored.sqlite", text, True, SuggestionSettings()),
        "quotes": make(folder / "quotes.sqlite", text, False, SuggestionSettings(quotes=True)),
    }


def opened(qtbot, path: Path):  # noqa: ANN001, ANN201
    from annotator.app import create_main_window

    window = create_main_window(path)
    qtbot.addWidget(window)
    window.resize(1340, 820)
    window.show()
    qtbot.waitExposed(window)
    window.open_document(1)
    return window


def time_opening(qapp, window, rounds: int = ROUNDS) -> tuple[list[float], list[float]]:  # noqa: ANN001
    """Seconds until the article is first painted, and until painted with its suggestions and idle."""
    from PySide6.QtCore import QEvent, QObject

    painted = PaintCounter(window.view.viewport())
    paint_times: list[float] = []

    class FirstPaint(QObject):  # the moment a paint event reaches the view, not the end of the loop
        def eventFilter(self, _watched, event) -> bool:  # noqa: ANN001, N802
            if event.type() == QEvent.Type.Paint:
                paint_times.append(time.perf_counter())
            return False

    clock = FirstPaint()
    window.view.viewport().installEventFilter(clock)
    first, settled = [], []
    for _ in range(rounds):
        before = painted.count
        paint_times.clear()
        started = time.perf_counter()
        window.open_document(2)
        until_painted(qapp, lambda: painted.count, before)
        first.append(paint_times[0] - started)
        settled.append(time.perf_counter() - started)
        window.open_document(1)
        qapp.processEvents()
    return first, settled


def test_opening_and_stepping_with_10000_suggestions(qtbot, qapp, projects) -> None:  # noqa: ANN001
    bare = opened(qtbot, projects["none"])
    none_ms = statistics.median(time_opening(qapp, bare)[0]) * 1000
    window = opened(qtbot, projects["stored"])
    first, settled = time_opening(qapp, window)
    stored_ms, shown_stored_ms = statistics.median(first) * 1000, statistics.median(settled) * 1000
    window.open_document(2)
    qtbot.waitUntil(lambda: len(window.suggestions.overlay.items) == SUGGESTIONS)
    assert len(window.view.index) == 0

    painted = PaintCounter(window.view.viewport())
    step_times = []
    for _ in range(STEPS):
        before = painted.count
        started = time.perf_counter()
        window.suggestions.keys.step(True)
        until_painted(qapp, lambda: painted.count, before)
        step_times.append(time.perf_counter() - started)
    step_ms = statistics.median(step_times) * 1000

    drafting = opened(qtbot, projects["quotes"])
    painted = PaintCounter(drafting.view.viewport())
    before = painted.count
    started = time.perf_counter()
    drafting.open_document(2)
    until_painted(qapp, lambda: painted.count, before)
    first_paint_ms = (time.perf_counter() - started) * 1000
    qtbot.waitUntil(lambda: len(drafting.suggestions.overlay.items) > 0, timeout=120_000)
    shown_ms = (time.perf_counter() - started) * 1000
    ratio = stored_ms / none_ms
    report(f"suggestions in the window, a 1 MB article, median of {ROUNDS}", [
        f"open, no suggestions:                 {none_ms:7.1f} ms to the first paint",
        f"open, {SUGGESTIONS:,} stored suggestions:   {stored_ms:7.1f} ms to the first paint, "
        f"{shown_stored_ms:7.1f} ms with the suggestions painted",
        f"first paint, ratio stored/none: {ratio:.2f}x   target <= {OPEN_RATIO}x: "
        f"{verdict(ratio <= OPEN_RATIO)}",
        f"] to the next suggestion, painted: median {step_ms:.1f} ms   target <= {STEP_MS} ms: "
        f"{verdict(step_ms <= STEP_MS)}",
        f"quote source on: first paint {first_paint_ms:7.1f} ms; "
        f"{len(drafting.suggestions.overlay.items):,} suggestions shown at {shown_ms:7.1f} ms",
    ])
