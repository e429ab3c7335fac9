"""The project file: one SQLite database, owned by `Project`."""

from annotator.store.errors import (
    DamagedProjectError,
    DiskFullError,
    DuplicateSpanError,
    LabelInUseError,
    ProjectError,
    ReadOnlyProjectError,
    SpanError,
)
from annotator.store.project import ImportResult, Project

__all__ = [
    "DamagedProjectError", "DiskFullError", "DuplicateSpanError", "ImportResult", "LabelInUseError",
    "Project", "ProjectError", "ReadOnlyProjectError", "SpanError",
]
