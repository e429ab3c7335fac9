"""Every package folder is named in pyproject.toml (an unlisted one is missing from an installed app),
and every feature sub-command is known to the entry point (else `annotator NAME` opens a project)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from annotator.cli import cli
from annotator.entry import SUBCOMMANDS

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_folder_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    inits = (ROOT / "annotator").rglob("__init__.py")
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in inits}
    assert found - listed == set()


def test_every_sub_command_is_known_to_the_entry_point() -> None:
    assert set(cli.commands) - SUBCOMMANDS == set()
