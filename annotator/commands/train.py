"""`annotator train PROJECT -o DIR`: a spaCy pipeline trained on the project's done documents."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from annotator.modelling.training import LabelScore


def _figure(value: float | None) -> str:
    return "   -" if value is None else f"{value:.2f}"


def score_table(rows: list[LabelScore]) -> list[str]:
    """The held-out figures as aligned text lines, one per label and one for all of them."""
    width = max([len("label"), *(len(row.label) for row in rows)])
    lines = [f"{'label':<{width}}  {'model':<7}  {'gold':>5}  {'found':>5}     P     R     F  F(overlap)"]
    for row in rows:
        lines.append(f"{row.label:<{width}}  {row.component:<7}  {row.gold:>5}  {row.predicted:>5}  "
                     f"{_figure(row.precision):>4}  {_figure(row.recall):>4}  {_figure(row.f1):>4}  "
                     f"{_figure(row.overlap_f1):>10}")
    return lines


@click.command("train")
@click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to save the pipeline in (as DIR/model-last).")
@click.option("--held-out", type=float, default=0.2, show_default=True,
              help="Share of the done documents kept out of training and scored on.")
@click.option("--iterations", type=click.IntRange(min=1), default=20, show_default=True,
              help="Passes over the training documents.")
@click.option("--lang", default="en", show_default=True, help="Language of spaCy's blank tokenizer.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (same seed, same model).")
def train_command(
    project: Path, output: Path, held_out: float, iterations: int, lang: str, seed: int
) -> None:
    """Train a spaCy pipeline on PROJECT's done documents: NER for entity labels, a span categorizer
    for quotes and claims. Offline, from a blank language; needs annotator[spacy]. Scores it on a
    held-out share of the documents; `annotator suggest PROJECT --model DIR` then suggests with it."""
    from annotator.modelling.training import TrainingOptions, train_project
    from annotator.store import Project

    options = TrainingOptions(held_out=held_out, iterations=iterations, lang=lang, seed=seed)
    with Project(project, read_only=True) as opened:
        result = train_project(opened, output, options, progress=lambda line: click.echo(line, err=True))
    click.echo(f"trained on {result.train_documents} documents in {result.seconds:.1f} s "
               f"({', '.join(result.components)}); saved {result.model_path}")
    if result.scores:
        click.echo(f"scores on {result.held_out_documents} held-out documents (exact spans; "
                   "F(overlap): a span sharing a character counts):")
        for line in score_table(result.scores):
            click.echo(line)
    else:
        click.echo("no documents held out: no scores (--held-out 0)")


COMMANDS = [train_command]
