"""Run in a fresh interpreter by test_first_key_press.py: open the window as `annotator PROJECT` does,
then time the first label key after opening against the presses after it.

Arguments: PROJECT DELAY_MS. Prints one JSON line: the first press and the later ones, in ms.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

import annotator.app as app_module

PRESSES = 21


def main() -> None:
    path, delay = Path(sys.argv[1]), int(sys.argv[2])
    app = app_module.application()
    window = app_module.create_main_window(path)
    window.show()
    QTimer.singleShot(0, app_module.warm_up)  # as run() schedules it
    words = [match.span() for match in re.finditer(r"[A-Za-z]{4,}", window.view.text)][:PRESSES]
    times: list[float] = []

    def press() -> None:
        window.activateWindow()
        window.view.setFocus()
        limit = time.perf_counter() + 5
        while not window.isActiveWindow() and time.perf_counter() < limit:
            app.processEvents()
        for start, end in words:
            window.view.select_range(start, end)
            app.processEvents()
            began = time.perf_counter()
            QTest.keyClick(window.view, Qt.Key.Key_1)
            app.processEvents()  # the span painted
            times.append((time.perf_counter() - began) * 1000)
        print(json.dumps({"tagged": len(window.editor.spans), "times": times}))
        app.quit()

    QTimer.singleShot(delay, press)
    app.exec()


if __name__ == "__main__":
    main()
