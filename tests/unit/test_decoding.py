"""Decoding files: BOMs, UTF-8, UTF-16, Windows-1252 and friends; binaries and empties refused."""

from __future__ import annotations

import codecs

import pytest

from annotator.formats.decoding import decode_bytes
from annotator.formats.errors import FormatError

ARTICLE = "Rutte said “Nato will stay united” – in Berlin, café 🙂.\n"


@pytest.mark.parametrize(
    "data",
    [
        ARTICLE.encode("utf-8"),
        codecs.BOM_UTF8 + ARTICLE.encode("utf-8"),
        ARTICLE.encode("utf-16"),  # with BOM, native order
        codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"),
        codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16-be", "utf16-le"],
)
def test_unicode_encodings_decode_exactly(data: bytes) -> None:
    assert decode_bytes(data) == ARTICLE


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Der Bürgermeister sagte: „Wir schaffen das.“ Straße, 5 €", "cp1252"),
        ("Il a dit « très bien » à l'école — déjà.", "cp1252"),
        ("Señor Muñoz’s año", "cp1252"),
        ("Привет, как дела? Москва заявила сегодня о новых мерах.", "cp1251"),
    ],
)
def test_legacy_8bit_text_decodes_correctly(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding)) == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\n\t ", "empty"),
        (codecs.BOM_UTF8, "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"\x7fELF\x02\x01\x01" + bytes(range(32)) * 4, "binary"),
        (bytes(range(128, 256)) * 4, "undecodable"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        decode_bytes(data)
