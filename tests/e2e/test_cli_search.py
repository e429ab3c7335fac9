"""`annotator search` as a user runs it: matches in context, span search, filters, JSONL, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import DocumentRecord, DocumentStatus, RelationRecord, SpanRecord
from annotator.store import Project

TEXT = '"We will work with them," Mark Rutte said in Berlin. Rutte met Olaf Scholz.'
CLAIM = "Scholz claimed inflation has halved."


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.sqlite"
    with Project(path) as opened:
        opened.import_records([
            DocumentRecord(title="Rutte in Berlin", text=TEXT, source="Reuters", published="2024-05-01",
                           spans=[SpanRecord(0, 25, "QUOTE"), SpanRecord(26, 36, "PERSON")],
                           relations=[RelationRecord(0, 1, "SPEAKER")]),
            DocumentRecord(title="Scholz", text=CLAIM, source="AP", published="2023-01-01",
                           spans=[SpanRecord(0, 6, "PERSON"), SpanRecord(15, 35, "CLAIM", note="check")]),
        ])
        opened.set_status(2, DocumentStatus.DONE)
    return path


def search(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    try:
        main(["search", *map(str, args)])
        code = 0
    except SystemExit as done:
        code = int(done.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_words_print_one_line_per_match_in_context(project: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "annotator", "search", str(project), "rutte"],
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("1:31-36") and "Mark [Rutte] said" in lines[0] and "[PERSON]" in lines[0]
    assert "2 matches in 1 document." in result.stderr


def test_jsonl_carries_offsets_context_and_spans(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = search(capsys, project, '"rutte said"', "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(row["document_id"], row["start"], row["end"], row["match"]) for row in rows] == [
        (1, 31, 41, "Rutte said")]
    assert rows[0]["spans"] == [{"label": "PERSON", "start": 26, "end": 36}]
    assert TEXT[rows[0]["start"]:rows[0]["end"]] == "Rutte said"


def test_regex_whole_word_case_and_filters(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert search(capsys, project, r"/Sch\w+/", "--format", "jsonl")[1].count("\n") == 2
    assert search(capsys, project, "scholz", "--status", "done")[1].count("\n") == 1
    assert search(capsys, project, "scholz", "--source", "reuters")[1].count("\n") == 1
    assert search(capsys, project, "scholz", "--since", "2024")[1].startswith("1:")
    assert search(capsys, project, "scholz", "--until", "2023")[1].startswith("2:")
    assert search(capsys, project, "scholz", "--label-absent", "claim")[1].startswith("1:")
    assert search(capsys, project, "scholz", "--label-present", "CLAIM")[1].startswith("2:")
    assert search(capsys, project, "rutt", "--whole-word")[1] == ""
    assert search(capsys, project, "RUTTE", "--case")[1] == ""
    code, out, err = search(capsys, project, "rutte", "--limit", "1")
    assert out.count("\n") == 1 and "stopped at --limit 1" in err


def test_span_search(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = search(capsys, project, "--spans", "QUOTE", "--speaker", "mark rutte", "--format", "jsonl")
    assert code == 0
    [row] = [json.loads(line) for line in out.splitlines()]
    assert row["label"] == "QUOTE" and row["linked"] == ["Mark Rutte"] and row["start"] == 0
    assert "CLAIM" in search(capsys, project, "--spans", "CLAIM", "--unlinked")[1]
    assert search(capsys, project, "--spans", "QUOTE", "--unlinked")[1] == ""
    assert "inflation" in search(capsys, project, "--spans", "all", "--has-note")[1]
    assert search(capsys, project, "scholz", "--spans", "PERSON")[1].count("\n") == 1


@pytest.mark.parametrize(("args", "message"), [
    (["/(/"], "bad regular expression"),
    (["x", "--label-present", "NOPE"], "unknown label 'NOPE'"),
    (["x", "--since", "last week"], "is not a date"),
    (["--unlinked"], "need --spans"),
    ([], "give a QUERY"),
    (["--spans", "Q", "--attribute", "novalue"], "key=value"),
])
def test_bad_input_is_one_line_and_exit_1_or_2(project: Path, capsys: pytest.CaptureFixture[str],
                                                args: list[str], message: str) -> None:
    code, out, err = search(capsys, project, *args)
    assert code in (1, 2) and out == ""
    assert message in err and err.count("\n") == 1 and err.startswith("annotator: ")
