"""Offsets: line-ending normalisation, UTF-16 conversion and tokenising over hard Unicode."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.offsets import Utf16Offsets
from annotator.core.text import normalise_newlines
from annotator.core.tokens import snap_to_tokens, token_bounds, tokenize

# Characters that break other tools' offsets: emoji (astral, ZWJ sequences), combining marks,
# right-to-left text, NBSP, line and paragraph separators, CR and CRLF.
HARD_PIECES = [
    "Café", "e\u0301", "🙂", "👩\u200d👩\u200d👧", "🇩🇪", "مرحبا", "שלום", "\u00a0", "\u2028", "\r\n",
    "\r", "\n", " ", "Rutte", "Nato's", "2017-2021", "“", "”", "—", "\t", "x", "東京",
]
hard_text = st.lists(st.sampled_from(HARD_PIECES), max_size=40).map("".join)


def test_crlf_and_lone_cr_become_lf_and_offsets_follow() -> None:
    text, remap = normalise_newlines("ab\r\ncd\ref\r\n")
    assert text == "ab\ncd\nef\n"
    assert [remap(offset) for offset in (0, 2, 4, 6, 7, 8, 11)] == [0, 2, 3, 5, 6, 7, 9]


def test_text_without_cr_is_returned_untouched() -> None:
    original = "Café\u00a0🙂\u2028x"
    text, remap = normalise_newlines(original)
    assert text is original and remap(5) == 5


@given(hard_text)
def test_normalised_text_keeps_every_character_except_carriage_returns(raw: str) -> None:
    text, remap = normalise_newlines(raw)
    assert "\r" not in text
    assert text.replace("\n", "") == raw.replace("\r", "").replace("\n", "")
    for offset in range(len(raw) + 1):
        # A character that survives lands at its remapped offset.
        if offset < len(raw) and raw[offset] not in "\r\n":
            assert text[remap(offset)] == raw[offset]


def test_utf16_positions_count_emoji_twice() -> None:
    text = "Café 🙂 says"
    offsets = Utf16Offsets(text)
    assert offsets.to_utf16(7) == 8
    assert offsets.from_utf16(8) == 7
    assert offsets.utf16_length == len(text.encode("utf-16-le")) // 2


@given(hard_text)
def test_utf16_conversion_round_trips_and_matches_the_encoding(text: str) -> None:
    offsets = Utf16Offsets(text)
    for offset in range(len(text) + 1):
        utf16 = offsets.to_utf16(offset)
        assert utf16 == len(text[:offset].encode("utf-16-le")) // 2
        assert offsets.from_utf16(utf16) == offset


def test_utf16_conversion_is_exact_across_lazy_scan_chunks_in_any_order() -> None:
    # Astral characters are found lazily in 64K chunks: queries far, then near, then past a chunk
    # edge must all agree with the encoding.
    import random

    import annotator.core.offsets as offsets_module

    text = "".join(("a🙂 é ", "𝒳 word ", "plain text ")[i % 3] for i in range(30_000))
    assert len(text) > 3 * offsets_module._CHUNK
    rng = random.Random(3)
    queries = [len(text), 0, offsets_module._CHUNK, offsets_module._CHUNK + 1] + [
        rng.randrange(len(text) + 1) for _ in range(300)
    ]
    for order in (queries, sorted(queries)):
        offsets = Utf16Offsets(text)
        for offset in order:
            utf16 = offsets.to_utf16(offset)
            assert utf16 == len(text[:offset].encode("utf-16-le")) // 2
        fresh = Utf16Offsets(text)
        for offset in order:
            assert fresh.from_utf16(len(text[:offset].encode("utf-16-le")) // 2) == offset
    assert Utf16Offsets(text).utf16_length == len(text.encode("utf-16-le")) // 2


def test_tokens_keep_combining_marks_and_emoji_sequences_whole() -> None:
    text = "Cafe\u0301 👩\u200d👩\u200d👧 said 🇩🇪 Nato's"
    tokens = [token.text for token in tokenize(text)]
    assert tokens == ["Cafe\u0301", "👩\u200d👩\u200d👧", "said", "🇩", "🇪", "Nato", "'", "s"]


@settings(max_examples=300)
@given(hard_text, st.lists(st.tuples(st.integers(0, 400), st.integers(1, 400)), max_size=6))
def test_tokens_cover_text_in_order_and_every_span_aligns(text: str, raw_spans: list) -> None:
    spans = []
    for a, length in raw_spans:
        if len(text) > 0:
            start = a % len(text)
            spans.append((start, min(len(text), start + length)))
    bounds = token_bounds(text, spans)
    previous_end = 0
    for start, end in bounds:
        assert previous_end <= start < end
        assert text[previous_end:start].strip() == ""  # only whitespace is left out
        previous_end = end
    assert text[previous_end:].strip() == ""
    token_starts = {start for start, _ in bounds}
    token_ends = {end for _, end in bounds}
    for start, end in spans:
        assert start in token_starts and end in token_ends, (start, end, bounds)


def test_snap_widens_to_whole_tokens_and_trims_whitespace() -> None:
    text = "Mark Rutte, who spoke in Berlin"
    assert snap_to_tokens(text, 2, 7) == (0, 10)  # "rk Ru" -> "Mark Rutte"
    assert snap_to_tokens(text, 24, 31) == (25, 31)  # " Berlin" -> "Berlin"
    assert snap_to_tokens(text, 10, 12) == (10, 11)  # ", " -> ","
    assert snap_to_tokens(text, 11, 12) == (12, 12)  # whitespace only: nothing


def test_snap_never_cuts_an_emoji_or_combining_mark() -> None:
    text = "x Cafe\u0301 y"
    assert snap_to_tokens(text, 3, 6) == (2, 7)
