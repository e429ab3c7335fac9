"""A tiny annotated project for the training tests: short done articles that a model learns in seconds."""

from __future__ import annotations

from pathlib import Path

from annotator.core.model import DocumentRecord, DocumentStatus, SpanRecord
from annotator.store import Project

PEOPLE = ["Mark Rutte", "Olaf Scholz", "Angela Merkel", "Emmanuel Macron", "Ursula von der Leyen",
          "Jens Stoltenberg", "Pedro Sanchez", "Giorgia Meloni", "Donald Tusk", "Kaja Kallas"]
ORGS = ["NATO", "the European Union", "the United Nations", "Reuters", "the Bundestag"]
PLACES = ["Berlin", "Paris", "Brussels", "Madrid", "Warsaw", "Rome", "Tallinn"]
QUOTES = ["We will stand together", "This is a turning point for Europe", "Nobody wants a war",
          "The alliance is stronger than ever", "We must spend more on defence"]


def article(number: int, status: DocumentStatus = DocumentStatus.DONE) -> DocumentRecord:
    """Four sentences of the same shape: PERSON met ORG in GPE. "QUOTE," PERSON said."""
    parts: list[str] = []
    spans: list[SpanRecord] = []

    def add(text: str, label: str | None = None) -> None:
        start = sum(len(part) for part in parts)
        parts.append(text)
        if label:
            spans.append(SpanRecord(start, start + len(text), label))

    for sentence in range(4):
        index = number * 4 + sentence
        person = PEOPLE[index % len(PEOPLE)]
        add(person, "PERSON")
        add(" met officials of ")
        add(ORGS[index % len(ORGS)], "ORG")
        add(" in ")
        add(PLACES[index % len(PLACES)], "GPE")
        add(' on Monday. "')
        add(QUOTES[index % len(QUOTES)], "QUOTE")
        add('," ')
        add(person.split()[-1], "PERSON")
        add(" said.\n")
    return DocumentRecord(text="".join(parts), title=f"Article {number}", status=status, spans=spans)


def tiny_project(path: Path, documents: int = 5, status: DocumentStatus = DocumentStatus.DONE) -> Path:
    with Project(path) as project:
        project.import_records([article(number, status) for number in range(documents)])
    return path


# An article none of the training ones holds, in the same shape.
UNSEEN = 'Kaja Kallas met officials of NATO in Rome on Monday. "We must act now," Kallas said.\n'
