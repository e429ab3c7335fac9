"""Finding files that ship with the app (sample articles, icons) from source, a wheel or a bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_ID = "org.annotator.Annotator"
APP_NAME = "Annotator"
_PACKAGE = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource such as ("seeds",) or ("resources", "icons").

    Looks inside the PyInstaller bundle when frozen (seeds and resources), inside the installed
    package (the wheel maps `seeds/` there), then beside the package in a source checkout.
    """
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle).joinpath(*parts))
    candidates += [_PACKAGE.joinpath(*parts), _PACKAGE.parent.joinpath(*parts)]
    for candidate in candidates:
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"resource {'/'.join(parts)} is missing from this installation")


def data_dir() -> Path:
    """The per-user folder for the default project, following each platform's convention."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
        return base / APP_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "annotator"


def default_project_path() -> Path:
    return data_dir() / "annotator-project.sqlite"
