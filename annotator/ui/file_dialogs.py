"""File dialogs that never open the files they list.

Qt's file dialog asks an icon provider for each entry's icon and type, and the default one sniffs
the file's first bytes (QMimeDatabase) when its name is not conclusive: `project.sqlite`, its
`-wal` and `-shm` included. Opening and closing any descriptor of a SQLite file drops every POSIX
lock this process's connections hold on it, and another process may then checkpoint and delete the
WAL the window is writing to (measured: five tags made after browsing the project's folder in
File > Import were gone once `annotator stats` had run). So our dialogs name entries by their file
name alone, and are Qt's own dialog everywhere: a native one may sniff inside this process too.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileInfo
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget


class NameOnlyIconProvider(QFileIconProvider):
    """Icons and type names from what `stat` says (folder or file) and the name, never the content."""

    def icon(self, what):  # noqa: ANN001, ANN201 - Qt's overload: an IconType or a QFileInfo
        if isinstance(what, QFileInfo):
            kind = QFileIconProvider.IconType.Folder if what.isDir() else QFileIconProvider.IconType.File
            return super().icon(kind)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} file" if suffix else "File"


def _dialog(parent: QWidget, caption: str, directory: str, name_filter: str) -> QFileDialog:
    dialog = QFileDialog(parent, caption, directory, name_filter)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    provider = NameOnlyIconProvider()
    dialog.setIconProvider(provider)
    dialog._icon_provider = provider  # type: ignore[attr-defined]  # the dialog does not own it
    return dialog


def _run(dialog: QFileDialog) -> list[Path]:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return []
        return [Path(name) for name in dialog.selectedFiles()]
    finally:
        dialog.deleteLater()


def open_file_names(parent: QWidget, caption: str, name_filter: str = "") -> list[Path]:
    dialog = _dialog(parent, caption, "", name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _run(dialog)


def open_file_name(parent: QWidget, caption: str, name_filter: str = "") -> Path | None:
    dialog = _dialog(parent, caption, "", name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return next(iter(_run(dialog)), None)


def existing_directory(parent: QWidget, caption: str) -> Path | None:
    dialog = _dialog(parent, caption, "", "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    return next(iter(_run(dialog)), None)


def save_file_name(parent: QWidget, caption: str, suggestion: str, name_filter: str = "") -> Path | None:
    dialog = _dialog(parent, caption, suggestion, name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    return next(iter(_run(dialog)), None)
