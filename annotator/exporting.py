"""Exporting a project (or the documents with chosen statuses) in one of the export formats."""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from annotator.core.model import AnnotatedDocument, DocumentStatus
from annotator.formats import ExportContext, folder_writer, stream_writer
from annotator.store import Project


@dataclass
class ExportResult:
    documents: int
    warnings: list[str] = field(default_factory=list)


def export_project(
    project: Project,
    format_name: str,
    out: BinaryIO,
    statuses: Iterable[DocumentStatus] | None = None,
    suggestions: bool = False,
) -> ExportResult:
    """Write the project to a stream in a single-stream format (open suggestions too, if asked)."""
    writer = stream_writer(format_name)
    chosen = list(statuses) if statuses is not None else None
    context = _context(project, chosen)
    count = writer(_documents(project, chosen, format_name, context, suggestions), out, context)
    return ExportResult(count, context.warnings)


def export_whole_to_stream(
    project: Project,
    format_name: str,
    out: BinaryIO,
    statuses: Iterable[DocumentStatus] | None = None,
    suggestions: bool = False,
) -> ExportResult:
    """Like `export_project`, but `out` gets nothing unless the whole export succeeds.

    For standard output, which cannot be taken back: the export is built aside (in memory up to
    16 MB, then in a temporary file) and copied out only once every span has passed its check.
    """
    with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as aside:
        result = export_project(project, format_name, aside, statuses,  # type: ignore[arg-type]
                                suggestions)
        aside.seek(0)
        shutil.copyfileobj(aside, out)
    return result


def export_to_path(
    project: Project,
    format_name: str,
    path: Path,
    statuses: Iterable[DocumentStatus] | None = None,
    suggestions: bool = False,
) -> ExportResult:
    """Export to a file (or a folder, for brat) built aside and moved in place only when complete.

    A device or a named pipe (`-o /dev/null`, `-o /dev/stdout`, a FIFO) is written to as a stream,
    never replaced: moving a file over it would take the system's device away."""
    chosen = list(statuses) if statuses is not None else None
    _check_target(project, path)
    kind = _special_kind(path)
    if kind is not None:
        return _export_to_special(project, format_name, path, chosen, kind, suggestions)
    remove_dead_leftovers(path.parent)
    writer = folder_writer(format_name)
    if writer is None:
        if path.is_dir():
            raise IsADirectoryError(f"{path}: is a folder; give a file name to export to")
        return _export_to_file(project, format_name, path, chosen, suggestions)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise FileExistsError(f"{path}: exists and is not an empty folder")
    context = _context(project, chosen)
    temporary = Path(tempfile.mkdtemp(prefix=_temporary_prefix(path), dir=path.parent))
    try:
        count = writer(_documents(project, chosen, format_name, context, suggestions), temporary, context)
        temporary.chmod(0o777 & ~_UMASK)
        if path.exists():
            path.rmdir()
        temporary.rename(path)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return ExportResult(count, context.warnings)


def _export_to_file(
    project: Project, format_name: str, path: Path, statuses: list[DocumentStatus] | None,
    suggestions: bool = False,
) -> ExportResult:
    handle, temporary = tempfile.mkstemp(prefix=_temporary_prefix(path), dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            result = export_project(project, format_name, out, statuses, suggestions)
        # mkstemp creates the file private (0600); give it the permissions any new file would get.
        os.chmod(temporary, 0o666 & ~_UMASK)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
    return result


def _special_kind(path: Path) -> str | None:
    """What `path` is when it exists and is neither a regular file nor a folder."""
    try:
        mode = os.stat(path).st_mode  # through symbolic links: /dev/stdout is one
    except OSError:
        return None
    for test, kind in ((stat.S_ISCHR, "character device"), (stat.S_ISFIFO, "named pipe"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket")):
        if test(mode):
            return kind
    return None


def _export_to_special(
    project: Project, format_name: str, path: Path, statuses: list[DocumentStatus] | None, kind: str,
    suggestions: bool = False,
) -> ExportResult:
    """Write the whole export into a device or a named pipe, as `> PATH` in a shell would."""
    if folder_writer(format_name) is not None:
        raise ValueError(f"{path}: is a {kind}; the {format_name} format writes a folder of files")
    if kind == "block device":
        raise ValueError(f"{path}: is a block device (a disk); an export is never written over one")
    if kind == "socket":
        raise ValueError(f"{path}: is a socket, which cannot be written to as a file")
    # No O_CREAT nor O_TRUNC: should it have gone meanwhile, no file is made in its place.
    handle = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(handle, "wb") as out:
        if stat.S_ISREG(os.fstat(handle).st_mode):
            raise FileExistsError(f"{path}: was replaced by a file while the export started")
        return export_whole_to_stream(project, format_name, out, statuses, suggestions)


# An export is built beside its target under a hidden name that says which process builds it:
# `.out.jsonl.export-HOST-PID-xxxxxxxx` (tempfile adds the 8 random characters). A killed export
# (SIGKILL, power cut) cannot remove its own; the next export to the folder removes it once sure
# that process is gone. The host keeps a folder shared between machines safe: a PID is only
# checked on the machine that owns it.
_LEFTOVER = re.compile(r"\..+\.export-(?P<host>[A-Za-z0-9]*)-(?P<pid>[0-9]+)-[a-z0-9_]{8}")


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9]", "", os.uname().nodename)[:32] if hasattr(os, "uname") else ""


def _temporary_prefix(path: Path) -> str:
    return f".{path.name}.export-{_host()}-{os.getpid()}-"


def remove_dead_leftovers(folder: Path) -> list[str]:
    """Remove the temporary files (or brat folders) of exports to `folder` whose process is gone.

    Returns their names. Another export still running, here or in another process, keeps its own.
    """
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    host = _host()
    for entry in entries:
        match = _LEFTOVER.fullmatch(entry.name)
        if match is None or match["host"] != host or _process_alive(int(match["pid"])):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
        except OSError:
            continue  # not ours to remove after all (permissions): it stays, as before
        removed.append(entry.name)
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # an export running on another thread of this process
    if os.name != "posix":
        return True  # os.kill(pid, 0) would end the process on Windows: leave leftovers there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def _context(project: Project, statuses: list[DocumentStatus] | None) -> ExportContext:
    return ExportContext(project.labels(), project.relation_types(), project.has_relations(statuses),
                         document_labels=project.document_label_map())


def _check_target(project: Project, path: Path) -> None:
    """Refuse to export over the project file itself (or its WAL files), or into a missing folder."""
    target = path.resolve()
    project_file = project.path.resolve()
    if target in {project_file, project_file.with_name(project_file.name + "-wal"),
                  project_file.with_name(project_file.name + "-shm")}:
        raise ValueError(f"{path}: is the project file itself; export to another file")
    if not target.parent.is_dir():
        raise FileNotFoundError(f"{path}: folder {path.parent} does not exist")


def _read_umask() -> int:
    # Read once: setting the umask to read it is process-wide, and exports also run off the GUI
    # thread while other threads may be creating files.
    umask = os.umask(0)
    os.umask(umask)
    return umask


_UMASK = _read_umask()


def _documents(project: Project, statuses: list[DocumentStatus] | None, format_name: str,
               context: ExportContext, suggestions: bool) -> Iterable[AnnotatedDocument]:
    """What a writer gets: the documents with their spans, and open suggestions marked when asked."""
    documents = project.annotated_documents(statuses)
    if not suggestions:
        return documents
    from annotator.suggestion_export import with_suggestions

    return with_suggestions(project, documents, format_name, context)
