"""One window per project: a lock file beside the project names the window that has it open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile, QSysInfo

from annotator.store import ProjectError


class ProjectInUseError(ProjectError):
    """Another Annotator window (of this process or another) has the project open."""


def lock_path(project_path: Path) -> Path:
    """PROJECT.sqlite.lock beside the project (symlinks resolved: every way to the file meets it)."""
    # Only the name is worked out: the project file itself is never opened from Python, whose
    # closing a descriptor would drop SQLite's locks on it for the whole process.
    resolved = project_path.resolve()
    return resolved.with_name(resolved.name + ".lock")


class ProjectLock:
    """Held while a window has a project open; a lock whose process died is taken over."""

    def __init__(self, project_path: Path) -> None:
        self.project_path = project_path
        self.path = lock_path(project_path)
        self._file = QLockFile(str(self.path))
        # Never stale by age (a window stays open for days, and QLockFile does not refresh the
        # file): stale only when its process is gone, which QLockFile checks by PID, process name
        # and boot on this host. A lock from another host stays until that window closes.
        self._file.setStaleLockTime(0)

    @property
    def held(self) -> bool:
        return self._file.isLocked()

    def acquire(self) -> str | None:
        """Take the lock, or raise ProjectInUseError naming the window that holds it.

        Returns a warning when no lock can be made here (a read-only folder): the project still
        opens, only a second window would not be refused.
        """
        if self.held or self._file.tryLock(0):
            return None
        error = self._file.error()
        if error == QLockFile.LockError.LockFailedError:
            raise ProjectInUseError(self._holder())
        reason = ("no permission to write in its folder" if error == QLockFile.LockError.PermissionError
                  else "its folder cannot be written")
        return (f"Could not create {self.path.name} ({reason}): another window on this project "
                "would not be refused.")

    def release(self) -> None:
        if self.held:
            self._file.unlock()

    def _holder(self) -> str:
        name = self.project_path.name
        pid, host, _process = self._file.getLockInfo()
        if not pid:  # the other window is writing its lock this very moment
            return f"{name} is open in another Annotator window; close it there first."
        where = f"process {pid} on host {host}" if host else f"process {pid}"
        text = f"{name} is open in another Annotator window ({where}); close it there first."
        if host and host != QSysInfo.machineHostName():
            # Whether a process on another machine still runs cannot be checked from here.
            text += f" If Annotator no longer runs there, delete {self.path}."
        return text
