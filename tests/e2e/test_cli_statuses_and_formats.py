"""The command line takes what the README shows: several statuses after one --status, and every
export format name on import."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import DocumentRecord, DocumentStatus
from annotator.store import Project


def _project(tmp_path: Path) -> Path:
    path = tmp_path / "p.sqlite"
    with Project(path) as project:
        project.import_records([DocumentRecord(text=f"Article number {n}.") for n in range(4)])
        for document_id, status in zip((1, 2, 3, 4), DocumentStatus, strict=True):
            project.set_status(document_id, status)
    return path


def _exported_ids(target: Path) -> list[int]:
    return [json.loads(line)["meta"]["document_id"] for line in target.read_text("utf-8").splitlines()]


@pytest.mark.parametrize("statuses", [["todo", "in_progress"], ["--status=todo", "in_progress"]])
def test_export_takes_several_statuses_after_one_option(tmp_path: Path, statuses: list[str]) -> None:
    project, target = _project(tmp_path), tmp_path / "out.jsonl"
    first, *rest = statuses
    options = [first, *rest] if first.startswith("--") else ["--status", first, *rest]
    main(["export", str(project), *options, "-o", str(target)])
    assert _exported_ids(target) == [1, 2]


def test_several_statuses_may_come_before_the_project(tmp_path: Path) -> None:
    project, target = _project(tmp_path), tmp_path / "out.jsonl"
    main(["export", "--status", "done", "skipped", str(project), "-o", str(target)])
    assert _exported_ids(target) == [3, 4]


def test_a_repeated_status_option_still_works(tmp_path: Path) -> None:
    project, target = _project(tmp_path), tmp_path / "out.jsonl"
    main(["export", str(project), "--status", "todo", "--status", "done", "-o", str(target)])
    assert _exported_ids(target) == [1, 3]


def test_an_unknown_status_is_refused_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main(["export", str(project), "--status", "todo", "finished", "-o", str(tmp_path / "x")])
    assert exit_.value.code != 0
    assert "finished" in capsys.readouterr().err


def test_import_takes_doccano_as_export_names_it(tmp_path: Path, corpus: Path) -> None:
    # A doccano file under a name that says nothing: only --format can say what it is.
    source = tmp_path / "labelled.txt"
    shutil.copy(corpus / "doccano" / "sequence_labeling.export.jsonl", source)
    project = tmp_path / "p.sqlite"
    main(["import", str(project), str(source), "--format", "doccano"])
    with Project(project) as opened:
        assert opened.document_count() == 3
        assert opened.label_counts()["PERSON"] == 2


def test_every_export_format_name_is_an_import_format_name() -> None:
    from annotator.cli import IMPORT_CHOICES
    from annotator.formats import EXPORT_FORMATS

    assert set(EXPORT_FORMATS) <= set(IMPORT_CHOICES)


def test_import_names_the_labels_it_added(tmp_path: Path, corpus: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p.sqlite"
    main(["import", str(project), str(corpus / "doccano" / "sequence_labeling.export.jsonl")])
    assert "; label added: MISC." in capsys.readouterr().err
