"""`annotator --self-test` passes from source, as the packaged app runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_self_test_tags_through_the_window_and_exports_exact_offsets(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "annotator", "--self-test"], capture_output=True,
                            text=True, timeout=120, env={"QT_QPA_PLATFORM": "offscreen",
                                                         "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "self-test passed" in result.stderr
    assert "spans at [(28, 33), (24, 29)]" in result.stderr  # 24: after an emoji and a flag
    assert "propagateSizeHints" not in result.stderr
    # The user's settings (recent projects, geometry) are left alone.
    assert not any(path.is_file() for path in tmp_path.rglob("*"))
