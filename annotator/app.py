"""QApplication setup, `create_main_window(project_path)` for tests and scripts, and `run()` for the CLI."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from annotator import __version__
from annotator.resources import APP_ID, APP_NAME

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from annotator.ui.main_window import MainWindow

ORGANISATION = "Annotator"

# Libraries Qt's xcb plugin loads at start (Qt 6.5+), and the Debian/Ubuntu packages that ship them.
# The libraries Qt's X11 plugin loads (by soname) and the Debian/Ubuntu packages that hold them.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def configure_application(app: QApplication) -> None:
    """Names QSettings needs, set once whoever created the QApplication (the app, or pytest-qt)."""
    if not app.organizationName():
        app.setOrganizationName(ORGANISATION)
    if app.applicationName() in ("", "python", "python3") or app.applicationName().startswith("pytest"):
        app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    if app.windowIcon().isNull():
        from PySide6.QtGui import QIcon

        from annotator.resources import resource_path

        try:
            icons = resource_path("resources", "icons", "hicolor")
        except FileNotFoundError:  # a wheel install: the desktop's icon theme provides it
            return
        icon = QIcon()
        for size in (16, 32, 48, 64, 128, 256):
            icon.addFile(str(icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png"))
        app.setWindowIcon(icon)


def application() -> QApplication:
    """The running QApplication, created (and configured) if there is none yet."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "annotator"])
    assert isinstance(app, QApplication)
    configure_application(app)
    from annotator.ui.theme import apply_saved_theme

    apply_saved_theme()  # after configure_application: the choice is kept in the app's QSettings
    return app


def create_main_window(project_path: str | Path) -> MainWindow:
    """The annotation window for a project file (created if missing); not shown yet."""
    application()
    from annotator.startup_trace import mark
    from annotator.ui.main_window import MainWindow

    mark("window code loaded")
    return MainWindow(Path(project_path))


def platform_problem() -> str | None:
    """A readable reason Qt will fail to start a window on this Linux machine, or None."""
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None  # offscreen, wayland, vnc…: nothing we can check cheaply
    if not platform and os.environ.get("WAYLAND_DISPLAY"):
        return None
    if not os.environ.get("DISPLAY"):
        return (
            "no display found: run Annotator inside a desktop session (DISPLAY is not set), "
            "or set QT_QPA_PLATFORM=offscreen for a headless run."
        )
    missing = [package for soname, package in XCB_LIBRARIES.items() if not _loadable(soname)]
    if missing:
        return (
            "Qt cannot load its X11 platform plugin: system libraries are missing. Install them "
            f"with:\n  sudo apt install {' '.join(missing)}\n(on Fedora: the matching "
            "xcb-util-* and libxkbcommon-x11 packages)."
        )
    return None


def _loadable(soname: str) -> bool:
    """Whether the dynamic loader finds a library, by loading it as Qt's plugin is about to.

    Cheaper than ctypes.util.find_library, whose import (subprocess, shutil, tempfile: ~20 ms)
    and ldconfig lookups every start paid for.
    """
    import ctypes

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def run(project_path: str | Path) -> int:
    """Show the window for `project_path` and run until it closes; return the exit status."""
    problem = platform_problem()
    if problem:
        if sys.stderr is not None:  # a windowed build has no stderr
            print(f"annotator: {problem}", file=sys.stderr)
        return 1
    from annotator.startup_trace import mark

    mark("opening the window")
    app = application()
    mark("QApplication created")
    from annotator.store import DamagedProjectError, ProjectError

    try:
        try:
            window = create_main_window(project_path)
        except DamagedProjectError as error:
            # The window cannot open this file, but the app can still offer a way back from it.
            from annotator.ui.backup.recovery import offer_recovery

            replacement = offer_recovery(None, Path(project_path), error)
            if replacement is None:
                raise
            window = create_main_window(replacement)
    except (ProjectError, OSError) as error:
        if sys.stderr is not None:
            print(f"annotator: {error}", file=sys.stderr)
        return 1
    mark("window built")
    window.show()
    window.raise_()
    mark("window shown")
    from PySide6.QtCore import QTimer

    if os.environ.get("ANNOTATOR_EXIT_WHEN_SHOWN"):
        # For start-up measurements (tests/benchmarks): quit once the shown window has painted.
        QTimer.singleShot(0, lambda: (mark("first events processed"), app.quit()))
    else:
        # Load what the first edit needs as soon as the first paint is done, while the person reads,
        # not during their first key press.
        QTimer.singleShot(0, warm_up)
    return int(app.exec())


def warm_up() -> None:
    """Compile and import what the first tag uses (writes need no sqlite-utils: plain sqlite3)."""
    from annotator.core.tokens import token_pattern

    token_pattern()  # every tag snaps to tokens
