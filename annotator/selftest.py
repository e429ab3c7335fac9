"""`annotator --self-test`: prove an installed or frozen app works end to end, offscreen.

Creates a temporary project, imports the sample articles, builds the real main window, tags a
word through it (after an emoji too, to prove the UTF-16 conversion), exports JSONL and checks the
spans came out at the right code-point offsets. Returns 0, or 1 with a one-line reason.
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from pathlib import Path

EMOJI_ARTICLE = "Self-test 🙂 article: 🇩🇪 Rutte met Scholz in Berlin."
# A saved news page: proves the HTML extractor (trafilatura, lxml) made it into the bundle.
HTML_ARTICLE = """<html><head><title>Self-test page</title>
<meta name="author" content="Ana Reporter"><link rel="stylesheet" href="http://example.com/x.css">
</head><body><nav>Home | World</nav><article><h1>Self-test page</h1>
<p>Nato leaders met in Brussels on Monday to discuss the alliance and its plans for the year.</p>
<p>Mark Rutte said the alliance would remain united whatever the outcome of the vote.</p>
</article><footer>Copyright</footer></body></html>"""


class SelfTestError(Exception):
    pass


def run_self_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        with tempfile.TemporaryDirectory(prefix="annotator-selftest-") as folder:
            checked = _check(Path(folder) / "selftest.sqlite")
    except SelfTestError as error:
        _say(f"annotator: self-test failed: {error}")
        return 1
    except Exception as error:  # noqa: BLE001 - the point is to report any breakage in one line
        _say(f"annotator: self-test failed: {type(error).__name__}: {error}")
        return 1
    _say(f"annotator: self-test passed ({checked})")
    return 0


def _check(path: Path) -> str:
    from annotator.app import application, create_main_window
    from annotator.core.model import DocumentRecord
    from annotator.exporting import export_project
    from annotator.importing import import_paths
    from annotator.resources import resource_path
    from annotator.store import Project

    with Project(path) as project:
        report = import_paths(project, [resource_path("seeds")])
        if report.failures or report.added < 1:
            raise SelfTestError(f"importing the sample articles failed: {report.failures}")
        project.import_records([DocumentRecord(text=EMOJI_ARTICLE, title="Self-test")])
        page = path.parent / "self-test.html"
        page.write_text(HTML_ARTICLE, "utf-8")
        html = import_paths(project, [page])
        if html.failures or html.added != 1:
            raise SelfTestError(f"importing an HTML page failed: {html.failures}")
        documents = list(project.documents())
        if not any(document.author == "Ana Reporter" and "Mark Rutte said" in document.text
                   and "Copyright" not in document.text for document in documents):
            raise SelfTestError("the HTML page's article text or author did not come through")
    app = application()
    _quiet_offscreen_warnings()
    _private_settings(path.parent)
    window = create_main_window(path)
    try:
        window.show()
        app.processEvents()
        expected = []
        for document in (documents[0], documents[-2]):
            window.open_document(document.id)
            app.processEvents()
            start = document.text.index("Rutte")
            window.view.select_range(start, start + len("Rutte"))
            window.label_actions["PERSON"][0].trigger()  # what pressing the PERSON key does
            app.processEvents()
            expected.append((document.id, start, start + len("Rutte")))
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
    out = io.BytesIO()
    with Project(path) as project:
        export_project(project, "jsonl", out)
    lines = [json.loads(line) for line in out.getvalue().decode("utf-8").splitlines()]
    found = {(line["meta"]["document_id"], span["start"], span["end"])
             for line in lines for span in line["spans"]
             if span["label"] == "PERSON" and span["text"] == "Rutte"}
    missing = [item for item in expected if item not in found]
    if missing:
        raise SelfTestError(f"tagged spans missing or at the wrong offsets in the export: {missing}")
    return f"{len(lines)} documents (one from HTML), spans at {[item[1:] for item in expected]}"


def _private_settings(folder: Path) -> None:
    """Keep the self-test's window out of the user's recent projects and saved geometry."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


def _quiet_offscreen_warnings() -> None:
    """The offscreen platform says it cannot size windows; that is expected here, not news."""
    from PySide6.QtCore import qInstallMessageHandler

    previous = None

    def handler(kind, context, message):  # type: ignore[no-untyped-def]
        if "propagateSizeHints" not in message and previous is not None:
            previous(kind, context, message)

    previous = qInstallMessageHandler(handler)


def _say(message: str) -> None:
    # A windowed build (Windows, macOS) has no stderr at all.
    if sys.stderr is not None:
        print(message, file=sys.stderr)
