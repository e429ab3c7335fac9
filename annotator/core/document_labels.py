"""Document labels (topic, genre, stance) and their choice groups: the plain data the store returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChoiceGroup:
    """A named group of document labels; `multiple` False means one of them per document at most."""

    name: str
    multiple: bool = False


@dataclass(frozen=True)
class DocumentLabelChoice:
    """One document label as the window offers it: its group (None: a label on its own, toggled
    freely) and whether that group allows several labels per document."""

    name: str
    colour: str
    group: str | None
    multiple: bool

    @property
    def exclusive(self) -> bool:
        """Turning it on turns the others of its group off (a radio button rather than a check)."""
        return self.group is not None and not self.multiple


@dataclass(frozen=True)
class DocumentLabelRow:
    """A document label as stored on one document, kept whole so undo can put it back exactly."""

    label: str
    annotator: str | None
    source: str
    created_at: str


@dataclass(frozen=True)
class DocumentLabelChange:
    """What one `set_document_label` did: labels added, and rows removed (a single-choice group's
    previous label among them). Empty when nothing changed."""

    document_id: int
    added: tuple[str, ...] = ()
    removed: tuple[DocumentLabelRow, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


def single_choice_conflicts(labels: list[str], choices: list[DocumentLabelChoice]) -> list[str]:
    """The single-choice groups `labels` holds more than one label of (an import may bring them)."""
    by_name = {choice.name.casefold(): choice for choice in choices}
    seen: dict[str, int] = {}
    for label in labels:
        choice = by_name.get(label.casefold())
        if choice is not None and choice.exclusive:
            assert choice.group is not None
            seen[choice.group] = seen.get(choice.group, 0) + 1
    return sorted(group for group, count in seen.items() if count > 1)
