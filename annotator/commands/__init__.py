"""Sub-commands of the later features (suggest, team, search…), each in its own module."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Add every feature module's commands to `annotator`. Imports are plain (not importlib) so
    PyInstaller sees them; a module keeps its heavy imports inside its command functions."""
    modules: list[object] = []
    # One line per feature module, e.g.: from annotator.commands import search; modules.append(search)
    from annotator.commands import train; modules.append(train)  # noqa: E702, I001
    from annotator.commands import search; modules.append(search)  # noqa: E702, I001
    from annotator.commands import suggest; modules.append(suggest)  # noqa: E702, I001
    from annotator.commands import team; modules.append(team)  # noqa: E702, I001
    for module in modules:
        for command in getattr(module, "COMMANDS", ()):
            group.add_command(command)
