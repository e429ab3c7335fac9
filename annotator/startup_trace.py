"""Optional start-up timeline (ANNOTATOR_TRACE_STARTUP=1): seconds since the process began, per stage.

Used by tests/benchmarks/test_bundle_budget.py to show where a cold start spends its time.
"""

from __future__ import annotations

import os
import sys
import time

ENABLED = bool(os.environ.get("ANNOTATOR_TRACE_STARTUP"))


def _process_age() -> float:
    """Seconds since this process was created (Linux: from /proc), else since this module loaded."""
    try:
        with open("/proc/self/stat") as stat:
            started_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as uptime:
            return float(uptime.read().split()[0]) - started_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


_ORIGIN = time.perf_counter() - (_process_age() if ENABLED else 0.0)


def mark(stage: str) -> None:
    if ENABLED and sys.stderr is not None:
        print(f"startup {time.perf_counter() - _ORIGIN:7.3f} s  {stage}", file=sys.stderr)
