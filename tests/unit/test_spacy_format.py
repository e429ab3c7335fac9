"""spaCy DocBin: spaCy itself reads our .spacy (ents, spans, exact text) and our JSONL offsets; drops
are counted; .spacy written by spaCy imports; export → import → export keeps everything."""

from __future__ import annotations

import io
import json
import sys
import tempfile
from importlib.abc import MetaPathFinder
from pathlib import Path
from typing import Any

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st
from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from annotator.core.model import Document, DocumentRecord, DocumentStatus
from annotator.core.tokens import token_bounds
from annotator.exporting import export_project, export_to_path
from annotator.formats import FormatError, read_path, spacy_docbin, stream_writer
from annotator.formats.prodigy import to_task
from annotator.importing import import_paths
from annotator.store import Project

TEXT = "Rutte said: “Nato 🙂 stays united,” in  Berlin.\n\nScholz\u00a0agreed. "


@pytest.fixture
def annotated(project: Project) -> Project:
    document_id = project.import_records(
        [DocumentRecord(text=TEXT, title="Nato", url="https://x", source="wire")]).added[0]
    rutte = project.add_span(document_id, 0, 5, "PERSON")
    quote = project.add_span(document_id, 12, 34, "QUOTE", attributes={"direct": True}, note="verify")
    project.add_span(document_id, 13, 17, "ORG")  # nested inside the quote, which is no entity
    project.add_span(document_id, TEXT.index("Berlin"), TEXT.index("Berlin") + 6, "GPE")
    project.add_span(document_id, 2, 5, "ORG")  # inside the word "Rutte" and overlapping PERSON
    project.add_relation(quote.id, rutte.id, "SPEAKER")
    project.import_records([DocumentRecord(text="Nothing tagged here.", source="wire")])
    return project


def spacy_docs(data: bytes) -> list[Doc]:
    """Read a .spacy file the way spaCy's training does: DocBin over a fresh vocabulary."""
    return list(DocBin().from_bytes(data).get_docs(Vocab()))


def offsets(spans: Any) -> list[tuple[int, int, str]]:
    return [(span.start_char, span.end_char, span.label_) for span in spans]


def exported(project: Project) -> tuple[bytes, list[str]]:
    out = io.BytesIO()
    result = export_project(project, "spacy", out)
    return out.getvalue(), result.warnings


# --- export, read by spaCy ---------------------------------------------------------------------


def test_spacy_reads_our_docbin_with_exact_text_ents_and_spans(annotated: Project) -> None:
    data, warnings = exported(annotated)
    first, second = spacy_docs(data)
    assert first.text == TEXT and second.text == "Nothing tagged here."
    berlin = TEXT.index("Berlin")
    assert offsets(first.ents) == [(0, 5, "PERSON"), (13, 17, "ORG"), (berlin, berlin + 6, "GPE")]
    assert offsets(first.spans["sc"]) == [
        (0, 5, "PERSON"), (2, 5, "ORG"), (12, 34, "QUOTE"), (13, 17, "ORG"), (berlin, berlin + 6, "GPE")]
    assert [span.text for span in first.spans["sc"]] == ["Rutte", "tte", "“Nato 🙂 stays united,”", "Nato",
                                                         "Berlin"]
    stored = first.user_data["annotator"]
    assert (stored["title"], stored["document_id"], stored["status"]) == ("Nato", 1, "in_progress")
    assert list(stored["relations"]) == [(2, 0, "SPEAKER")]  # msgpack hands lists back as tuples
    assert stored["notes"] == {"2": "verify"} and stored["attributes"] == {"2": {"direct": True}}
    assert list(second.ents) == [] and list(second.spans["sc"]) == []
    assert warnings == ['spaCy doc.ents cannot overlap: 1 nested or overlapping entity span(s) only in '
                        "doc.spans[\"sc\"], in document 1 ('Nato'): 1"]


def test_whitespace_of_every_kind_survives_in_the_doc_text() -> None:
    text = "  Two  spaces,\ttab\n\nnbsp\u00a0end \u2028 "
    bounds = token_bounds(text, [(2, 5), (text.index("tab"), text.index("tab") + 4)])
    doc = spacy_docbin.doc_from_bounds(Vocab(), text, bounds)
    assert doc.text == text
    # A single space after a token is spaCy's trailing-space flag, as spaCy's own tokenizer has it.
    assert [(token.text, token.whitespace_) for token in doc][:3] == [("  ", ""), ("Two", " "), (" ", "")]
    assert doc.char_span(text.index("tab"), text.index("tab") + 4) is not None  # "tab\n"


def test_spans_that_do_not_align_are_counted_by_document(
    annotated: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Our tokens are cut at every span edge, so nothing misaligns unless tokenising changes: plain
    # tokens without the cuts leave "tte" (inside "Rutte") and the quote's closing edge unaligned.
    monkeypatch.setattr(spacy_docbin, "token_bounds", lambda text, spans: token_bounds(text))
    data, warnings = exported(annotated)
    first, _ = spacy_docs(data)
    assert (2, 5, "ORG") not in offsets(first.spans["sc"])
    assert warnings[0] == ("spaCy: 1 span(s) do not line up with tokens and are left out, in "
                           "document 1 ('Nato'): 1")


class _NoSpacy(MetaPathFinder):
    def find_spec(self, name: str, path: Any, target: Any = None) -> None:
        if name.split(".")[0] == "spacy":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


def test_missing_spacy_gives_the_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    # As if spaCy were not installed: importing it fails (its loaded modules come back afterwards).
    for name in [name for name in sys.modules if name == "spacy" or name.startswith("spacy.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [_NoSpacy(), *sys.meta_path])
    monkeypatch.delitem(sys.modules, "annotator.formats.spacy_docbin")
    with pytest.raises(FormatError, match=r'pip install "annotator\[spacy\]"'):
        stream_writer("spacy")


# --- import ------------------------------------------------------------------------------------


def test_a_docbin_written_by_spacy_imports_ents_and_every_span_group(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    doc = nlp.make_doc("Angela Merkel visited 🙂 Paris.\r\nShe left.")
    doc.ents = [doc.char_span(0, 13, "PER"), doc.char_span(24, 29, "LOC")]
    doc.spans["sc"] = [doc.char_span(0, 13, "PER"), doc.char_span(7, 13, "SURNAME")]
    doc.spans["custom"] = [doc.char_span(24, 29, "LOC"), doc.char_span(32, 41, "SENTENCE")]
    doc.cats = {"POLITICS": 1.0}
    path = tmp_path / "train.spacy"
    DocBin(docs=[doc, nlp.make_doc("Second doc.")]).to_disk(path)
    first, second = read_path(path)
    assert first.text == "Angela Merkel visited 🙂 Paris.\nShe left."
    assert [(s.start, s.end, s.label) for s in first.spans] == [
        (0, 13, "PER"), (7, 13, "SURNAME"), (24, 29, "LOC"), (31, 40, "SENTENCE")]
    assert [first.text[s.start:s.end] for s in first.spans][-1] == "She left."
    assert first.document_labels == ["POLITICS"] and first.meta == {}
    assert second.text == "Second doc." and second.spans == []


@pytest.mark.parametrize(("data", "message"), [
    (b"not a docbin", r"^not a spaCy DocBin \(\.spacy\) file: \[E1014\] Error loading DocBin data"),
    (DocBin().to_bytes(), "^the DocBin holds no documents$"),
])
def test_bad_docbins_are_refused(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.spacy"
    path.write_bytes(data)
    with pytest.raises(FormatError, match=message):
        read_path(path)


def test_an_unlabelled_span_is_refused_naming_the_document(tmp_path: Path) -> None:
    doc = spacy.blank("en").make_doc("Rutte spoke.")
    doc.spans["sc"] = [doc[0:1]]
    path = tmp_path / "x.spacy"
    DocBin(docs=[doc]).to_disk(path)
    with pytest.raises(FormatError, match=r"^document 1: span \[0, 5\) 'Rutte' has no label$"):
        read_path(path)


def test_export_import_export_keeps_relations_notes_attributes_and_status(
    annotated: Project, tmp_path: Path
) -> None:
    annotated.set_status(1, DocumentStatus.DONE)
    first = tmp_path / "first.spacy"
    export_to_path(annotated, "spacy", first)
    with Project(tmp_path / "again.sqlite") as again:
        assert import_paths(again, [first]).failures == []
        (document, spans, relations), _ = again.annotated_documents()
        assert (document.title, document.url, document.status) == ("Nato", "https://x", DocumentStatus.DONE)
        quote = next(span for span in spans if span.label == "QUOTE")
        assert (quote.note, quote.attributes) == ("verify", {"direct": True})
        relation, = relations
        assert relation.head_span_id == quote.id and relation.type == "SPEAKER"
        second = tmp_path / "second.spacy"
        export_to_path(again, "spacy", second)
    assert contents(second.read_bytes()) == contents(first.read_bytes())


# --- our Prodigy JSONL, checked by spaCy --------------------------------------------------------


def check_jsonl_with_spacy(lines: list[dict[str, Any]]) -> None:
    """Every span of every line is a `doc.char_span` of a Doc built from that line's tokens."""
    vocab = Vocab()
    for line in lines:
        tokens = line["tokens"]
        doc = spacy_docbin.doc_from_bounds(vocab, line["text"], [(t["start"], t["end"]) for t in tokens])
        assert doc.text == line["text"]
        for span in line["spans"]:
            spacy_span = doc.char_span(span["start"], span["end"], label=span["label"])
            assert spacy_span is not None, span
            assert spacy_span.text == span["text"]
            assert spacy_span[0].idx == tokens[span["token_start"]]["start"]
            assert spacy_span[-1].idx + len(spacy_span[-1]) == tokens[span["token_end"]]["end"]


def test_our_jsonl_offsets_are_spacy_char_spans(annotated: Project) -> None:
    out = io.BytesIO()
    export_project(annotated, "jsonl", out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    check_jsonl_with_spacy(lines)
    # Spans on word edges line up with spaCy's own English tokenizer too.
    doc = spacy.blank("en").make_doc(TEXT)
    for span in lines[0]["spans"]:
        if span["text"] in {"Rutte", "Nato", "Berlin"}:
            assert doc.char_span(span["start"], span["end"], label=span["label"]) is not None


def test_a_doc_from_our_jsonl_words_and_ws_flags_keeps_the_text() -> None:
    # How spaCy (and Prodigy recipes that take "tokens") rebuild a Doc: words plus trailing-space flags.
    text = "Rutte  spoke.\n\nScholz agreed."
    document = Document(1, text, "", None, None, None, None, {}, DocumentStatus.TODO, "")
    tokens = to_task(document, [], [])["tokens"]
    doc = Doc(Vocab(), words=[token["text"] for token in tokens], spaces=[token["ws"] for token in tokens])
    assert doc.text == text


# --- round trips over hard text ---------------------------------------------------------------

PIECES = ["Rutte", "Nato", "🙂", "👩\u200d👧", "e\u0301", "مرحبا", "\u00a0", "\r\n", "\n", " ",
          "  ", "\t", "“", "”", "2024", "東京", "\u2028", "-", ".", "𝐚"]


@st.composite
def annotated_lines(draw: st.DrawFn) -> dict[str, Any]:
    """A Prodigy JSONL line with nested spans, notes, attributes and a relation over hard text."""
    text = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join))
    if not text.strip():
        text += "x"
    spans: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        # A span never starts inside a CRLF pair: that position does not exist once normalised.
        if text[start - 1:start + 1] == "\r\n" or text[end - 1:end + 1] == "\r\n":
            continue
        span: dict[str, Any] = {"start": start, "end": end,
                                "label": draw(st.sampled_from(["PERSON", "QUOTE", "ORG"]))}
        if draw(st.booleans()):
            span["note"] = draw(st.sampled_from(["check", "two\nlines", "🙂"]))
        if draw(st.booleans()):
            span["attributes"] = {"direct": draw(st.booleans()), "score": [1, "a"]}
        spans.append(span)
    relations = []
    if len(spans) >= 2 and draw(st.booleans()):
        head, child = spans[0], spans[-1]
        if (head["start"], head["end"]) != (child["start"], child["end"]):
            relations.append({"label": "SPEAKER", "head_span": head, "child_span": child})
    chosen = draw(st.lists(st.sampled_from(["Politics", "Economy"]), unique=True, max_size=2))
    return {"text": text, "meta": {"source": "wire", "desk": ["a", {"b": 1}]}, "spans": spans,
            "relations": relations, "cats": {name: 1.0 for name in chosen}}


def contents(data: bytes) -> list[dict[str, Any]]:
    """What a .spacy file says, in a form to compare (its bytes hold a set of strings in any order)."""
    return [{"text": doc.text, "ents": offsets(doc.ents),
             "spans": {key: offsets(group) for key, group in doc.spans.items()},
             "tokens": [(token.text, token.whitespace_) for token in doc],
             "user_data": doc.user_data, "cats": doc.cats} for doc in spacy_docs(data)]


@given(st.lists(annotated_lines(), min_size=1, max_size=4, unique_by=lambda line: line["text"]))
def test_export_import_export_is_identical(lines: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        # In through the real import path, so CRLF is normalised and offsets remapped on the way.
        source = base / "source.jsonl"
        source.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
        with Project(base / "a.sqlite") as first:
            assert import_paths(first, [source]).failures == []
            exported = base / "first.spacy"
            result = export_to_path(first, "spacy", exported)
            assert not any("line up" in warning for warning in result.warnings)
            stored = {document.text: spans for document, spans, _ in first.annotated_documents()}
            labelled = sorted(map(sorted, first.document_label_map().values()))
            jsonl = base / "first.jsonl"
            export_to_path(first, "jsonl", jsonl)
            check_jsonl_with_spacy([json.loads(x) for x in jsonl.read_text("utf-8").split("\n") if x])
        for doc in spacy_docs(exported.read_bytes()):
            assert offsets(doc.spans["sc"]) == [(s.start, s.end, s.label) for s in stored[doc.text]]
        with Project(base / "b.sqlite") as second:
            report = import_paths(second, [exported])
            assert report.failures == []
            assert sorted(map(sorted, second.document_label_map().values())) == labelled
            again = base / "second.spacy"
            export_to_path(second, "spacy", again)
        assert contents(again.read_bytes()) == contents(exported.read_bytes())

