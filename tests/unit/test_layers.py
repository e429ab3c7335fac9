"""The headless layers never import Qt: the CLI and the core work without a screen."""

from __future__ import annotations

import subprocess
import sys


def test_core_store_formats_and_cli_do_not_import_qt() -> None:
    code = (
        "import sys\n"
        "import annotator.core.model, annotator.core.tokens, annotator.core.offsets\n"
        "import annotator.store, annotator.formats, annotator.importing, annotator.exporting\n"
        "import annotator.cli, annotator.launch\n"
        "loaded = sorted(name for name in sys.modules if name.startswith(('PySide6', 'shiboken')))\n"
        "print(','.join(loaded))\n"
    )
    # A fresh interpreter: this test process may already have Qt loaded by GUI tests.
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_package_version_matches_pyproject() -> None:
    import tomllib
    from pathlib import Path

    import annotator

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    assert annotator.__version__ == tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"]
