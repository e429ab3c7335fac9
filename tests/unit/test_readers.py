"""Format readers: plain text, Markdown, HTML (no network) and JSONL in Prodigy and doccano shapes."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from annotator.formats import FormatError, read_path

NEWS = {
    "reuters.com.parasite.html": (
        "'Parasite' scores historic upset at SAG awards, boosting Oscar chances", "Jill Serjeant"),
    "dw.com.colonial.html": ("Berlin confronts Germany's colonial past with new initiative", None),
    "nationalgeographic.co.uk.goats.html": (
        "Ravenous wild goats ruled this island for over a century. Now, it's being reborn.",
        "Michael Hingston"),
    "nature.com.telescope.html": (
        "Gigantic Chinese telescope opens to astronomers worldwide", "Elizabeth Gibney"),
    "salon.com.emissions.html": (
        "Despite everything, U.S. emissions dipped in 2019", "Nathanael Johnson"),
    "scmp.com.playbook.html": ("Carrie Lam should study Tsai Ing-wen’s playbook", "Alice Wu"),
}


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Fail loudly if anything opens a socket or resolves a host."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_text_is_kept_exactly_except_line_endings(tmp_path: Path) -> None:
    raw = "Headline\r\n\r\nCafé\u00a0🙂  says  “hi”\u2028e\u0301\tend\r\n"
    record, = read_path(write(tmp_path, "a.txt", raw))
    assert record.text == raw.replace("\r\n", "\n")
    assert record.title == "Headline"


def test_markdown_is_kept_as_written_and_titled_by_its_heading(tmp_path: Path) -> None:
    raw = "# Nato *stays* united\n\nSome **bold** text with [a link](http://example.com).\n"
    record, = read_path(write(tmp_path, "b.md", raw))
    assert record.text == raw and record.title == "Nato *stays* united"


def test_long_first_line_falls_back_to_the_file_name(tmp_path: Path) -> None:
    record, = read_path(write(tmp_path, "long-one.txt", "word " * 100))
    assert record.title == "long-one"


@pytest.mark.parametrize("name", sorted(NEWS))
def test_news_pages_come_in_with_title_author_and_body(
    corpus: Path, name: str, no_network: list[object]
) -> None:
    record, = read_path(corpus / "news-html" / name)
    title, author = NEWS[name]
    assert record.title == title
    if author:
        assert record.author == author
    assert record.url and record.url.startswith("https://")
    assert record.published and record.published[:4] in {"2019", "2020"}
    assert len(record.text) > 2000, "the article body, not a caption"
    assert "<script" not in record.text and "function(" not in record.text
    assert no_network == []


def test_html_referencing_remote_resources_fetches_nothing(
    tmp_path: Path, no_network: list[object]
) -> None:
    page = """<!DOCTYPE html [<!ENTITY remote SYSTEM "http://example.com/entity.txt">]>
    <html><head><title>Remote things</title>
    <link rel="stylesheet" href="http://example.com/style.css">
    <script src="http://example.com/tracker.js"></script>
    <meta property="og:title" content="Remote things"></head>
    <body><article><h1>Remote things</h1>
    <p>Mark Rutte spoke in Berlin on Monday about the alliance and its future plans.</p>
    <img src="http://example.com/photo.jpg"><iframe src="http://example.com/ad"></iframe>
    <p>He said the alliance would remain united whatever happens in the election.</p>
    <p>&remote;</p></article></body></html>"""
    record, = read_path(write(tmp_path, "remote.html", page))
    assert "Mark Rutte spoke in Berlin" in record.text
    assert "example.com" not in record.text
    assert no_network == []


def test_html_without_text_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="no article text"):
        read_path(write(tmp_path, "empty.html", "<html><head><script>x()</script></head></html>"))


def test_prodigy_jsonl_with_spans_relations_and_meta(tmp_path: Path) -> None:
    line = {
        "text": "Rutte said: “Nato stays.”",
        "meta": {"title": "Nato", "source": "wire", "status": "done", "desk": "EU"},
        "spans": [{"start": 0, "end": 5, "label": "PERSON", "text": "Rutte"},
                  {"start": 12, "end": 25, "label": "QUOTE", "attributes": {"direct": True},
                   "note": "check"}],
        "relations": [{"head": 5, "child": 0, "label": "SPEAKER",
                       "head_span": {"start": 12, "end": 25, "label": "QUOTE"},
                       "child_span": {"start": 0, "end": 5, "label": "PERSON"}}],
    }
    record, = read_path(write(tmp_path, "p.jsonl", json.dumps(line, ensure_ascii=False) + "\n"))
    assert (record.title, record.source, record.status.value) == ("Nato", "wire", "done")
    assert record.meta == {"desk": "EU"}
    assert [(s.start, s.end, s.label) for s in record.spans] == [(0, 5, "PERSON"), (12, 25, "QUOTE")]
    assert record.spans[1].attributes == {"direct": True} and record.spans[1].note == "check"
    assert [(r.head, r.child, r.type) for r in record.relations] == [(1, 0, "SPEAKER")]


def test_jsonl_spans_after_crlf_are_remapped(tmp_path: Path) -> None:
    text = "Line one\r\nMark Rutte 🙂\r\nBerlin"
    start = text.index("Berlin")
    line = {"text": text, "spans": [{"start": start, "end": start + 6, "label": "GPE",
                                      "text": "Berlin"}]}
    record, = read_path(write(tmp_path, "crlf.jsonl", json.dumps(line)))
    span = record.spans[0]
    assert record.text[span.start:span.end] == "Berlin"
    assert span.start == start - 2


def test_doccano_shapes_import_with_spans_and_relations(corpus: Path) -> None:
    rows = read_path(corpus / "doccano" / "sequence_labeling.export.jsonl")
    assert [[(s.start, s.end, s.label) for s in row.spans] for row in rows] == [
        [(0, 2, "ORG"), (11, 17, "MISC")], [(0, 15, "PERSON")], [(10, 15, "PERSON")]]
    relation_row, = read_path(corpus / "doccano" / "relation_extraction.import.jsonl")
    assert [relation_row.text[s.start:s.end] for s in relation_row.spans] == [
        "Google", "September 4, 1998", "Larry Page", "Sergey Brin"]
    assert [(r.head, r.child, r.type) for r in relation_row.relations] == [
        (0, 1, "foundedAt"), (0, 2, "foundedBy"), (0, 3, "foundedBy")]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (['{"text": "ok"}', '{"text": "broken"'], r"line 2: not valid JSON"),
        (['["text"]'], r"line 1: expected a JSON object"),
        (['{"title": "no text"}'], r'line 1: no "text" string'),
        (['{"text": "Rutte", "spans": [{"start": 0, "end": 9, "label": "PERSON"}]}'],
         r"line 1: span 1 \[0, 9\) is empty or outside the text"),
        (['{"text": "Rutte", "spans": [{"start": 3, "end": 3, "label": "PERSON"}]}'],
         r"line 1: span 1 \[3, 3\) is empty"),
        (['{"text": "Rutte", "spans": [{"start": 4, "end": 2, "label": "PERSON"}]}'],
         r"line 1: span 1 \[4, 2\) is empty"),
        (['{"text": "Rutte", "spans": [{"start": 0, "end": 5, "label": "P", "text": "Trump"}]}'],
         r"line 1: span 1 \[0, 5\) says 'Trump' but the text there is 'Rutte'"),
        (['{"text": "Rutte", "spans": [{"start": "0", "end": 5, "label": "P"}]}'],
         r"line 1: span 1 start must be a whole number"),
        (['', '{"text": "EU", "label": [[0, 2]]}'], r"line 2: label 1 must be \[start, end, label\]"),
        (['{"text": "EU", "entities": [], "relations": [{"from_id": 1, "to_id": 2, "type": "x"}]}'],
         r"line 1: relation 1 refers to entity 1"),
        (['', '  '], r"empty"),
    ],
)
def test_bad_jsonl_names_the_line_and_the_problem(
    tmp_path: Path, lines: list[str], message: str
) -> None:
    with pytest.raises(FormatError, match=message):
        read_path(write(tmp_path, "bad.jsonl", "\n".join(lines)))


def test_unsupported_file_types_are_refused(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="unsupported file type '.pdf'"):
        read_path(write(tmp_path, "a.pdf", b"%PDF-1.4"))


def test_a_prodigy_line_with_a_classification_label_is_read_as_prodigy(tmp_path: Path) -> None:
    line = {"text": "Rutte spoke.", "label": "POLITICS", "spans": [{"start": 0, "end": 5, "label": "PERSON"}]}
    record, = read_path(write(tmp_path, "p.jsonl", json.dumps(line)))
    assert [(span.start, span.end, span.label) for span in record.spans] == [(0, 5, "PERSON")]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "EU", "label": [[0, 2, " "]]}', r"line 1: label 1 must be \[start, end, label\]"),
        ('{"text": "Rutte \\ud83d"}', r"line 1: \"text\" holds a lone UTF-16 surrogate at offset 6"),
    ],
)
def test_lines_no_database_could_store_are_refused_by_the_reader(
    tmp_path: Path, line: str, message: str
) -> None:
    with pytest.raises(FormatError, match=message):
        read_path(write(tmp_path, "bad.jsonl", line))


def test_a_plain_text_article_ending_with_its_source_link_gets_that_url() -> None:
    from annotator.formats.plaintext import read

    seed = Path(__file__).parents[2] / "seeds" / "nato-rutte-berlin.txt"
    record = read(seed.read_bytes(), seed)[0]
    assert record.url == "https://www.khaleejtimes.com"
    # Kept as written, its no-break spaces too.
    assert record.text.rstrip().endswith("Source link:\xa0 \xa0https://www.khaleejtimes.com")
    assert read(b"Rutte spoke.\nSource: https://example.org/a?b=1\n", Path("a.txt"))[0].url == (
        "https://example.org/a?b=1"
    )
    for text in (b"Rutte spoke at https://example.org", b"Source: https://x.org\nA last paragraph."):
        assert read(text, Path("a.txt"))[0].url is None  # only a last line that says so
