"""Annotator: hand annotation of news articles into one SQLite project file."""

# Kept equal to pyproject.toml's version by a test; a literal, because asking importlib.metadata
# costs ~50 ms of every start.
__version__ = "0.1.0"
