"""`annotator suggest PROJECT`: store suggestions from the chosen sources for the project's documents."""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import click

from annotator.core.model import DocumentStatus

STATUS_NAMES = [status.value for status in DocumentStatus]
DEFAULT_STATUSES = (DocumentStatus.TODO, DocumentStatus.IN_PROGRESS)


class _ManyStatuses(click.Command):
    """`--status todo in_progress`: status names after `--status` each get their own option."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        expanded: list[str] = []
        taking = False
        for arg in args:
            if taking and arg in STATUS_NAMES and expanded[-1] != "--status":
                expanded.append("--status")
            expanded.append(arg)
            taking = arg == "--status" or (taking and arg in STATUS_NAMES)
        return super().parse_args(ctx, expanded)


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _describe(settings: object) -> str:
    from annotator.core.suggestions import SuggestionSettings

    assert isinstance(settings, SuggestionSettings)
    parts = ["quotes"] * settings.quotes + ["known names"] * settings.known
    parts += [f"patterns {Path(path).name}" for path in settings.patterns]
    parts += [f"model {settings.model}"] if settings.model else []
    return ", ".join(parts)


@click.command("suggest", cls=_ManyStatuses)
@click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--quotes", is_flag=True,
              help="Quotes (direct and reported) linked to their speakers, by the built-in detector.")
@click.option("--patterns", "patterns", multiple=True, metavar="FILE",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A spaCy/Prodigy pattern file (.jsonl) or a gazetteer (.txt, one name per line; label "
                   "from the file name or a '# label: X' first line). Repeat for several.")
@click.option("--known", is_flag=True,
              help="Text tagged with an entity label anywhere in the project, wherever it appears again.")
@click.option("--model", metavar="NAME|PATH",
              help="An installed spaCy pipeline or a folder (`annotator train` output); "
                   "needs annotator[spacy].")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUS_NAMES),
              help="Only documents with these statuses: --status todo in_progress (the default).")
@click.option("--clear", is_flag=True,
              help="First delete the open (undecided) suggestions of these sources; decided ones stay.")
def suggest_command(project: Path, quotes: bool, patterns: tuple[Path, ...], known: bool,
                    model: str | None, statuses: tuple[str, ...], clear: bool) -> None:
    """Store suggestions for PROJECT's documents. Without source options, the project's saved sources
    run; options given are saved as its sources (the window uses them too). Suggestions are not
    annotations: no status changes and exports leave them out until accepted in the window."""
    from annotator.core.suggestions import SuggestionSettings
    from annotator.store import Project
    from annotator.suggesting import suggest_document, suggesters_for

    given = quotes or known or bool(patterns) or model is not None
    chosen = [DocumentStatus(status) for status in statuses] or list(DEFAULT_STATUSES)
    with Project(project) as opened:
        if given:
            settings = SuggestionSettings(quotes, known, tuple(str(path) for path in patterns), model)
        else:
            settings = opened.suggestion_settings()
            if not settings.any:
                raise click.UsageError("no sources: give --quotes, --known, --patterns FILE or --model NAME "
                                       "(they are saved for next time)")
        suggesters = suggesters_for(opened, settings,
                                    lambda warning: click.echo(f"annotator: warning: {warning}", err=True))
        if given:
            # Saved with absolute paths: the window and later runs start elsewhere.
            opened.set_suggestion_settings(replace(settings, patterns=tuple(
                str(Path(path).resolve()) for path in settings.patterns)))
            click.echo(f"Sources saved for {project.name}: {_describe(settings)}.", err=True)
        if clear:
            for suggester in suggesters:
                opened.clear_suggestions(source=suggester.source)
        ids = [summary.id for summary in opened.document_summaries() if summary.status in chosen]
        by_source: Counter[str] = Counter()
        touched = 0
        # Each document is its own transaction: an interrupted run keeps what it finished.
        with click.progressbar(ids, label="Suggesting", file=sys.stderr,
                               item_show_func=lambda _: f"{sum(by_source.values()):,} so far") as bar:
            for document_id in bar:
                stored = suggest_document(opened, document_id, suggesters)
                by_source.update(suggestion.source for suggestion in stored)
                touched += bool(stored)
    detail = ", ".join(f"{source} {count:,}" for source, count in sorted(by_source.items()))
    click.echo(f"Suggested {_plural(sum(by_source.values()), 'new suggestion')}"
               f"{f' ({detail})' if detail else ''} in {_plural(touched, 'document')} "
               f"of {len(ids):,} looked at.")


COMMANDS = [suggest_command]
