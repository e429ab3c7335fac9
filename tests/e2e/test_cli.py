"""The command line as a user drives it: import, export, stats, errors, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator import __version__
from annotator.cli import cli
from annotator.core.model import DocumentRecord
from annotator.store import Project


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the real command in a child process, as a terminal would."""
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_import_then_export_then_stats(tmp_path: Path, corpus: Path) -> None:
    project = tmp_path / "new" / "p.sqlite"
    project.parent.mkdir()
    imported = run("import", project, corpus / "news-html", corpus / "doccano",
                   Path(__file__).parents[2] / "seeds")
    assert imported.returncode == 0, imported.stderr
    assert "Imported 12 documents (10 spans)" in imported.stderr
    again = run("import", project, corpus / "news-html")
    assert again.returncode == 0 and "skipped 6 already in the project" in again.stderr

    exported = run("export", project)
    assert exported.returncode == 0, exported.stderr
    lines = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(lines) == 12
    titles = {line["meta"].get("title") for line in lines}
    assert "Gigantic Chinese telescope opens to astronomers worldwide" in titles

    target = tmp_path / "out.jsonl"
    as_file = run("export", project, "--format", "doccano", "-o", target)
    assert as_file.returncode == 0 and "Exported 12 documents" in as_file.stderr
    assert len(target.read_text("utf-8").splitlines()) == 12

    stats = run("stats", project)
    assert stats.returncode == 0
    assert "Documents: 12" in stats.stdout and "Spans: 10" in stats.stdout
    assert "PERSON" in stats.stdout and "MISC" in stats.stdout


def test_export_by_status(tmp_path: Path, corpus: Path) -> None:
    project = tmp_path / "p.sqlite"
    assert run("import", project, corpus / "doccano").returncode == 0
    with Project(project) as opened:
        opened.set_status(2, "done")  # type: ignore[arg-type]
    result = run("export", project, "--status", "done")
    assert result.returncode == 0
    assert [json.loads(line)["meta"]["document_id"] for line in result.stdout.splitlines()] == [2]


def test_folder_import_keeps_good_files_lists_bad_ones_and_fails(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("Mark Rutte spoke in Berlin.", "utf-8")
    (folder / "sub" / "also-good.md").write_text("# Scholz\n\nOlaf Scholz agreed.", "utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (folder / "bad.jsonl").write_text('{"text": "ok"}\n{"text": oops}\n', "utf-8")
    (folder / "ignored.pdf").write_bytes(b"%PDF")
    project = tmp_path / "p.sqlite"
    result = run("import", project, folder)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("annotator: ")]
    assert sorted(errors) == sorted([
        f"annotator: {folder / 'bad.jsonl'}: line 2: not valid JSON (Expecting value at column 10)",
        f"annotator: {folder / 'binary.txt'}: a binary file, not text",
        f"annotator: {folder / 'empty.txt'}: the file is empty",
    ])
    assert "Traceback" not in result.stderr
    assert "1 file of other types left out (.pdf)" in result.stderr
    with Project(project) as opened:
        assert sorted(document.title for document in opened.documents()) == ["Mark Rutte spoke in Berlin.",
                                                                             "Scholz"]


def test_bad_file_leaves_the_project_unchanged(tmp_path: Path) -> None:
    project = tmp_path / "p.sqlite"
    good = tmp_path / "good.txt"
    good.write_text("Mark Rutte spoke.", "utf-8")
    assert run("import", project, good).returncode == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": "Rutte", "spans": [{"start": 0, "end": 5, '
                   '"label": "PERSON", "text": "Trump"}]}\n', "utf-8")
    with Project(project) as opened:
        before = opened.document_count(), [label.name for label in opened.labels()]
    result = run("import", project, bad)
    assert result.returncode == 1
    assert f"{bad}: line 2: span 1 [0, 5) says 'Trump' but the text there is 'Rutte'" in result.stderr
    with Project(project) as opened:
        assert (opened.document_count(), [label.name for label in opened.labels()]) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "missing.sqlite"], "does not exist"),
        (["export", "{notproject}"], "not an Annotator project (not a SQLite file)"),
        (["import", "{project}", "nowhere.txt"], "nowhere.txt: no such file or folder"),
        (["export", "{project}", "--format", "pdf"], "Invalid value for '--format'"),
        (["stats", "{project}", "--bogus"], "No such option"),
    ],
)
def test_errors_are_one_line_with_exit_code_and_no_traceback(
    tmp_path: Path, args: list[str], message: str
) -> None:
    project = tmp_path / "p.sqlite"
    Project(project).close()
    not_project = tmp_path / "notes.txt"
    not_project.write_text("hello")
    args = [arg.format(project=project, notproject=not_project) for arg in args]
    result = subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True,
                            text=True, cwd=tmp_path, timeout=60)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    # One line for the error; an import also prints its one-line summary.
    errors = [line for line in result.stderr.splitlines() if not line.startswith("Imported ")]
    assert len(errors) == 1, result.stderr


def test_export_mismatch_is_an_error_not_silent_output(tmp_path: Path) -> None:
    project = tmp_path / "p.sqlite"
    with Project(project) as opened:
        document_id = opened.import_records([DocumentRecord(text="Mark Rutte")]).added[0]
        opened.add_span(document_id, 0, 4, "PERSON")
        opened.conn.execute("UPDATE spans SET text = 'Mike'")
    target = tmp_path / "out.jsonl"
    result = run("export", project, "-o", target)
    assert result.returncode == 1
    assert "stored as 'Mike' but the text there is 'Mark'" in result.stderr
    assert not target.exists()


def test_a_failed_export_to_standard_output_writes_nothing(tmp_path: Path) -> None:
    project = tmp_path / "p.sqlite"
    with Project(project) as opened:
        records = [DocumentRecord(text=f"Report {i}: Mark Rutte in Berlin.") for i in range(50)]
        ids = opened.import_records(records).added
        for document_id in ids:
            opened.add_span(document_id, 10, 20, "PERSON")
        # Only the last document's span is wrong: 49 good documents come before it.
        opened.conn.execute("UPDATE spans SET text = 'Mike Rutte' WHERE document_id = ?", (ids[-1],))
    result = run("export", project)
    assert result.returncode == 1
    assert "stored as 'Mike Rutte'" in result.stderr
    assert result.stdout == ""  # not 49 lines of a half export
    doccano = run("export", project, "--status", "in_progress", "--format", "doccano")
    assert doccano.returncode == 1 and doccano.stdout == ""


def test_first_start_creates_the_default_project_with_the_samples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    from annotator.launch import ensure_default_project

    path = ensure_default_project()
    assert path == tmp_path / "annotator" / "annotator-project.sqlite"
    seeds = sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))
    with Project(path) as opened:
        assert opened.document_count() == len(seeds) >= 1
        document_id = next(opened.documents()).id
        opened.set_status(document_id, "done")  # type: ignore[arg-type]
    assert ensure_default_project() == path  # a later start keeps the user's work
    with Project(path) as opened:
        assert opened.document_count() == len(seeds)
        assert opened.document(document_id).status.value == "done"


def test_binary_spacy_export_is_not_written_to_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import types

    import annotator.cli

    project = tmp_path / "p.sqlite"
    Project(project).close()
    terminal = types.SimpleNamespace(stdout=types.SimpleNamespace(isatty=lambda: True),
                                     stderr=sys.stderr, exit=sys.exit)
    monkeypatch.setattr(annotator.cli, "sys", terminal)
    result = CliRunner().invoke(cli, ["export", str(project), "--format", "spacy"])
    assert result.exit_code == 2
    assert "a .spacy file is binary: give -o FILE.spacy" in result.output


def test_entry_point_hands_sub_commands_and_options_to_the_command_line(tmp_path: Path) -> None:
    # `annotator stats P`, `annotator --version` go through click; `annotator P` opens the window.
    project = tmp_path / "p.sqlite"
    Project(project).close()
    for args, expected in ((["stats", str(project)], "Documents: 0"), (["--version"], "annotator, version")):
        result = subprocess.run([sys.executable, "-c", "from annotator.entry import main; main()", *args],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and expected in result.stdout, result.stderr


def test_exporting_onto_the_project_file_is_refused_and_the_project_survives(tmp_path: Path) -> None:
    project = tmp_path / "victim.sqlite"
    with Project(project) as opened:
        opened.import_records([DocumentRecord(text="Mark Rutte")])
    for target in (project, Path(f"{project}-wal")):
        result = run("export", project, "-o", target)
        assert result.returncode == 1 and "is the project file itself" in result.stderr
    with Project(project) as opened:
        assert opened.document_count() == 1


def test_export_into_a_folder_or_a_missing_folder_names_the_target(tmp_path: Path) -> None:
    project = tmp_path / "p.sqlite"
    Project(project).close()
    into_folder = run("export", project, "-o", tmp_path)
    assert into_folder.returncode == 1 and f"{tmp_path}: is a folder" in into_folder.stderr
    missing = run("export", project, "-o", tmp_path / "nowhere" / "out.jsonl")
    assert missing.returncode == 1 and "folder" in missing.stderr and "does not exist" in missing.stderr
    assert ".out.jsonl." not in missing.stderr + into_folder.stderr  # never the temporary name


def test_a_file_the_database_refuses_fails_alone_in_a_folder_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from annotator.importing import import_paths
    from annotator.store import Project as StoreProject

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("First article.", "utf-8")
    (folder / "b.txt").write_text("Second article.", "utf-8")
    original = StoreProject.import_records

    def refuse_first(self, records, source=None):  # type: ignore[no-untyped-def]
        if source and source.endswith("a.txt"):
            raise sqlite3.IntegrityError("CHECK constraint failed")
        return original(self, records, source)

    monkeypatch.setattr(StoreProject, "import_records", refuse_first)
    with StoreProject(tmp_path / "p.sqlite") as project:
        report = import_paths(project, [folder])
        assert [outcome.error for outcome in report.failures] == ["cannot store: CHECK constraint failed"]
        assert project.document_count() == 1


def test_a_windowed_build_without_stdout_or_stderr_does_not_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.cli import main

    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(f"Article {name}.", "utf-8")
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    main(["import", str(tmp_path / "p.sqlite"), str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    with Project(tmp_path / "p.sqlite") as project:
        assert project.document_count() == 2
    with pytest.raises(SystemExit) as exported:
        main(["export", str(tmp_path / "p.sqlite")])
    assert exported.value.code == 2


def test_documents_record_their_file_relative_to_what_was_imported(tmp_path: Path, corpus: Path) -> None:
    """Never the full path: exports would carry the importer's home folder or the install folder."""
    project = tmp_path / "p.sqlite"
    single = tmp_path / "notes" / "one.txt"
    single.parent.mkdir()
    single.write_text("A note about Kyiv.", encoding="utf-8")
    assert run("import", project, corpus / "news-html", single).returncode == 0
    with Project(project) as opened:
        sources = sorted(row[0] for row in opened.conn.execute("SELECT source FROM documents"))
    html_names = sorted(f"news-html/{path.name}" for path in (corpus / "news-html").glob("*.html"))
    assert sources == sorted([*html_names, "one.txt"])
    exported = run("export", project)
    assert str(tmp_path) not in exported.stdout and str(corpus) not in exported.stdout


def test_the_sample_articles_record_their_name_not_the_install_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    from annotator.launch import ensure_default_project

    with Project(ensure_default_project()) as opened:
        sources = [row[0] for row in opened.conn.execute("SELECT source FROM documents")]
    assert sources and all(source.startswith("seeds/") and "/" not in source[6:] for source in sources)


def test_source_names_resolve_dots_but_keep_a_folder_named_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in review: '..' went into the source, and a symlinked folder took its target's name."""
    import os

    from annotator.importing import source_name

    (tmp_path / "data").mkdir()
    (tmp_path / "other.txt").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "data")
    # annotator import ../p.db . ../other.txt
    assert source_name(Path("../other.txt"), [Path("."), Path("../other.txt")]) == "other.txt"
    (tmp_path / "data" / "a.txt").write_text("y", encoding="utf-8")
    assert source_name(Path("./a.txt"), [Path(".")]) == "data/a.txt"
    os.symlink(tmp_path / "data", tmp_path / "current")
    assert source_name(tmp_path / "current" / "a.txt", [tmp_path / "current"]) == "current/a.txt"
