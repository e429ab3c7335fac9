"""`annotator train` as a user runs it on a tiny project, then the model suggesting on another article."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import DocumentRecord, DocumentStatus
from annotator.store import Project

pytest.importorskip("spacy")

from tiny_training_project import UNSEEN, tiny_project  # noqa: E402


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    try:
        main([str(arg) for arg in args])
        code = 0
    except SystemExit as done:
        code = int(done.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_train_then_suggest_on_an_unseen_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tiny_project(tmp_path / "tiny.sqlite")
    code, out, err = run(capsys, "train", project, "-o", tmp_path / "news-model", "--iterations", "10",
                         "--held-out", "0.2", "--seed", "0")
    assert code == 0, err
    assert "4 documents to train on (64 entities, 16 quotes and claims), 1 held out to score on" in err
    assert "iteration 10/10: loss ner " in err and "spancat" in err
    assert f"saved {tmp_path / 'news-model' / 'model-last'}" in out
    table = out[out.index("label "):].splitlines()
    assert table[0].split() == ["label", "model", "gold", "found", "P", "R", "F", "F(overlap)"]
    assert [line.split()[:2] for line in table[1:]] == [
        ["PERSON", "ner"], ["ORG", "ner"], ["GPE", "ner"], ["QUOTE", "spancat"], ["all", "20"]]

    # The trained model as the window and `annotator suggest` use it: a suggestion source.
    from annotator.core.suggestions import SuggestionSettings
    from annotator.suggesting import suggest_document, suggesters_for

    with Project(project) as opened:
        document_id = opened.import_records([DocumentRecord(UNSEEN)]).added[0]
        suggesters = suggesters_for(opened, SuggestionSettings(model=str(tmp_path / "news-model")))
        stored = suggest_document(opened, document_id, suggesters)
        labels = {label.name for label in opened.labels()}
        assert opened.document_status(document_id) == DocumentStatus.TODO  # suggesting changes no status
        assert opened.spans(document_id) == []  # and makes no annotation
    assert stored and {suggestion.source for suggestion in stored} == {"model:news-model"}
    for suggestion in stored:
        assert suggestion.label in labels
        assert 0 <= suggestion.start < suggestion.end <= len(UNSEEN)
        assert suggestion.text == UNSEEN[suggestion.start:suggestion.end]
    assert "PERSON" in {suggestion.label for suggestion in stored}


def test_train_without_spacy_says_how_to_install_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tiny_project(tmp_path / "tiny.sqlite", documents=2)
    monkeypatch.setitem(sys.modules, "spacy", None)  # as if annotator[spacy] were not installed
    code, out, err = run(capsys, "train", project, "-o", tmp_path / "model")
    assert code == 1 and out == ""
    assert err == ('annotator: spaCy is not installed: install annotator[spacy] '
                   '(pip install "annotator[spacy]")\n')
    assert not (tmp_path / "model").exists()


def test_train_refuses_a_project_with_nothing_done(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tiny_project(tmp_path / "tiny.sqlite", documents=3, status=DocumentStatus.IN_PROGRESS)
    code, out, err = run(capsys, "train", project, "-o", tmp_path / "model")
    assert code == 1 and out == ""
    assert err.startswith("annotator: tiny.sqlite has no done documents to train on") and err.count("\n") == 1
    assert not (tmp_path / "model").exists()


def test_train_options_are_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tiny_project(tmp_path / "tiny.sqlite", documents=2)
    code, _, err = run(capsys, "train", project, "-o", tmp_path / "model", "--held-out", "1.5")
    assert code == 1 and "--held-out must be at least 0 and below 1, not 1.5" in err
    code, _, err = run(capsys, "train", project, "-o", tmp_path / "model", "--iterations", "0")
    assert code == 2 and "--iterations" in err
    (tmp_path / "file").write_text("x")
    code, _, err = run(capsys, "train", project, "-o", tmp_path / "file")
    assert code != 0 and "file" in err


def test_train_alone_prints_usage_and_opens_no_project(tmp_path: Path) -> None:
    # Through the real entry point, which opens the window for `annotator WORD` unless WORD is a command.
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "annotator", "train"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, env=environment)
    assert done.returncode == 2 and "Missing argument 'PROJECT'" in done.stderr
    assert list(tmp_path.iterdir()) == []
