"""One window per project: a second is refused naming the first, and a dead window's lock is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile, QSysInfo, Qt

from annotator.store import Project, ProjectError

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX-only")

# Another process taking the project's lock as a window does, until its standard input closes.
HOLDER = (
    "import sys; from pathlib import Path; from annotator.ui.instance_lock import ProjectLock; "
    "lock = ProjectLock(Path(sys.argv[1])); assert lock.acquire() is None; "
    "print('locked', flush=True); sys.stdin.read()"
)


def refusal(path: Path, pid: int) -> str:
    return (f"{path.name} is open in another Annotator window (process {pid} on host "
            f"{QSysInfo.machineHostName()}); close it there first.")


def lock_of(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def holder_pid(path: Path) -> int:
    """The process named in the project's lock file (0: none)."""
    return QLockFile(str(lock_of(path))).getLockInfo()[0] if lock_of(path).exists() else 0


@pytest.fixture
def other_project(tmp_path: Path) -> Path:
    from annotator.core.model import DocumentRecord

    path = tmp_path / "other.sqlite"
    with Project(path) as project:
        project.import_records([DocumentRecord(title="Other", text="Another article about Oslo.")])
    return path


@pytest.fixture
def holder(project_file: Path):
    """Another process holding the project's lock."""
    child = subprocess.Popen([sys.executable, "-c", HOLDER, str(project_file)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    try:
        assert child.stdout.readline() == "locked\n"
        yield child
    finally:
        child.kill()
        child.wait()  # reaped: a zombie's PID still looks alive to QLockFile


def test_a_second_window_on_the_same_project_is_refused_and_the_first_keeps_working(
    open_window, project_file, qtbot, read_spans
) -> None:
    from annotator.app import create_main_window

    first = open_window(project_file)
    with pytest.raises(ProjectError) as refused:
        create_main_window(project_file)
    assert str(refused.value) == refusal(project_file, os.getpid())
    first.view.select_range(0, 4)
    qtbot.keyClick(first.view, Qt.Key.Key_1)
    assert [span[2] for span in read_spans(project_file, first.document_id)] == ["PERSON"]
    assert holder_pid(project_file) == os.getpid()


def test_opening_a_project_open_in_another_window_says_why_and_keeps_the_current_one(
    open_window, project_file, other_project, monkeypatch
) -> None:
    from annotator.ui import dialogs

    open_window(project_file)
    second = open_window(other_project)
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "show_error",
                        lambda parent, title, text, details="": errors.append((title, text)))
    monkeypatch.setattr(dialogs, "ask_open_project", lambda parent: project_file)
    second.actions.open_project.trigger()  # File > Open
    assert not second.load_project(project_file)  # File > Open recent
    assert errors == [("Cannot open project", refusal(project_file, os.getpid()))] * 2
    assert second.project is not None and second.project.path == other_project
    assert second.project.document_summaries()[0].title == "Other"
    assert second.lock is not None and second.lock.held


def test_a_window_of_another_process_refuses_and_annotator_says_so_in_one_line(
    project_file, holder, capsys
) -> None:
    from annotator.app import create_main_window, run

    with pytest.raises(ProjectError, match="close it there first"):
        create_main_window(project_file)
    assert run(project_file) == 1  # `annotator PROJECT`
    assert capsys.readouterr().err == f"annotator: {refusal(project_file, holder.pid)}\n"
    assert holder_pid(project_file) == holder.pid


def test_annotator_started_beside_an_open_window_exits_1_naming_it(
    open_window, project_file, tmp_path
) -> None:
    open_window(project_file)
    # Were it not refused, the window would quit once shown rather than wait for the timeout.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_EXIT_WHEN_SHOWN": "1",
           "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run([sys.executable, "-m", "annotator", str(project_file)],
                            capture_output=True, text=True, env=env, timeout=60)
    assert (result.returncode, result.stderr) == (1, f"annotator: {refusal(project_file, os.getpid())}\n")


def test_headless_commands_work_beside_the_window(open_window, project_file, tmp_path) -> None:
    open_window(project_file)
    exported = tmp_path / "out.jsonl"
    for command in (["stats", str(project_file)], ["export", str(project_file), "-o", str(exported)]):
        result = subprocess.run([sys.executable, "-m", "annotator", *command],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
    assert holder_pid(project_file) == os.getpid()


def test_the_lock_of_a_killed_window_is_taken_over(open_window, project_file, holder) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert holder_pid(project_file) == holder.pid  # left behind by the dead process
    window = open_window(project_file)
    assert window.lock is not None and window.lock.held
    assert holder_pid(project_file) == os.getpid()


def test_closing_the_project_or_the_window_lets_another_window_open_it(
    open_window, project_file, other_project
) -> None:
    first = open_window(project_file)
    assert first.load_project(project_file)  # reopening its own project keeps its lock
    assert holder_pid(project_file) == os.getpid()
    assert first.load_project(other_project)  # another project: the first is free again
    assert not lock_of(project_file).exists()
    second = open_window(project_file)
    first.close()
    assert not lock_of(other_project).exists()
    second.close()
    assert not lock_of(project_file).exists()
    open_window(project_file)


@pytest.mark.parametrize("where", [pytest.param("read-only folder", marks=pytest.mark.normal_user),
                                   "not a folder"])
def test_a_project_whose_lock_cannot_be_made_still_opens(
    open_window, project_file, tmp_path, monkeypatch, where
) -> None:
    """The lock's folder cannot be written (in real life, the project's own folder)."""
    from annotator.ui import instance_lock

    if where == "read-only folder":  # run as a normal user: root writes in read-only folders
        folder = tmp_path / "read-only"
        folder.mkdir(mode=0o555)
    else:
        folder = tmp_path / "a file"
        folder.write_text("")
    monkeypatch.setattr(instance_lock, "lock_path", lambda project_path: folder / "window.sqlite.lock")
    window = open_window(project_file)
    assert window.project is not None and window.lock is not None and not window.lock.held
    assert window.statusBar().currentMessage().startswith("Could not create window.sqlite.lock")
