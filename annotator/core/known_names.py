"""What the project already knows as a suggestion source: tagged text suggested where it appears again.

Like INCEpTION's string matcher: a text tagged with an entity label anywhere in the project is
suggested with that label wherever it occurs again, on whole tokens and in the case it was tagged
("Rutte" does not suggest "rutte" nor the "Rutte" inside "Ruttes"). An occurrence inside a longer
known one of the same label is left alone ("Rutte" inside "Mark Rutte"), as is one inside a span
of that label the document already has.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from annotator.core.suggestions import SuggestionDraft
from annotator.core.token_matcher import PhraseIndex

SOURCE = "project"


class KnownNamesSuggester:
    source = SOURCE

    def __init__(self, phrases: Mapping[str, set[str]], min_length: int = 2) -> None:
        """phrases: label -> texts tagged with it (`Project.known_phrases()`). Texts shorter than
        `min_length` characters are left out: a tagged "I" or "A" would be suggested everywhere."""
        self.index = PhraseIndex()
        for label, texts in phrases.items():
            for text in texts:
                if len(text.strip()) >= min_length:
                    self.index.add(text, label)

    def suggest(self, text: str, mentions: Sequence[tuple[int, int, str]] = ()) -> list[SuggestionDraft]:
        # Per label, sweep spans and matches by start (longest first, spans before matches): a match
        # ending no later than something begun before it lies inside it.
        events = [(start, -end, 0, label) for start, end, label in mentions]
        events += [(start, -end, 1, label) for start, end, label in self.index.matches(text)]
        reach: dict[str, int] = {}
        drafts: list[SuggestionDraft] = []
        for start, negative_end, is_match, label in sorted(events):
            end = -negative_end
            if is_match and end > reach.get(label, -1):
                drafts.append(SuggestionDraft(start, end, label, SOURCE))
            reach[label] = max(reach.get(label, -1), end)
        return drafts
