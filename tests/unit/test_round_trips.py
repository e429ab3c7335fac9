"""brat and CoNLL over hard text: export -> import -> export gives the same output, and CoNLL
survives spaCy's own converter with the same entities."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from annotator.exporting import export_to_path
from annotator.importing import import_paths
from annotator.store import Project

PIECES = ["Rutte", "Nato", "🙂", "👩\u200d👧", "e\u0301", "مرحبا", "שלום", "\u00a0", "\r\n", "\n", " ",
          "“", "”", "2024", "東京", "\u2028", "-", ".", "𝐚"]
LABELS = ["PERSON", "ORG", "QUOTE", "CLAIM"]
DOCUMENT_LABELS = ["Politics", "Economy", "Sport"]  # labels of whole documents, read from "cats"


@st.composite
def prodigy_lines(draw: st.DrawFn) -> dict[str, Any]:
    text = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join))
    if not text.strip():
        text += "x"
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        if text[start - 1:start + 1] == "\r\n" or text[end - 1:end + 1] == "\r\n":
            continue  # inside a CRLF pair: no such position once line endings are normalised
        spans.append({"start": start, "end": end, "label": draw(st.sampled_from(LABELS))})
    line = {"text": text, "meta": {"source": "wire"}, "spans": spans}
    chosen = draw(st.lists(st.sampled_from(DOCUMENT_LABELS), unique=True, max_size=2))
    if chosen:
        line["cats"] = {name: 1.0 for name in chosen}
    return line


def labels_by_text(project: Project) -> dict[str, list[str]]:
    """Each document's document labels, keyed by its text (ids differ between projects)."""
    by_id = project.document_label_map()
    return {document.text: by_id.get(document.id, []) for document in project.documents()}


def project_from(lines: list[dict[str, Any]], folder: Path) -> Project:
    source = folder / "source.jsonl"
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    project = Project(folder / "first.sqlite")
    assert import_paths(project, [source]).failures == []
    return project


def brat_contents(folder: Path) -> list[tuple[str, str]]:
    """(.txt, .ann) pairs, ignoring file names (they carry titles, which brat cannot store)."""
    return sorted((path.read_text("utf-8"), path.with_suffix(".ann").read_text("utf-8"))
                  for path in folder.glob("*.txt"))


@given(st.lists(prodigy_lines(), min_size=1, max_size=4, unique_by=lambda line: line["text"]))
# Found by hypothesis: "\r\nx" and "\nx" are one text once normalised, so the second line (the one
# with a document label) is a duplicate, and its label is in the project on no document.
@example([{"text": "Rutte", "meta": {"source": "wire"}, "spans": []},
          {"text": "\r\nx", "meta": {"source": "wire"}, "spans": []},
          {"text": "\nx", "meta": {"source": "wire"}, "spans": [], "cats": {"Politics": 1.0}}])
def test_brat_export_import_export_is_identical(lines: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        with project_from(lines, folder) as first:
            export_to_path(first, "brat", folder / "one")
            labelled = labels_by_text(first)
        with Project(folder / "second.sqlite") as second:
            assert import_paths(second, [folder / "one"]).failures == []
            export_to_path(second, "brat", folder / "two")
            assert labels_by_text(second) == labelled
        assert brat_contents(folder / "two") == brat_contents(folder / "one")
        assert (folder / "two" / "annotation.conf").read_text() == (
            folder / "one" / "annotation.conf").read_text()


# CoNLL keeps tokens, not whitespace: articles that differ only in whitespace are one article to it
# (and the second is then skipped on import as already there).
@given(st.lists(prodigy_lines(), min_size=1, max_size=4, unique_by=lambda line: tuple(line["text"].split())))
def test_conll_export_import_export_is_identical(lines: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        with project_from(lines, folder) as first:
            export_to_path(first, "conll", folder / "one.conll")
        with Project(folder / "second.sqlite") as second:
            report = import_paths(second, [folder / "one.conll"])
            assert report.failures == []
            export_to_path(second, "conll", folder / "two.conll")
        assert (folder / "two.conll").read_bytes() == (folder / "one.conll").read_bytes()


def test_our_conll_goes_through_spacy_convert_with_the_same_entities(tmp_path: Path, corpus: Path) -> None:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    with Project(tmp_path / "p.sqlite") as project:
        assert import_paths(project, [corpus / "brat-conll2002" / "esp"]).failures == []
        export_to_path(project, "conll", tmp_path / "esp.conll")
        ours = [[(span.text, span.label) for span in spans] for _, spans, _ in project.annotated_documents()]
    converted = subprocess.run(
        [sys.executable, "-m", "spacy", "convert", str(tmp_path / "esp.conll"), str(tmp_path),
         "--converter", "ner", "--n-sents", "0"],
        capture_output=True, text=True, timeout=300,
    )
    assert converted.returncode == 0, converted.stderr + converted.stdout
    docs = list(DocBin().from_disk(tmp_path / "esp.spacy").get_docs(Vocab()))
    theirs = [[(entity.text, entity.label_) for entity in doc.ents] for doc in docs]
    # CoNLL keeps tokens, not the spaces between them: spaCy joins "'99" back as "' 99".
    def unspaced(entities: list[list[tuple[str, str]]]) -> list[tuple[str, str]]:
        return [("".join(text.split()), label) for doc in entities for text, label in doc]

    assert unspaced(theirs) == unspaced(ours)
    assert sum(len(doc) for doc in ours) == 540  # every entity of the ten Spanish documents
