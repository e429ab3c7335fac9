"""The real window on a small project, driven as a user would."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.model import DocumentRecord

ARTICLES = [
    DocumentRecord(
        title="Rutte in Berlin",
        text=(
            "Nato Secretary-General Mark Rutte spoke in Berlin on Monday.\n\n"
            '"Whoever emerges victorious, we will work with them," Rutte said alongside Olaf Scholz.\n'
        ),
    ),
    DocumentRecord(title="Emoji 🙂 story", text="Café 🙂 says hello to Ana 👩‍💻 and Ana waves."),
    DocumentRecord(title="Third", text="A third article about Kyiv and Kyiv again."),
]


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    from annotator.store import Project

    path = tmp_path / "window.sqlite"
    with Project(path) as project:
        project.import_records(list(ARTICLES))
    return path


@pytest.fixture
def window(qtbot, project_file: Path):
    from annotator.app import create_main_window

    main = create_main_window(project_file)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    # Label keys are window shortcuts: they fire only in the active window.
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow)
    qtbot.waitUntil(main.view.hasFocus)
    yield main


def _read_spans(path: Path, document_id: int) -> list[tuple[int, int, str, str]]:
    from annotator.store import Project

    with Project(path) as project:
        return [(s.start, s.end, s.label, s.text) for s in project.spans(document_id)]


@pytest.fixture
def read_spans():
    """(start, end, label, text) of a document's spans, read from the project file itself."""
    return _read_spans
