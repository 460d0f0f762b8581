"""The meeting that was on screen when the app last stopped, so the next start reopens it.

Separate from the main window because it is a small file on the disk with a life of its
own: written when a meeting opens, removed when it closes, and read once at start-up.
A crash or a forced close leaves it behind, which is the point.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cinchair.app import paths
from cinchair.meetings.lifecycle import is_unfinished

if TYPE_CHECKING:
    from cinchair.ui.main_window import MainWindow


def _open_meeting_file() -> Path:
    return paths.data_dir() / "open-meeting.txt"


def remember_open_meeting(meeting_id: str | None) -> None:
    """Note the meeting on screen, so a crash or a forced close reopens it next time."""
    path = _open_meeting_file()
    if meeting_id is None:
        path.unlink(missing_ok=True)
    else:
        path.write_text(meeting_id, encoding="utf-8")


def reopen_meeting(window: MainWindow) -> None:
    """Reopen the meeting that was on screen when the app last stopped, if still unfinished."""
    path = _open_meeting_file()
    if not path.is_file():
        return
    meeting_id = path.read_text(encoding="utf-8").strip()
    if window.store.ask(is_unfinished, meeting_id):
        window.open_meeting(meeting_id)
    else:
        remember_open_meeting(None)
