"""The sample family and small helpers for writing the demo meetings."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from cinchair.meetings import lifecycle as meetings
from cinchair.meetings.ink import scribble
from cinchair.model import (
    Attendance,
    Contribution,
    Meeting,
    Participant,
    ParticipantKind,
    PlanAction,
    PlanOutcome,
    ScalingScore,
    SignatureStatus,
    SignedDocument,
)

PROFILE_ID = "north-tyneside"
CHAIR = "Priya Shah"

# name, kind, role, agency, relationship, attendance, interpreter, receives copy
PEOPLE = [
    ("Amelia Nowak", ParticipantKind.CHILD, "Child", None, "Self", Attendance.PART, None, True),
    (
        "Katarzyna Nowak",
        ParticipantKind.PARENT_CARER,
        "Mother",
        None,
        "Mother",
        Attendance.PRESENT,
        "Polish",
        True,
    ),
    (
        "Daniel Nowak",
        ParticipantKind.PARENT_CARER,
        "Father",
        None,
        "Father",
        Attendance.APOLOGIES,
        None,
        True,
    ),
    (
        "Halina Wiśniewska",
        ParticipantKind.FAMILY_NETWORK,
        "Maternal grandmother",
        None,
        "Grandmother",
        Attendance.PRESENT,
        "Polish",
        True,
    ),
    (
        CHAIR,
        ParticipantKind.PROFESSIONAL,
        "Social Worker and chair",
        "North Tyneside Children's Services",
        None,
        Attendance.PRESENT,
        None,
        True,
    ),
    (
        "Rhys Llewellyn",
        ParticipantKind.PROFESSIONAL,
        "Designated Safeguarding Lead",
        "Riverside Primary School",
        None,
        Attendance.PRESENT,
        None,
        True,
    ),
    (
        "Siobhán O'Connor",
        ParticipantKind.PROFESSIONAL,
        "School Nurse",
        "0-19 Public Health Service",
        None,
        Attendance.PRESENT,
        None,
        True,
    ),
    (
        "Ayesha Rahman",
        ParticipantKind.PROFESSIONAL,
        "Family Practitioner",
        "Early Help",
        None,
        Attendance.PRESENT,
        None,
        True,
    ),
    (
        "Dr Chidi Okafor",
        ParticipantKind.PROFESSIONAL,
        "GP",
        "Wellfield Medical Practice",
        None,
        Attendance.REPORT_SENT,
        None,
        True,
    ),
]


def participants(meeting: Meeting, at_review: bool) -> dict[str, Participant]:
    people = {}
    for order, (name, kind, role, agency, rel, attendance, interpreter, copy) in enumerate(PEOPLE):
        if at_review and name == "Dr Chidi Okafor":
            attendance = Attendance.APOLOGIES
        participant = Participant(
            name=name,
            kind=kind,
            role=role,
            agency=agency,
            relationship_to_child=rel,
            attendance=attendance,
            interpreter_language=interpreter,
            receives_copy=copy,
            sort_order=order,
        )
        if name == "Katarzyna Nowak":
            participant.communication_needs = "Prefers written copies in Polish as well as English."
        meeting.participants.append(participant)
        people[name.split()[0] if not name.startswith("Dr") else "GP"] = participant
    return people


def say(
    meeting: Meeting,
    heading: str,
    who: Participant | None,
    text: str,
    *,
    confidential: bool = False,
) -> None:
    meeting.contributions.append(
        Contribution(
            heading_key=heading,
            participant_id=who.id if who else None,
            participant=who,
            text=text,
            confidential=confidential,
            sort_order=len(meeting.contributions),
        )
    )


def scale(meeting: Meeting, scores: dict[Participant, tuple[int, str]]) -> None:
    for person, (score, reason) in scores.items():
        meeting.scaling_scores.append(
            ScalingScore(participant_id=person.id, participant=person, score=score, reason=reason)
        )


def add_action(outcome: PlanOutcome, what: str, owner: str, role: str, due: date) -> PlanAction:
    action = PlanAction(
        what=what, owner_name=owner, owner_role=role, due_on=due, sort_order=len(outcome.actions)
    )
    outcome.actions.append(action)
    return action


def meeting_end(day: date) -> datetime:
    """Half past four, UK summer time, on ``day``: when the demo's meetings finish."""
    return datetime(day.year, day.month, day.day, 15, 30, tzinfo=UTC)


def sign_all(
    session: Session, meeting: Meeting, p: dict[str, Participant], unsigned: dict[str, str | None]
) -> None:
    """The family and the chair sign the minutes and the plan; ``unsigned`` sign later."""
    at = meeting_end(meeting.held_on)
    for document in (SignedDocument.MINUTES, SignedDocument.PLAN):
        for key in ("Katarzyna", "Halina", "Priya", "Daniel"):
            person = p[key]
            if key in unsigned:
                meetings.add_signature(
                    session,
                    meeting,
                    signer=person,
                    document=document,
                    status=SignatureStatus.TO_SIGN_LATER,
                    reason=unsigned[key],
                )
            else:
                meetings.add_signature(
                    session,
                    meeting,
                    signer=person,
                    document=document,
                    status=SignatureStatus.SIGNED,
                    strokes=scribble(person.name),
                    at=at,
                )
