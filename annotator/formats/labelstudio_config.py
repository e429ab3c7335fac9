"""Label Studio's labeling configuration for exported tasks, and the `Choices` control that carries
document labels (topic, genre…) both ways."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import quoteattr

from annotator.core.model import DocumentRecord, Label, LabelKind, RelationType
from annotator.formats.errors import FormatError

FROM_NAME, TO_NAME, NOTE_NAME = "label", "text", "note"
CHOICES_NAME = "document_labels"  # the Choices control of the document labels (topic, genre…)


def add_choices(task: dict[str, Any], labels: list[str]) -> None:
    """The document's labels as one `choices` result (Label Studio's classification result) of the
    `Choices` control `labeling_config` names, in the task's annotation (made when it has none)."""
    if not labels:
        return
    annotations = task.setdefault("annotations", [{"result": [], "was_cancelled": False}])
    annotations[0]["result"].append({
        "id": "document", "from_name": CHOICES_NAME, "to_name": TO_NAME, "type": "choices",
        "value": {"choices": list(labels)},
    })


def read_choices(results: list[dict[str, Any]], where: str, record: DocumentRecord) -> None:
    """Every `choices` result's choices are the document's labels (whatever control they came from)."""
    for result in results:
        if result.get("type") != "choices":
            continue
        choices = result.get("value", {}).get("choices") if isinstance(result.get("value"), dict) else None
        if not isinstance(choices, list) or not all(isinstance(choice, str) for choice in choices):
            raise FormatError(f"{where}: result {result.get('id')!r} choices must be a list of names")
        record.document_labels += [choice.strip() for choice in choices
                                   if choice.strip() and choice.strip() not in record.document_labels]


def labeling_config(labels: Iterable[Label], relation_types: Iterable[RelationType]) -> str:
    """A Label Studio labeling configuration that shows exported tasks with their labels."""
    lines = ["<View>", "  <Relations>"]
    lines += [f"    <Relation value={quoteattr(kind.name)}/>" for kind in relation_types]
    lines += ["  </Relations>", f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">']
    labels = list(labels)
    lines += [f"    <Label value={quoteattr(label.name)} background={quoteattr(label.colour)}/>"
              for label in labels if label.kind != LabelKind.DOCUMENT]
    lines += ["  </Labels>"]
    documents = [label for label in labels if label.kind == LabelKind.DOCUMENT]
    if documents:
        lines += [f'  <Choices name="{CHOICES_NAME}" toName="{TO_NAME}" choice="multiple" showInline="true">']
        lines += [f"    <Choice value={quoteattr(label.name)}/>" for label in documents]
        lines += ["  </Choices>"]
    lines += [
              # pre-wrap keeps line breaks and runs of spaces as they are in the text
              f'  <Text name="{TO_NAME}" value="$text"/>',
              "  <Style>.htx-text { white-space: pre-wrap; }</Style>",
              f'  <TextArea name="{NOTE_NAME}" toName="{TO_NAME}" perRegion="true" editable="true"/>',
              "</View>"]
    return "\n".join(lines) + "\n"
