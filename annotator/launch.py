"""Opening the window for a project, creating the default project with the samples on first run."""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.resources import default_project_path, resource_path


def ensure_default_project() -> Path:
    """Create the per-user default project, with the sample articles, if it does not exist yet."""
    from annotator.importing import import_paths
    from annotator.store import Project

    path = default_project_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with Project(path) as project:
            import_paths(project, [resource_path("seeds")])
    return path


def open_window(project: Path | None) -> int:
    """Open the annotation window; return the process exit status."""
    path = project if project is not None else ensure_default_project()
    from annotator.store import Project

    with Project(path) as opened:
        count = opened.document_count()
    print(
        f"annotator: the annotation window is not built yet; {path} is ready with {count} "
        "documents. Use `annotator import`, `annotator export` and `annotator stats` meanwhile.",
        file=sys.stderr,
    )
    return 1
