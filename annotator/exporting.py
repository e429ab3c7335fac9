"""Exporting a project (or the documents with chosen statuses) in one of the export formats."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from annotator.core.model import DocumentStatus
from annotator.formats import EXPORT_FORMATS, doccano, prodigy
from annotator.store import Project


def export_project(
    project: Project,
    format_name: str,
    out: BinaryIO,
    statuses: Iterable[DocumentStatus] | None = None,
) -> int:
    """Write the project to `out`; return the number of documents written."""
    if format_name not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {format_name!r}; choose {', '.join(EXPORT_FORMATS)}")
    statuses = list(statuses) if statuses is not None else None
    documents = project.annotated_documents(statuses)
    if format_name == "doccano":
        return doccano.write(documents, out, with_relations=project.has_relations(statuses))
    return prodigy.write(documents, out)


def export_to_file(
    project: Project,
    format_name: str,
    path: Path,
    statuses: Iterable[DocumentStatus] | None = None,
) -> int:
    """Export to `path` through a temporary file, so a failed export never leaves half a file."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    try:
        with os.fdopen(handle, "wb") as out:
            count = export_project(project, format_name, out, statuses)
        # mkstemp creates the file private (0600); give it the permissions any new file would get.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    return count
