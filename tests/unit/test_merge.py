"""Merging annotators' projects: layers per annotator, documents by content, conflicts refused up front."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core.model import DocumentRecord, DocumentStatus, LabelKind
from annotator.store import Project
from annotator.store.backups import list_backups
from annotator.team.merge import merge_projects

ONE = '"Prices will fall," said Ana Lima in Lisbon.'
TWO = "The ministry said inflation peaked in March."
THREE = "Only Zoe has this article."


def annotate(path: Path, annotator: str | None, texts: list[str]) -> Project:
    project = Project(path, annotator=annotator)
    project.import_records([DocumentRecord(text, title=f"t{index}") for index, text in enumerate(texts)])
    return project


def span(project: Project, document_id: int, words: str, label: str, **kwargs):
    text = project.document(document_id).text
    start = text.index(words)
    return project.add_span(document_id, start, start + len(words), label, **kwargs)


@pytest.fixture
def sources(tmp_path: Path) -> list[Path]:
    # amir and zoe imported the articles in different orders: ids differ, texts match.
    with annotate(tmp_path / "amir.sqlite", "amir", [ONE, TWO]) as amir:
        quote = span(amir, 1, '"Prices will fall,"', "QUOTE", attributes={"direct": True})
        ana = span(amir, 1, "Ana Lima", "PERSON", note="minister?")
        amir.add_relation(quote.id, ana.id, "SPEAKER")
        amir.set_status(1, DocumentStatus.DONE)
    with annotate(tmp_path / "zoe.sqlite", "zoe", [THREE, TWO, ONE]) as zoe:
        span(zoe, 3, "Ana Lima", "PERSON")
        span(zoe, 3, "Lisbon", "GPE")
        span(zoe, 2, "March", "DATE")
        span(zoe, 1, "Zoe", "PERSON")
        zoe.set_status(2, DocumentStatus.DONE)
    return [tmp_path / "amir.sqlite", tmp_path / "zoe.sqlite"]


def test_each_source_becomes_its_annotators_layer(tmp_path: Path, sources: list[Path]) -> None:
    team_path = tmp_path / "team.sqlite"
    report = merge_projects(team_path, sources)
    assert [(source.annotator, source.layers) for source in report.sources] == [
        ("amir", ["amir"]), ("zoe", ["zoe"])]
    assert report.documents_added == 3 and report.changed
    with Project(team_path) as team:
        assert team.layers() == ["amir", "zoe"]
        ids = {document.text: document.id for document in team.documents()}
        assert len(ids) == 3
        one = ids[ONE]
        spans = team.layer_spans(one)
        assert [(s.layer, s.text, s.label) for s in spans] == [
            ("amir", '"Prices will fall,"', "QUOTE"), ("amir", "Ana Lima", "PERSON"),
            ("zoe", "Ana Lima", "PERSON"), ("zoe", "Lisbon", "GPE")]
        assert spans[0].attributes == {"direct": True} and spans[1].note == "minister?"
        (link,) = team.layer_relations(one)
        assert (link.layer, link.type, link.head_span_id, link.child_span_id) == (
            "amir", "SPEAKER", spans[0].id, spans[1].id)
        # amir finished ONE; zoe touched it (tagging moves "to do" to "in progress").
        assert team.layer_statuses(one) == {"amir": DocumentStatus.DONE, "zoe": DocumentStatus.IN_PROGRESS}
        # amir never opened TWO: no version of his is stored for it; zoe finished it.
        assert team.layer_statuses(ids[TWO]) == {"zoe": DocumentStatus.DONE}
        assert [s.layer for s in team.layer_spans(ids[THREE])] == ["zoe"]
        # The team's own (gold) layer stays empty until review settles it.
        assert all(team.spans(document_id) == [] for document_id in ids.values())


def test_merging_the_same_files_again_changes_nothing(tmp_path: Path, sources: list[Path]) -> None:
    team_path = tmp_path / "team.sqlite"
    merge_projects(team_path, sources)
    before = dump(team_path)
    again = merge_projects(team_path, sources)
    assert not again.changed and again.versions_changed == 0 and again.versions > 0
    assert dump(team_path) == before
    assert again.backup is not None and again.backup.exists()  # a backup first, every time it holds work


def test_a_changed_source_updates_only_its_layer(tmp_path: Path, sources: list[Path]) -> None:
    team_path = tmp_path / "team.sqlite"
    merge_projects(team_path, sources)
    with Project(sources[1], annotator="zoe") as zoe:
        zoe.delete_span(span_id(zoe, 3, "Lisbon"))
    report = merge_projects(team_path, sources)
    assert report.versions_changed == 1
    with Project(team_path) as team:
        one = next(d.id for d in team.documents() if d.text == ONE)
        assert [s.text for s in team.layer_spans(one, "zoe")] == ["Ana Lima"]
        assert len(team.layer_spans(one, "amir")) == 2


def span_id(project: Project, document_id: int, words: str) -> int:
    return next(s.id for s in project.spans(document_id) if s.text == words)


def test_annotator_names_given_recorded_or_from_the_file_name(tmp_path: Path) -> None:
    with annotate(tmp_path / "unnamed.sqlite", None, [ONE]) as unnamed:
        span(unnamed, 1, "Lisbon", "GPE")
    with annotate(tmp_path / "setting.sqlite", None, [ONE]) as setting:
        span(setting, 1, "Ana Lima", "PERSON")
        setting.conn.execute("INSERT INTO project_info (key, value) VALUES ('annotator', 'kim')")
        setting.conn.commit()
    with annotate(tmp_path / "given.sqlite", "someone", [ONE]) as given:
        span(given, 1, "Ana Lima", "PERSON")
    report = merge_projects(tmp_path / "team.sqlite",
                            [tmp_path / f"{name}.sqlite" for name in ("unnamed", "setting", "given")],
                            [None, None, "lee"])
    assert [source.annotator for source in report.sources] == ["unnamed", "kim", "lee"]


def test_label_case_unifies_and_new_labels_arrive(tmp_path: Path) -> None:
    with annotate(tmp_path / "a.sqlite", "a", [ONE]) as a:
        a.update_label("PERSON", new_name="Person")
        a.add_label("Speaker role", LabelKind.ENTITY)
        span(a, 1, "Ana Lima", "Person")
        span(a, 1, "said", "Speaker role")
    report = merge_projects(tmp_path / "team.sqlite", [tmp_path / "a.sqlite"])
    assert report.new_labels == ["Speaker role"]
    with Project(tmp_path / "team.sqlite") as team:
        assert [s.label for s in team.layer_spans(1)] == ["Speaker role", "PERSON"]


def test_a_label_of_another_kind_is_refused_before_anything_is_written(
    tmp_path: Path, sources: list[Path]
) -> None:
    team_path = tmp_path / "team.sqlite"
    merge_projects(team_path, sources[:1])
    before = dump(team_path)
    with annotate(tmp_path / "odd.sqlite", "odd", [THREE]) as odd:
        odd.delete_label("GPE")
        odd.add_label("gpe", LabelKind.QUOTE)
    with pytest.raises(ValueError, match=r"'gpe' is quote in odd.sqlite but 'GPE' is entity in team.sqlite"):
        merge_projects(team_path, [sources[1], tmp_path / "odd.sqlite"])
    assert dump(team_path) == before
    assert len(list_backups(team_path)) == 0  # refused before even the backup
    with pytest.raises(ValueError, match=r"'gpe' is quote in odd.sqlite but 'GPE' is entity in new.sqlite"):
        merge_projects(tmp_path / "new.sqlite", [tmp_path / "odd.sqlite"])
    assert not (tmp_path / "new.sqlite").exists()


def test_two_files_of_one_annotator_and_bad_paths_are_refused(tmp_path: Path, sources: list[Path]) -> None:
    copy = tmp_path / "amir-copy.sqlite"
    with Project(sources[0]) as amir:
        amir.backup(target=copy)
    with pytest.raises(ValueError, match="amir.sqlite and amir-copy.sqlite both hold work of annotator"):
        merge_projects(tmp_path / "team.sqlite", [sources[0], copy])
    assert not (tmp_path / "team.sqlite").exists()  # refused before the team file was even made
    with pytest.raises(ValueError, match="missing.sqlite: no such project file"):
        merge_projects(tmp_path / "team.sqlite", [tmp_path / "missing.sqlite"])
    with pytest.raises(ValueError, match="named twice"):
        merge_projects(tmp_path / "team.sqlite", [sources[0], sources[0]])
    merge_projects(tmp_path / "team.sqlite", sources[:1], ["amir2"])  # a name given sets them apart
    with pytest.raises(ValueError, match="is the team project itself"):
        merge_projects(tmp_path / "team.sqlite", [tmp_path / "team.sqlite"])


def test_a_team_project_brings_its_layers_and_its_gold(tmp_path: Path, sources: list[Path]) -> None:
    first = tmp_path / "first-team.sqlite"
    merge_projects(first, sources)
    with Project(first, annotator="lead") as lead:
        one = next(d.id for d in lead.documents() if d.text == ONE)
        span(lead, one, "Ana Lima", "PERSON", source="layer:amir")
    report = merge_projects(tmp_path / "big.sqlite", [first])
    assert report.sources[0].layers == ["lead", "amir", "zoe"]
    with Project(tmp_path / "big.sqlite") as big:
        assert big.layers() == ["amir", "lead", "zoe"]
        one = next(d.id for d in big.documents() if d.text == ONE)
        (gold,) = big.layer_spans(one, "lead")
        assert (gold.text, gold.source) == ("Ana Lima", "layer:amir")
        assert len(big.layer_relations(one, "amir")) == 1


def dump(path: Path) -> tuple[list[tuple], ...]:
    conn = sqlite3.connect(path)
    try:
        return tuple(
            conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("documents", "layer_spans", "layer_relations", "layer_documents", "labels",
                          "relation_types", "spans")
        )
    finally:
        conn.close()


# --- imports that carry annotators ----------------------------------------------------------------------


def write_jsonl(path: Path, items: list[dict]) -> Path:
    import json

    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return path


def test_prodigy_sessions_become_layers_of_one_document(tmp_path: Path) -> None:
    from annotator.importing import import_paths

    ana = {"start": 25, "end": 33, "label": "PERSON"}
    lisbon = {"start": 37, "end": 43, "label": "GPE"}
    source = write_jsonl(tmp_path / "answers.jsonl", [
        {"text": ONE, "spans": [ana], "_annotator_id": "news-alex", "_session_id": "news-alex"},
        {"text": ONE, "spans": [ana, lisbon], "_session_id": "news-bo"},
        {"text": TWO, "spans": [], "_annotator_id": "news-alex"},
    ])
    with Project(tmp_path / "p.sqlite") as project:
        report = import_paths(project, [source])
        assert (report.added, report.spans) == (2, 3)
        assert project.document_count() == 2 and project.layers() == ["news-alex", "news-bo"]
        assert [(s.layer, s.text) for s in project.layer_spans(1)] == [
            ("news-alex", "Ana Lima"), ("news-bo", "Ana Lima"), ("news-bo", "Lisbon")]
        # An exported answer is work done, even with no spans (it counts for agreement).
        assert project.layer_statuses(2) == {"news-alex": DocumentStatus.DONE}
        assert project.spans(1) == []
        again = import_paths(project, [source])
        assert (again.added, again.skipped) == (0, 2) and len(project.layer_spans(1)) == 3


def test_one_annotator_stays_gold_with_the_name_recorded(tmp_path: Path) -> None:
    from annotator.importing import import_paths

    item = {"text": ONE, "label": [[25, 33, "PERSON"]], "user": 7}
    source = write_jsonl(tmp_path / "doccano.jsonl", [item])
    with Project(tmp_path / "p.sqlite") as project:
        import_paths(project, [source])
        assert project.layers() == []
        assert [(s.text, s.annotator) for s in project.spans(1)] == [("Ana Lima", "7")]


def test_label_studio_annotations_of_several_people_become_layers(tmp_path: Path) -> None:
    import json

    from annotator.importing import import_paths

    def region(start: int, end: int, label: str) -> dict:
        return {"id": f"r{start}", "from_name": "label", "to_name": "text", "type": "labels",
                "value": {"start": start, "end": end, "labels": [label]}}

    task = {"data": {"text": ONE}, "annotations": [
        {"completed_by": {"id": 3, "email": "kim@example.org"}, "result": [region(25, 33, "PERSON")]},
        {"completed_by": 4, "result": [region(37, 43, "GPE")]},
        {"completed_by": 5, "was_cancelled": True, "result": []},
    ]}
    source = tmp_path / "export.json"
    source.write_text(json.dumps([task]), encoding="utf-8")
    with Project(tmp_path / "p.sqlite") as project:
        import_paths(project, [source])
        assert project.layers() == ["4", "kim@example.org"]
        spans = {s.layer: s.text for s in project.layer_spans(1)}
        assert spans == {"kim@example.org": "Ana Lima", "4": "Lisbon"}


def test_brat_folders_of_each_annotator_given_on_import(tmp_path: Path) -> None:
    from annotator.importing import import_paths

    for name, entity in (("amir", "T1\tPERSON 25 33\tAna Lima\n"), ("zoe", "T1\tGPE 37 43\tLisbon\n")):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "one.txt").write_text(ONE, encoding="utf-8")
        (folder / "one.ann").write_text(entity, encoding="utf-8")
    with Project(tmp_path / "p.sqlite") as project:
        assert import_paths(project, [tmp_path / "amir"], annotator="amir").added == 1
        assert import_paths(project, [tmp_path / "zoe"], annotator="zoe").skipped == 1
        assert project.document_count() == 1 and project.layers() == ["amir", "zoe"]
        assert [(s.layer, s.label) for s in project.layer_spans(1)] == [("amir", "PERSON"), ("zoe", "GPE")]


def test_document_labels_travel_with_each_annotators_layer(tmp_path: Path) -> None:
    from annotator.importing import import_paths

    with annotate(tmp_path / "amir.sqlite", "amir", [ONE]) as amir:
        amir.add_document_label("Politics")
        amir.set_document_label(1, "Politics", True)
    merge_projects(tmp_path / "team.sqlite", [tmp_path / "amir.sqlite"])
    with Project(tmp_path / "team.sqlite") as team:
        assert team.layer_document_labels(1) == {"amir": ["Politics"]}
        assert team.layers() == ["amir"]
    source = write_jsonl(tmp_path / "cats.jsonl", [
        {"text": TWO, "cats": {"Economy": 1.0}, "_annotator_id": "alex"},
        {"text": TWO, "cats": {"Economy": 0.0}, "_annotator_id": "bo"},
    ])
    with Project(tmp_path / "p.sqlite") as project:
        import_paths(project, [source])
        assert project.layer_document_labels(1) == {"alex": ["Economy"]}
        assert project.layer_statuses(1) == {"alex": DocumentStatus.DONE, "bo": DocumentStatus.DONE}
