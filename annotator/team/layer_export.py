"""Exporting annotators' layers: one annotator's (`--annotator NAME`) or each named (`--all-layers`).

The ordinary exporters read a project's gold layer through `annotated_documents`; `LayerView` shows
them one annotator's layer the same way, so every format works for a layer unchanged. With all layers,
JSONL lines name their annotator (Prodigy `_annotator_id`/`_session_id`, doccano `user`), and brat
writes one folder per annotator: each reads back in as that annotator's layer.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from annotator.core.model import Document, DocumentStatus, Relation, Span
from annotator.exporting import ExportResult, export_project, export_to_path
from annotator.store import Project

# Formats that can carry every layer at once, and how a line names its annotator.
ALL_LAYER_FORMATS = ("jsonl", "doccano", "brat")


class LayerView:
    """A project seen through one annotator's layer, as the exporters read it (everything else as is)."""

    def __init__(self, project: Project, layer: str) -> None:
        self._project = project
        self.layer = layer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._project, name)

    def annotated_documents(
        self, status: Iterable[DocumentStatus] | None = None
    ) -> Iterator[tuple[Document, list[Span], list[Relation]]]:
        return self._project.layer_annotated_documents(self.layer, status)

    def has_relations(self, status: Iterable[DocumentStatus] | None = None) -> bool:
        return any(relations for _, _, relations in self.annotated_documents(status))

    def document_label_map(self, document_ids: Iterable[int] | None = None) -> dict[int, list[str]]:
        wanted = None if document_ids is None else set(document_ids)
        found: dict[int, list[str]] = {}
        for document, _, _ in self.annotated_documents():
            if wanted is None or document.id in wanted:
                labels = self._project.layer_document_labels(document.id, self.layer).get(self.layer)
                if labels:
                    found[document.id] = labels
        return found


def layer_view(project: Project, layer: str) -> Project:
    """`project` as the exporters should see `layer`; refuses a name the project has no layer of."""
    layers = project.layers()
    if layer not in layers:
        have = ", ".join(layers) or "none: merge the annotators' projects first"
        raise ValueError(f"{project.path.name} has no layer of annotator {layer!r} (layers: {have})")
    return cast(Project, LayerView(project, layer))


def export_all_layers(
    project: Project, format_name: str, output: str, out: BinaryIO | None,
    statuses: list[DocumentStatus] | None = None,
) -> ExportResult:
    """Every layer with its annotator: JSONL lines naming them, or a brat folder per annotator."""
    if format_name not in ALL_LAYER_FORMATS:
        raise ValueError(f"--all-layers writes {', '.join(ALL_LAYER_FORMATS)}, not {format_name}")
    layers = project.layers()
    if not layers:
        raise ValueError(f"{project.path.name} has no annotator layers (merge annotators' projects first)")
    if format_name == "brat":
        return _brat_folders(project, layers, output, statuses)
    result = ExportResult(0)
    with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as aside:
        for layer in layers:
            with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as lines:
                view = layer_view(project, layer)
                part = export_project(view, format_name, cast(BinaryIO, lines), statuses)
                lines.seek(0)
                for line in cast(IO[bytes], lines):
                    aside.write(_named(json.loads(line), format_name, layer))
            result.documents += part.documents
            result.warnings += [f"{layer}: {warning}" for warning in part.warnings]
        aside.seek(0)
        if out is not None:
            shutil.copyfileobj(aside, out)
        else:
            target = Path(output)
            if target.is_dir():
                raise IsADirectoryError(f"{target}: is a folder; give a file name to export to")
            with tempfile.NamedTemporaryFile(dir=target.absolute().parent, prefix=f".{target.name}.",
                                             delete=False) as part_file:
                shutil.copyfileobj(aside, part_file)
            Path(part_file.name).replace(target)
    return result


def _named(task: dict[str, Any], format_name: str, layer: str) -> bytes:
    if format_name == "doccano":
        task["user"] = layer
    else:
        task["_annotator_id"] = task["_session_id"] = layer
    return (json.dumps(task, ensure_ascii=False) + "\n").encode("utf-8")


def _brat_folders(
    project: Project, layers: list[str], output: str, statuses: list[DocumentStatus] | None
) -> ExportResult:
    target = Path(output)
    if output == "-":
        raise ValueError("brat writes a folder: give -o FOLDER")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target}: exists and is not an empty folder")
    if not target.absolute().parent.is_dir():
        raise FileNotFoundError(f"{target}: folder {target.parent} does not exist")
    # Built aside and moved in place whole: a failure leaves no half of the annotators behind.
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.absolute().parent))
    result = ExportResult(0)
    try:
        for layer in layers:
            folder = building / _folder_name(layer)
            part = export_to_path(layer_view(project, layer), "brat", folder, statuses)
            result.documents += part.documents
            result.warnings += [f"{layer}: {warning}" for warning in part.warnings]
        if target.exists():
            target.rmdir()
        building.rename(target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return result


def _folder_name(layer: str) -> str:
    # An annotator's name as one folder: no separators, not hidden, never empty.
    return re.sub(r"[/\\:\x00-\x1f]", "_", layer).lstrip(".") or "_"
