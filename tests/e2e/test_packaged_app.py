"""The packaged app: build the one-folder bundle with the documented command and run it frozen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import __version__

ROOT = Path(__file__).resolve().parents[2]
FROZEN = ROOT / "dist" / "annotator" / "annotator"


@pytest.mark.slow
def test_build_then_frozen_version_and_self_test_pass() -> None:
    build = subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py")], cwd=ROOT,
                           capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    version = subprocess.run([str(FROZEN), "--version"], capture_output=True, text=True, env=env,
                             timeout=60)
    assert version.returncode == 0 and __version__ in version.stdout
    self_test = subprocess.run([str(FROZEN), "--self-test"], capture_output=True, text=True, env=env,
                               timeout=120)
    assert self_test.returncode == 0, self_test.stderr
    assert "self-test passed" in self_test.stderr
    # Resources the frozen app finds through resource_path(): the samples and the icons.
    internal = FROZEN.parent / "_internal"
    assert (internal / "seeds" / "nato-rutte-berlin.txt").is_file()
    assert (internal / "resources" / "icons" / "annotator.svg").is_file()
