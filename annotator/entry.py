"""The `annotator` command's entry point: opening the window skips loading the command-line parser."""

from __future__ import annotations

import sys

SUBCOMMANDS = frozenset({"open", "import", "export", "stats", "backup", "restore", "check", "salvage"})
# Feature sub-commands (annotator/commands/): `annotator train` alone is usage, not a project "train".
SUBCOMMANDS |= {"train", "suggest", "search", "merge", "agreement"}


def main() -> None:
    arguments = sys.argv[1:]
    # `annotator` and `annotator PROJECT` open the window: the click parser (~20 ms) is not needed.
    if len(arguments) <= 1 and not any(arg.startswith("-") or arg in SUBCOMMANDS for arg in arguments):
        from pathlib import Path

        from annotator.launch import open_window
        from annotator.store import ProjectError

        try:
            status = open_window(Path(arguments[0]) if arguments else None)
        except (ProjectError, OSError) as error:
            if sys.stderr is not None:  # a windowed build has no stderr
                print(f"annotator: {error}", file=sys.stderr)
            status = 1
        sys.exit(status)
    from annotator.cli import main as cli_main

    cli_main()
