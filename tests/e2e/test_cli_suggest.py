"""`annotator suggest` as a user runs it: sources saved, statuses untouched, stats and export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import DocumentRecord, DocumentStatus
from annotator.store import Project

ARTICLES = [
    '"We will not give in," Mark Rutte said on Monday in Berlin. NATO met later.',
    "Olaf Scholz told reporters that the alliance was united. NATO agreed.",
    "Nothing said here, only Frankfurt and NATO.",
]


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "news.sqlite"
    with Project(path) as project:
        ids = project.import_records([DocumentRecord(text=text, title=f"t{i}")
                                      for i, text in enumerate(ARTICLES)]).added
        project.set_status(ids[2], DocumentStatus.DONE)
    return path


def run(*args: str | Path) -> tuple[int, str, str]:
    result = subprocess.run([sys.executable, "-m", "annotator", *map(str, args)],
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    return result.returncode, result.stdout, result.stderr


def call(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    try:
        main([str(arg) for arg in args])
        code = 0
    except SystemExit as stop:
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_suggest_saves_sources_stores_suggestions_and_changes_no_status(
        project_file: Path, tmp_path: Path) -> None:
    patterns = tmp_path / "ORG.txt"
    patterns.write_text("NATO\n", encoding="utf-8")
    code, out, err = run("suggest", project_file, "--quotes", "--patterns", patterns)
    assert code == 0, err
    # Only to do / in progress documents by default: the done one keeps its NATO unsuggested.
    assert "new suggestions (patterns:ORG.txt 2, quotes " in out and "in 2 documents of 2 looked at" in out
    assert "Sources saved for news.sqlite: quotes, patterns ORG.txt." in err
    with Project(project_file, read_only=True) as project:
        assert project.suggestion_settings().patterns == (str(patterns.resolve()),)
        statuses = [document.status for document in project.documents()]
        assert statuses == [DocumentStatus.TODO, DocumentStatus.TODO, DocumentStatus.DONE]
        assert sum(project.span_count(document.id) for document in project.documents()) == 0
        first = project.suggestions(1)
        assert {(s.source, s.text) for s in first} >= {("quotes", "We will not give in"),
                                                      ("quotes", "Mark Rutte"), ("patterns:ORG.txt", "NATO")}
    # Again without options: the saved sources run, and nothing is suggested twice.
    code, out, err = run("suggest", project_file, "--status", "todo", "done")
    assert code == 0, err
    assert "Suggested 1 new suggestion (patterns:ORG.txt 1) in 1 document of 3 looked at." in out


def test_stats_and_export_after_deciding(project_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert call(capsys, "suggest", project_file, "--quotes")[0] == 0
    with Project(project_file) as project:
        quote = next(s for s in project.suggestions(1) if s.label == "QUOTE")
        project.accept_suggestion(quote.id)
        indirect = next(s for s in project.suggestions(2) if s.label == "QUOTE")
        project.reject_suggestion(indirect.id)
    code, out, _ = call(capsys, "stats", project_file)
    assert code == 0
    row = next(line for line in out.splitlines() if line.strip().startswith("quotes"))
    assert row.split() == ["quotes", "2", "0", "1", "1"]  # quote + its speaker; rejected; Scholz open

    code, out, _ = call(capsys, "export", project_file)
    plain = [json.loads(line) for line in out.splitlines()]
    assert [[span["text"] for span in line["spans"]] for line in plain] == [
        ["We will not give in", "Mark Rutte"], [], []]
    code, out, _ = call(capsys, "export", project_file, "--suggestions")
    marked = [json.loads(line) for line in out.splitlines()]
    [open_one] = marked[1]["spans"]
    assert open_one["suggested"] is True and open_one["source"] == "quotes"
    assert open_one["text"] == "Olaf Scholz"
    assert not any(span.get("suggested") for span in marked[0]["spans"])
    code, out, err = call(capsys, "export", project_file, "--suggestions", "--format", "conll")
    assert code == 0 and "the conll format cannot mark suggestions: 1 open suggestion left out" in err


def test_bad_sources_say_one_line_and_save_nothing(
        project_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = call(capsys, "suggest", project_file)
    assert code == 2 and "no sources: give --quotes" in err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"label": "ORG", "pattern": "NATO"}\n{"label": "ORG"\n', encoding="utf-8")
    code, _, err = call(capsys, "suggest", project_file, "--patterns", bad)
    assert code == 1 and err.strip().splitlines() == [f"annotator: {bad}: line 2: not JSON (Expecting ',' "
                                                      "delimiter)"]
    code, _, err = call(capsys, "suggest", project_file, "--model", "no_such_pipeline_here")
    assert code == 1 and err.startswith("annotator: model: ") and len(err.strip().splitlines()) == 1
    with Project(project_file, read_only=True) as project:
        assert not project.suggestion_settings().any
        assert project.suggestion_outcomes() == {}


def test_marked_suggestions_are_not_imported_as_annotations(
        project_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert call(capsys, "suggest", project_file, "--quotes")[0] == 0
    with Project(project_file) as project:
        project.accept_suggestion(next(s for s in project.suggestions(1) if s.label == "QUOTE").id)
    exported = tmp_path / "out.jsonl"
    assert call(capsys, "export", project_file, "--suggestions", "-o", exported)[0] == 0
    assert '"suggested":true' in exported.read_text("utf-8")
    code, _, err = call(capsys, "import", tmp_path / "again.sqlite", exported)
    assert code == 0 and "suggested span(s) left out (suggestions are not annotations)" in err
    with Project(tmp_path / "again.sqlite", read_only=True) as again:
        texts = {span.text for document in again.documents() for span in again.spans(document.id)}
        assert texts == {"We will not give in", "Mark Rutte"}
        assert len(again.relations(1)) == 1
