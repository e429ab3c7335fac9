"""`annotator merge` (annotators' projects into one team project) and `annotator agreement`."""

from __future__ import annotations

from pathlib import Path

import click


class ManyLabels(click.Command):
    """`--labels PERSON ORG` as the README writes it: each bare word after `--labels` that is not an
    existing file (the project) gets its own `--labels`, since click takes one value per option."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        expanded: list[str] = []
        taking = False
        for arg in args:
            if taking and not arg.startswith("-") and not Path(arg).exists():
                expanded += ["--labels", arg]
                continue
            taking = arg == "--labels"
            if not taking:
                expanded.append(arg)
        if taking:
            expanded.append("--labels")  # nothing after it: let click say a value is missing
        return super().parse_args(ctx, expanded)


@click.command("merge")
@click.argument("team", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("sources", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--annotator", "names", multiple=True, metavar="NAME",
              help="The annotator of each source, in order (default: who the file records, else its name).")
def merge_command(team: Path, sources: tuple[Path, ...], names: tuple[str, ...]) -> None:
    """Merge annotators' projects SOURCES into the team project TEAM (made if missing): each one's
    spans, links, attributes, notes and statuses become that annotator's layer. Documents are matched
    by content; merging the same file again changes nothing."""
    from annotator.team.merge import merge_projects

    if names and len(names) != len(sources):
        raise click.ClickException(
            f"{len(names)} --annotator names for {len(sources)} projects: give one per project, in order")
    report = merge_projects(team, list(sources), list(names) or None)
    click.echo(report.summary())
    if report.backup is not None:
        click.echo(f"backup of {team.name} before the merge: {report.backup}")


@click.command("agreement", cls=ManyLabels)
@click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--labels", "labels", multiple=True, metavar="LABEL", help="Only these labels (any case).")
@click.option("--format", "format_name", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.option("--per-document", is_flag=True, help="Also the figures of each document.")
@click.option("--gold", "include_gold", is_flag=True,
              help="Count the project's own (settled) spans as one more annotator.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
def agreement_command(project: Path, labels: tuple[str, ...], format_name: str, per_document: bool,
                      include_gold: bool, output: Path | None) -> None:
    """Agreement of PROJECT's annotators (a merged team project): span F1 (exact and overlap) per pair,
    Cohen's / Fleiss' kappa and Krippendorff's alpha on tokens, links and attributes; per label and
    overall, each figure with the number of items it rests on."""
    from annotator.store import Project
    from annotator.team.agreement_render import render
    from annotator.team.agreement_report import project_agreement

    with Project(project, read_only=True) as opened:
        report = project_agreement(opened, list(labels) or None, per_document, include_gold)
    text = render(report, format_name)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"agreement of {', '.join(report.annotators)} written to {output}", err=True)


COMMANDS = [merge_command, agreement_command]
