"""Closing a case, with the date and the council's reason, and reopening one closed in error.

A closed case keeps everything it holds and leaves the default case list. The
window's Close case dialog and ``cinchair case close`` call these, with the same
checks and words; the audit log records who closed (or reopened) it and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from cinchair.cases.editing import CaseInvalid, CaseProblem, case_by_id, single_spaced
from cinchair.domain.dates import format_day
from cinchair.model import Case, MeetingStatus

# The usual reasons a CIN case closes, offered in the Close case form; the council's own
# wording can be typed instead.
CLOSURE_REASONS = (
    "Outcomes achieved: no further services needed",
    "Stepped down to Early Help",
    "Moved to another council's area",
    "Child protection enquiry: became a child protection plan",
    "Became looked after",
    "Family withdrew consent",
    "Reached 18",
)


@dataclass(frozen=True)
class CaseClosure:
    closed_on: date | None
    reason: str


def check_closure(closure: CaseClosure, case: Case, today: date) -> list[CaseProblem]:
    problems: list[CaseProblem] = []
    if closure.closed_on is None:
        problems.append(CaseProblem("closed_on", "Type the date the case closed."))
    elif closure.closed_on > today:
        problems.append(
            CaseProblem(
                "closed_on", f"A case cannot close after today ({format_day(closure.closed_on)})."
            )
        )
    else:
        held = [m.held_on for m in case.meetings]
        if held and closure.closed_on < max(held):
            problems.append(
                CaseProblem(
                    "closed_on",
                    f"The case had a meeting on {format_day(max(held))}, after "
                    f"{format_day(closure.closed_on)}.",
                )
            )
    if not single_spaced(closure.reason):
        problems.append(CaseProblem("reason", "Give the council's reason for closing the case."))
    if case.closed_on is not None:
        problems.append(
            CaseProblem(
                "closed_on", f"The case is already closed (on {format_day(case.closed_on)})."
            )
        )
    drafts = [m for m in case.meetings if m.status is MeetingStatus.DRAFT]
    if drafts:
        problems.append(
            CaseProblem(
                "closed_on",
                f"A meeting of {format_day(drafts[-1].held_on)} is not signed off yet: "
                "finish it (or delete it) before closing the case.",
            )
        )
    return problems


def close_case(session: Session, case_id: str, closure: CaseClosure, today: date) -> None:
    """Close the case with the council's reason; it leaves the default case list."""
    case = case_by_id(session, case_id)
    problems = check_closure(closure, case, today)
    if problems:
        raise CaseInvalid(problems)
    case.closed_on = closure.closed_on
    case.closure_reason = closure.reason.strip()
    session.flush()


def reopen_case(session: Session, case_id: str) -> None:
    """Undo a closure made in error (the audit log keeps that it was closed)."""
    case = case_by_id(session, case_id)
    if case.closed_on is None:
        raise CaseInvalid([CaseProblem("closed_on", "The case is not closed.")])
    case.closed_on = None
    case.closure_reason = None
    session.flush()
