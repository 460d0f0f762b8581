"""Small builders for test records, so each test states only what it is about."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from cinchair.meetings import lifecycle as meetings
from cinchair.meetings import plans
from cinchair.model import (
    Case,
    CaseCircumstance,
    ChairRole,
    Circumstance,
    Meeting,
    MeetingKind,
    PlanAction,
    PlanOutcome,
    PlanVersion,
)
from cinchair.profiles import get_profile


def make_case(
    session: Session,
    profile_id: str = "north-tyneside",
    *,
    ref: str = "REF-1",
    given: str = "Test",
    family: str = "Child",
    circumstances: tuple[Circumstance, ...] = (),
) -> Case:
    case = Case(
        case_ref=ref,
        profile_id=profile_id,
        child_given_name=given,
        child_family_name=family,
        date_of_birth=date(2016, 5, 1),
    )
    for c in circumstances:
        case.circumstances.append(CaseCircumstance(circumstance=c, since=date(2025, 1, 1)))
    session.add(case)
    session.flush()
    return case


def make_meeting(
    session: Session,
    case: Case,
    *,
    kind: MeetingKind = MeetingKind.INITIAL_PLANNING,
    held_on: date = date(2026, 9, 7),
    role: ChairRole = ChairRole.SOCIAL_WORKER,
) -> Meeting:
    started = meetings.start_meeting(
        session,
        case,
        get_profile(case.profile_id),
        kind=kind,
        held_on=held_on,
        chair_name="Chair Person",
        chair_role=role,
        venue="Family home",
    )
    session.flush()
    return started.meeting


def make_good_plan(session: Session, case: Case, meeting: Meeting) -> PlanVersion:
    """A plan that passes every SMART check under North Tyneside's rules."""
    plan = plans.start_version(session, case, meeting, starts_on=meeting.held_on)
    plan.lead_professional_name = "Sam Worker"
    plan.visit_every_days = 14
    plan.contingency_plan = "Gran cares for the child; early review within 5 working days."
    plan.plan_end_target = date(2027, 3, 1)
    outcome = PlanOutcome(
        need="Late for school 11 times in 6 weeks",
        outcome="The child is in school on time every day",
        progress_measure="Attendance at least 95% from the school register",
    )
    outcome.actions.append(
        PlanAction(
            what="Walk the child to breakfast club at 8:00 three days a week",
            owner_name="Parent",
            due_on=date(2026, 10, 16),
        )
    )
    plan.outcomes.append(outcome)
    session.flush()
    return plan
