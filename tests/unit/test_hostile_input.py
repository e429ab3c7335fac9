"""Hostile and broken input (issue 10): deep nesting, pipes and devices, size limits and zlib bombs,
file names that are not text, and the smaller cases a reader got wrong."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.formats import FormatError, read_path
from annotator.formats.file_names import safe_name
from annotator.formats.limits import DEFAULT_LIMITS, MB, parse_size
from annotator.importing import collect_paths, describe_special, import_paths
from annotator.store import Project

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
DEEP = "[" * 100_000 + "]" * 100_000


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail a test that hangs (opening a pipe waits for a writer forever) instead of hanging with it."""
    def expired(_signal: int, _frame: object) -> None:
        raise TimeoutError("still reading after 20 s: the import hangs")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def good_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Mark Rutte spoke in Berlin.", "utf-8")
    return folder


# --- 8. deep nesting, pipes, devices ----------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "message"), [
    ("deep.jsonl", DEEP + "\n", "line 1: JSON nested too deeply"),
    ("deep.json", DEEP, "JSON nested too deeply"),
    ("meta.jsonl", '{"text": "Rutte", "meta": ' + "[" * 5000 + "]" * 5000 + "}\n", "nested too deeply"),
])
def test_json_nested_100000_levels_deep_is_refused_not_a_recursion_error(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, "utf-8")
    with pytest.raises(FormatError, match=message):
        read_path(path)


def test_deep_json_fails_alone_in_a_folder_import(tmp_path: Path) -> None:
    folder = good_folder(tmp_path)
    (folder / "deep.json").write_text(DEEP, "utf-8")
    with Project(tmp_path / "p.sqlite") as project:
        report = import_paths(project, [folder])
    assert report.added == 1
    assert [(outcome.path.name, outcome.error) for outcome in report.failures] == [
        ("deep.json", "JSON nested too deeply to read (over a thousand levels)")]


def nested(levels: int) -> object:
    value: object = "bottom"
    for _ in range(levels):
        value = [value]
    return value


def test_metadata_too_deep_for_an_export_is_refused_at_import(tmp_path: Path) -> None:
    from annotator.exporting import export_to_path

    path = tmp_path / "meta.jsonl"
    path.write_text(json.dumps({"text": "Rutte spoke.", "meta": {"x": nested(300)}}) + "\n"
                    + json.dumps({"text": "Scholz spoke.", "meta": {"x": nested(50)}}) + "\n", "utf-8")
    with pytest.raises(FormatError, match=r"^line 1: metadata nested over 100 levels deep"):
        read_path(path)
    path.write_text(json.dumps({"text": "Scholz spoke.", "meta": {"x": nested(50)}}) + "\n", "utf-8")
    with Project(tmp_path / "p.sqlite") as project:
        assert import_paths(project, [path]).added == 1
        for format_name in ("jsonl", "labelstudio", "doccano"):
            export_to_path(project, format_name, tmp_path / f"out.{format_name}")


@posix_only
def test_a_named_pipe_in_a_folder_is_skipped_and_counted_not_waited_on(
    tmp_path: Path, deadline: None
) -> None:
    folder = good_folder(tmp_path)
    os.mkfifo(folder / "pipe.txt")
    with Project(tmp_path / "p.sqlite") as project:
        report = import_paths(project, [folder])
    assert report.added == 1 and report.failures == []
    assert report.special == [folder / "pipe.txt"]
    assert describe_special(report.special) == "1 special file left out (a named pipe: not regular files)"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_link_to_dev_zero_in_a_folder_is_never_read(tmp_path: Path) -> None:
    folder = good_folder(tmp_path)
    (folder / "zero.txt").symlink_to("/dev/zero")
    special: list[Path] = []
    # Asked before any import: today's code would read /dev/zero until memory runs out.
    files, problems = collect_paths([folder], [], special)
    assert (files, problems, special) == ([folder / "good.txt"], [], [folder / "zero.txt"])
    with Project(tmp_path / "p.sqlite") as project:
        report = import_paths(project, [folder])
    assert report.added == 1 and report.special == [folder / "zero.txt"]
    assert "a character device" in describe_special(report.special)


@posix_only
def test_a_directly_named_pipe_or_device_is_refused_in_one_line(tmp_path: Path, deadline: None) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    with pytest.raises(FormatError, match=r"^a named pipe, not a regular file; not read$"):
        read_path(pipe)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    files, problems = collect_paths([pipe, zero])
    assert files == []
    assert [outcome.error for outcome in problems] == [
        "a named pipe, not a regular file; not read", "a character device, not a regular file; not read"]


@posix_only
def test_a_pipe_beside_a_brat_text_is_refused_not_waited_on(tmp_path: Path, deadline: None) -> None:
    (tmp_path / "doc.txt").write_text("Alice met Bob.", "utf-8")
    os.mkfifo(tmp_path / "doc.ann")
    with pytest.raises(FormatError, match=r"doc\.ann: a named pipe, not a regular file"):
        read_path(tmp_path / "doc.txt", "brat")


# --- 9. size limits, bounded decompression ------------------------------------------------------


def sparse(path: Path, size: int) -> Path:
    """A file that says it is `size` bytes without taking the disk (or the time) to write them."""
    with path.open("wb") as file:
        file.truncate(size)
    return path


def test_a_file_past_its_format_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANNOTATOR_MAX_SIZE", raising=False)
    page = sparse(tmp_path / "huge.html", DEFAULT_LIMITS["html"] + MB)

    def never_opened(*args: object) -> None:
        raise AssertionError("opened: the size is known from a stat")

    monkeypatch.setattr(os, "open", never_opened)
    with pytest.raises(FormatError, match=r"^11 MB, past the 10 MB limit for html files; raise the limit "
                                          r"with --max-size or ANNOTATOR_MAX_SIZE$"):
        read_path(page)


def test_the_limit_can_be_raised_by_option_or_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Mark Rutte spoke in Berlin. " * 100, "utf-8")  # 2,800 bytes
    with pytest.raises(FormatError, match="2.8 kB, past the 1 kB limit for text files"):
        read_path(path, max_size=1000)
    monkeypatch.setenv("ANNOTATOR_MAX_SIZE", "1kB")
    with pytest.raises(FormatError, match="past the 1 kB limit"):
        read_path(path)
    assert read_path(path, max_size=parse_size("1MB"))[0].text.startswith("Mark Rutte")
    monkeypatch.setenv("ANNOTATOR_MAX_SIZE", "lots")
    with pytest.raises(FormatError, match="ANNOTATOR_MAX_SIZE: cannot read 'lots' as a size"):
        read_path(path)


@pytest.mark.parametrize(("text", "size"), [
    ("500MB", 500 * MB), ("1.5GB", 1_500 * MB), ("64MiB", 64 * 2**20), ("2048", 2048), (" 10 mb ", 10 * MB)])
def test_sizes_read_as_people_write_them(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "MB", "-5MB", "0", "5 parsecs"])
def test_sizes_that_are_not_sizes_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="cannot read .* as a size"):
        parse_size(text)


def zlib_bomb(path: Path, megabytes: int) -> Path:
    """A file of a few hundred kB that inflates to `megabytes` of zeros (built a MB at a time)."""
    compressor = zlib.compressobj(9)
    with path.open("wb") as file:
        for _ in range(megabytes):
            file.write(compressor.compress(bytes(MB)))
        file.write(compressor.flush())
    return path


def test_a_spacy_zlib_bomb_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    import annotator.formats.spacy_docbin  # noqa: F401 - spaCy's own start-up is not what is measured

    bomb = zlib_bomb(tmp_path / "bomb.spacy", 100)  # inflating 4 GB took 14 s and 8.3 GB before
    assert bomb.stat().st_size < MB
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(FormatError, match=r"^decompresses past 50 MB; raise the limit with --max-size"):
            read_path(bomb, max_size=50 * MB)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * MB, f"{peak / MB:.0f} MB held to refuse it"
    assert time.perf_counter() - started < 5


def test_a_spacy_file_within_the_limit_still_imports(tmp_path: Path) -> None:
    from spacy.tokens import Doc, DocBin
    from spacy.vocab import Vocab

    doc = Doc(Vocab(), words=["Mark", "Rutte", "spoke", "."], spaces=[True, True, False, False])
    doc.ents = [doc.char_span(0, 10, label="PERSON")]
    path = tmp_path / "ok.spacy"
    path.write_bytes(DocBin(docs=[doc]).to_bytes())
    record, = read_path(path)
    assert (record.text, [(span.start, span.end, span.label) for span in record.spans]) == (
        "Mark Rutte spoke.", [(0, 10, "PERSON")])
    size = path.stat().st_size
    with pytest.raises(FormatError, match=f"decompresses past {size} bytes"):
        read_path(path, max_size=size)


# --- 10. file names ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "shown"), [
    ("plain name.txt", "plain name.txt"),
    ("évènement 🙂.txt", "évènement 🙂.txt"),
    ("two\nlines.txt", "two\\nlines.txt"),
    ("\x1b[31mred\x1b[0m.txt", "\\x1b[31mred\\x1b[0m.txt"),
    ("tab\there\r.txt", "tab\\there\\r.txt"),
    ("invoice\u202eexe.txt", "invoice\\u202eexe.txt"),  # right-to-left override: "invoicetxt.exe"
    (os.fsdecode(b"caf\xe9.txt") if sys.platform != "win32" else "caf\udce9.txt", "caf\\xe9.txt"),
])
def test_file_names_are_shown_with_control_characters_and_bad_bytes_escaped(name: str, shown: str) -> None:
    assert safe_name(name) == shown


@pytest.mark.skipif(sys.platform != "linux", reason="only Linux file systems take names that are not UTF-8")
def test_a_file_named_with_undecodable_bytes_still_imports_and_is_named_safely(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9")
    (folder / f"{name}.txt").write_text("word " * 100, "utf-8")  # too long for a title: the name is it
    (folder / f"{name}.jsonl").write_text('{"text": "Rutte spoke."}\n', "utf-8")
    with Project(tmp_path / "p.sqlite") as project:
        report = import_paths(project, [folder])
        assert report.failures == [] and report.added == 2
        documents = sorted(project.documents(), key=lambda document: document.source or "")
    assert [document.source for document in documents] == ["in/caf\\xe9.jsonl", "in/caf\\xe9.txt"]
    assert documents[1].title == "caf\\xe9"


# --- 11. smaller ----------------------------------------------------------------------------


def test_a_negative_brat_offset_is_reported_as_written(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("Alice met Bob in Berlin.\n", "utf-8")
    (tmp_path / "doc.ann").write_text("T1\tPERSON -5 3\tAlice\n", "utf-8")
    with pytest.raises(FormatError, match=r"doc\.ann: line 1: T1 \[-5, 3\) is empty or outside the text"):
        read_path(tmp_path / "doc.txt")


@pytest.mark.parametrize("page", [
    "<html><head><title>Menu</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
    "<li><a href='/world'>World</a></li><li><a href='/menu'>Menu</a></li></ul></nav></body></html>",
    "<html><body><header>Daily News</header><div role='navigation'><a href='/'>Home</a> "
    "<a href='/sport'>Sport</a></div><footer>© 2024 Daily News</footer></body></html>",
])
def test_a_page_of_navigation_only_is_not_an_article(tmp_path: Path, page: str) -> None:
    path = tmp_path / "menu.html"
    path.write_text(page, "utf-8")
    with pytest.raises(FormatError, match="no article text found"):
        read_path(path)


def test_a_short_page_with_a_paragraph_beside_its_menu_still_imports(tmp_path: Path) -> None:
    path = tmp_path / "short.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav><main><p>Mark Rutte spoke in Berlin "
                    "on Tuesday.</p></main></body></html>", "utf-8")
    record, = read_path(path)
    assert "Mark Rutte spoke in Berlin" in record.text


def test_text_that_is_not_utf8_says_which_encoding_was_guessed(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Der Bürgermeister sagte: „Wir schaffen das.“ Straße, 5 €".encode("cp1252"))
    record, = read_path(path)
    assert record.text.startswith("Der Bürgermeister")
    assert record.warnings == ["not valid UTF-8 (byte 5): read as Windows-1252 (cp1252), a guess; "
                               "check accented letters and quotes"]
    utf8 = tmp_path / "fine.txt"
    utf8.write_text("Der Bürgermeister sagte.", "utf-8")
    assert read_path(utf8)[0].warnings == []


def test_a_label_studio_file_of_one_task_object_is_a_list_of_one(tmp_path: Path) -> None:
    path = tmp_path / "task.json"
    path.write_text(json.dumps({"data": {"text": "Mark Rutte spoke."}, "annotations": [{"result": [
        {"id": "a", "type": "labels", "value": {"start": 0, "end": 10, "labels": ["PERSON"]}}]}]}), "utf-8")
    record, = read_path(path)
    assert [(span.start, span.end, span.label) for span in record.spans] == [(0, 10, "PERSON")]
