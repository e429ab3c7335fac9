"""Pattern files as a suggestion source: spaCy/Prodigy JSONL patterns and plain gazetteers.

- `.jsonl` (or `.json` lines): one `{"label": "ORG", "pattern": ...}` per line, as spaCy's entity ruler
  and Prodigy read them. `pattern` is an exact string ("European Central Bank", case as written) or
  a list of token objects: ORTH/TEXT, LOWER, SHAPE, LENGTH (a value, or {"IN": [...]},
  {"NOT_IN": [...]}, {"REGEX": "..."}), IS_TITLE, IS_DIGIT, IS_PUNCT, IS_ALPHA, IS_UPPER, IS_LOWER
  (true/false), and OP "!", "?", "*", "+". Other keys of a line ("id") are ignored.
- anything else (`.txt`): a gazetteer, one name per line, matched exactly as written. Its label is
  the file's name without extension ("person.txt" -> PERSON, "GPE.cities.txt" -> GPE: the part
  before the first dot), unless a line `# label: ORG` at the top says otherwise. Blank lines and
  other lines starting with `#` are skipped.

Matches start and end on whole tokens of our tokenizer (annotator.core.tokens), never cross a line
break, and overlapping ones are thinned as spaCy's entity ruler does (longest first).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path

from annotator.core.suggestions import SuggestionDraft
from annotator.core.token_matcher import (
    PatternError,
    PhraseIndex,
    TokenPattern,
    compile_token_pattern,
    longest_match,
    remove_overlaps,
    text_tokens,
    where,
)

_LABEL_LINE = re.compile(r"#\s*label\s*:\s*(\S.*?)\s*$", re.IGNORECASE)
JSONL_SUFFIXES = (".jsonl", ".json", ".ndjson")


class PatternFileError(ValueError):
    """A pattern file that cannot be used; the message names the file and the line."""


@dataclass
class PatternSet:
    """The patterns of one file, ready to match."""

    name: str  # the file's name: the suggestion source is "patterns:" + name
    phrases: PhraseIndex = field(default_factory=PhraseIndex)
    anchored: dict[tuple[str, str], list[tuple[TokenPattern, str]]] = field(default_factory=dict)
    floating: list[tuple[TokenPattern, str]] = field(default_factory=list)
    # The anchored patterns by the first token's text (ORTH) or lower-case text (LOWER).
    _by_orth: dict[str, list[tuple[TokenPattern, str]]] = field(default_factory=dict)
    _by_lower: dict[str, list[tuple[TokenPattern, str]]] = field(default_factory=dict)

    @property
    def labels(self) -> set[str]:
        found = {label for _, label in self.phrases.entries()}
        found |= {label for entries in self.anchored.values() for _, label in entries}
        return found | {label for _, label in self.floating}

    def __len__(self) -> int:
        return self.phrases.size + sum(map(len, self.anchored.values())) + len(self.floating)

    def add_token_pattern(self, pattern: TokenPattern, label: str) -> None:
        if pattern.first_literal is not None:
            self.anchored.setdefault(pattern.first_literal, []).append((pattern, label))
            kind, literal = pattern.first_literal
            by_kind = self._by_orth if kind == "ORTH" else self._by_lower
            by_kind.setdefault(literal, []).append((pattern, label))
        else:
            self.floating.append((pattern, label))

    def relabel(self, mapping: dict[str, str]) -> PatternSet:
        """The same patterns under the project's spelling of each label (none: left out)."""
        renamed = PatternSet(self.name)
        for phrase, label in self.phrases.entries():
            if label in mapping:
                renamed.phrases.add(phrase, mapping[label])
        for entries in self.anchored.values():
            for pattern, label in entries:
                if label in mapping:
                    renamed.add_token_pattern(pattern, mapping[label])
        for pattern, label in self.floating:
            if label in mapping:
                renamed.add_token_pattern(pattern, mapping[label])
        return renamed

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, label) of every match in `text`, overlaps thinned (longest first)."""
        tokens = text_tokens(text)
        found = self.phrases.matches(text, tokens)
        if not (self.anchored or self.floating):
            return remove_overlaps(found)
        starts, ends, texts = tokens.starts, tokens.ends, tokens.texts
        # Where each pattern may start, found with set lookups rather than a test per token and pattern.
        at: list[tuple[int, list[tuple[TokenPattern, str]]]] = []
        if self._by_orth:
            at += [(index, self._by_orth[texts[index]]) for index in where(texts, self._by_orth)]
        if self._by_lower:
            lowered = list(map(str.lower, texts))
            at += [(index, self._by_lower[lowered[index]]) for index in where(lowered, self._by_lower)]
        for entry in self.floating:
            test = entry[0].first_test
            indexes = range(len(texts)) if test is None else compress(range(len(texts)), map(test, texts))
            at += [(index, [entry]) for index in indexes]
        for index, entries in at:
            for pattern, label in entries:
                after = longest_match(pattern, tokens, index)
                if after is not None:
                    found.append((starts[index], ends[after - 1], label))
        return remove_overlaps(found)


def load_patterns(path: Path) -> PatternSet:
    """Read a pattern file (JSONL) or a gazetteer (any other extension); PatternFileError if bad."""
    try:
        content = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise PatternFileError(f"{path}: no such pattern file") from error
    except (OSError, UnicodeDecodeError) as error:
        raise PatternFileError(f"{path}: cannot be read as UTF-8 text ({error})") from error
    patterns = PatternSet(path.name)
    if path.suffix.lower() in JSONL_SUFFIXES:
        _read_jsonl(path, content, patterns)
    else:
        _read_gazetteer(path, content, patterns)
    if not len(patterns):
        raise PatternFileError(f"{path}: has no patterns")
    return patterns


def _read_jsonl(path: Path, content: str, patterns: PatternSet) -> None:
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}: line {number}"
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as error:
            raise PatternFileError(f"{where}: not JSON ({error.msg})") from error
        if not isinstance(entry, dict):
            raise PatternFileError(f"{where}: each line is an object with \"label\" and \"pattern\"")
        label, pattern = entry.get("label"), entry.get("pattern")
        if not isinstance(label, str) or not label.strip():
            raise PatternFileError(f"{where}: \"label\" must be a non-empty string")
        label = label.strip()
        if isinstance(pattern, str):
            if not patterns.phrases.add(pattern, label) and not pattern.strip():
                raise PatternFileError(f"{where}: the pattern is empty")
        elif isinstance(pattern, list):
            try:
                patterns.add_token_pattern(compile_token_pattern(pattern), label)
            except PatternError as error:
                raise PatternFileError(f"{where}: {error}") from error
        else:
            raise PatternFileError(f"{where}: \"pattern\" must be a string or a list of token objects")


def _read_gazetteer(path: Path, content: str, patterns: PatternSet) -> None:
    lines = content.splitlines()
    label = path.name.split(".")[0].strip()
    first = next((line for line in lines if line.strip()), "")
    declared = _LABEL_LINE.match(first.strip())
    if declared:
        label = declared.group(1)
    if not label:
        raise PatternFileError(f"{path}: no label: name the file after it (PERSON.txt) or start it "
                               "with a line '# label: PERSON'")
    for line in lines:
        name = line.strip()
        if name and not name.startswith("#"):
            patterns.phrases.add(name, label)


class PatternSuggester:
    """Suggests every match of one pattern file; source "patterns:FILE" (the file's name)."""

    def __init__(self, patterns: PatternSet) -> None:
        self.patterns = patterns
        self.source = f"patterns:{patterns.name}"

    def suggest(self, text: str, mentions: Sequence[tuple[int, int, str]] = ()) -> list[SuggestionDraft]:
        return [SuggestionDraft(start, end, label, self.source)
                for start, end, label in self.patterns.matches(text)]
