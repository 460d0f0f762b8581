"""The writer the crash test kills: autosaves a stream of meeting edits until it dies.

Run as ``python tests/crash_writer.py STORE_PATH KEY_HEX MEETING_ID START_N``. It opens
the encrypted store the way the app does and edits the meeting through ``MeetingDraft``,
one transaction per edit, as the meeting screen's autosave does: mostly the text of one
of the points already under "What are we worried about?", now and then a new point
(a structural edit, with its undo snapshot). Edits are numbered from ``START_N``, and
edit ``n`` is fully decided by ``n`` (``plan`` and ``text_for``), so the test knows what
any edit the writer may have committed would look like, reported or not.

Only after ``set``/``add`` has returned (the transaction committed) does it print
``saved <n> <kind> <row_id> <sha256 of the text, 16 hex>`` and flush: a line on
stdout means the edit was durably saved. It is killed with SIGKILL between any two
instructions, so at most one edit (``n`` one past the last line) is committed but
not reported.

Imports are kept to what the edits need (no Qt): the test starts this 200+ times.
Even so, importing SQLAlchemy, Alembic and the model is most of a start, so the test
starts writers ahead of time with ``START_N`` given as ``stdin``: the writer imports,
prints ``ready``, and touches the store only once a line with the real ``START_N``
arrives on stdin (at end of input it leaves without opening the store).
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable

SEEDED_HEADING = "worried"  # the points being typed into
ADDED_HEADING = "working-well"  # where new points are added
POINTS = 3  # seeded points the writer edits
_EDIT_N = re.compile(r"\bedit (\d+)\.")
_FILLER = (
    "Attendance has improved since the last review and mum says mornings are calmer. "
    "School reports two late marks this half term. The health visitor will follow up. "
)


def _hash(n: int) -> bytes:
    return hashlib.sha256(f"cinchair crash edit {n}".encode()).digest()


def plan(n: int) -> tuple[str, int]:
    """Edit ``n``: ``("set", point index)`` about nine times in ten, else ``("add", -1)``."""
    h = _hash(n)
    if h[0] < 26:
        return "add", -1
    return "set", h[1] % POINTS


def text_for(n: int) -> str:
    """The text edit ``n`` saves: its number, then filler, now and then long enough to
    spill onto overflow pages."""
    kind, index = plan(n)
    h = _hash(n)
    head = f"Point {index + 1}, edit {n}. " if kind == "set" else f"Added point, edit {n}. "
    length = h[2] * 4 if h[3] >= 40 else 2000 + h[2] * 24  # mostly short, sometimes ~2-8 KB
    filler = (_FILLER * (length // len(_FILLER) + 1))[:length]
    return head + filler


def edit_number(text: str) -> int | None:
    """The ``n`` of the edit that wrote ``text`` (None if it is not the writer's)."""
    found = _EDIT_N.search(text)
    return int(found.group(1)) if found else None


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def main(argv: list[str]) -> None:
    path, key_hex, meeting_id, start = argv[1:5]

    from cinchair.meetings.draft import MeetingDraft
    from cinchair.model import Contribution, Meeting
    from cinchair.store.facade import Store, sqlite_url

    if start == "stdin":
        print("ready", flush=True)
        start = sys.stdin.readline().strip()
        if not start:
            return

    store = Store.open(sqlite_url(path), actor="crash-writer", key=bytes.fromhex(key_hex))
    draft = MeetingDraft(store, meeting_id)
    points = draft.read(
        lambda _s, m: [
            c.id for c in sorted(m.contributions_under(SEEDED_HEADING), key=lambda c: c.sort_order)
        ]
    )[:POINTS]

    def new_point(text: str) -> Callable[[object, Meeting], Contribution]:
        def make(_session: object, meeting: Meeting) -> Contribution:
            return Contribution(
                meeting_id=meeting.id,
                heading_key=ADDED_HEADING,
                text=text,
                sort_order=len(meeting.contributions_under(ADDED_HEADING)),
            )

        return make

    out = sys.stdout
    n = int(start)
    while True:
        kind, index = plan(n)
        text = text_for(n)
        if kind == "set":
            row_id = points[index]
            draft.set(Contribution, row_id, text=text)
        else:
            row_id = draft.add("Add a point", new_point(text))
        # committed: only now is it reported saved
        out.write(f"saved {n} {kind} {row_id} {digest(text)}\n")
        out.flush()
        n += 1


if __name__ == "__main__":
    main(sys.argv)
