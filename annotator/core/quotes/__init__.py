"""Finds direct and indirect quotes in news text and links each to its speaker, without a model."""

from __future__ import annotations

import re
from collections.abc import Sequence

from annotator.core.quotes.direct import Group, direct_groups
from annotator.core.quotes.found import FoundQuote, FoundSpeaker
from annotator.core.quotes.indirect import Indirect, find_indirect
from annotator.core.quotes.marks import find_quoted
from annotator.core.quotes.names import STOP, name_runs
from annotator.core.quotes.sentences import Sentences
from annotator.core.quotes.subjects import Mentions, Subject, person_before

__all__ = ["FoundQuote", "FoundSpeaker", "find_quotes"]

# How far back "he said" looks for the person it means when no quote has named a speaker yet.
LOOK_BACK = 2000


def find_quotes(text: str, mentions: Sequence[tuple[int, int]] = ()) -> list[FoundQuote]:
    """Direct and indirect quotes in `text`, in order, each with its speaker when one is found.

    mentions: optional (start, end) of entity spans already known in the text (PERSON/ORG spans an
    annotator tagged), which the speaker finder prefers over its own name guessing.
    """
    if not text.strip():
        return []
    sentences = Sentences(text)
    known = Mentions(mentions)
    quoted = find_quoted(text)
    groups = direct_groups(text, quoted, sentences, known)
    used_verbs = {
        attribution.verb[0]
        for group in groups
        for part in group.parts
        for attribution in (part.before, part.after)
        if attribution is not None
    }
    inner = [(q.start, q.end) for q in quoted]
    indirect = find_indirect(text, sentences, known, inner, used_verbs)
    return _Resolver(text, known, inner).resolve(groups, indirect)


# A sentence that opens with someone described and a verb: "The waiter returns", "A fisherman said".
_DESCRIBED = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))((?:The|A|An) ([a-z]+))\s+[a-z]+(?:s|ed)\b", re.MULTILINE)
_SINGULAR = frozenset("he she er sie il elle".split())


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


class _Resolver:
    """Gives every quote its speaker in reading order: "she said" means the person named last."""

    def __init__(self, text: str, mentions: Mentions, inner: list[tuple[int, int]]) -> None:
        self.text = text
        self.mentions = mentions
        self.inner = inner
        self.last: tuple[int, int] | None = None  # the last speaker named
        self.last_at = 0  # where that speaker's quote was
        self.surnames: set[str] = set()
        self._runs: list[tuple[int, int]] | None = None

    def resolve(self, groups: list[Group], indirect: list[Indirect]) -> list[FoundQuote]:
        items: list[tuple[int, Group | Indirect]] = [(g.parts[0].quoted.opening, g) for g in groups]
        items += [(min(i.start, i.verb), i) for i in indirect]
        items.sort(key=lambda item: item[0])
        found: list[FoundQuote] = []
        number = 0
        for at, item in items:
            if isinstance(item, Indirect):
                speaker = self._speaker(item.subject, at)
                found.append(FoundQuote(item.start, item.end, "indirect", speaker, None))
                continue
            attribution = item.attribution
            speaker = self._speaker(attribution.subject if attribution else None, at)
            group = None
            if len(item.parts) > 1:
                number += 1
                group = number
            for part in item.parts:
                found.append(FoundQuote(part.quoted.start, part.quoted.end, "direct", speaker, group))
        found.sort(key=lambda q: (q.start, q.end))
        return found

    def _speaker(self, subject: Subject | None, at: int) -> FoundSpeaker | None:
        span: tuple[int, int] | None
        if subject is None:
            span = self.last or self._person(max(0, at - LOOK_BACK), at)
        elif subject.kind == "refer":
            # Someone named since the last quote is likelier than the last speaker: "Kevin De Bruyne
            # was more cautious. “…,” the Belgian said."
            # (after the last speaker's own name, which may follow their quote)
            since = max(self.last_at, self.last[1]) if self.last else max(0, at - LOOK_BACK)
            # The last speaker is meant while the text is still near their quote (this paragraph or
            # the one before); further on, "The waiter returns… He whispers" means the description.
            nearby = self._paragraph_before(subject.start)
            span = (
                self._person(since, subject.start)
                or (self.last if self.last_at >= nearby else None)
                or self._description(nearby, subject)
                or self.last
                or self._person(max(0, at - LOOK_BACK), subject.start)
            )
        elif subject.kind == "thing":
            # "it said" is an organisation or a report, not whom "he said" will mean next.
            thing = self._thing(max(0, at - LOOK_BACK), subject.start)
            return FoundSpeaker(thing[0], thing[1], self.text[thing[0] : thing[1]]) if thing else None
        else:
            span = (subject.start, subject.end)
        if span is None:
            return None
        # Whoever spoke last is whom "he said" means next, named or not ("a spokesperson said…").
        self.last, self.last_at = span, at
        if subject is None or subject.kind != "phrase":
            self.surnames.add(self.text[span[0] : span[1]].split()[-1])
        return FoundSpeaker(span[0], span[1], self.text[span[0] : span[1]])

    def _paragraph_before(self, position: int) -> int:
        """Where the paragraph before the one holding `position` starts."""
        start = self.text.rfind("\n", 0, position)
        return self.text.rfind("\n", 0, max(0, start)) + 1 if start > 0 else 0

    def _description(self, start: int, subject: Subject) -> tuple[int, int] | None:
        """The last "The waiter returns…" before a "he"/"she" subject: someone described, not named."""
        if self.text[subject.start : subject.end].lower() not in _SINGULAR:
            return None
        found = None
        for match in _DESCRIBED.finditer(self.text, start, subject.start):
            if match.group(2) not in STOP and not _inside(match.span(1), self.inner):
                found = match.span(1)
        return found

    def _thing(self, start: int, end: int) -> tuple[int, int] | None:
        """The last name of anything (a company, an agency) in text[start:end], outside quotes."""
        runs = [r for r in self._all_runs() if start <= r[0] and r[1] <= end]
        for run in reversed(runs):
            if not any(s <= run[0] and run[1] <= e for s, e in self.inner):
                return run
        return None

    def _all_runs(self) -> list[tuple[int, int]]:
        if self._runs is None:
            self._runs = name_runs(self.text, 0, len(self.text))
        return self._runs

    def _person(self, start: int, end: int) -> tuple[int, int] | None:
        runs = self._all_runs()
        return person_before(self.text, start, end, self.mentions, self.surnames, self.inner, runs)
