"""Benchmarks run on demand only: `pytest tests/benchmarks -m benchmark` (output shows without -s).

Without `-m benchmark` every test marked `benchmark` is deselected before its fixtures build any data,
so a plain `pytest` or `pytest tests/benchmarks` stays quick. Each benchmark times our code and a raw
baseline in the same run, prints throughput and the ratio, and asserts only that the results are
correct: timings vary too much between machines to fail a test on.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

TARGET_RATIO = 0.7


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "benchmark" in (config.getoption("markexpr") or ""):
        return
    benchmarks = [item for item in items if item.get_closest_marker("benchmark") is not None]
    if benchmarks:
        config.hook.pytest_deselected(items=benchmarks)
        items[:] = [item for item in items if item.get_closest_marker("benchmark") is None]


@pytest.fixture
def compare(capsys: pytest.CaptureFixture[str]) -> Callable[[str, str, int, float, float], float]:
    """Print one benchmark's throughput for the baseline and for our code; return ours/baseline."""

    def report(title: str, unit: str, count: int, baseline_seconds: float, ours_seconds: float) -> float:
        baseline_rate, ours_rate = count / baseline_seconds, count / ours_seconds
        ratio = ours_rate / baseline_rate
        verdict = "MET" if ratio >= TARGET_RATIO else "NOT MET"
        with capsys.disabled():
            print(f"\n{title}")
            print(f"  baseline: {baseline_rate:>12,.0f} {unit}/s  ({baseline_seconds:.2f} s)")
            print(f"  ours:     {ours_rate:>12,.0f} {unit}/s  ({ours_seconds:.2f} s)")
            print(f"  ratio ours/baseline: {ratio:.2f}x   target >= {TARGET_RATIO}x: {verdict}")
        return ratio

    return report
