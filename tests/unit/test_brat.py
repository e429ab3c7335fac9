"""brat standoff against real files: every T, R, A and # line in, and the same lines back out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.exporting import export_to_path
from annotator.formats import FormatError, read_path
from annotator.importing import import_paths
from annotator.store import Project

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
BRAT_DOCUMENTS = sorted(CORPUS.glob("brat-*/**/*.ann"))


def canonical_lines(ann: str) -> set[tuple[str, ...]]:
    """.ann lines with brat ids replaced by what they point at, so ids may differ."""
    spans: dict[str, str] = {}
    lines = [line for line in ann.split("\n") if line.strip()]
    for line in lines:
        if line.startswith("T"):
            brat_id, body, text = line.split("\t")
            spans[brat_id] = f"{body}|{text}"
    canonical = set()
    for line in lines:
        fields = line.split("\t")
        kind, body = fields[0][0], fields[1]
        rest = tuple(fields[2:])
        ref = lambda match: spans[match.group(1)]  # noqa: E731
        canonical.add((kind, re.sub(r"\b(T\d+)\b", ref, body), *rest))
    return canonical


def test_every_brat_document_has_annotations() -> None:
    assert len(BRAT_DOCUMENTS) == 26


@pytest.mark.parametrize("ann_path", BRAT_DOCUMENTS, ids=lambda path: path.stem)
def test_brat_document_imports_with_exactly_its_text_bound_annotations(ann_path: Path) -> None:
    text = ann_path.with_suffix(".txt").read_text("utf-8")
    expected = []
    for line in ann_path.read_text("utf-8").split("\n"):
        if line.startswith("T"):
            _, body, covered = line.split("\t")
            label, start, end = body.split(" ")
            expected.append((int(start), int(end), label, covered))
    record, = read_path(ann_path.with_suffix(".txt"))
    assert record.text == text
    got = [(span.start, span.end, span.label, text[span.start:span.end]) for span in record.spans]
    assert got == expected


@pytest.mark.parametrize("folder", ["brat-conll2002", "brat-tdt"])
def test_brat_corpus_round_trips_through_a_project(folder: str, tmp_path: Path) -> None:
    with Project(tmp_path / "p.sqlite") as project:
        report = import_paths(project, [CORPUS / folder])
        originals = sorted((CORPUS / folder).glob("**/*.ann"))
        assert report.failures == [] and report.added == len(originals)
        assert report.spans == sum(
            line.startswith("T") for path in originals for line in path.read_text("utf-8").split("\n"))
        out = tmp_path / "out"
        export_to_path(project, "brat", out)
        titles = {document.id: document for document in project.documents()}
    exported = sorted(out.glob("*.ann"))
    assert len(exported) == len(originals) and (out / "annotation.conf").is_file()
    by_text = {path.with_suffix(".txt").read_text("utf-8"): path for path in exported}
    for original in originals:
        ours = by_text[original.with_suffix(".txt").read_text("utf-8")]
        assert canonical_lines(ours.read_text("utf-8")) == canonical_lines(original.read_text("utf-8"))
    assert titles


def test_tdt_attributes_notes_and_relations_are_kept(tmp_path: Path) -> None:
    record, = read_path(CORPUS / "brat-tdt" / "wn071.txt")
    first = record.spans[0]
    assert first.attributes["SUBCAT"] == "Prop" and first.attributes["note:Lemma"] == " Halonen"
    assert len(record.relations) == 72


def test_discontinuous_spans_become_one_span_per_fragment(tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text("Mark and Olaf Rutte\n", "utf-8")
    (tmp_path / "d.ann").write_text("T1\tPERSON 0 4;14 19\tMark Rutte\nA1\tNegated T1\n"
                                    "E1\tEvent:T1\n", "utf-8")
    record, = read_path(tmp_path / "d.txt")
    assert [(s.start, s.end, s.label) for s in record.spans] == [(0, 4, "PERSON"), (14, 19, "PERSON")]
    assert record.spans[0].attributes == {"Negated": True}
    assert record.warnings == ["1 discontinuous span(s) split into one span per fragment",
                               "1 E line(s) not imported (only T, R, A, M and # are)"]


def test_lines_about_events_are_skipped_with_a_warning_not_refused(tmp_path: Path) -> None:
    (tmp_path / "e.txt").write_text("Rutte resigned today.", "utf-8")
    (tmp_path / "e.ann").write_text("T1\tPERSON 0 5\tRutte\nT2\tResign 6 14\tresigned\n"
                                    "E1\tResign:T2 Agent:T1\nA1\tNegated E1\n#1\tAnnotatorNotes E1\tsure?\n"
                                    "A2\tChecked T1\n", "utf-8")
    record, = read_path(tmp_path / "e.txt")
    assert [span.label for span in record.spans] == ["PERSON", "Resign"]
    assert record.spans[0].attributes == {"Checked": True}
    assert record.warnings == ["1 E line(s) not imported (only T, R, A, M and # are)",
                               "2 A, M, R or # line(s) about events, relations or notes not imported"]


def test_a_span_with_a_tab_exports_and_imports_back(tmp_path: Path) -> None:
    from annotator.core.model import DocumentRecord

    with Project(tmp_path / "p.sqlite") as project:
        document_id = project.import_records([DocumentRecord(text="Mark\tRutte spoke.")]).added[0]
        project.add_span(document_id, 0, 10, "PERSON")
        export_to_path(project, "brat", tmp_path / "out")
    record, = read_path(next((tmp_path / "out").glob("*.txt")))
    assert [(span.start, span.end) for span in record.spans] == [(0, 10)]


def test_brat_offsets_after_crlf_are_remapped(tmp_path: Path) -> None:
    (tmp_path / "c.txt").write_bytes("Rutte 🙂\r\nBerlin\r\n".encode())
    (tmp_path / "c.ann").write_text("T1\tGPE 9 15\tBerlin\n", "utf-8")
    record, = read_path(tmp_path / "c.ann")
    span, = record.spans
    assert record.text[span.start:span.end] == "Berlin" and span.start == 8


@pytest.mark.parametrize(
    ("ann", "message"),
    [
        ("T1\tPER 0 40\tRutte", r"c.ann: line 1: T1 \[0, 40\) is empty or outside the text"),
        ("T1\tPER 0 5\tTrump", r"line 1: T1 says 'Trump' but the text there is 'Rutte'"),
        ("T1\tPER zero five\tRutte", r"line 1: cannot read span 'PER zero five'"),
        ("T1\tPER 0 5\tRutte\nR1\tSPEAKER Arg1:T1 Arg2:T9", r"line 2: refers to T9, which is not a T line"),
        ("T1\tPER 0 5\tRutte\nA1\tNegated X1", r"line 2: refers to X1, which is not a T line"),
        ("T1 PER 0 5 Rutte", r"line 1: expected 2 tab-separated fields"),
    ],
)
def test_bad_ann_lines_name_the_file_line_and_problem(tmp_path: Path, ann: str, message: str) -> None:
    (tmp_path / "c.txt").write_text("Rutte spoke.", "utf-8")
    (tmp_path / "c.ann").write_text(ann, "utf-8")
    with pytest.raises(FormatError, match=message):
        read_path(tmp_path / "c.txt")


def test_brat_export_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    with Project(tmp_path / "p.sqlite") as project, pytest.raises(FileExistsError):
        export_to_path(project, "brat", tmp_path / "out")
    assert (tmp_path / "out" / "keep.txt").read_text() == "mine"
