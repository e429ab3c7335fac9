"""Importing files and folders into a project: one transaction per file, a report of every file."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.model import DocumentRecord
from annotator.formats import READERS, FormatError, read_path
from annotator.formats.file_names import safe_name
from annotator.formats.limits import special_kind
from annotator.store import ImportResult, Project, SpanError

Progress = Callable[[int, int, Path], None]


@dataclass
class FileOutcome:
    path: Path
    added: int = 0
    skipped: int = 0
    spans: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    files: list[FileOutcome] = field(default_factory=list)
    new_labels: list[str] = field(default_factory=list)
    ignored: list[Path] = field(default_factory=list)  # files in folders of types we do not read
    special: list[Path] = field(default_factory=list)  # pipes, devices, sockets in folders: never opened

    @property
    def added(self) -> int:
        return sum(outcome.added for outcome in self.files)

    @property
    def skipped(self) -> int:
        return sum(outcome.skipped for outcome in self.files)

    @property
    def spans(self) -> int:
        return sum(outcome.spans for outcome in self.files)

    @property
    def failures(self) -> list[FileOutcome]:
        return [outcome for outcome in self.files if outcome.error]


def collect_paths(
    paths: Iterable[Path], ignored: list[Path] | None = None, special: list[Path] | None = None
) -> tuple[list[Path], list[FileOutcome]]:
    """Expand folders (recursively, in name order, hidden entries left out) into importable files.

    Returns the files, and an outcome with an error for every named path that cannot be imported;
    files inside folders whose type no format reads are added to `ignored`, and pipes, devices and
    sockets (or links to them) with an importable name to `special`, without opening them.
    """
    files: list[Path] = []
    problems: list[FileOutcome] = []
    for path in paths:
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            problems.append(FileOutcome(path, error="no such file or folder"))
            continue
        except OSError as error:
            problems.append(FileOutcome(path, error=f"cannot read: {error.strerror or error}"))
            continue
        if stat.S_ISDIR(mode):
            files.extend(_folder_files(path, ignored if ignored is not None else [],
                                       special if special is not None else []))
        elif stat.S_ISREG(mode):
            files.append(path)
        else:
            problems.append(FileOutcome(path, error=f"{special_kind(mode)}, not a regular file; not read"))
    return files, problems


def source_name(path: Path, roots: Iterable[Path]) -> str:
    """How a document records the file it came from: relative to the folder it was imported with
    (`seeds/nato.txt`), or its name if imported on its own. Never the full path, which would put
    the importer's home folder (or the app's install folder) into every export."""
    return source_namer(roots)(path)


def source_namer(roots: Iterable[Path]) -> Callable[[Path], str]:
    """`source_name` for many files imported with the same `roots`: the folders are looked at once,
    then each name is a few string operations (Path objects cost ~0.2 ms a file at 10,000 files)."""
    # Absolute and normalised ('..' resolved) but not through symlinks: a folder is named as given.
    folders = [
        (folder, os.path.basename(folder))
        for folder in (os.path.abspath(root) for root in roots if root.is_dir())
    ]

    def name(path: Path) -> str:
        file = os.path.abspath(path)
        for folder, folder_name in folders:
            prefix = folder if folder.endswith(os.sep) else folder + os.sep
            if file.startswith(prefix):
                return safe_name(f"{folder_name}/{file[len(prefix):]}".replace(os.sep, "/"))
        return safe_name(os.path.basename(file))

    return name


def _folder_files(folder: Path, ignored: list[Path], special: list[Path]) -> list[Path]:
    """Importable files under `folder`, in name order; hidden files and folders left out.

    brat's .ann is read with the .txt beside it, never on its own. A pipe, device or socket is
    never opened: reading a pipe waits for a writer forever, and /dev/zero never ends.
    """
    found: list[Path] = []
    for root, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        base = Path(root)
        for name in sorted(names):
            suffix = os.path.splitext(name)[1].lower()
            if name.startswith(".") or suffix == ".ann":
                continue
            path = base / name
            if suffix not in READERS:
                ignored.append(path)
            elif _is_special(path):
                special.append(path)
            else:
                found.append(path)
    return found


def _is_special(path: Path) -> bool:
    """Whether `path` is (or links to) something other than a regular file; stat opens nothing."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False  # a broken link or no permission: reading it says which


def describe_ignored(ignored: list[Path]) -> str:
    """ "2 files of other types left out (.pdf, .docx)", or "" when there were none."""
    if not ignored:
        return ""
    suffixes = sorted({path.suffix.lower() or "(no extension)" for path in ignored})
    noun = "file" if len(ignored) == 1 else "files"
    return f"{len(ignored)} {noun} of other types left out ({', '.join(suffixes)})"


def describe_special(special: list[Path]) -> str:
    """ "1 special file left out (a named pipe)", or "" when there were none."""
    if not special:
        return ""
    kinds = sorted({_special_kind(path) for path in special})
    noun = "file" if len(special) == 1 else "files"
    return f"{len(special)} special {noun} left out ({', '.join(kinds)}: not regular files)"


def _special_kind(path: Path) -> str:
    try:
        return special_kind(os.stat(path).st_mode) or "a regular file now"
    except OSError:
        return "gone now"


def shown_path(path: Path) -> str:
    """`path` as a message shows it: a newline, terminal escape or undecodable byte as an escape."""
    return safe_name(path)


def import_paths(
    project: Project,
    paths: Iterable[Path],
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    format_name: str | None = None,
    max_size: int | None = None,
    annotator: str | None = None,
) -> ImportReport:
    """Import every file under `paths`; a bad file is reported and leaves the project unchanged.

    `max_size` replaces every format's size limit (see `annotator.formats.limits`)."""
    report = ImportReport()
    paths = list(paths)
    files, problems = collect_paths(paths, report.ignored, report.special)
    source_of = source_namer(paths)
    report.files.extend(problems)
    for index, path in enumerate(files):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(index, len(files), path)
        report.files.append(import_file(project, path, report, format_name, source_of(path), max_size,
                                        annotator))
    project.index_pending()  # the search index, once for the whole import (also when cancelled)
    if progress is not None:
        progress(len(files), len(files), Path())
    return report


def import_file(
    project: Project,
    path: Path,
    report: ImportReport | None = None,
    format_name: str | None = None,
    source: str | None = None,
    max_size: int | None = None,
    annotator: str | None = None,
) -> FileOutcome:
    """Import one file as one transaction; a problem is recorded in the outcome, not raised.

    Documents whose format does not say where they came from get `source` (by default the file's
    name; see `source_name`). With `annotator`, the file is that annotator's work (records naming
    nobody get the name) and goes to their layer of a team project."""
    outcome = FileOutcome(path)
    try:
        if _is_project_file(project, path):
            raise FormatError("is the project file itself (or one of its -wal/-shm files); not imported")
        records = read_path(path, format_name, max_size)
        for record in records:
            record.annotator = record.annotator or annotator
        result = _store(project, records, source or safe_name(path.name), True if annotator else None)
        outcome.warnings = [warning for record in records for warning in record.warnings]
    except (FormatError, SpanError) as error:
        outcome.error = str(error)
    except OSError as error:
        outcome.error = f"cannot read: {error.strerror or error}"
    except RecursionError:
        outcome.error = "nested too deeply to read (over a thousand levels)"
    except MemoryError:
        # The size limits keep known formats well inside memory; this is the last guard for a folder.
        outcome.error = "not enough memory to read it"
    except (sqlite3.Error, ValueError, UnicodeError) as error:
        # Anything the database refuses fails this file only (its transaction rolled back).
        outcome.error = f"cannot store: {error}"
    else:
        outcome.added, outcome.skipped, outcome.spans = len(result.added), result.skipped, result.spans
        if report is not None:
            report.new_labels.extend(result.new_labels)
    return outcome


# Each try already waits SQLite's busy timeout (10 s) for the write lock; a file is failed as busy
# only after another writer held the project for this many of those in a row.
BUSY_TRIES = 6


def _store(
    project: Project, records: list[DocumentRecord], source: str, into_layers: bool | None = None
) -> ImportResult:
    """`import_records`, tried again while another process holds the project's write lock."""
    tries = 1
    while True:
        try:
            if into_layers is None:  # the plain call unless asked: stand-ins in tests take two arguments
                return project.import_records(records, source=source)
            return project.import_records(records, source=source, into_layers=into_layers)
        except sqlite3.OperationalError as error:
            if tries == BUSY_TRIES or "database is locked" not in str(error):
                raise
            tries += 1


def _is_project_file(project: Project, path: Path) -> bool:
    """Whether `path` is the project file or its -wal/-shm/-journal, compared by identity (stat).

    Reading it with Python would drop the locks SQLite holds on it for this process's connections.
    """
    try:
        target = os.stat(path)
    except OSError:
        return False
    base = str(project.path)
    for name in (base, base + "-wal", base + "-shm", base + "-journal"):
        try:
            info = os.stat(name)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) == (target.st_dev, target.st_ino):
            return True
    return False
