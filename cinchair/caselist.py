"""The rows of the case list: each case with its child, next review and state.

Plain data, built in one pass over the store, so the Qt model above it only
formats; the UI never queries the database itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cinchair.model import Case, Meeting
from cinchair.profiles import ProfileError, get_profile
from cinchair.schedule import case_state


@dataclass(frozen=True)
class CaseRow:
    case_id: str
    case_ref: str
    child_name: str
    date_of_birth: date | None
    council: str
    meetings: int
    last_meeting: date | None
    next_due: date | None
    next_due_what: str | None
    state: str  # "overdue", "due soon", "past escalation point", "on track", "closed"
    days_overdue: int


def case_rows(session: Session, today: date) -> list[CaseRow]:
    """Every case in the store, with where it stands on ``today``."""
    cases = session.scalars(
        select(Case).options(
            selectinload(Case.meetings).selectinload(Meeting.decision),
            selectinload(Case.circumstances),
        )
    ).all()
    rows = []
    for case in cases:
        try:
            profile = get_profile(case.profile_id)
        except (KeyError, ProfileError):
            rows.append(_row(case, council=f"(unknown profile {case.profile_id})"))
            continue
        state = case_state(case, profile, today)
        rows.append(
            _row(
                case,
                council=profile.council,
                next_due=state.next_due.due if state.next_due else None,
                next_due_what=state.next_due.what if state.next_due else None,
                state=state.label,
                days_overdue=state.days_overdue,
            )
        )
    return rows


def _row(case: Case, council: str, **state: object) -> CaseRow:
    held = [m.held_on for m in case.meetings]
    values: dict[str, object] = {
        "next_due": None,
        "next_due_what": None,
        "state": "unknown",
        "days_overdue": 0,
    }
    values.update(state)
    return CaseRow(
        case_id=case.id,
        case_ref=case.case_ref,
        child_name=case.child_name,
        date_of_birth=case.date_of_birth,
        council=council,
        meetings=len(held),
        last_meeting=max(held, default=None),
        **values,  # type: ignore[arg-type]
    )
