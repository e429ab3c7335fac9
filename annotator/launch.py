"""Opening the window for a project, creating the default project with the samples on first run."""

from __future__ import annotations

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
    from annotator.app import run  # Qt is imported only when a window is really wanted

    return run(path)
