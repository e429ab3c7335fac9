"""Team > Review disagreements: three annotators' layers settled into gold by keyboard, undoable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from annotator.core.layers import LayerContent
from annotator.core.model import DocumentRecord, DocumentStatus, RelationRecord, SpanRecord
from annotator.store import Project

TEXT = (
    "Nato Secretary-General Mark Rutte spoke in Berlin on Monday.\n\n"
    '"Whoever emerges victorious, we will work with them," Rutte said alongside Olaf Scholz.\n'
)
ARTICLES = [DocumentRecord(title="Rutte in Berlin", text=TEXT),
            DocumentRecord(title="Emoji 🙂 story", text="Café 🙂 says hello to Ana 👩‍💻 and Ana waves.")]
QUOTE = '"Whoever emerges victorious, we will work with them,"'
CTRL = Qt.KeyboardModifier.ControlModifier


def at(phrase: str, label: str, occurrence: int = 0, **attributes: object) -> SpanRecord:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(phrase, start + 1)
    return SpanRecord(start, start + len(phrase), label, phrase, dict(attributes))


def layer(*spans: SpanRecord, links: tuple[tuple[int, int], ...] = ()) -> LayerContent:
    agreed = [at("Mark Rutte", "PERSON"), at("Berlin", "GPE"), at("Rutte", "PERSON", 1),
              at("Olaf Scholz", "PERSON")]
    every = agreed + list(spans)
    return LayerContent(spans=every, relations=[RelationRecord(h + 4, c, "SPEAKER") for h, c in links],
                        status=DocumentStatus.DONE)


def make_team_project(path: Path) -> Path:
    """Document 1 by Alice, Bob and Carol: four spans alike, three disagreements (Nato, Monday, the quote)."""
    with Project(path) as project:
        project.import_records(list(ARTICLES))
        # Alice: ORG "Nato"; the quote, direct, spoken by Rutte (the agreed span 2).
        project.set_layer_document(1, "Alice", layer(
            at("Nato", "ORG"), at(QUOTE, "QUOTE", quote_type="direct"), links=((1, 2),)))
        # Bob: ORG "Nato Secretary-General"; a claim over a shorter stretch.
        project.set_layer_document(1, "Bob", layer(at("Nato Secretary-General", "ORG"),
                                                   at(QUOTE[:-2], "CLAIM")))
        # Carol: DATE "Monday"; the same quote, direct, but spoken by Scholz (span 3).
        project.set_layer_document(1, "Carol", layer(
            at("Monday", "DATE"), at(QUOTE, "QUOTE", quote_type="direct"), links=((1, 3),)))
    return path


@pytest.fixture
def team(open_window, tmp_path: Path):
    main = open_window(make_team_project(tmp_path / "team.sqlite"))
    main.open_document(1)
    main.view.setFocus()
    return main


def gold(path: Path) -> list[tuple[int, int, str, str, str | None, dict]]:
    with Project(path) as project:
        return [(s.start, s.end, s.label, s.source, s.annotator, s.attributes) for s in project.spans(1)]


def gold_links(path: Path) -> list[tuple[str, str, str]]:
    with Project(path) as project:
        spans = {s.id: s for s in project.spans(1)}
        return [(r.type, spans[r.head_span_id].label, spans[r.child_span_id].text)
                for r in project.relations(1)]


def key(window, qtbot, k: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.view, k, modifiers)


def messages(window) -> str:
    return window.statusBar().currentMessage()


def test_the_team_menu_is_made_once_and_review_needs_layers(team, window, qtbot) -> None:
    titles = [a.text().replace("&", "") for a in team.menuBar().actions()]
    assert titles.count("Team") == 1 and titles.index("Team") < titles.index("Help")
    assert team.review.toggle.isEnabled()
    assert not window.review.toggle.isEnabled()  # the plain project of the other fixture: no layers
    window.review.set_active(True)
    assert not window.review.active and "no annotator layers" in messages(window)


def test_entering_review_accepts_the_unanimous_spans_as_one_undo_step(team, qtbot) -> None:
    path = team.project.path
    team.review.toggle.trigger()
    assert team.review.active and team.review.bar.isVisible()
    assert "Alice" in team.review.bar.text() and "Ctrl+3" in team.review.bar.text()
    assert "Accepted 4 spans all 3 annotators agree on" in messages(team)
    rows = gold(path)
    assert [(r[2], TEXT[r[0]:r[1]]) for r in rows] == [
        ("PERSON", "Mark Rutte"), ("GPE", "Berlin"), ("PERSON", "Rutte"), ("PERSON", "Olaf Scholz")]
    assert {r[3] for r in rows} == {"layer:Alice"} and {r[4] for r in rows} == {team.review.reviewer}
    assert team.session.undo_stack.count() == 1
    team.session.undo_stack.undo()
    assert gold(path) == []
    # Leaving and coming back does not accept them again behind the reviewer's back; Ctrl+Shift+U does.
    team.review.toggle.trigger()
    team.review.toggle.trigger()
    assert gold(path) == []
    key(team, qtbot, Qt.Key.Key_U, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert len(gold(path)) == 4


def test_settle_every_disagreement_by_keyboard_then_undo_it_all(team, qtbot) -> None:
    path = team.project.path
    team.review.toggle.trigger()
    key(team, qtbot, Qt.Key.Key_F8)
    assert messages(team).startswith(
        "Disagreement 1 of 3: Alice ORG [0,4) vs Bob ORG [0,22) vs Carol nothing")
    assert messages(team).endswith("— Ctrl+1 Alice, Ctrl+2 Bob, Ctrl+3 Carol")
    assert "ORG [0,22): 1 of 3 agree · ORG [0,4): 1 of 3 agree" in team.review.bar.text()
    assert team.view.selection_range() == (0, 22)
    key(team, qtbot, Qt.Key.Key_2, CTRL)  # Bob's
    assert (0, 22, "ORG", "layer:Bob") in [r[:4] for r in gold(path)]

    key(team, qtbot, Qt.Key.Key_F8)
    assert "Carol DATE" in messages(team) and messages(team).startswith("Disagreement 2 of 3")
    before = gold(path)
    key(team, qtbot, Qt.Key.Key_Delete)  # reject: nothing in gold, nothing deleted
    assert gold(path) == before
    assert "Rejected" in messages(team)

    key(team, qtbot, Qt.Key.Key_F8)
    assert messages(team).startswith(
        "Disagreement 3 of 3: Alice QUOTE [62,115) speaker “Rutte” vs Bob CLAIM [62,113) "
        "vs Carol QUOTE [62,115) speaker “Olaf Scholz” — Ctrl+1 Alice")
    key(team, qtbot, Qt.Key.Key_1, CTRL)  # Alice's quote, with her attribute and her speaker
    start = TEXT.index(QUOTE)
    assert (start, start + len(QUOTE), "QUOTE", "layer:Alice", team.review.reviewer,
            {"quote_type": "direct"}) in gold(path)
    assert gold_links(path) == [("SPEAKER", "QUOTE", "Rutte")]
    assert team.review.open_disagreements() == []
    key(team, qtbot, Qt.Key.Key_F8)
    assert messages(team).startswith("All 3 disagreements settled")

    stack = team.session.undo_stack
    assert stack.count() == 4  # unanimous, Bob's ORG, the rejection, Alice's quote
    for _ in range(3):
        stack.undo()
    assert len(gold(path)) == 4 and gold_links(path) == []
    assert len(team.review.open_disagreements()) == 3
    for _ in range(3):
        stack.redo()
    assert gold_links(path) == [("SPEAKER", "QUOTE", "Rutte")]
    assert team.review.open_disagreements() == []


def test_accept_all_of_one_annotator_in_the_document_is_one_step(team, qtbot) -> None:
    path = team.project.path
    team.review.toggle.trigger()
    key(team, qtbot, Qt.Key.Key_A, CTRL | Qt.KeyboardModifier.AltModifier)
    key(team, qtbot, Qt.Key.Key_2)  # then Bob's number: all of Bob's versions
    rows = [(TEXT[r[0]:r[1]], r[2], r[3]) for r in gold(path) if r[3] == "layer:Bob"]
    assert rows == [("Nato Secretary-General", "ORG", "layer:Bob"), (QUOTE[:-2], "CLAIM", "layer:Bob")]
    assert team.review.open_disagreements() == []  # Monday: Bob marked nothing, so nothing, settled
    assert "Accepted Bob's version of 3 disagreements" in messages(team)
    assert all(r[2] != "DATE" for r in gold(path))  # the "2" was Bob's number, not a label key
    team.session.undo_stack.undo()
    assert len(team.review.open_disagreements()) == 3 and len(gold(path)) == 4


def test_accepting_a_quote_whose_speaker_is_not_in_gold_brings_the_speaker(team, qtbot) -> None:
    path = team.project.path
    team.review.toggle.trigger()
    team.session.undo_stack.undo()  # no agreed spans in gold: Carol's speaker must come with her quote
    team.review.go_to(team.review.review.disagreements[2])
    key(team, qtbot, Qt.Key.Key_3, CTRL)
    assert gold_links(path) == [("SPEAKER", "QUOTE", "Olaf Scholz")]
    assert sorted(r[2] for r in gold(path)) == ["PERSON", "QUOTE"]
    team.session.undo_stack.undo()
    assert gold(path) == []


def test_editing_what_was_accepted_settles_it_and_delete_works_on_gold_spans(team, qtbot) -> None:
    path = team.project.path
    team.review.toggle.trigger()
    key(team, qtbot, Qt.Key.Key_F8)
    key(team, qtbot, Qt.Key.Key_1, CTRL)  # Alice's "Nato"
    # Move its end a word right with the ordinary editor: still settled (it is the reviewer's now).
    team.view.place_caret(1)
    key(team, qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier)
    assert (0, 22, "ORG") in [r[:3] for r in gold(path)]
    assert team.review.review.disagreements[0] not in team.review.open_disagreements()
    # The caret in a settled passage: Delete deletes the gold span as ever, and it is open again.
    key(team, qtbot, Qt.Key.Key_Delete)
    assert (0, 22, "ORG") not in [r[:3] for r in gold(path)]
    assert team.review.review.disagreements[0] in team.review.open_disagreements()


def test_each_annotator_is_drawn_in_their_colour_only_while_reviewing(team, qtbot) -> None:
    from annotator.ui.review.overlay import COLOURS

    def count(colour: str) -> int:
        image = team.view.viewport().grab().toImage()
        wanted = QColor(colour).rgb()
        return sum(image.pixel(x, y) == wanted for x in range(0, image.width(), 1)
                   for y in range(0, min(image.height(), 200)))

    assert count(COLOURS[0]) == 0
    team.review.toggle.trigger()
    key(team, qtbot, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: count(COLOURS[1]) > 0)  # Bob's rules over his Nato span
    assert count(COLOURS[0]) > 0 and count(COLOURS[2]) > 0
    assert "2 of 3 agree" in team.view.review_tooltips[0](TEXT.index(QUOTE) + 3)
    team.review.toggle.trigger()
    qtbot.waitUntil(lambda: count(COLOURS[1]) == 0)


def test_another_document_has_its_own_review_and_the_window_still_tags(team, qtbot) -> None:
    team.review.toggle.trigger()
    team.open_document(2)
    assert team.review.review is not None and team.review.review.annotators == ()
    assert "No annotator worked on this document" in team.review.bar.text()
    key(team, qtbot, Qt.Key.Key_F8)
    team.view.select_range(0, 4)
    key(team, qtbot, Qt.Key.Key_1)  # a label key tags as ever
    with Project(team.project.path) as project:
        assert [(s.text, s.label) for s in project.spans(2)] == [("Café", "PERSON")]


def test_review_keys_clash_with_no_other_action_and_are_in_the_shortcut_help(team) -> None:
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QMainWindow

    owners: dict[str, list[str]] = {}
    for action in QMainWindow.actions(team):
        for sequence in action.shortcuts():
            keys = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            owners.setdefault(keys, []).append(action.text())
    for keys in ["F8", "Shift+F8", "Ctrl+Shift+U", *(f"Ctrl+{n}" for n in range(1, 10)),
                 *(f"Ctrl+Alt+A, {n}" for n in range(1, 10))]:
        assert len(owners.get(keys, [])) == 1, (keys, owners.get(keys))
    assert "Ctrl+Alt+A" not in owners  # the chord's first key alone would make it ambiguous
    rows = dict(team.shortcut_rows())
    assert rows["Next disagreement"] == "F8" and rows["Accept all unanimous"] == "Ctrl+Shift+U"
    assert not any(name.startswith("Accept annotator") for name in rows)  # no annotators known yet
    team.review.toggle.trigger()
    rows = dict(team.shortcut_rows())
    assert rows["Accept Carol's version"] == "Ctrl+3" and "Accept annotator 4's version" not in rows
    assert rows["Accept all of Bob in this document"] == "Ctrl+Alt+A, 2"


def test_an_attribute_disagreement_is_settled_by_choosing_whose_attributes(open_window, tmp_path,
                                                                           qtbot) -> None:
    path = tmp_path / "attributes.sqlite"
    with Project(path) as project:
        project.import_records(list(ARTICLES))
        for name, kind in (("Alice", "direct"), ("Bob", "indirect"), ("Carol", "direct")):
            project.set_layer_document(1, name, LayerContent(
                spans=[at(QUOTE, "QUOTE", quote_type=kind)], status=DocumentStatus.DONE))
    main = open_window(path)
    main.open_document(1)
    main.review.toggle.trigger()
    assert "Accepted" not in messages(main)  # nothing all three marked alike
    key(main, qtbot, Qt.Key.Key_F8)
    start, end = TEXT.index(QUOTE), TEXT.index(QUOTE) + len(QUOTE)
    assert messages(main).startswith(f"Disagreement 1 of 1: Alice, Carol QUOTE [{start},{end}) "
                                     f"quote_type=direct vs Bob QUOTE [{start},{end}) quote_type=indirect")
    assert "QUOTE [62,115): 3 of 3 agree" in main.review.bar.text()  # on the span, not its attribute
    key(main, qtbot, Qt.Key.Key_2, CTRL)
    assert gold(path) == [
        (start, end, "QUOTE", "layer:Bob", main.review.reviewer, {"quote_type": "indirect"})]


def test_a_merge_into_the_open_project_brings_its_layer_into_the_review(team, tmp_path, qtbot) -> None:
    from annotator.team.merge import merge_projects

    team.review.toggle.trigger()
    dan = tmp_path / "dan.sqlite"
    with Project(dan, annotator="Dan") as project:
        project.import_records(list(ARTICLES))
        project.add_span(1, TEXT.index("Berlin"), TEXT.index("Berlin") + 6, "GPE")
    merge_projects(team.project.path, [dan])
    team.outside.check()  # what the window's timer (or coming back to it) does
    assert team.review.review.annotators == ("Alice", "Bob", "Carol", "Dan")
    assert "Ctrl+4 Dan" in team.review.bar.text()
    assert team.review.accept[3].text() == "Accept Dan's version" and team.review.accept[3].isVisible()


def test_a_rejection_is_kept_in_the_file_and_undo_takes_it_out(team, open_window, qtbot) -> None:
    from annotator.store.review_marks import rejected_disagreements

    path = team.project.path
    team.review.toggle.trigger()
    key(team, qtbot, Qt.Key.Key_F8)
    key(team, qtbot, Qt.Key.Key_Minus)  # reject Nato
    with Project(path, read_only=True) as project:
        assert rejected_disagreements(project, 1) == {("entity", 0, 22)}
    team.close()
    again = open_window(path)
    again.open_document(1)
    again.review.toggle.trigger()
    monday = TEXT.index("Monday")
    assert [d.ident for d in again.review.open_disagreements()] == [
        ("entity", monday, monday + 6), ("statement", 62, 115)]
    again.review.set_active(False)
    again.review.toggle.trigger()
    key(again, qtbot, Qt.Key.Key_F8)
    key(again, qtbot, Qt.Key.Key_Delete)  # reject Monday, then take it back
    again.session.undo_stack.undo()
    with Project(path, read_only=True) as project:
        assert rejected_disagreements(project, 1) == {("entity", 0, 22)}
