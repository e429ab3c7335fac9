"""Moving the current span's edges from the keyboard, one undo step each; the mouse drag shares `move_to`.

Keys (listed in Help > Keyboard shortcuts): Ctrl+Alt moves the start, Shift+Alt the end; with the
arrows by a token, with the comma and full stop keys (the < and > keys) by one character:
    start: Ctrl+Alt+Left/Right, Ctrl+Alt+Comma/Period;  end: Shift+Alt+Left/Right, Shift+Alt+Comma/Period.
(Alt+Left/Right alone step between documents; Left widens at the start and narrows at the end.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction

from annotator.core.tokens import step_edge
from annotator.ui import commands

if TYPE_CHECKING:
    from annotator.ui.editor import AnnotationEditor

# (action field, text, keys, edge, step, by token)
EDGE_KEYS = [
    ("start_left", "Move span start left a word", "Ctrl+Alt+Left", "start", -1, True),
    ("start_right", "Move span start right a word", "Ctrl+Alt+Right", "start", 1, True),
    ("end_left", "Move span end left a word", "Shift+Alt+Left", "end", -1, True),
    ("end_right", "Move span end right a word", "Shift+Alt+Right", "end", 1, True),
    ("start_left_char", "Move span start left a character", "Ctrl+Alt+,", "start", -1, False),
    ("start_right_char", "Move span start right a character", "Ctrl+Alt+.", "start", 1, False),
    ("end_left_char", "Move span end left a character", "Shift+Alt+,", "end", -1, False),
    ("end_right_char", "Move span end right a character", "Shift+Alt+.", "end", 1, False),
]


def edge_actions(window: Any) -> dict[str, QAction]:
    """The window's edge-moving actions, by their `WindowActions` field name."""
    from annotator.ui.actions import new_action  # actions imports this module while building

    def slot(edge: str, step: int, by_token: bool):  # noqa: ANN202 - a slot factory
        return lambda: move_edge(window.editor, edge, step, by_token) if window.session is not None else None

    return {
        f"move_{name}": new_action(window, text, slot(edge, step, by_token), [keys])
        for name, text, keys, edge, step, by_token in EDGE_KEYS
    }


def move_edge(editor: AnnotationEditor, edge: str, step: int, by_token: bool) -> None:
    """Move one edge of the current span one token (or character) left or right."""
    span, document = editor.current, editor.document
    if span is None or document is None:
        editor.message.emit("Put the caret in a span to move its edges.")
        return
    start, end = step_edge(document.text, span.start, span.end, edge, step, by_token)
    if (start, end) == (span.start, span.end):
        editor.message.emit("That edge cannot move further: a span keeps at least one character.")
        return
    move_to(editor, start, end)


def move_to(editor: AnnotationEditor, start: int, end: int) -> bool:
    """Give the current span new offsets as one undo step; False (and a message) if refused."""
    span, document = editor.current, editor.document
    if span is None or document is None or (start, end) == (span.start, span.end):
        return False
    if not 0 <= start < end <= len(document.text):
        editor.message.emit("A span keeps at least one character of the text.")
        return False
    if editor.view.index.find(start, end, span.label) is not None:
        editor.message.emit(f"Already tagged: {span.label} covers exactly that text.")
        return False
    session = editor.session
    assert session is not None
    if not session.push(lambda: commands.MoveSpan(session, span.id, start, end, f"Resize {span.label}")):
        return False
    if not start <= editor.view.caret_offset() <= end:  # the caret stays in the span it moved
        with editor._keeping_current():
            editor.view.place_caret(start)
    text = document.text[start:end]
    editor.message.emit(f"{span.label} now: {text if len(text) <= 50 else text[:47] + '…'}")
    return True
