"""Slow work (a key derivation, re-encrypting a store) off the window's thread.

Making a key from a passphrase takes about half a second by design, and encrypting
a large store longer; doing it on the window's thread would freeze the window with
no sign of life. ``run_busy`` runs the work on a plain thread, shows a progress
dialog that cannot be cancelled half-way, keeps the window painting, and hands
back the result (or raises the work's error) on the window's thread. Widgets are
only touched on the window's thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")
POLL_MS = 30
SHOW_AFTER_MS = 150  # quicker work finishes without a dialog flashing up


def run_busy(parent: QWidget | None, text: str, work: Callable[[], T]) -> T:
    """``work()`` on a background thread, with ``text`` shown while it runs."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the window's thread below
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="cinchair-busy", daemon=True)
    progress = QProgressDialog(text, "", 0, 0, parent)
    progress.setWindowTitle("cinchair")
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.setMinimumDuration(SHOW_AFTER_MS)
    progress.setAccessibleName("Working")
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(POLL_MS)

    def poll() -> None:
        if not thread.is_alive():
            loop.quit()

    timer.timeout.connect(poll)
    thread.start()
    timer.start()
    loop.exec()
    timer.stop()
    progress.close()
    progress.deleteLater()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
