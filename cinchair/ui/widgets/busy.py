"""Slow work (a key derivation, re-encrypting a store) off the window's thread.

Making a key from a passphrase takes about half a second by design, and encrypting
a large store longer; doing it on the window's thread would freeze the window with
no sign of life. ``run_busy`` runs the work on a plain thread, shows a progress
dialog, keeps the window painting, and hands back the result (or raises the work's
error) on the window's thread. Widgets are only touched on the window's thread.

One scrypt step has no parts to count, so its bar is a moving one. Work made of parts
(the cases of a case pack) is given a ``Progress`` to tell how far it is, and, where
stopping between parts leaves nothing half-done, a Cancel that the work reads between
parts: the window only asks, the work decides where it is safe to stop.
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


class Progress:
    """How far the work is, written by its thread and read by the window's; and Cancel."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._done, self._total, self._doing = 0, 0, ""
        self._cancel = threading.Event()

    def step(self, done: int, total: int, doing: str = "") -> None:
        with self._guard:
            self._done, self._total, self._doing = done, total, doing

    def now(self) -> tuple[int, int, str]:
        with self._guard:
            return self._done, self._total, self._doing

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()


def run_busy(
    parent: QWidget | None,
    text: str,
    work: Callable[[], T],
    *,
    progress: Progress | None = None,
    cancel_note: str = "",
) -> T:
    """``work()`` on a background thread, with ``text`` and a bar shown while it runs.

    With ``progress`` the bar counts what the work reports; with ``cancel_note`` too the
    dialog has a Cancel that sets ``progress.cancelled()`` and says ``cancel_note``
    (e.g. "Stopping after the case in hand…") until the work has stopped.
    """
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the window's thread below
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="cinchair-busy", daemon=True)
    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setWindowTitle("cinchair")
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    if progress is not None and cancel_note:
        dialog.setCancelButtonText("&Cancel")

        def cancel() -> None:
            assert progress is not None
            progress.cancel()
            dialog.setCancelButton(None)  # asked once; the work stops at a safe point
            dialog.setLabelText(cancel_note)
            dialog.show()

        dialog.canceled.connect(cancel)
    else:
        dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAccessibleName("Working")
    dialog.setMinimumWidth(420)  # the text on a line or two, not a narrow column
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(POLL_MS)
    # QProgressDialog shows itself by its value: a moving bar (no value) would wait its
    # default four seconds, so the window looked frozen through a key derivation.
    reveal = QTimer()
    reveal.setSingleShot(True)
    reveal.setInterval(SHOW_AFTER_MS)

    def show_while_working() -> None:
        if thread.is_alive():
            dialog.show()

    reveal.timeout.connect(show_while_working)

    def poll() -> None:
        if progress is not None and not progress.cancelled():
            done, total, doing = progress.now()
            if total:
                dialog.setMaximum(total)
                dialog.setValue(done)
            if doing:
                dialog.setLabelText(f"{text}\n{doing}")
        if not thread.is_alive():
            loop.quit()

    timer.timeout.connect(poll)
    thread.start()
    timer.start()
    reveal.start()
    loop.exec()
    timer.stop()
    reveal.stop()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
