"""The case list's first rows: what a chair reads first, before each case's state.

Working out a case's state (its next review by the council's rules, its duties and
their working days) is most of the case list's cost: about half a second for 2,000
cases and 10,000 meetings. The window draws these rows first (child, case ref,
council, meetings, last meeting) and fills the state, the chips and what is due a
moment later (``cinchair.cases.rows.case_rows``), so the list is on screen at once.
A row here has the state ``WORKING_OUT``, which the window shows as no chip yet.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cinchair.cases.rows import CaseRow
from cinchair.model import Case, Meeting
from cinchair.profiles import ProfileError, get_profile

WORKING_OUT = ""  # a row's state before it is worked out


def first_case_rows(
    session: Session, _today: date, *, include_closed: bool = True
) -> list[CaseRow]:
    """Every case (open ones only unless ``include_closed``) without its state, in two
    plain queries; ``case_rows`` gives the same rows whole."""
    chosen = select(Case)
    if not include_closed:
        chosen = chosen.where(Case.closed_on.is_(None))
    counts = {
        case_id: (int(count), last)
        for case_id, count, last in session.execute(
            select(Meeting.case_id, func.count(), func.max(Meeting.held_on)).group_by(
                Meeting.case_id
            )
        )
    }
    councils: dict[str, str] = {}
    rows = []
    for case in session.scalars(chosen):
        if case.profile_id not in councils:
            try:
                councils[case.profile_id] = get_profile(case.profile_id).council
            except (KeyError, ProfileError):
                councils[case.profile_id] = f"(unknown profile {case.profile_id})"
        meetings, last = counts.get(case.id, (0, None))
        rows.append(
            CaseRow(
                case_id=case.id,
                case_ref=case.case_ref,
                child_name=case.child_name,
                date_of_birth=case.date_of_birth,
                council=councils[case.profile_id],
                meetings=meetings,
                last_meeting=last,
                next_due=None,
                next_due_what=None,
                state=WORKING_OUT,
                days_overdue=0,
            )
        )
    return rows
