"""The first label key after opening a project costs what later ones do (target: <= 50 ms).

The worst case a person meets is the first key press, when anything loaded on demand is paid for.
Each run starts a fresh interpreter on the sample article and presses 1 (PERSON) on 21 words,
shortly after the window shows (50 ms: someone who knows the key) and after a second of reading.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.model import DocumentRecord
from annotator.store import Project

SEED = Path(__file__).resolve().parents[2] / "seeds" / "nato-rutte-berlin.txt"
SCRIPT = Path(__file__).with_name("first_key_press.py")
TARGET_MS = 50
RUNS = 3


@pytest.mark.benchmark
@pytest.mark.parametrize("delay_ms", [50, 1000])
def test_first_key_press_after_opening(
    tmp_path: Path, delay_ms: int, capsys: pytest.CaptureFixture[str]
) -> None:
    firsts, laters = [], []
    for run in range(RUNS):
        path = tmp_path / f"p{run}.sqlite"
        with Project(path) as project:
            project.import_records([DocumentRecord(text=SEED.read_text(encoding="utf-8"))])
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        done = subprocess.run([sys.executable, str(SCRIPT), str(path), str(delay_ms)],
                              capture_output=True, text=True, timeout=120, env=env, check=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        assert result["tagged"] >= 20  # every press tagged its word
        with Project(path) as project:
            assert project.span_count(1) == result["tagged"]  # and committed it
        firsts.append(result["times"][0])
        laters.extend(result["times"][1:])
    worst, median = max(firsts), statistics.median(laters)
    with capsys.disabled():
        print(f"\nfirst label key {delay_ms} ms after the window shows ({RUNS} fresh processes)")
        print(f"  first press: {', '.join(f'{t:.1f}' for t in firsts)} ms (worst {worst:.1f};"
              f" target <= {TARGET_MS}: {'MET' if worst <= TARGET_MS else 'NOT MET'})")
        print(f"  later presses: median {median:.1f} ms; first/median {worst / median:.1f}x")
