"""A case's state as the chips the case list shows: short words a chair reads at a glance.

The case list draws each chip in its state's colour; the words and which chips a case
has are decided here, in the core, from the case's row: where it stands against the
timetable (overdue, due soon, on track...), minutes someone is still to sign, and
signed meetings not yet sent to the council.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from cinchair.cases.rows import CaseRow

# The timetable states a row can hold, and the chip each is drawn as.
_SCHEDULE_CHIP = {
    "overdue": "overdue",
    "past escalation point": "past escalation point",
    "due soon": "due soon",
    "on track": "on track",
    "closed": "closed",
}


@dataclass(frozen=True)
class Chip:
    state: str  # the chip's kind: one of cinchair.ui.tokens.CHIP_STATES
    words: str  # what the chip says
    detail: str  # a sentence for the tooltip and a screen reader


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def case_chips(row: CaseRow) -> tuple[Chip, ...]:
    """The case's chips, most pressing first: the timetable, then signing, then syncing."""
    kind = _SCHEDULE_CHIP.get(row.state, "nothing scheduled")
    words = row.state if kind != "nothing scheduled" else "nothing scheduled"
    detail = f"The case is {words}."
    if row.state == "overdue" and row.days_overdue:
        late = _plural(row.days_overdue, "day")
        words = f"overdue by {late}"
        detail = f"The {row.next_due_what or 'meeting'} is overdue by {late}."
    elif row.next_due and kind in ("due soon", "on track"):
        detail = f"The {row.next_due_what or 'meeting'} is {words}."
    chips = [Chip(kind, words, detail)]
    if row.to_sign_later:
        chips.append(
            Chip(
                "to sign later",
                f"{len(row.to_sign_later)} to sign later",
                "Still to sign the minutes: " + ", ".join(row.to_sign_later) + ".",
            )
        )
    if row.not_synced:
        chips.append(Chip("not yet synced", "not yet synced", _sync_detail(row)))
    return tuple(chips)


def _sync_detail(row: CaseRow) -> str:
    """What is still to happen for the case's signed meetings to be synced, in words."""
    unsent = row.not_synced - row.awaiting_receipt
    parts = []
    if unsent:
        parts.append(
            f"{_plural(unsent, 'signed meeting')} not yet sent to the council "
            "(Case > Export signed meetings for sync)."
        )
    if row.awaiting_receipt:
        parts.append(
            f"{_plural(row.awaiting_receipt, 'signed meeting')} sent and awaiting the "
            "council's receipt (Case > Load the council's receipt…)."
        )
    return " ".join(parts)


def state_text(row: CaseRow) -> str:
    """The State cell's words: its chips' words, most pressing first."""
    return " · ".join(chip.words for chip in case_chips(row))


def summary_text(rows: list[CaseRow]) -> str:
    """The status-bar line: ``1 case · 1 due soon · 0 overdue``."""
    states = Counter(row.state for row in rows)
    parts = [_plural(len(rows), "case"), f"{states['due soon']} due soon"]
    parts.append(f"{states['overdue']} overdue")
    if states["past escalation point"]:
        parts.append(f"{states['past escalation point']} past escalation point")
    return " · ".join(parts)
