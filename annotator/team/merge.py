"""Merging annotators' project files into one team project, each annotator's work as their layer."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.layers import LayerContent, LayerVersion
from annotator.core.model import (
    Document,
    DocumentStatus,
    Label,
    Relation,
    RelationRecord,
    RelationType,
    Span,
)
from annotator.core.presets import NEWS_LABELS, NEWS_RELATION_TYPES
from annotator.store import Project
from annotator.team.agreement_report import without_cyclic_gc


@dataclass
class SourceReport:
    """One merged file: whose work it held and how much."""

    path: Path
    annotator: str  # the layer its own spans went to
    layers: list[str]  # every layer it brought: its own, and those of a team project
    documents: int = 0
    spans: int = 0


@dataclass
class MergeReport:
    """What `merge_projects` did to the team project."""

    team_path: Path
    sources: list[SourceReport] = field(default_factory=list)
    documents_added: int = 0
    versions: int = 0
    versions_changed: int = 0
    spans: int = 0
    new_labels: list[str] = field(default_factory=list)
    new_relation_types: list[str] = field(default_factory=list)
    backup: Path | None = None

    @property
    def changed(self) -> bool:
        return bool(self.versions_changed or self.documents_added
                    or self.new_labels or self.new_relation_types)

    def summary(self) -> str:
        lines = [
            f"{source.path.name}: {', '.join(source.layers) or '(nothing)'} — "
            f"{_count(source.documents, 'document')}, {_count(source.spans, 'span')}"
            for source in self.sources
        ]
        lines.append(
            f"{self.team_path.name}: {_count(self.documents_added, 'document')} added, "
            f"{self.versions_changed} of {_count(self.versions, 'annotator version')} changed"
            + ("" if self.changed else " (nothing new)"))
        if self.new_labels:
            lines.append(f"new labels: {', '.join(self.new_labels)}")
        if self.new_relation_types:
            lines.append(f"new relation types: {', '.join(self.new_relation_types)}")
        return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def merge_projects(
    team_path: str | Path,
    sources: Sequence[str | Path],
    annotator_names: Sequence[str | None] | None = None,
) -> MergeReport:
    """Merge `sources` (annotators' project files) into the team project at `team_path` (made if missing).

    Each source's own spans, links, attributes, notes and statuses become the layer of its annotator:
    `annotator_names[i]` if given, else who the file records (its commonest span annotator, else its
    'annotator' setting), else the file's stem. A team project as a source brings its layers too.
    Documents are matched by content; labels and relation types by name whatever the case. Anything
    in the way (a missing file, a label of another kind, two sources claiming one annotator) is one
    error before the team project is touched; the merge itself is one transaction after a backup.
    """
    team_path = Path(team_path)
    paths = [Path(source) for source in sources]
    names = list(annotator_names or [None] * len(paths))
    if not paths:
        raise ValueError("name at least one project to merge")
    if len(names) != len(paths):
        raise ValueError(f"{len(names)} annotator names given for {len(paths)} projects")
    _check_paths(team_path, paths)
    opened: list[Project] = []
    try:
        for path in paths:
            opened.append(Project(path, read_only=True))
        report = MergeReport(team_path)
        for path, project, name in zip(paths, opened, names, strict=True):
            own = (name or "").strip() or project.recorded_annotator() or path.stem
            layers = ([own] if _has_own_work(project) else []) + [
                layer for layer in project.layers() if layer != own]
            report.sources.append(SourceReport(path, own, layers))
        _check_layers(report.sources)
        existed = team_path.exists()
        labels, relation_types = _unified_labels(team_path, opened, paths)
        with Project(team_path) as team:
            if existed and team.document_count():
                report.backup = team.backup("before-merge").path
            with without_cyclic_gc():  # 100,000s of spans read and written: see there
                counts = team.merge_layers(labels, relation_types, _versions(report.sources, opened))
            team.index_pending()  # the search index, for the documents the merge brought
    finally:
        for project in opened:
            project.close()
    report.documents_added, report.versions = counts.documents_added, counts.versions
    report.versions_changed, report.spans = counts.versions_changed, counts.spans
    report.new_labels, report.new_relation_types = counts.new_labels, counts.new_relation_types
    return report


def _check_paths(team_path: Path, paths: list[Path]) -> None:
    seen: dict[Path, Path] = {}
    for path in paths:
        if not path.is_file():
            raise ValueError(f"{path}: no such project file")
        resolved = path.resolve()
        if team_path.exists() and resolved == team_path.resolve():
            raise ValueError(f"{path} is the team project itself; name it once, first")
        if resolved in seen:
            raise ValueError(f"{path} is named twice (also as {seen[resolved]})")
        seen[resolved] = path


def _has_own_work(project: Project) -> bool:
    """Whether a project has spans or any status beyond "to do" of its own (not only layers)."""
    counts = project.status_counts()
    return sum(project.label_counts().values()) > 0 or sum(counts.values()) > counts[DocumentStatus.TODO]


def _check_layers(sources: list[SourceReport]) -> None:
    """Two files bringing the same annotator would overwrite each other's versions: refuse."""
    owner: dict[str, Path] = {}
    for source in sources:
        for layer in source.layers:
            if layer.casefold() in owner:
                raise ValueError(
                    f"{owner[layer.casefold()].name} and {source.path.name} both hold work of annotator "
                    f"{layer!r}; give each file its own name (annotator merge --annotator NAME ...)")
            owner[layer.casefold()] = source.path


def _team_labels(team_path: Path) -> tuple[list[Label], list[RelationType]]:
    """The team project's labels and relation types; a new one's are the presets it will be made with."""
    if team_path.exists():
        with Project(team_path, read_only=True) as team:
            return team.labels(), team.relation_types()
    labels = [Label(0, name, kind, colour, key, position)
              for position, (name, kind, colour, key) in enumerate(NEWS_LABELS)]
    return labels, [RelationType(name, head, child) for name, head, child in NEWS_RELATION_TYPES]


def _unified_labels(
    team_path: Path, projects: list[Project], paths: list[Path]
) -> tuple[list[Label], list[RelationType]]:
    """Every label and relation type of the sources, first spelling kept; conflicts refused, all at once."""
    team_labels, team_types = _team_labels(team_path)
    labels: dict[str, tuple[Label, str]] = {
        label.name.casefold(): (label, team_path.name) for label in team_labels}
    types: dict[str, tuple[RelationType, str]] = {
        kind.name.casefold(): (kind, team_path.name) for kind in team_types}
    problems: list[str] = []
    for project, path in zip(projects, paths, strict=True):
        for label in project.labels():
            known = labels.setdefault(label.name.casefold(), (label, path.name))
            if known[0].kind != label.kind:
                problems.append(f"label {label.name!r} is {label.kind} in {path.name} but "
                                f"{known[0].name!r} is {known[0].kind} in {known[1]}")
        for relation_type in project.relation_types():
            found = types.setdefault(relation_type.name.casefold(), (relation_type, path.name))
            ours, theirs = found[0], relation_type
            if (ours.head_kind, ours.child_kind) != (theirs.head_kind, theirs.child_kind):
                problems.append(
                    f"relation type {theirs.name!r} links {theirs.head_kind} to {theirs.child_kind} in "
                    f"{path.name} but {ours.name!r} links {ours.head_kind} to {ours.child_kind} "
                    f"in {found[1]}")
    if problems:
        raise ValueError("cannot merge, nothing was changed: " + "; ".join(problems))
    return [label for label, _ in labels.values()], [relation_type for relation_type, _ in types.values()]


def _versions(sources: list[SourceReport], projects: list[Project]) -> Iterator[LayerVersion]:
    for source, project in zip(sources, projects, strict=True):
        for layer in source.layers:
            own = layer == source.annotator
            documents = project.annotated_documents() if own else project.layer_annotated_documents(layer)
            # The file's own document labels (topic, genre…) travel with its annotator's layer too.
            own_labels = project.document_label_map() if own else {}
            for document, spans, relations in documents:
                content = layer_content(document, spans, relations)
                content.document_labels = list(own_labels.get(document.id, [])) if own else (
                    project.layer_document_labels(document.id, layer).get(layer, []))
                source.documents += 1
                source.spans += len(spans)
                yield LayerVersion(document, layer, content)


def layer_content(document: Document, spans: list[Span], relations: list[Relation]) -> LayerContent:
    """A document's spans and links (as the store reads them) as a layer version to write."""
    index = {span.id: position for position, span in enumerate(spans)}
    return LayerContent(
        spans=spans,
        relations=[RelationRecord(index[relation.head_span_id], index[relation.child_span_id], relation.type)
                   for relation in relations
                   if relation.head_span_id in index and relation.child_span_id in index],
        status=document.status,
        span_sources=[span.source for span in spans],
    )

