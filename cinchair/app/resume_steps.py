"""Which step of each meeting the chair was on, so a meeting reopens where it was left.

A chair leaves a meeting half way (a phone call, Back to cases, the end of the day) and
comes back to it: starting again at step 1 means paging through the agenda to find the
place. The step is not part of the record (nothing about the child is in it: a meeting's
id and a step's key), so it lives in a small file in the data folder, not in the store.
"""

from __future__ import annotations

import json
from contextlib import suppress
from pathlib import Path

from cinchair.app import paths
from cinchair.app.files import write_atomically

KEEP = 200  # the most recent meetings remembered; older ones start at step 1 again


def _file() -> Path:
    return paths.data_dir() / "meeting-steps.json"


def _read() -> dict[str, str]:
    try:
        loaded = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # missing or unreadable: every meeting starts at its first step
    if not isinstance(loaded, dict):
        return {}
    return {str(k): str(v) for k, v in loaded.items()}


def step_to_resume(meeting_id: str) -> str | None:
    """The key of the step the chair last had open in this meeting, if known."""
    return _read().get(meeting_id)


def remember_step(meeting_id: str, step_key: str) -> None:
    """Note the step on screen; failing to write it loses only the convenience."""
    steps = _read()
    steps.pop(meeting_id, None)
    steps[meeting_id] = step_key  # newest last, so trimming drops the oldest
    kept = dict(list(steps.items())[-KEEP:])
    with suppress(OSError):  # a full disk: the meeting still opens, at step 1
        write_atomically(_file(), json.dumps(kept).encode("utf-8"))
