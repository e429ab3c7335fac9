"""The window on large work: a 1 MB article with 10,000 spans, and a project of 10,000 documents.

Measured in one run, against a bare `QPlainTextEdit` given the same text where there is a baseline:
(a) opening the article until painted and idle, (b) switching documents, (c) a label key press until
the span is committed and painted. Prints each figure with MET / NOT MET; asserts only correctness.

    QT_QPA_PLATFORM=offscreen pytest tests/benchmarks/test_window_speed.py -m benchmark -s
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from annotator.core.model import DocumentRecord, SpanRecord
from annotator.core.tokens import token_bounds

pytestmark = pytest.mark.benchmark

SPANS = 10_000
OPEN_ROUNDS = 7
SWITCHES = 60
KEY_PRESSES = 200
OPEN_RATIO = 2.0  # opening vs a bare editor with the same text
SWITCH_MS = 50.0  # median; "instant" is well under the ~100 ms people notice
KEY_MEDIAN_MS, KEY_P99_MS = 16.0, 50.0

PARAGRAPH = (
    "Nato will remain united regardless of the outcome of the US election, according to Mark Rutte 🙂, "
    "who spoke in Berlin on Monday. \u201cWhoever emerges victorious, we will work with them,\u201d "
    "he said alongside Olaf Scholz, the German chancellor, at a press conference in the capital. "
)


def big_article() -> DocumentRecord:
    """~1 MB in paragraphs; 10,000 spans of 1-5 tokens, every fifth with an entity nested inside."""
    text = ((PARAGRAPH * 3).strip() + "\n\n") * (1_000_000 // (len(PARAGRAPH) * 3 + 2))
    bounds = token_bounds(text)
    rng = random.Random(7)
    spans: dict[tuple[int, int, str], SpanRecord] = {}
    while len(spans) < SPANS:
        first = rng.randrange(len(bounds) - 6)
        start, end = bounds[first][0], bounds[first + rng.randint(0, 4)][1]
        label = ("QUOTE", "PERSON", "ORG", "CLAIM", "GPE")[len(spans) % 5]
        spans.setdefault((start, end, label), SpanRecord(start, end, label))
        if len(spans) % 5 == 1 and len(spans) < SPANS:  # nested: an entity on the first token
            inner = (bounds[first][0], bounds[first][1], "PERSON")
            spans.setdefault(inner, SpanRecord(*inner))
    return DocumentRecord(text=text, title="A megabyte", spans=list(spans.values()))


def small_article(index: int) -> DocumentRecord:
    text = f"Report {index}. " + PARAGRAPH * 4
    bounds = token_bounds(text)
    spans = [SpanRecord(bounds[i][0], bounds[i + 1][1], "PERSON") for i in range(2, 60, 6)]
    return DocumentRecord(text=text, title=f"Report {index}", spans=spans)


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    from annotator.store import Project

    path = tmp_path_factory.mktemp("window") / "big.sqlite"
    article = big_article()
    with Project(path) as project:
        project.import_records([DocumentRecord(text="A short one to start on.", title="Short"), article])
        assert len(project.spans(2)) == SPANS
    return path, article.text


@pytest.fixture(scope="module")
def many_documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from annotator.store import Project

    path = tmp_path_factory.mktemp("window") / "many.sqlite"
    with Project(path) as project:
        project.import_records([small_article(index) for index in range(10_000)])
        assert project.document_count() == 10_000
    return path


class PaintCounter:
    """Counts paint events on a widget (the text view's viewport) through an event filter."""

    def __init__(self, widget) -> None:  # noqa: ANN001 - a QWidget; PySide6 is imported lazily
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            count = 0

            def eventFilter(self, _watched, event) -> bool:  # noqa: ANN001, N802
                if event.type() == QEvent.Type.Paint:
                    Filter.count += 1
                return False

        self.filter = Filter()
        widget.installEventFilter(self.filter)

    @property
    def count(self) -> int:
        return self.filter.count


def until_painted(app, painted: Callable[[], int], before: int) -> None:  # noqa: ANN001
    """Process events until a paint happened after `before`, then until nothing more is pending."""
    deadline = time.perf_counter() + 10
    while painted() == before and time.perf_counter() < deadline:
        app.processEvents()
    settled = painted()
    app.processEvents()  # a repaint scheduled for after the event (the edited lines) lands here
    while painted() != settled and time.perf_counter() < deadline:
        settled = painted()
        app.processEvents()


def report(title: str, lines: list[str]) -> None:
    print(f"\n{title}")
    for line in lines:
        print(f"  {line}")


def verdict(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


@pytest.fixture
def open_window(qtbot) -> Iterator[Callable[[Path], object]]:  # noqa: ANN001
    def opened(path: Path):  # noqa: ANN202
        from annotator.app import create_main_window

        window = create_main_window(path)
        qtbot.addWidget(window)
        window.resize(1340, 820)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        return window

    yield opened


def test_open_a_megabyte_with_10000_spans(qtbot, qapp, big_project, open_window) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QPlainTextEdit

    path, text = big_project
    window = open_window(path)
    window.open_document(1)
    painted = PaintCounter(window.view.viewport())
    bare_times, ours_times, complete_times = [], [], []
    for _ in range(OPEN_ROUNDS):
        started = time.perf_counter()
        bare = QPlainTextEdit()
        bare_painted = PaintCounter(bare.viewport())
        bare.resize(window.view.size())  # the same area of text to lay out and paint
        bare.setPlainText(text)
        bare.show()
        until_painted(qapp, lambda counter=bare_painted: counter.count, 0)
        bare_times.append(time.perf_counter() - started)
        bare.close()
        bare.deleteLater()
        qapp.processEvents()

        before = painted.count
        started = time.perf_counter()
        window.open_document(2)
        until_painted(qapp, lambda: painted.count, before)
        ours_times.append(time.perf_counter() - started)
        assert len(window.view.index) == SPANS
        # Opening reads the first screens' spans; the rest is read on first need or when idle.
        # Reported, not targeted: the time until every span is in memory, had it been needed at once.
        window.view.index.complete()
        complete_times.append(time.perf_counter() - started)
        window.open_document(1)
        qapp.processEvents()
    bare_ms, ours_ms = statistics.median(bare_times) * 1000, statistics.median(ours_times) * 1000
    complete_ms = statistics.median(complete_times) * 1000
    ratio = ours_ms / bare_ms
    report(
        f"(a) open a {len(text) / 1e6:.1f} MB article with {SPANS:,} spans, median of {OPEN_ROUNDS}",
        [
            f"bare QPlainTextEdit, same text, shown and painted: {bare_ms:6.1f} ms",
            f"our window, painted and idle:                     {ours_ms:6.1f} ms",
            f"ratio ours/bare: {ratio:.2f}x   target <= {OPEN_RATIO}x: {verdict(ratio <= OPEN_RATIO)}",
            f"(then all {SPANS:,} spans read, as on first need: {complete_ms:6.1f} ms, "
            f"{complete_ms / bare_ms:.2f}x)",
        ],
    )
    window.open_document(2)
    assert window.spans.model.rowCount() == SPANS


def test_switch_documents_among_10000(qtbot, qapp, many_documents, open_window) -> None:  # noqa: ANN001
    window = open_window(many_documents)
    window.open_document(1)
    painted = PaintCounter(window.view.viewport())
    qapp.processEvents()
    times = []
    for step in range(SWITCHES):
        before = painted.count
        started = time.perf_counter()
        window.actions.next_document.trigger()  # PageDown
        until_painted(qapp, lambda: painted.count, before)
        times.append(time.perf_counter() - started)
        assert window.document_id == step + 2
    median, worst = statistics.median(times) * 1000, max(times) * 1000
    report(
        f"(b) next document (PageDown) in a project of 10,000 documents, {SWITCHES} switches",
        [
            f"median {median:.1f} ms, slowest {worst:.1f} ms   "
            f"target median <= {SWITCH_MS:.0f} ms: {verdict(median <= SWITCH_MS)}",
        ],
    )


def test_label_key_to_span_shown_and_committed(qtbot, qapp, big_project, open_window) -> None:  # noqa: ANN001
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from annotator.store import Project

    path, text = big_project
    window = open_window(path)
    window.open_document(2)
    qtbot.waitUntil(window.view.hasFocus)
    view = window.view
    painted = PaintCounter(view.viewport())
    bounds = token_bounds(text)
    rng = random.Random(11)
    targets = rng.sample(range(len(bounds)), KEY_PRESSES * 2)
    times = []
    tagged = 0
    for target in targets:
        start, end = bounds[target]
        if view.index.find(start, end, "PERSON") is not None or not text[start:end].isalnum():
            continue
        view.select_range(start, end)
        qapp.processEvents()
        before = painted.count
        started = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_1)  # PERSON
        until_painted(qapp, lambda: painted.count, before)
        times.append(time.perf_counter() - started)
        tagged += 1
        assert view.index.find(start, end, "PERSON") is not None
        if tagged == KEY_PRESSES:
            break
    with Project(path) as project:
        assert len(project.spans(2)) == SPANS + KEY_PRESSES  # every key press was committed
    median, p99 = statistics.median(times) * 1000, percentile(times, 0.99) * 1000
    report(
        f"(c) label key to span shown and committed, {KEY_PRESSES} key presses in that article",
        [
            f"median {median:5.1f} ms   target <= {KEY_MEDIAN_MS:.0f} ms: {verdict(median <= KEY_MEDIAN_MS)}",
            f"p99    {p99:5.1f} ms   target <= {KEY_P99_MS:.0f} ms: {verdict(p99 <= KEY_P99_MS)}",
            f"max    {max(times) * 1000:5.1f} ms",
        ],
    )
