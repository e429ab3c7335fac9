"""A team's whole loop on a real Reuters article: three annotators' projects → merge → agreement →
review by keyboard in the real window → export the gold layer, checked span by span."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import DocumentStatus
from annotator.store import Project

ARTICLE = Path(__file__).resolve().parents[1] / "corpus" / "news-html" / "reuters.com.parasite.html"
QUOTE = "I am standing on the shoulders of my favorite actor - Heath Ledger,"
AGREED = [("Joaquin Phoenix", "PERSON"), ("Renee Zellweger", "PERSON"), ("Screen Actors Guild", "ORG"),
          ("Bong Joon Ho", "PERSON"), ("Phoenix said", "PERSON")]  # "Phoenix" of "Phoenix said"
ACADEMY = "Academy of Motion Picture Arts and Sciences"


def find(text: str, phrase: str) -> tuple[int, int]:
    if phrase == "Phoenix said":
        start = text.index(phrase)
        return start, start + len("Phoenix")
    start = text.index(phrase)
    return start, start + len(phrase)


def annotate(path: Path, who: str, extra: list[tuple[str, str]], quote_label: str | None,
             quote_type: str | None = None) -> None:
    """One annotator's own project: the article imported, the agreed spans and their own choices."""
    main(["import", str(path), str(ARTICLE)])
    with Project(path, annotator=who) as project:
        text = project.document(1).text
        spans = {}
        for phrase, label in AGREED + extra:
            spans[phrase] = project.add_span(1, *find(text, phrase), label)
        if quote_label is not None:
            attributes = {"quote_type": quote_type} if quote_type else None
            quote = project.add_span(1, *find(text, QUOTE), quote_label, attributes=attributes)
            if quote_label == "QUOTE":
                project.add_relation(quote.id, spans["Phoenix said"].id, "SPEAKER")
        project.set_status(1, DocumentStatus.DONE)


@pytest.fixture
def open_window(qtbot):
    """The real window on a project, shown and active (window shortcuts fire only then)."""

    def opened(path: Path):  # noqa: ANN202
        from annotator.app import create_main_window

        window = create_main_window(path)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        return window

    return opened


@pytest.fixture
def team_file(tmp_path: Path) -> Path:
    """Alice, Bob and Carol annotated the article apart; merged into TEAM.sqlite by `annotator merge`."""
    alice, bob, carol = (tmp_path / f"{name}.sqlite" for name in ("alice", "bob", "carol"))
    annotate(alice, "Alice", [("LOS ANGELES", "GPE"), (ACADEMY, "ORG")], "QUOTE", "direct")
    annotate(bob, "Bob", [("LOS ANGELES", "GPE"), ("Academy of Motion Picture Arts", "ORG")],
             "QUOTE", "direct")
    annotate(carol, "Carol", [(ACADEMY, "ORG")], "CLAIM")
    team = tmp_path / "TEAM.sqlite"
    main(["merge", str(team), str(alice), str(bob), str(carol)])
    with Project(team, read_only=True) as project:
        assert project.layers() == ["Alice", "Bob", "Carol"]
    return team


def test_merge_agreement_review_by_keyboard_export_gold(team_file: Path, open_window, qtbot,
                                                        tmp_path: Path) -> None:
    from PySide6.QtCore import Qt  # here: collecting the headless tests never loads Qt

    # Agreement, worked out by hand. Alice 8 spans, Bob 8, Carol 7; all share the 5 agreed ones.
    # Alice–Bob also share LOS ANGELES and the quote: F1 = 2·7/(8+8) = 0.875.
    # Alice–Carol also share the full Academy: 2·6/(8+7) = 0.8. Bob–Carol: 2·5/(8+7) = 0.667.
    # The one quote both Alice and Bob marked has the same speaker: links 1 of 1.
    figures = tmp_path / "agreement.json"
    main(["agreement", str(team_file), "--format", "json", "-o", str(figures)])
    rows = json.loads(figures.read_text("utf-8"))["rows"]
    pairs = {row["annotators"]: row for row in rows
             if row["label"] == "(all labels)" and "/" in row["annotators"]}
    assert {name: round(row["exact_f1"], 3) for name, row in pairs.items()} == {
        "Alice / Bob": 0.875, "Alice / Carol": 0.8, "Bob / Carol": 0.667}
    assert (pairs["Alice / Bob"]["links"], pairs["Alice / Bob"]["links_items"]) == (1.0, 1)

    # Review, by keyboard only, in the real window.
    window = open_window(team_file)
    window.open_document(1)
    window.view.setFocus()
    text = window.view.text
    team_menu = next(a for a in window.menuBar().actions() if a.text().replace("&", "") == "Team").menu()
    toggle = next(a for a in team_menu.actions() if a.text().replace("&", "") == "Review disagreements")
    assert toggle.isEnabled()
    toggle.trigger()
    assert "Accepted 5 spans all 3 annotators agree on" in window.statusBar().currentMessage()

    def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> str:
        qtbot.keyClick(window.view, key, modifiers)
        return window.statusBar().currentMessage()

    ctrl = Qt.KeyboardModifier.ControlModifier
    said = press(Qt.Key.Key_F8)
    assert said.startswith("Disagreement 1 of 3: Alice, Bob GPE [0,11) vs Carol nothing")
    press(Qt.Key.Key_1, ctrl)  # Alice's LOS ANGELES
    said = press(Qt.Key.Key_F8)
    assert said.startswith("Disagreement 2 of 3: Alice, Carol ORG") and "vs Bob ORG" in said
    press(Qt.Key.Key_3, ctrl)  # Carol's (the full name, as Alice's)
    said = press(Qt.Key.Key_F8)
    assert said.startswith("Disagreement 3 of 3: Alice, Bob QUOTE") and "vs Carol CLAIM" in said
    press(Qt.Key.Key_2, ctrl)  # Bob's quote, direct, spoken by Phoenix
    assert press(Qt.Key.Key_F8).startswith("All 3 disagreements settled")
    press(Qt.Key.Key_Return, ctrl)  # done
    assert window.project.document_status(1) == DocumentStatus.DONE
    window.close()

    # Export the gold layer and check every span and the link.
    out = tmp_path / "gold.jsonl"
    main(["export", str(team_file), "--gold", "-o", str(out)])
    [record] = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    exported = sorted((span["start"], span["end"], span["label"]) for span in record["spans"])
    expected = sorted([(*find(text, phrase), label) for phrase, label in AGREED]
                      + [(*find(text, "LOS ANGELES"), "GPE"), (*find(text, ACADEMY), "ORG"),
                         (*find(text, QUOTE), "QUOTE")])
    assert exported == expected
    quote = next(span for span in record["spans"] if span["label"] == "QUOTE")
    assert quote["attributes"] == {"quote_type": "direct"}
    [link] = record["relations"]
    assert link["label"] == "SPEAKER"
    assert link["head_span"]["start"] == quote["start"]
    assert link["child_span"]["start"] == find(text, "Phoenix said")[0]
    with Project(team_file, read_only=True) as project:
        sources = {(s.label, s.source) for s in project.spans(1)}
    assert ("QUOTE", "layer:Bob") in sources and ("ORG", "layer:Carol") in sources
