"""Turning a file's bytes into text: BOMs, UTF-8, legacy 8-bit encodings, and refusing binaries."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from annotator.formats.errors import FormatError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that never appear in real text (tab, newlines and form feed are fine).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
# In Western European text, bytes above 0x7F (accents, curly quotes, dashes) are a minority of the
# letters; in Cyrillic, Greek or CJK 8-bit text nearly every letter has the high bit set.
_WESTERN_HIGH_BYTE_SHARE = 0.3


def decode_bytes(data: bytes, notes: list[str] | None = None) -> str:
    """Decode a text file's content, or raise FormatError saying why it is not text.

    When the bytes are not UTF-8 and another encoding is guessed, `notes` gets a warning saying so:
    a guess can be wrong (accented letters turned into others), and the user should know to check."""
    if not data.strip():
        raise FormatError("the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding))
            except UnicodeDecodeError as error:
                raise FormatError(f"not valid {encoding.upper()} despite its byte-order mark "
                                  f"(byte {error.start})") from error
    if b"\x00" in data:
        raise FormatError("a binary file, not text")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        bad_byte = error.start
    # charset-normalizer names cp1250 or cp775 for short Windows-1252 news text (measured on French,
    # German and Spanish samples), so Windows-1252 is tried first when the bytes look Western.
    if _looks_western(data):
        try:
            text = _checked(data.decode("cp1252"))
        except UnicodeDecodeError:
            pass
        else:
            _note(notes, bad_byte, "Windows-1252 (cp1252)")
            return text
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise FormatError("undecodable text: not UTF-8 and no other encoding fits")
    text = _checked(str(best))
    _note(notes, bad_byte, best.encoding)
    return text


def _note(notes: list[str] | None, bad_byte: int, encoding: str) -> None:
    if notes is not None:
        notes.append(f"not valid UTF-8 (byte {bad_byte}): read as {encoding}, a guess; "
                     "check accented letters and quotes")


def _looks_western(data: bytes) -> bool:
    high = sum(1 for byte in data if byte > 0x7F)
    ascii_letters = sum(1 for byte in data if 0x41 <= byte <= 0x5A or 0x61 <= byte <= 0x7A)
    return high <= _WESTERN_HIGH_BYTE_SHARE * (high + ascii_letters)


def _checked(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise FormatError("the file is empty")
    controls = len(_CONTROL.findall(text, 0, 65536))
    if controls > max(2, len(text[:65536]) // 100):
        raise FormatError("a binary file, not text")
    return text
