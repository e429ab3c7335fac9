"""The crash campaign of issue 9: hundreds of SIGKILLs at random moments, and what the file kept.

Run on demand: `pytest tests/benchmarks/test_crash_campaign.py -m benchmark` (about 6 minutes on two
cores). ANNOTATOR_CRASH_TRIALS sets the number of edit trials (default 200; imports and exports get
a fifth of that each), ANNOTATOR_CRASH_SEED the seed the kill moments and edits are drawn from.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from crash_harness import run_campaign

pytestmark = [
    pytest.mark.benchmark,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX-only"),
]


def test_crash_campaign(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trials = int(os.environ.get("ANNOTATOR_CRASH_TRIALS", "200"))
    seed = int(os.environ.get("ANNOTATOR_CRASH_SEED", "9"))
    started = time.monotonic()
    results = run_campaign(tmp_path, edits=trials, imports=max(1, trials // 5),
                           exports=max(1, trials // 5), seed=seed)
    with capsys.disabled():
        print(f"\nCrash campaign, seed {seed}, {time.monotonic() - started:.0f} s")
        for kind, campaign in results.items():
            print(campaign.report(kind))
    for kind, campaign in results.items():
        assert campaign.clean, campaign.report(kind)
