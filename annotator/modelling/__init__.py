"""Machine-learned suggestions: spaCy pipelines as a suggestion source, and training one on a project.

spaCy is an optional extra (`annotator[spacy]`): nothing here imports it at module level, so the
command line and the packaged app (which leaves spaCy out) work without it and say how to get it.
"""

from __future__ import annotations

from types import ModuleType

SPACY_MISSING = 'spaCy is not installed: install annotator[spacy] (pip install "annotator[spacy]")'


class ModellingError(ValueError):
    """A model cannot be trained or loaded; the message is one line for the user."""


def import_spacy() -> ModuleType:
    """The spaCy module, or a ModellingError that says how to install it."""
    try:
        import spacy
    except ImportError as error:
        raise ModellingError(SPACY_MISSING) from error
    return spacy
