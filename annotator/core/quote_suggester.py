"""The built-in quote source: the quote detector's finds as drafts, each quote linked to its speaker."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from annotator.core.quotes import find_quotes
from annotator.core.suggestions import SuggestionDraft

SOURCE = "quotes"
QUOTE_TYPE = "quote_type"  # the attribute the inspector stores: "direct" | "indirect"


class QuoteSuggester:
    """Direct and indirect quotes (label `quote_label`) and their speakers (`speaker_label`).

    A speaker the document already has as a span of one of `speaker_labels` gets no draft of its
    own: the quote's draft carries its range, and accepting the quote links to that span.
    """

    source = SOURCE

    def __init__(self, quote_label: str = "QUOTE", speaker_label: str = "PERSON",
                 speaker_labels: Collection[str] = ("PERSON", "ORG"),
                 relation_type: str = "SPEAKER") -> None:
        self.quote_label = quote_label
        self.speaker_label = speaker_label
        self.speaker_labels = frozenset(speaker_labels) | {speaker_label}
        self.relation_type = relation_type

    def suggest(self, text: str, mentions: Sequence[tuple[int, int, str]] = ()) -> list[SuggestionDraft]:
        known = sorted({(start, end) for start, end, label in mentions if label in self.speaker_labels})
        tagged = set(known)
        drafts: list[SuggestionDraft] = []
        speaker_at: dict[tuple[int, int], int] = {}
        for quote in find_quotes(text, known):
            speaker_index: int | None = None
            speaker_range: tuple[int, int] | None = None
            if quote.speaker is not None and quote.speaker.start < quote.speaker.end:
                speaker_range = (quote.speaker.start, quote.speaker.end)
                if speaker_range not in tagged:
                    if speaker_range not in speaker_at:
                        speaker_at[speaker_range] = len(drafts)
                        drafts.append(SuggestionDraft(*speaker_range, self.speaker_label, SOURCE))
                    speaker_index = speaker_at[speaker_range]
            if quote.start >= quote.end:
                continue
            drafts.append(SuggestionDraft(
                quote.start, quote.end, self.quote_label, SOURCE, attributes={QUOTE_TYPE: quote.kind},
                speaker=speaker_index, relation_type=self.relation_type if speaker_range else None,
                speaker_range=speaker_range))
        return drafts
