"""A search query: parsed from what the user typed, turned into a safe FTS5 MATCH and a verifier."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

# Scripts written without spaces: SQLite's unicode61 tokenizer makes a whole run of them one token,
# so a word inside the run cannot be found through the index; such terms are found by scanning.
_NO_SPACE = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0002fa1f]"
)
_MARKS = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]*"
# A word edge as the index sees one: a letter or digit on one side only (underscore separates).
_WORD_START = r"(?<![^\W_])"
_WORD_END = r"(?![^\W_])"


def is_token_char(char: str) -> bool:
    """What unicode61 (remove_diacritics 2) keeps in a token: letters, digits, private use, marks."""
    category = unicodedata.category(char)
    return category[0] in "LN" or category in ("Co", "Mn")


def tokens(text: str) -> list[str]:
    """`text` cut into index tokens the way SQLite's unicode61 tokenizer cuts it."""
    found, current = [], []
    for char in text:
        if is_token_char(char):
            current.append(char)
        elif current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return found


@dataclass(frozen=True)
class Term:
    """A word or a "quoted phrase" of the query."""

    text: str
    phrase: bool = False


@dataclass(frozen=True)
class Query:
    """What to find. Words and phrases must all occur (AND); a regex query has one pattern."""

    text: str
    terms: tuple[Term, ...] = ()
    regex: bool = False
    whole_word: bool = False
    case: bool = False  # match case (and accents) exactly
    patterns: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)

    @property
    def empty(self) -> bool:
        return not self.terms

    def fully_indexed(self, positions: bool = True) -> bool:
        """Whether the index alone decides a word query (every term made of words it holds; without
        positions, each of one word only)."""
        if self.regex or not self.terms or len(self._word_parts(False)) != len(self.terms):
            return False
        return positions or all(len(tokens(term.text)) == 1 for term in self.terms)

    def fts_match(
        self, columns: str = "text", prefix_last: bool = False, positions: bool = True
    ) -> str | None:
        """An FTS5 MATCH expression whose documents are a superset of the real matches, or None
        when the index cannot narrow them (scan every document). Every token the user typed is
        inside double quotes, made only of letters, digits and marks: no operator, column filter,
        NEAR or star of theirs reaches FTS5. `positions=False` is for an index made with
        detail=none, which has no phrases nor columns: every token is ANDed, in any column."""
        parts = self._regex_parts() if self.regex else self._word_parts(prefix_last, positions)
        if not parts:
            return None
        joined = " AND ".join(parts)
        return f"{columns} : ({joined})" if positions else joined

    def _word_parts(self, prefix_last: bool, positions: bool = True) -> list[str]:
        parts = []
        for position, term in enumerate(self.terms):
            words = tokens(term.text)
            if not words or any(_NO_SPACE.search(word) for word in words):
                continue  # nothing the index holds as such: the verifier decides alone
            prefix = " *" if not self.whole_word or (prefix_last and position == len(self.terms) - 1) else ""
            if positions:
                parts.append(_quoted(words) + prefix)
            else:  # a phrase's words each whole but the last, anywhere in the document
                parts += [_quoted([word]) for word in words[:-1]] + [_quoted(words[-1:]) + prefix]
        return parts

    def _regex_parts(self) -> list[str]:
        parts = []
        for literal in required_literals(self.terms[0].text):
            words = tokens(literal)
            # A literal's first token may be the end of a longer word, its last the start of one:
            # only tokens with a separator (inside the literal) before them can be looked up.
            first_whole = 0 if literal[:1] and not is_token_char(literal[0]) else 1
            last_whole = literal[-1:] and not is_token_char(literal[-1])
            for index in range(first_whole, len(words)):
                word = words[index]
                if _NO_SPACE.search(word):
                    continue
                is_last = index == len(words) - 1
                parts.append(_quoted([word]) + ("" if last_whole or not is_last else " *"))
        return parts

    def matches(self, text: str) -> list[tuple[int, int]]:
        """Every match in `text` as (start, end) code-point offsets, in order; [] unless every term
        occurs (words AND phrases). Overlapping hits of different terms are all kept."""
        if self.empty:
            return []
        haystack = text if self.case or self.regex else fold_accents(text)
        found: list[tuple[int, int]] = []
        for pattern in self.patterns:
            hits = [(m.start(), m.end()) for m in pattern.finditer(haystack) if m.end() > m.start()]
            if not hits:
                return []
            found += hits
        return sorted(set(found))


def parse_query(text: str, *, regex: bool = False, whole_word: bool = False, case: bool = False) -> Query:
    """Read a query: words, "quoted phrases" (an unclosed quote runs to the end), or a regular
    expression (`/pattern/` or `regex=True`). Raises ValueError for a bad regular expression."""
    stripped = text.strip()
    if not regex and len(stripped) >= 2 and stripped.startswith("/") and stripped.endswith("/"):
        regex, stripped = True, stripped[1:-1]
    terms: tuple[Term, ...]
    if regex:
        terms = (Term(stripped),) if stripped else ()
    else:
        terms = tuple(_split_terms(stripped))
    query = Query(text, terms, regex, whole_word, case)
    return Query(text, terms, regex, whole_word, case, _patterns(query))


def _split_terms(text: str) -> Iterator[Term]:
    position = 0
    while position < len(text):
        char = text[position]
        if char.isspace():
            position += 1
        elif char in "\"“”„":
            close = re.compile("[\"“”]").search(text, position + 1)
            end = close.start() if close else len(text)
            phrase = " ".join(text[position + 1:end].split())
            if phrase:
                yield Term(phrase, phrase=True)
            position = end + 1
        else:
            end = position
            while end < len(text) and not text[end].isspace() and text[end] not in "\"“”„":
                end += 1
            yield Term(text[position:end])
            position = end


def _patterns(query: Query) -> tuple[re.Pattern[str], ...]:
    flags = 0 if query.case else re.IGNORECASE
    if query.regex:
        if not query.terms:
            return ()
        pattern = query.terms[0].text
        if query.whole_word:
            pattern = f"{_WORD_START}(?:{pattern}){_WORD_END}"
        try:
            return (re.compile(pattern, flags),)
        except re.error as error:
            raise ValueError(f"bad regular expression {pattern!r}: {error}") from None
    return tuple(re.compile(_term_pattern(term, query), flags) for term in query.terms)


def _term_pattern(term: Term, query: Query) -> str:
    """A term as a regex over (accent-folded) text: spaces match any run of white space, and
    combining accents may follow any character, as the index ignores them too."""
    text = term.text if query.case else fold_accents(term.text)
    pieces = []
    for char in text:
        if char.isspace():
            pieces.append(r"\s+")
        else:
            pieces.append(re.escape(char) + ("" if query.case else _MARKS))
    body = "".join(pieces)
    # Words match from their start (the index finds token prefixes); whole-word ends them too.
    # Text without spaces between words (CJK, Thai) has no word edges to hold to.
    if _NO_SPACE.search(text):
        return body
    start = _WORD_START if is_token_char(text[0]) else ""
    end = _WORD_END if query.whole_word and is_token_char(text[-1]) else ""
    return start + body + end


def required_literals(pattern: str) -> list[str]:
    """Runs of plain characters every match of `pattern` must contain (top level only, never in
    an alternative or an optional part); [] when there is none or the pattern cannot be read."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern)
    except Exception:  # noqa: BLE001 - a private module: without it, scan instead of narrowing
        return []
    literal_code = _parser.LITERAL
    runs: list[str] = []
    current: list[str] = []
    for op, argument in parsed:
        if op is literal_code:
            current.append(chr(argument))
            continue
        if current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return runs


def _quoted(words: list[str]) -> str:
    return '"' + " ".join(word.replace('"', '""') for word in words) + '"'


def fold_accents(text: str) -> str:
    """`text` with accented letters as their base letter, one code point for one (offsets keep)."""
    if text.isascii():
        return text
    return text.translate(_FOLD)


class _FoldTable(dict[int, int]):
    """str.translate's table, filled as characters are met: each is decomposed once per process."""

    def __missing__(self, code: int) -> int:
        decomposed = unicodedata.normalize("NFD", chr(code))
        folded = code
        if len(decomposed) > 1 and all(unicodedata.category(c) == "Mn" for c in decomposed[1:]):
            folded = ord(decomposed[0])
        self[code] = folded
        return folded


_FOLD = _FoldTable()


_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(frozen=True)
class DocumentFilter:
    """Which documents a search looks in; every part given must hold (empty: all documents)."""

    statuses: tuple[str, ...] = ()
    label_present: tuple[str, ...] = ()  # a span label or a document label, any case
    label_absent: tuple[str, ...] = ()
    annotator: str | None = None  # made a span, a document label or a status change there
    source: str | None = None  # part of the document's source, any case
    since: str | None = None  # published on or after: YYYY, YYYY-MM or YYYY-MM-DD
    until: str | None = None  # published on or before (a whole year or month when shorter)

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not _DATE.fullmatch(value):
                raise ValueError(f"--{name}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")


@dataclass(frozen=True)
class SpanQuery:
    """Which spans to list: every part given must hold."""

    label: str | None = None
    linked_text: str | None = None  # a linked span's text (speaker, claimant) contains this, any case
    linked: bool | None = None  # True: has a link (either end); False: has none ("not yet linked")
    has_note: bool | None = None
    attributes: tuple[tuple[str, str], ...] = ()  # key=value, the value compared in any case
    annotator: str | None = None


def parse_attribute(text: str) -> tuple[str, str]:
    """`key=value` as a pair; ValueError naming what is wrong otherwise."""
    key, equals, value = text.partition("=")
    if not equals or not key.strip():
        raise ValueError(f"--attribute {text!r}: write it as key=value")
    return key.strip(), value.strip()


def attribute_text(value: object) -> str:
    """An attribute's value as the user types it: true/false, null, numbers and strings as written."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)
