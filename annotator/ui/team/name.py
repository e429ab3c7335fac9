"""The annotator's name: asked once per user, kept in QSettings, recorded on every span, link and status."""

from __future__ import annotations

import getpass
import os

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

SETTING = "annotator/name"


def system_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (a container without USER or a passwd entry)
        return "annotator"


def annotator_name() -> str:
    """The name chosen in this user's settings, else the system's user name (not stored until asked)."""
    value = QSettings().value(SETTING, "", type=str)
    return value.strip() or system_user()


def set_annotator_name(name: str) -> None:
    QSettings().setValue(SETTING, name.strip())


def needs_asking() -> bool:
    """True the first time only, and never without a screen (offscreen test runs, batch use)."""
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return False
    return not QSettings().value(SETTING, "", type=str).strip()


def ask_name(parent: QWidget | None, first_time: bool = False) -> str | None:
    """A small dialog prefilled with the current name; the new name, or None if cancelled/empty."""
    text = ("Your name is recorded on every span, link and status you make, so a team's work can be "
            "told apart and compared." if first_time else "Record my work as:")
    name, accepted = QInputDialog.getText(parent, "Annotator name", text, QLineEdit.EchoMode.Normal,
                                          annotator_name())
    name = name.strip()
    return name if accepted and name else None
