"""Imports that hold annotators' versions of documents: each version into its annotator's layer.

One Prodigy JSONL with several sessions, a Label Studio export with several annotations per task, or
any import given `--annotator NAME`: the document is stored once (its gold layer left empty) and each
annotator's spans, links and status go to their layer, inside the import's one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.layers import LayerContent, LayerVersion
from annotator.core.model import Document, DocumentRecord, DocumentStatus, Label, LabelKind, RelationType
from annotator.core.presets import EXTRA_COLOURS

if TYPE_CHECKING:
    from annotator.store.project import ImportResult, Project


def goes_to_layers(records: list[DocumentRecord], into_layers: bool | None) -> bool:
    """Whether an import is annotators' versions: asked for, or several annotators named in it."""
    if into_layers is not None:
        return into_layers and any(record.annotator for record in records)
    return len({record.annotator for record in records if record.annotator}) >= 2


def import_layer_records(project: Project, records: list[DocumentRecord], source: str | None) -> ImportResult:
    """Store `records` naming an annotator as layer versions; the others as ordinary (gold) records."""
    from annotator.store.project import ImportResult

    plain = [record for record in records if not record.annotator]
    versioned = [record for record in records if record.annotator]
    result = ImportResult()
    with project.transaction():
        if plain:
            result = project.import_records(plain, source=source, into_layers=False)
        kinds = {label.name.casefold(): label.kind for label in project.labels()}
        labels: dict[str, Label] = {}
        for record in versioned:
            for span in record.spans:
                folded = span.label.casefold()
                if folded not in kinds:
                    upper = span.label.upper()
                    kind = LabelKind.QUOTE if upper == "QUOTE" else (
                        LabelKind.CLAIM if upper == "CLAIM" else LabelKind.ENTITY)
                    kinds[folded] = kind
                    colour = EXTRA_COLOURS[(len(kinds) + len(labels)) % len(EXTRA_COLOURS)]
                    labels[folded] = Label(0, span.label, kind, colour, None, 0)
            for name in record.document_labels:
                if name.casefold() not in kinds:
                    kinds[name.casefold()] = LabelKind.DOCUMENT
                    colour = EXTRA_COLOURS[(len(kinds) + len(labels)) % len(EXTRA_COLOURS)]
                    labels[name.casefold()] = Label(0, name, LabelKind.DOCUMENT, colour, None, 0)
        relation_types: dict[str, RelationType] = {}
        for record in versioned:
            for relation in record.relations:
                head, child = record.spans[relation.head], record.spans[relation.child]
                relation_types.setdefault(relation.type.casefold(), RelationType(
                    relation.type, kinds[head.label.casefold()], kinds[child.label.casefold()]))
        known_types = {relation_type.name.casefold() for relation_type in project.relation_types()}
        counts = project.merge_layers(
            list(labels.values()),
            [value for key, value in relation_types.items() if key not in known_types],
            (_version(record, source) for record in versioned))
    result.added += counts.added_ids
    result.skipped += len({record.text for record in versioned}) - counts.documents_added
    result.spans += counts.spans
    result.new_labels += counts.new_labels
    return result


def _version(record: DocumentRecord, source: str | None) -> LayerVersion:
    document = Document(0, record.text, record.title, record.source or source, record.url, record.author,
                        record.published, record.meta, DocumentStatus.TODO, "")
    # An annotator's exported answer is work done, even when the file says nothing of a status.
    status = DocumentStatus.DONE if record.status == DocumentStatus.TODO else record.status
    content = LayerContent(spans=list(record.spans), relations=list(record.relations), status=status,
                           document_labels=list(record.document_labels))
    return LayerVersion(document, str(record.annotator), content)
