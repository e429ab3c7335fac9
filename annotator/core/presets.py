"""The label set a new project starts with: news entities, quotes and claims."""

from __future__ import annotations

from annotator.core.model import LabelKind

# (name, kind, colour, key); colours are distinct at a glance and readable behind black text.
NEWS_LABELS: tuple[tuple[str, LabelKind, str, str], ...] = (
    ("PERSON", LabelKind.ENTITY, "#f4a6a6", "1"),
    ("ORG", LabelKind.ENTITY, "#a6c8f4", "2"),
    ("GPE", LabelKind.ENTITY, "#a6f4b8", "3"),
    ("EVENT", LabelKind.ENTITY, "#f4e0a6", "4"),
    ("DATE", LabelKind.ENTITY, "#d6b8f4", "5"),
    ("QUOTE", LabelKind.QUOTE, "#e07b39", "6"),
    ("CLAIM", LabelKind.CLAIM, "#3978e0", "7"),
)

# (name, head kind, child kind): a quote points at its speaker, a claim at its claimant.
NEWS_RELATION_TYPES: tuple[tuple[str, LabelKind, LabelKind], ...] = (
    ("SPEAKER", LabelKind.QUOTE, LabelKind.ENTITY),
    ("CLAIMANT", LabelKind.CLAIM, LabelKind.ENTITY),
)

# Colours handed to labels that arrive with imported data, in turn.
EXTRA_COLOURS: tuple[str, ...] = (
    "#9ee6e6", "#e6c29e", "#c2e69e", "#e69ec9", "#b0b0e6", "#e6e69e", "#9ee6b0", "#d9a0a0",
)
