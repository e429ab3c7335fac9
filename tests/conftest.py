"""Fixtures shared by every test folder: fresh projects and the real-world corpus."""

from __future__ import annotations

import os
from pathlib import Path

# Before anything imports PySide6: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
# A verbatim copy of ../shared/corpus (real files nobody here wrote), so a clean checkout has them.
CORPUS = REPO / "tests" / "corpus"
SEEDS = REPO / "seeds"


@pytest.fixture
def corpus() -> Path:
    return CORPUS


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "project.sqlite"


@pytest.fixture
def project(project_path: Path):
    from annotator.store import Project

    with Project(project_path) as opened:
        yield opened
