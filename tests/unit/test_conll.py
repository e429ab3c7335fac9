"""CoNLL IOB: entity spans out with warnings for what cannot go, IOB1/IOB2/BIOES in, round trips."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from annotator.core.model import DocumentRecord
from annotator.exporting import export_project, export_to_path
from annotator.formats import FormatError, read_path
from annotator.importing import import_paths
from annotator.store import Project

TEXT = "Mark Rutte met Olaf Scholz in Berlin.\nRutte said: “Nato 🙂 stays united.” New York agreed."


@pytest.fixture
def annotated(project: Project) -> Project:
    document_id = project.import_records([DocumentRecord(text=TEXT)]).added[0]
    for phrase, label in [("Mark Rutte", "PERSON"), ("Olaf Scholz", "PERSON"), ("Berlin", "GPE"),
                          ("Nato", "ORG"), ("New York", "GPE")]:
        start = TEXT.index(phrase)
        project.add_span(document_id, start, start + len(phrase), label)
    project.add_span(document_id, 0, 4, "PERSON")  # nested inside "Mark Rutte"
    quote = TEXT.index("“")
    project.add_span(document_id, quote, TEXT.index("”") + 1, "QUOTE")
    return project


def exported(project: Project) -> tuple[str, list[str]]:
    out = io.BytesIO()
    result = export_project(project, "conll", out)
    return out.getvalue().decode("utf-8"), result.warnings


def test_export_writes_iob2_entities_and_warns_about_what_it_leaves_out(annotated: Project) -> None:
    text, warnings = exported(annotated)
    lines = text.split("\n")
    assert lines[:5] == ["-DOCSTART- -X- O O", "", "Mark B-PERSON", "Rutte I-PERSON", "met O"]
    assert "Nato B-ORG" in lines and "🙂 O" in lines
    assert lines[lines.index("New B-GPE") + 1] == "York I-GPE"
    assert lines[lines.index("Berlin B-GPE") + 1:lines.index("Berlin B-GPE") + 4] == [". O", "", "Rutte O"]
    assert warnings == [
        "CoNLL carries entities only: 1 quote and claim span(s) left out",
        "CoNLL has one tag per token: 1 nested or overlapping entity span(s) left out",
    ]


def test_export_import_export_is_identical(annotated: Project, tmp_path: Path) -> None:
    first = tmp_path / "first.conll"
    export_to_path(annotated, "conll", first)
    with Project(tmp_path / "again.sqlite") as again:
        report = import_paths(again, [first])
        assert report.failures == []
        (document, spans, _), = again.annotated_documents()
        assert [span.text for span in spans] == ["Mark Rutte", "Olaf Scholz", "Berlin", "Nato", "New York"]
        second = tmp_path / "second.conll"
        export_to_path(again, "conll", second)
    assert second.read_bytes() == first.read_bytes()


def test_import_reads_iob1_iob2_and_bioes(tmp_path: Path) -> None:
    path = tmp_path / "mixed.conll"
    path.write_text(
        "-DOCSTART- -X- O O\n\n"
        "EU NNP B-NP I-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP I-MISC\ncall NN I-NP O\n\n"
        "-DOCSTART- -X- O O\n\n"
        "New B-LOC\nYork I-LOC\nParis B-LOC\nLondon B-LOC\n\n"
        "Olaf B-PER\nScholz E-PER\nRutte S-PER\n", "utf-8")
    first, second = read_path(path)
    assert first.text == "EU rejects German call"
    assert [(first.text[s.start:s.end], s.label) for s in first.spans] == [("EU", "ORG"), ("German", "MISC")]
    assert second.text == "New York Paris London\nOlaf Scholz Rutte"
    assert [second.text[s.start:s.end] for s in second.spans] == [
        "New York", "Paris", "London", "Olaf Scholz", "Rutte"]


def test_doccano_conll_example_imports(corpus: Path) -> None:
    record, = read_path(corpus / "doccano" / "sequence_labeling.conll")
    assert [(record.text[s.start:s.end], s.label) for s in record.spans] == [
        ("JAPAN", "LOC"), ("Nadim Ladki", "PER")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("EU B-ORG\nrejects\n", r"line 2: expected a token and a tag, found 'rejects'"),
        ("EU B-ORG\nrejects X-Y\n", r"line 2: tag 'X-Y' is not O, B-TYPE or I-TYPE"),
        ("-DOCSTART- -X- O O\n\n", r"the file has no tokens"),
    ],
)
def test_bad_conll_names_the_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.conll"
    path.write_text(content, "utf-8")
    with pytest.raises(FormatError, match=message):
        read_path(path)


def test_a_label_with_a_space_is_written_with_an_underscore_and_a_warning(project: Project) -> None:
    from annotator.core.model import LabelKind

    project.add_label("PUBLIC FIGURE", LabelKind.ENTITY)
    document_id = project.import_records([DocumentRecord(text="Mark Rutte spoke.")]).added[0]
    project.add_span(document_id, 0, 10, "PUBLIC FIGURE")
    text, warnings = exported(project)
    assert "Mark B-PUBLIC_FIGURE\nRutte I-PUBLIC_FIGURE\n" in text
    assert warnings == ["CoNLL tags cannot hold spaces: PUBLIC FIGURE written with '_'"]
