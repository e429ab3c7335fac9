"""The project file: one SQLite database, owned by `Project`."""

from annotator.store.errors import (
    DamagedProjectError,
    DuplicateSpanError,
    LabelInUseError,
    ProjectError,
    SpanError,
)
from annotator.store.project import ImportResult, Project

__all__ = [
    "DamagedProjectError", "DuplicateSpanError", "ImportResult", "LabelInUseError", "Project",
    "ProjectError", "SpanError",
]
