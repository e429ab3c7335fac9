"""The `annotator` command: headless import, export and stats, and the door to the window."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

import click

from annotator import __version__
from annotator.core.model import DocumentStatus
from annotator.formats import EXPORT_FORMATS, IMPORT_FORMATS, FormatError
from annotator.formats.export_checks import ExportError
from annotator.formats.file_names import safe_name
from annotator.formats.limits import ENVIRONMENT_VARIABLE, parse_size, size_limit
from annotator.store import Project, ProjectError

STATUS_NAMES = [status.value for status in DocumentStatus]
# Every name `export --format` takes is taken on import too: doccano's JSONL is read by the jsonl
# reader, which recognises doccano's shapes.
IMPORT_ALIASES = {"doccano": "jsonl"}
# What `export --suggestions` does, per format (annotator.suggestion_export marks them).
SUGGESTIONS_HELP = ("Also export open suggestions, marked: jsonl gives them \"suggested\": true and their "
                    "\"source\"; other formats cannot mark them and leave them out with a warning.")
IMPORT_CHOICES = [*IMPORT_FORMATS, *(name for name in IMPORT_ALIASES if name not in IMPORT_FORMATS)]


class DefaultToOpen(click.Group):
    """`annotator` and `annotator PROJECT` open the window; known words are sub-commands."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and not args[0].startswith("-")):
            args = ["open", *args]
        return super().parse_args(ctx, args)


class ManyStatuses(click.Command):
    """`--status todo in_progress` as the README writes it: click takes one value per option, so
    the status names that follow one are given their own `--status` before parsing."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        expanded: list[str] = []
        taking, previous = False, ""
        for arg in args:
            if taking and arg in STATUS_NAMES and previous != "--status":
                expanded += ["--status", arg]
            else:
                expanded.append(arg)
            if arg == "--status" or arg.startswith("--status="):
                taking = True
            elif arg not in STATUS_NAMES:
                taking = False
            previous = arg
        return super().parse_args(ctx, expanded)


def _self_test(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from annotator.selftest import run_self_test

        ctx.exit(run_self_test())


@click.group(cls=DefaultToOpen, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="annotator")
@click.option("--self-test", is_flag=True, expose_value=False, is_eager=True, callback=_self_test,
              help="Check offscreen that this installation imports, tags and exports; exit 0 if so.")
def cli() -> None:
    """Annotate news articles: entities, quotes and claims, kept in one SQLite project file."""


@cli.command("open")
@click.argument("project", type=click.Path(path_type=Path), required=False)
def open_command(project: Path | None) -> None:
    """Open PROJECT (or your default project) in the annotation window."""
    from annotator.launch import open_window

    sys.exit(open_window(project))


def _size(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """A size such as 500MB, 2GB or 64MiB, as bytes."""
    try:
        return None if value is None else parse_size(value)
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, param) from error


@cli.command("import")
@click.argument("project", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "format_name", type=click.Choice(IMPORT_CHOICES), default=None,
              help="Read every file as this format instead of detecting it from the file.")
@click.option("--max-size", metavar="SIZE", callback=_size, default=None,
              help="Read files up to this size (e.g. 500MB) in every format, instead of the limits "
                   f"per format (HTML 10 MB, text and JSONL 200 MB...; also {ENVIRONMENT_VARIABLE}).")
@click.option("--annotator", metavar="NAME", default=None,
              help="The files are NAME's work (brat files of one annotator…): stored as NAME's layer.")
def import_command(
    project: Path, paths: tuple[Path, ...], format_name: str | None, max_size: int | None,
    annotator: str | None = None,
) -> None:
    """Import articles (files, or folders of them) into PROJECT, creating it if needed.

    Formats are detected from the file: .txt .md .html .jsonl (Prodigy or doccano), brat .txt+.ann,
    .conll, Label Studio .json, spaCy .spacy. Pipes, devices and sockets in folders are left out.
    """
    from annotator.importing import (
        ImportReport,
        collect_paths,
        describe_ignored,
        describe_special,
        import_file,
        source_namer,
    )
    from annotator.store.backups import back_up_before_import

    format_name = IMPORT_ALIASES.get(format_name or "", format_name)
    if max_size is None:
        size_limit("text")  # a malformed ANNOTATOR_MAX_SIZE is said once, before anything is done
    ignored: list[Path] = []
    special: list[Path] = []
    with Project(project) as opened:
        opened.require_writable()  # a read-only project: said once, before any backup or file
        back_up_before_import(opened, list(paths))
        files, problems = collect_paths(paths, ignored, special)
        source_of = source_namer(paths)
        outcomes = list(problems)
        labels_added = ImportReport()  # collects the labels the files brought
        show_bar = len(files) > 1 and sys.stderr is not None and sys.stderr.isatty()
        with click.progressbar(files, label="Importing", file=sys.stderr,
                               show_pos=True, hidden=not show_bar) as bar:
            for path in bar:
                outcomes.append(import_file(opened, path, labels_added, format_name=format_name,
                                            source=source_of(path), max_size=max_size,
                                            annotator=(annotator or "").strip() or None))
        opened.index_pending()  # the search index, once for the whole import
        total_docs = opened.document_count()
    failures = [outcome for outcome in outcomes if outcome.error]
    for outcome in outcomes:
        for warning in outcome.warnings:
            click.echo(f"annotator: warning: {safe_name(outcome.path)}: {safe_name(warning)}", err=True)
    for outcome in failures:
        click.echo(f"annotator: {safe_name(outcome.path)}: {safe_name(outcome.error or '')}", err=True)
    added = sum(outcome.added for outcome in outcomes)
    skipped = sum(outcome.skipped for outcome in outcomes)
    spans = sum(outcome.spans for outcome in outcomes)
    summary = f"Imported {_plural(added, 'document')} ({_plural(spans, 'span')})"
    if skipped:
        summary += f", skipped {skipped} already in the project"
    if failures:
        summary += f", {_plural(len(failures), 'file')} failed"
    if ignored:
        summary += f", {describe_ignored(ignored)}"
    if special:
        summary += f", {describe_special(special)}"
    if labels_added.new_labels:
        names = list(dict.fromkeys(labels_added.new_labels))
        summary += f"; {'labels' if len(names) != 1 else 'label'} added: {safe_name(', '.join(names))}"
    click.echo(f"{summary}. {safe_name(project)} now holds {_plural(total_docs, 'document')}.", err=True)
    if failures:
        sys.exit(1)


@cli.command("export", cls=ManyStatuses)
@click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "format_name", type=click.Choice(EXPORT_FORMATS), default="jsonl",
              show_default=True,
              help="jsonl is Prodigy's span format; brat writes a folder (needs -o DIR).")
@click.option("-o", "--output", default="-", show_default=True,
              help="File (or folder, for brat) to write, or - for standard output.")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUS_NAMES),
              help="Only documents with these statuses: --status todo in_progress (default: all).")
@click.option("--suggestions", "with_suggestions", is_flag=True, help=SUGGESTIONS_HELP)
@click.option("--annotator", "layer", metavar="NAME", default=None,
              help="Export NAME's layer of a team project instead of the settled (gold) spans.")
@click.option("--gold", is_flag=True, help="The project's own settled spans (the default).")
@click.option("--all-layers", is_flag=True,
              help="Every annotator's layer, each named: jsonl/doccano lines with _annotator_id/user, "
                   "brat one folder per annotator.")
def export_command(project: Path, format_name: str, output: str, statuses: tuple[str, ...],
                   with_suggestions: bool = False, layer: str | None = None, gold: bool = False,
                   all_layers: bool = False) -> None:
    """Export PROJECT's documents with their spans and relations."""
    from annotator.exporting import export_to_path, export_whole_to_stream
    from annotator.team.layer_export import export_all_layers, layer_view

    if sum((layer is not None, gold or with_suggestions, all_layers)) > 1:
        raise click.UsageError("choose one of --annotator, --all-layers and --gold (with --suggestions)")

    chosen = [DocumentStatus(status) for status in statuses] or None
    if output == "-" and sys.stdout is None:  # a windowed build has no standard output
        raise click.UsageError("there is no standard output here: give -o FILE")
    if output == "-" and format_name == "spacy" and sys.stdout.isatty():
        raise click.UsageError("a .spacy file is binary: give -o FILE.spacy (or redirect the output)")
    # Read-only: an export never changes the project, so it works whatever the file's modes.
    with Project(project, read_only=True) as opened:
        if all_layers:
            result = export_all_layers(opened, format_name, output,
                                       sys.stdout.buffer if output == "-" else None, chosen)
            sys.stdout.flush()
        elif output == "-":
            result = export_whole_to_stream(layer_view(opened, layer) if layer else opened, format_name,
                                            sys.stdout.buffer, chosen, with_suggestions)
            sys.stdout.flush()
        else:
            result = export_to_path(layer_view(opened, layer) if layer else opened, format_name,
                                    Path(output), chosen, with_suggestions)
    for warning in result.warnings:
        click.echo(f"annotator: warning: {warning}", err=True)
    where = "standard output" if output == "-" else output
    click.echo(f"Exported {_plural(result.documents, 'document')} to {where}.", err=True)


@cli.command("stats")
@click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write a self-contained page of charts (SVG) with their figures to this file.")
@click.option("--csv", "csv_folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write each chart's figures as a CSV file in this folder.")
def stats_command(project: Path, html_path: Path | None, csv_folder: Path | None) -> None:
    """Show PROJECT's documents by status and spans by label."""
    with Project(project, read_only=True) as opened:
        statuses = opened.status_counts()
        labels = opened.label_counts()
        outcomes = opened.suggestion_outcomes()
        charts = opened.statistics() if html_path is not None or csv_folder is not None else []
    if html_path is not None:
        from annotator.statistics_page import write_statistics_page

        write_statistics_page(html_path, project.stem, charts)
        click.echo(f"Wrote {_plural(len(charts), 'chart')} to {html_path}.", err=True)
    if csv_folder is not None:
        from annotator.statistics_page import write_csv_files

        written = write_csv_files(csv_folder, charts)
        click.echo(f"Wrote {_plural(len(written), 'CSV file')} to {csv_folder}.", err=True)
    total = sum(statuses.values())
    click.echo(f"Documents: {total}")
    for status, count in statuses.items():
        click.echo(f"  {status.value:<12} {count:>8}")
    click.echo(f"Spans: {sum(labels.values())}")
    for label, count in labels.items():
        click.echo(f"  {label:<12} {count:>8}")
    if outcomes:  # per suggestion source: what became of its suggestions
        width = max(12, *(len(source) for source in outcomes))
        click.echo(f"Suggestions: {'':<{width - 10}}accepted  changed  rejected      open")
        for source, counts in outcomes.items():
            click.echo(f"  {source:<{width}} {counts['accepted']:>8} {counts['changed']:>8} "
                       f"{counts['rejected']:>9} {counts['open']:>9}")


@cli.command("backup")
@click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the copy here (default: PROJECT.backups/, rotated).")
def backup_command(project: Path, output: Path | None) -> None:
    """Make a verified copy of PROJECT (through SQLite: nothing in its -wal is missed)."""
    if output is not None and output.exists():
        raise click.UsageError(f"{output}: exists already; choose a new file name")
    with Project(project) as opened:
        made = opened.backup("manual", output)
    documents, spans = made.contents()
    click.echo(f"Backed up {_plural(documents, 'document')} ({_plural(spans, 'span')}) to {made.path}.",
               err=True)


@cli.command("restore")
@click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("backup", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(project: Path, backup: Path | None) -> None:
    """Make PROJECT what BACKUP holds (its current state is backed up first). Without BACKUP,
    list PROJECT's backups."""
    from annotator.store.backups import list_backups

    if backup is None:
        backups = list_backups(project)
        if not backups:
            click.echo(f"{project} has no backups yet.", err=True)
        for found in backups:
            documents, spans = found.contents()
            click.echo(f"{found.made:%Y-%m-%d %H:%M:%S}  {documents:>7} documents {spans:>9} spans  "
                       f"{found.reason or '':<16} {found.path}")
        return
    with Project(project) as opened:
        before = opened.restore_backup(backup)
    click.echo(f"Restored {project} from {backup}; what it held before is in {before.path}.", err=True)


@cli.command("check")
@click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check_command(project: Path) -> None:
    """Run SQLite's full integrity and foreign-key checks on PROJECT (read only)."""
    from annotator.store.salvage import check_file

    problems = check_file(project)
    for problem in problems[:50]:
        click.echo(f"annotator: {project}: {problem}", err=True)
    if problems:
        click.echo(f"annotator: {project}: {_plural(len(problems), 'problem')} found; see "
                   f"`annotator restore {project}` for backups, or `annotator salvage`.", err=True)
        sys.exit(1)
    click.echo(f"{project}: ok (integrity and foreign keys).", err=True)


@cli.command("salvage")
@click.argument("project", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The new project to copy every readable row into.")
def salvage_command(project: Path, output: Path) -> None:
    """Copy every row that can still be read from a damaged PROJECT into a new project."""
    from annotator.store.salvage import salvage

    report = salvage(project, output)
    click.echo(f"Salvaged into {output}: {report.summary()}.", err=True)
    if report.lost:
        click.echo(f"annotator: {_plural(report.lost, 'row')} could not be read.", err=True)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


from annotator.commands import register  # noqa: E402 - after `cli` exists: its modules extend it

register(cli)


def main(argv: list[str] | None = None) -> Any:
    """Entry point: one line on stderr and exit status 1 for any error a user can cause."""
    try:
        return cli.main(args=argv, prog_name="annotator", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        click.echo(f"annotator: {error.format_message()}", err=True)
        sys.exit(error.exit_code if error.exit_code != 2 else 2)
    except click.Abort:
        click.echo("annotator: interrupted", err=True)
        sys.exit(130)
    except (ProjectError, ExportError, FormatError, ValueError, sqlite3.Error) as error:
        click.echo(f"annotator: {error}", err=True)
        sys.exit(1)
    except OSError as error:
        target = f"{error.filename}: " if error.filename else ""
        click.echo(f"annotator: {target}{error.strerror or error}", err=True)
        sys.exit(1)
