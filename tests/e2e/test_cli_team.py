"""`annotator merge` and `annotator agreement` as a team lead runs them, errors included."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from annotator.core.model import DocumentStatus, LabelKind
from annotator.store import Project


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def annotated(path: Path, corpus: Path, annotator: str, marks: list[tuple[str, str]]) -> Path:
    """A project of the Reuters article with `marks` (words, label) tagged by `annotator`."""
    assert run("import", path, corpus / "news-html" / "reuters.com.parasite.html").returncode == 0
    with Project(path, annotator=annotator) as project:
        text = project.document(1).text
        for words, label in marks:
            start = text.index(words)
            project.add_span(1, start, start + len(words), label)
        project.set_status(1, DocumentStatus.DONE)
    return path


def test_merge_then_agreement_in_every_format(tmp_path: Path, corpus: Path) -> None:
    sources = [
        annotated(tmp_path / "amir.sqlite", corpus, "amir",
                  [("Joaquin Phoenix", "PERSON"), ("Bong Joon Ho", "PERSON")]),
        annotated(tmp_path / "kim.sqlite", corpus, "kim",
                  [("Joaquin Phoenix", "PERSON"), ("Renee Zellweger", "PERSON")]),
    ]
    team = tmp_path / "team.sqlite"
    merged = run("merge", team, *sources)
    assert merged.returncode == 0, merged.stderr
    assert "amir.sqlite: amir — 1 document, 2 spans" in merged.stdout
    assert "team.sqlite: 1 document added, 2 of 2 annotator versions changed" in merged.stdout

    again = run("merge", team, *sources)
    assert again.returncode == 0 and "0 of 2 annotator versions changed (nothing new)" in again.stdout
    assert "backup of team.sqlite before the merge" in again.stdout

    table = run("agreement", team)
    assert table.returncode == 0, table.stderr
    # 2 spans each, Joaquin Phoenix in both: exact F1 = 2*1/4 = 0.5 over 4 spans
    assert "amir / kim" in table.stdout and "0.500 (4)" in table.stdout

    as_csv = run("agreement", team, "--format", "csv", "--labels", "person", "--per-document")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [row["label"] for row in rows] == ["(all labels)", "(all labels)", "PERSON", "PERSON",
                                              "(all labels)", "(all labels)"]
    assert rows[-1]["document"] == "1" and rows[1]["exact_f1"] == "0.5" and rows[1]["exact_items"] == "4"

    out = tmp_path / "agreement.json"
    as_json = run("agreement", "--labels", "PERSON", "ORG", team, "--format", "json", "-o", out)
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(out.read_text("utf-8"))
    assert data["annotators"] == ["amir", "kim"] and data["rows"][0]["cohen_kappa"] is not None


def test_names_given_on_the_command_line(tmp_path: Path, corpus: Path) -> None:
    one = annotated(tmp_path / "one.sqlite", corpus, "same", [("Joaquin Phoenix", "PERSON")])
    two = annotated(tmp_path / "two.sqlite", corpus, "same", [("Renee Zellweger", "PERSON")])
    clash = run("merge", tmp_path / "team.sqlite", one, two)
    assert clash.returncode == 1 and clash.stderr.count("\n") == 1
    assert "both hold work of annotator 'same'" in clash.stderr
    assert not (tmp_path / "team.sqlite").exists()
    counted = run("merge", tmp_path / "team.sqlite", one, two, "--annotator", "ann")
    assert counted.returncode == 1 and "1 --annotator names for 2 projects" in counted.stderr
    named = run("merge", tmp_path / "team.sqlite", one, two, "--annotator", "ann", "--annotator", "bo")
    assert named.returncode == 0, named.stderr
    with Project(tmp_path / "team.sqlite") as team:
        assert team.layers() == ["ann", "bo"]


def test_errors_are_one_line_and_write_nothing(tmp_path: Path, corpus: Path) -> None:
    good = annotated(tmp_path / "good.sqlite", corpus, "amir", [("Joaquin Phoenix", "PERSON")])
    odd = annotated(tmp_path / "odd.sqlite", corpus, "zoe", [])
    with Project(odd) as project:
        project.add_label("Bong", LabelKind.QUOTE)
    with Project(tmp_path / "team.sqlite") as team:
        team.add_label("bong", LabelKind.ENTITY)
    failed = run("merge", tmp_path / "team.sqlite", good, odd)
    assert failed.returncode == 1 and failed.stderr.count("\n") == 1
    assert "label 'Bong' is quote in odd.sqlite but 'bong' is entity in team.sqlite" in failed.stderr
    with Project(tmp_path / "team.sqlite") as team:
        assert team.layers() == [] and team.document_count() == 0

    missing = run("merge", tmp_path / "team.sqlite", tmp_path / "nope.sqlite")
    assert missing.returncode == 1 and "nope.sqlite: no such project file" in missing.stderr
    alone = run("agreement", good)
    assert alone.returncode == 1 and "agreement needs two or more" in alone.stderr
    assert alone.stderr.startswith("annotator: ")


def test_export_one_layer_every_layer_or_gold_and_read_them_back(tmp_path: Path, corpus: Path) -> None:
    sources = [annotated(tmp_path / "amir.sqlite", corpus, "amir", [("Joaquin Phoenix", "PERSON")]),
               annotated(tmp_path / "kim.sqlite", corpus, "kim", [("Renee Zellweger", "PERSON")])]
    team = tmp_path / "team.sqlite"
    assert run("merge", team, *sources).returncode == 0
    with Project(team, annotator="lead") as lead:
        start = lead.document(1).text.index("Bong Joon Ho")
        lead.add_span(1, start, start + len("Bong Joon Ho"), "PERSON", source="layer:amir")

    one = run("export", team, "--annotator", "kim")
    assert one.returncode == 0, one.stderr
    (line,) = [json.loads(text) for text in one.stdout.splitlines()]
    assert [span["text"] for span in line["spans"]] == ["Renee Zellweger"]
    gold = run("export", team, "--gold")
    assert [span["text"] for span in json.loads(gold.stdout)["spans"]] == ["Bong Joon Ho"]
    unknown = run("export", team, "--annotator", "nobody")
    assert unknown.returncode == 1 and "no layer of annotator 'nobody' (layers: amir, kim)" in unknown.stderr
    both = run("export", team, "--gold", "--all-layers")
    assert both.returncode == 2 and "choose one of" in both.stderr

    every = tmp_path / "all.jsonl"
    assert run("export", team, "--all-layers", "-o", every).returncode == 0
    lines = [json.loads(text) for text in every.read_text("utf-8").splitlines()]
    assert [(line["_annotator_id"], [s["text"] for s in line["spans"]]) for line in lines] == [
        ("amir", ["Joaquin Phoenix"]), ("kim", ["Renee Zellweger"])]
    again = tmp_path / "again.sqlite"
    assert run("import", again, every).returncode == 0
    with Project(again) as project:  # one document, each annotator's version in their layer
        assert project.document_count() == 1 and project.layers() == ["amir", "kim"]

    folders = tmp_path / "brat"
    assert run("export", team, "--all-layers", "--format", "brat", "-o", folders).returncode == 0
    assert sorted(path.name for path in folders.iterdir()) == ["amir", "kim"]
    rebuilt = tmp_path / "rebuilt.sqlite"
    for name in ("amir", "kim"):
        assert run("import", rebuilt, folders / name, "--annotator", name).returncode == 0
    with Project(rebuilt) as project:
        assert project.layers() == ["amir", "kim"]
        assert [(s.layer, s.text) for s in project.layer_spans(1)] == [
            ("amir", "Joaquin Phoenix"), ("kim", "Renee Zellweger")]
