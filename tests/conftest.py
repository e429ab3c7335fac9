"""Fixtures shared by every test folder: fresh projects and the real-world corpus."""

from __future__ import annotations

import os
from pathlib import Path

# Before anything imports PySide6: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

# Round-trip property tests take their example count from the profile: a quick one in CI, and
# ANNOTATOR_THOROUGH=1 for the 1,000-examples-per-format run on demand.
_ROUND_TRIP = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("ci", max_examples=30, **_ROUND_TRIP)
settings.register_profile("thorough", max_examples=1000, **_ROUND_TRIP)
settings.load_profile("thorough" if os.environ.get("ANNOTATOR_THOROUGH") else "ci")

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


# --- file modes: tests that need a normal user, when the tests run as root (CI) ----------------


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "normal_user: run as uid 65534 when the tests run as root (tests/normal_user.py)"
    )


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Root ignores file modes: a `normal_user` test runs again as a normal user, and counts so."""
    if pyfuncitem.get_closest_marker("normal_user") is None or getattr(os, "geteuid", lambda: 1)():
        return None
    from normal_user import rerun_as_normal_user

    rerun_as_normal_user(pyfuncitem)
    return True


# --- Qt: only for tests that use pytest-qt, so the headless tests never load PySide6 ------------


@pytest.fixture(autouse=True)
def _isolated_qt(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                 monkeypatch: pytest.MonkeyPatch):
    """QSettings in a temporary folder, and no modal dialog that could block a test run."""
    if not {"qtbot", "qapp"} & set(request.fixturenames):
        yield
        return
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox

    settings = tmp_path_factory.mktemp("qsettings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings))
    monkeypatch.setenv("XDG_DATA_HOME", str(settings / "data"))
    # A test that expects a dialog replaces the function in annotator.ui.dialogs with its answer.
    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Ok)
    for name in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([], "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("", False)))
    yield
