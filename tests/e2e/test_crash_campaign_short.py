"""A short crash campaign in every test run: SIGKILL at random moments loses nothing acknowledged.

The harness and its model are in tests/crash_harness.py and tests/crash_model.py; the 200-trial
campaign is tests/benchmarks/test_crash_campaign.py.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from crash_harness import run_campaign

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX-only")


def test_random_kills_lose_no_acknowledged_edit_and_leave_nothing_half_done(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = run_campaign(tmp_path, edits=8, imports=3, exports=3, seed=1)
    with capsys.disabled():
        for kind, campaign in results.items():
            print("\n" + campaign.report(kind))
    assert results["edits"].acknowledged > 0
    for kind, campaign in results.items():
        assert campaign.clean, campaign.report(kind)
