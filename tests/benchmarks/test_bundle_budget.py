"""Packaged-app budgets: bundle size (<= 120 MB) and cold start to a shown window (<= 0.5 s).

Run on demand: `pytest tests/benchmarks/test_bundle_budget.py -m benchmark`. Builds the bundle
with packaging/build.py first if dist/annotator is missing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.core.model import DocumentRecord
from annotator.store import Project

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist" / "annotator"
SIZE_BUDGET_MB = 120
START_BUDGET_S = 0.5


@pytest.mark.benchmark
def test_bundle_size_and_cold_start(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if not (DIST / "annotator").exists():
        subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), "--skip-test"], check=True)
    size_mb = sum(path.stat().st_size for path in DIST.rglob("*")
                  if path.is_file() and not path.is_symlink()) / 1e6
    project = tmp_path / "start.sqlite"
    with Project(project) as opened:
        opened.import_records([DocumentRecord(text=(ROOT / "seeds" / "nato-rutte-berlin.txt").read_text())])
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ANNOTATOR_EXIT_WHEN_SHOWN="1",
               ANNOTATOR_TRACE_STARTUP="1", HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    # A build leaves ~110 MB of just-written files for the kernel to flush; starting while it does
    # measured 0.55 s where the same bundle starts in 0.31 s a minute later.
    os.sync()
    # Reference from this run: the same bundle started without Qt (`--version`: bootloader, Python,
    # click), so a slow machine shows in both figures.
    floor = []
    for _ in range(7):
        started = time.perf_counter()
        subprocess.run([str(DIST / "annotator"), "--version"], env=env, capture_output=True, check=True,
                       timeout=60)
        floor.append(time.perf_counter() - started)
    times, wall, timelines = [], [], []
    for _ in range(7):
        started = time.perf_counter()
        result = subprocess.run([str(DIST / "annotator"), str(project)], env=env, capture_output=True,
                                text=True, timeout=60)
        wall.append(time.perf_counter() - started)
        assert result.returncode == 0, result.stderr
        # "startup   0.512 s  first events processed": seconds since the process was created.
        timeline = [line for line in result.stderr.splitlines() if line.startswith("startup")]
        shown = [float(line.split()[1]) for line in timeline if line.endswith("first events processed")]
        assert shown, result.stderr
        times.append(shown[0])
        timelines.append(timeline)
    start = statistics.median(times)
    with capsys.disabled():
        print(f"\nbundle size: {size_mb:.1f} MB (budget {SIZE_BUDGET_MB} MB): "
              f"{'MET' if size_mb <= SIZE_BUDGET_MB else 'NOT MET'}")
        print(f"cold start to shown window, median of 7: {start:.3f} s (budget {START_BUDGET_S} s): "
              f"{'MET' if start <= START_BUDGET_S else 'NOT MET'}  (all: "
              f"{', '.join(f'{t:.3f}' for t in times)}; whole process with exit, median "
              f"{statistics.median(wall):.3f} s)")
        print(f"reference, the same bundle without Qt (--version), whole process, median: "
              f"{statistics.median(floor):.3f} s; the window start is "
              f"{start / statistics.median(floor):.1f}x that")
        print("timeline of the median run:")
        for line in timelines[times.index(sorted(times)[len(times) // 2])]:
            print("  " + line)
