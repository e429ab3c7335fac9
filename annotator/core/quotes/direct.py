"""Direct quotes: which quoted spans are quotes, who they are attributed to, which parts belong together."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from annotator.core.quotes.marks import Quoted
from annotator.core.quotes.sentences import Sentences
from annotator.core.quotes.subjects import Mentions, Subject, subject_after, subject_before
from annotator.core.quotes.verbs import (
    ANY_VERB,
    CHINESE_AFTER,
    INVERTED_PRONOUN,
    JAPANESE_AFTER,
    NOT_ATTRIBUTION,
    SPEECH_VERB,
)

_NOT_SUBJECT = r"[^\s,;:!?“”\"«»„「」]"
# After the closing mark: “…,” Tahir Della told DW / “…,” said Trevor Houser, a partner at Rhodium
_SUBJECT_VERB = re.compile(
    rf"\s*(?:[,:;—–]\s*)?(?P<subject>(?:{_NOT_SUBJECT}+\s+){{1,7}}?)(?P<verb>{SPEECH_VERB})\b"
)
_VERB_SUBJECT = re.compile(
    rf"\s*(?:[,:;—–]\s*)?(?P<verb>{SPEECH_VERB}|according to)\b(?P<subject>[^,;:!?“”\"«»„\n]{{0,60}})"
)
# Before the opening mark: Speaking through an interpreter he added; “… / Die Kanzlerin fügte hinzu: „…
_VERB_COLON = re.compile(rf"\b(?P<verb>{ANY_VERB})\b(?P<rest>(?:\s+[^\s.;:!?“”\"«»„]+){{0,5}}?)\s*[:;,]\s*$")
_REPORTING = re.compile(rf"\b(?:{ANY_VERB}|according to)\b")
_PASSIVE = frozenset("be been being is was were are am".split())
_CLAUSE_END = re.compile(r"[,;:.!?“”\"«»„]")
_ENDS_SENTENCE = frozenset(".?!…。！？")
_CLOSES_PART = frozenset(",.?!…—-–。！？")


@dataclass
class Attribution:
    subject: Subject
    verb: tuple[int, int]
    end: int  # where the attribution's words end


@dataclass
class Part:
    quoted: Quoted
    after: Attribution | None = None
    before: Attribution | None = None
    # A fragment inside reported speech ("stressing the need for “everything we can to keep…”") is
    # attributed to the sentence's reporting verb, which also stays free to report the clause.
    fragment: Attribution | None = None


@dataclass
class Group:
    parts: list[Part] = field(default_factory=list)

    @property
    def attribution(self) -> Attribution | None:
        for part in self.parts:
            for attribution in (part.before, part.after):
                if attribution is not None:
                    return attribution
        return self.parts[0].fragment


def direct_groups(text: str, quoted: list[Quoted], sentences: Sentences, mentions: Mentions) -> list[Group]:
    parts: list[Part] = []
    for index, q in enumerate(quoted):
        following = quoted[index + 1].opening if index + 1 < len(quoted) else len(text)
        previous = quoted[index - 1].after if index else 0
        part = Part(q)
        if q.closed:
            limit = min(sentences.end_of(q.after), following)
            part.after = _attribution_after(text, q, limit, mentions)
        start = max(sentences.start_of(q.opening), previous)
        part.before = _attribution_before(text, start, q.opening, mentions)
        parts.append(part)
    groups: list[Group] = []
    for part in parts:
        if groups and _continues(text, groups[-1].parts[-1], part, sentences):
            groups[-1].parts.append(part)
        else:
            groups.append(Group([part]))
    return [g for g in groups if _is_quote(text, g, sentences) or _is_fragment(text, g, sentences, mentions)]


def _attribution_after(text: str, q: Quoted, limit: int, mentions: Mentions) -> Attribution | None:
    if q.after >= limit:
        return None
    subject: Subject | None
    closing = text[q.after - 1]
    if closing in "」』":
        for pattern in (JAPANESE_AFTER, CHINESE_AFTER):
            match = pattern.match(text, q.after, limit)
            if match:
                subject = subject_before(text, match.start("subject"), match.end("subject"), mentions)
                if subject:
                    return Attribution(subject, match.span(), match.end())
    # “Parasite” director Bong Joon Ho said… is a title: an attributed quote ends its part with
    # punctuation, inside the marks or just after them.
    if text[q.raw_end - 1] not in _CLOSES_PART and text[q.after : q.after + 1] not in (",", "—", "–"):
        return None
    match = _SUBJECT_VERB.match(text, q.after, limit)
    if match:
        subject = subject_before(text, match.start("subject"), match.end("subject"), mentions)
        if subject:
            return Attribution(subject, match.span("verb"), match.end())
    match = _VERB_SUBJECT.match(text, q.after, limit)
    if match:
        inverted = INVERTED_PRONOUN.search(match.group("verb"))
        if inverted:
            subject = Subject("refer", *match.span("verb"))
        else:
            subject = subject_after(text, match.start("subject"), match.end("subject"), mentions)
        if subject:
            return Attribution(subject, match.span("verb"), match.end())
    return None


def _attribution_before(text: str, start: int, end: int, mentions: Mentions) -> Attribution | None:
    if end - start < 3 or text[start:end].rstrip()[-1:] not in (":", ";", ","):
        return None
    match = _VERB_COLON.search(text, start, end)
    if not match:
        return None
    # The subject is in the verb's own clause; a passive ("to be informed: …") names no speaker.
    clause_start = max(start, text.rfind(",", start, match.start("verb")) + 1)
    words_before = text[clause_start : match.start("verb")].split()
    if _PASSIVE.intersection(w.lower() for w in words_before[-2:]):
        return None
    subject = subject_before(text, clause_start, match.start("verb"), mentions)
    if subject is None and words_before and words_before[-1].lower() in ("and", "then"):
        # "He places it on the table and whispers, “…”": the subject of the first verb, at the start.
        subject = subject_before(text, clause_start, clause_start + len(words_before[0]), mentions)
        if subject is not None and subject.kind == "phrase":
            subject = None  # only a pronoun or a name opens the clause this surely
    if subject is None and INVERTED_PRONOUN.search(match.group("verb")):
        subject = Subject("refer", *match.span("verb"))
    if subject is None:
        return None
    return Attribution(subject, match.span("verb"), end)


def _continues(text: str, previous: Part, part: Part, sentences: Sentences) -> bool:
    q, p = part.quoted, previous.quoted
    between = text[p.after : q.opening]
    if not p.closed:
        return between.strip() == "" and "\n" in between
    if "\n" in between or len(between) > 200:
        return False
    if between.strip() == "":
        return True
    # Only the attribution between the parts: “…,” she said, “…” or “…,” said Della. “…”
    attribution = previous.after or part.before
    if attribution is None:
        return False
    if previous.after is not None and part.after is not None:
        return False  # “…,” it said. “…,” she said: each part names its own speaker
    stripped_end = p.after + len(between.rstrip())
    if sentences.has_end_within(p.after, stripped_end - 1):
        return False  # another sentence in between
    # The attribution sentence ends, or pauses, just before the next part: “…,” she said at her
    # cellar in Rech, “…”. Otherwise the next quote sits inside the sentence ("…, said Moran,
    # forecasting the passing of resolution “4444”"): a part only if little else is in between.
    if between.rstrip()[-1:] in ".!?,:;":
        return True
    rest = text[attribution.end : stripped_end].strip(" ,.;:\u00a0")
    return len(rest.split()) <= 3


def _is_quote(text: str, group: Group, sentences: Sentences) -> bool:
    if group.attribution is not None:
        first = group.parts[0].quoted
        content = text[first.start : first.end]
        if len(group.parts) == 1 and _title_like(content):
            return False
        # "…sei aus „Verbrauchersicht völlig unverständlich“, warnt er": three words inside someone
        # else's sentence are a fragment of what is reported, not a quote of their own.
        before = text[sentences.start_of(first.opening) : first.opening].strip()
        if len(group.parts) == 1 and before and before[-1] not in ":,;" and len(content.split()) < 4:
            return False
        return True
    # Unattributed: only a whole sentence (or more) standing on its own, not a title or a phrase in
    # quotation marks inside someone else's sentence.
    first, last = group.parts[0].quoted, group.parts[-1].quoted
    before = text[sentences.start_of(first.opening) : first.opening].strip()
    if before and not before.endswith(":"):
        return False
    if last.closed and text[last.raw_end - 1] not in _ENDS_SENTENCE:
        return False
    words = sum(len(text[p.quoted.start : p.quoted.end].split()) for p in group.parts)
    return words >= 4


_NAMING = re.compile(r"\b(?:titled|entitled|called|named|dubbed|headlined)\s*$", re.IGNORECASE)
_TITLE_SMALL_WORDS = frozenset("a an the of for in on at to and or with from by upon".split())


def _is_fragment(text: str, group: Group, sentences: Sentences, mentions: Mentions) -> bool:
    """Someone's words quoted inside a sentence that reports them: four words or more, not a title."""
    if len(group.parts) > 1 or group.attribution is not None:
        return False
    part = group.parts[0]
    q = part.quoted
    content = text[q.start : q.end]
    words = content.split()
    if not q.closed or len(words) < 4 or _title_like(content) or not any(w[:1].islower() for w in words):
        return False
    if _NAMING.search(text, max(0, q.opening - 20), q.opening):
        return False  # "the paper titled “The importance of…”": a name, however long
    start = sentences.start_of(q.opening)
    verb = _REPORTING.search(text, start, q.opening)
    subject: Subject | None = None
    if verb is not None:
        before = text[start : verb.start()].rstrip()
        if before.endswith(",") and verb.group().lower() not in NOT_ATTRIBUTION:  # "…, says a report"
            clause = _CLAUSE_END.search(text, verb.end(), q.opening)
            subject = subject_after(text, verb.end(), clause.start() if clause else q.opening, mentions)
        else:
            subject = subject_before(text, start, verb.start(), mentions)
    else:
        end = sentences.end_of(q.after)
        verb = _REPORTING.search(text, q.after, end)
        if verb is None:
            return False
        clause = _CLAUSE_END.search(text, verb.end(), end)
        subject = subject_after(text, verb.end(), clause.start() if clause else end, mentions)
    part.fragment = Attribution(subject or Subject("refer", *verb.span()), verb.span(), verb.end())
    return True


def _title_like(content: str) -> bool:
    # "The Case for Colonialism": capitalised words, small words between them, no sentence.
    words = content.split()
    if not 2 <= len(words) <= 5 or any(ord(c) >= 0x3000 for c in content) or content[-1:] in "?!.":
        return False
    return words[-1][:1].isupper() and all(
        w[:1].isupper() or not w[:1].isalpha() or w in _TITLE_SMALL_WORDS for w in words
    )
