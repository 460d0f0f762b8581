"""New rows for the meeting's tables, with every default decided here, not in a widget.

Each factory is what ``MeetingDraft.add`` calls inside its transaction: it gets the
session and the meeting and returns the row to add. What a new row starts as is a
decision about the record (a consent is dated the day of the meeting; a new score is
unscored until the person gives one, never a 5 nobody chose; a row goes to the end of
its list), so it is made once, here, for the window, the tests and anything else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from cinchair.app.errors import ActionableError
from cinchair.model import (
    ActionStatus,
    Attendance,
    Base,
    ChildVoice,
    Consent,
    ConsentStatus,
    Contribution,
    Meeting,
    Participant,
    ParticipantKind,
    PlanAction,
    PlanOutcome,
    ScalingScore,
    VoiceMethod,
)

RowFactory = Callable[[Session, Meeting], Base]


class NothingToAdd(ActionableError, ValueError):
    """A row that cannot be added now, with the reason in words for the chair."""


@dataclass(frozen=True)
class PersonDetails:
    """What is known of a person before they are added (a usual agency, last meeting)."""

    name: str = ""
    kind: ParticipantKind = ParticipantKind.PROFESSIONAL
    role: str | None = None
    agency: str | None = None
    relationship_to_child: str | None = None
    interpreter_language: str | None = None
    receives_copy: bool | None = None


# The agencies most often round the table: Quick add fills in the role and the agency.
USUAL_AGENCIES: tuple[tuple[str, PersonDetails], ...] = tuple(
    (label, PersonDetails(role=role, agency=agency))
    for label, role, agency in (
        ("School: Designated Safeguarding Lead", "Designated Safeguarding Lead", "School"),
        ("School nurse", "School Nurse", "0-19 Public Health Service"),
        ("Health visitor", "Health Visitor", "0-19 Public Health Service"),
        ("GP", "GP", "GP practice"),
        ("Early Help", "Family Practitioner", "Early Help"),
        ("Social worker", "Social Worker", "Children's Services"),
        ("Police", "Police Officer", "Police"),
        ("Housing", "Housing Officer", "Housing"),
        ("Child and adolescent mental health", "Practitioner", "CAMHS"),
    )
)


def participant(
    details: PersonDetails = PersonDetails(),
) -> Callable[[Session, Meeting], Participant]:
    """A person at the end of the list, marked present (most people added are there)."""

    def make(_session: Session, meeting: Meeting) -> Participant:
        person = Participant(
            meeting_id=meeting.id,
            name=details.name,
            kind=details.kind,
            role=details.role,
            agency=details.agency,
            relationship_to_child=details.relationship_to_child,
            interpreter_language=details.interpreter_language,
            attendance=Attendance.PRESENT,
            sort_order=len(meeting.participants),
        )
        if details.receives_copy is not None:
            person.receives_copy = details.receives_copy
        return person

    return make


def consent(_session: Session, meeting: Meeting) -> Consent:
    """Consent as given, on the meeting's day; the chair changes either when it differs."""
    return Consent(
        meeting_id=meeting.id,
        status=ConsentStatus.GIVEN,
        given_by="",
        recorded_on=meeting.held_on,
    )


def child_voice(_session: Session, meeting: Meeting) -> ChildVoice:
    return ChildVoice(
        meeting_id=meeting.id,
        method=VoiceMethod.MET_CHAIR_BEFORE,
        content="",
        sort_order=len(meeting.child_voice),
    )


def point(heading_key: str) -> Callable[[Session, Meeting], Contribution]:
    """A point under one of the framework's headings, last under it."""

    def make(_session: Session, meeting: Meeting) -> Contribution:
        return Contribution(
            meeting_id=meeting.id,
            heading_key=heading_key,
            text="",
            sort_order=len(meeting.contributions_under(heading_key)),
        )

    return make


def scaling_score(_session: Session, meeting: Meeting) -> ScalingScore:
    """The next person not yet asked, with no score until they give one."""
    asked = {s.participant_id for s in meeting.scaling_scores}
    waiting = [p for p in meeting.participants if p.id not in asked]
    if not waiting:
        raise NothingToAdd("everyone here already has a row: change a score in its row")
    return ScalingScore(meeting_id=meeting.id, participant_id=waiting[0].id, score=None)


def plan_outcome(_session: Session, meeting: Meeting) -> PlanOutcome:
    plan = meeting.plan_version
    if plan is None:
        raise NothingToAdd("this meeting has no plan to add an outcome to")
    return PlanOutcome(plan_version_id=plan.id, sort_order=len(plan.outcomes))


def plan_action(outcome_id: str | None) -> Callable[[Session, Meeting], PlanAction]:
    """An action for the chosen outcome, not started, last among its actions."""

    def make(_session: Session, meeting: Meeting) -> PlanAction:
        plan = meeting.plan_version
        outcome = next((o for o in (plan.outcomes if plan else []) if o.id == outcome_id), None)
        if outcome is None:
            raise NothingToAdd("choose the outcome this action serves first")
        return PlanAction(
            outcome_id=outcome.id,
            what="",
            status=ActionStatus.NOT_STARTED,
            sort_order=len(outcome.actions),
        )

    return make
