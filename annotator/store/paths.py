"""The files that belong to a project besides itself: SQLite's side files and the backups folder."""

from __future__ import annotations

from pathlib import Path

SIDE_FILE_SUFFIXES = ("-wal", "-shm", "-journal")


def side_files(project_path: Path) -> list[Path]:
    """`PROJECT-wal`, `PROJECT-shm`, `PROJECT-journal`: SQLite's, never to be opened by anything else."""
    return [project_path.with_name(project_path.name + suffix) for suffix in SIDE_FILE_SUFFIXES]


def backup_folder(project_path: Path) -> Path:
    return project_path.with_name(project_path.name + ".backups")


def has_backups(project_path: Path) -> bool:
    """Whether the project's backups folder holds anything (looked up by name only)."""
    folder = backup_folder(project_path)
    return folder.is_dir() and any(folder.iterdir())
