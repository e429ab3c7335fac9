"""`annotator import` against hostile input (issue 10): it finishes, says what it left out in one
line per file, shows file names safely, and size limits can be raised."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.store import Project


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a child process; a hang fails the test after 60 s instead of hanging it."""
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)], capture_output=True, text=True,
        encoding="utf-8", errors="backslashreplace", timeout=60, env={**os.environ, **(env or {})},
    )


def folder_with_a_good_file(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Mark Rutte spoke in Berlin.", "utf-8")
    return folder


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_folder_with_a_pipe_a_device_link_and_deep_json_imports_the_rest(tmp_path: Path) -> None:
    folder = folder_with_a_good_file(tmp_path)
    os.mkfifo(folder / "pipe.jsonl")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    result = run("import", tmp_path / "p.sqlite", folder)
    assert result.returncode == 1  # the deep file failed
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"annotator: {folder / 'deep.json'}: JSON nested too deeply to read (over a thousand levels)",
        f"Imported 1 document (0 spans), 1 file failed, 2 special files left out (a character device, "
        f"a named pipe: not regular files). {tmp_path / 'p.sqlite'} now holds 1 document.",
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_directly_named_pipe_is_refused_in_one_line(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    result = run("import", tmp_path / "p.sqlite", pipe)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == f"annotator: {pipe}: a named pipe, not a regular file; not read"


def test_a_file_past_the_limit_is_refused_and_the_limit_can_be_raised(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><article><p>" + "Mark Rutte spoke in Berlin on Tuesday. " * 100
                    + "</p></article></body></html>", "utf-8")
    project = tmp_path / "p.sqlite"
    refused = run("import", project, page, "--max-size", "1kB")
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[0] == (
        f"annotator: {page}: 4 kB, past the 1 kB limit for html files; raise the limit with --max-size "
        "or ANNOTATOR_MAX_SIZE")
    assert run("import", project, page, env={"ANNOTATOR_MAX_SIZE": "2kB"}).returncode == 1
    assert run("import", project, page, "--max-size", "1MB").returncode == 0
    with Project(project) as opened:
        assert opened.document_count() == 1


@pytest.mark.parametrize(("args", "env", "message"), [
    (["--max-size", "huge"], {}, "Invalid value for '--max-size': cannot read 'huge' as a size; write it "
                                 "like 500MB or 2GB"),
    ([], {"ANNOTATOR_MAX_SIZE": "huge"}, "annotator: ANNOTATOR_MAX_SIZE: cannot read 'huge' as a size"),
])
def test_a_size_that_is_not_a_size_is_one_line(
    tmp_path: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    good = folder_with_a_good_file(tmp_path) / "good.txt"
    result = run("import", tmp_path / "p.sqlite", good, *args, env=env)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr
    assert not (tmp_path / "p.sqlite").exists() or Project(tmp_path / "p.sqlite").document_count() == 0


@pytest.mark.skipif(sys.platform != "linux", reason="names with control characters and bad bytes")
def test_file_names_with_newlines_escapes_and_bad_bytes_are_shown_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    hostile = folder / "two\nlines \x1b[31mred.txt"
    hostile.write_bytes(b"")  # fails: empty, so its name is printed
    undecodable = Path(os.fsdecode(bytes(folder) + b"/caf\xe9.txt"))
    undecodable.write_bytes(b"")
    result = run("import", tmp_path / "p.sqlite", folder)
    assert result.returncode == 1
    assert "\x1b" not in result.stderr
    assert result.stderr.splitlines()[:2] == [
        f"annotator: {folder}/caf\\xe9.txt: the file is empty",
        f"annotator: {folder}/two\\nlines \\x1b[31mred.txt: the file is empty",
    ]
