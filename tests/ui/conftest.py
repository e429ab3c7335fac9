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
def open_window(qtbot):
    """Opens the real window on a project file, shown, active and with the text focused."""

    def opened(path: Path):  # noqa: ANN202
        from annotator.app import create_main_window

        main = create_main_window(path)
        qtbot.addWidget(main)
        main.show()
        qtbot.waitExposed(main)
        # Label keys are window shortcuts: they fire only in the active window.
        main.activateWindow()
        qtbot.waitUntil(main.isActiveWindow)
        qtbot.waitUntil(main.view.hasFocus)
        return main

    return opened


@pytest.fixture
def window(open_window, project_file: Path):
    yield open_window(project_file)


@pytest.fixture
def window_on(qtbot, tmp_path: Path):
    """The window (built, not shown) on a new project holding these records."""

    def built(records: list[DocumentRecord], name: str = "records.sqlite"):  # noqa: ANN202
        from annotator.app import create_main_window
        from annotator.store import Project

        path = tmp_path / name
        with Project(path) as project:
            project.import_records(records)
        main = create_main_window(path)
        qtbot.addWidget(main)
        return main

    return built


def _read_spans(path: Path, document_id: int) -> list[tuple[int, int, str, str]]:
    from annotator.store import Project

    with Project(path) as project:
        return [(s.start, s.end, s.label, s.text) for s in project.spans(document_id)]


@pytest.fixture
def read_spans():
    """(start, end, label, text) of a document's spans, read from the project file itself."""
    return _read_spans
