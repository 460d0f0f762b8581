"""Unexpected errors in the window: a plain message for the chair, a clean report on disk.

Qt calls our slots from its event loop, so an error in one lands in ``sys.excepthook``.
Python's default would print a traceback whose message may quote record text (a
database error lists the values it was given); this hook shows words instead, keeps a
report with no record in it (``cinchair.app.failures``) and lets the app carry on, because
every edit is its own transaction: what was saved before the error is still saved.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from cinchair.app.failures import Explained, explain, save_crash_report

REPEAT_QUIET_SECONDS = 60.0  # a failing autosave retries on every pause; say it once a minute


class ErrorReporter:
    """Installed as ``sys.excepthook`` while the window runs."""

    def __init__(self, show: Callable[[str, str], None] | None = None) -> None:
        self.show = show or _message_box
        self._last: tuple[str, float] | None = None

    def install(self) -> None:
        """For the rest of the run: the window, once open, stays the place errors show."""
        sys.excepthook = self

    def __call__(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        known = explain(exc)
        if known is None:
            report = save_crash_report(exc_type, tb)
            where = f"\n\nA report without any record text was saved in {report}." if report else ""
            known = Explained(
                "Something went wrong",
                "cinchair met an error it did not expect. Everything saved before it is "
                "safe; check the last thing you changed and carry on." + where,
                storage=False,
            )
        if self._quiet(known.title):
            return
        self.show(known.title, known.advice)

    def _quiet(self, title: str) -> bool:
        """True for the same message again within a minute (autosave retrying)."""
        now = time.monotonic()
        if self._last and self._last[0] == title and now - self._last[1] < REPEAT_QUIET_SECONDS:
            return True
        self._last = (title, now)
        return False


def _message_box(title: str, advice: str) -> None:
    parent: QWidget | None = QApplication.activeWindow()
    box = QMessageBox(QMessageBox.Icon.Warning, title, advice, parent=parent)
    box.setAccessibleName(title)
    box.exec()
