"""A review in progress on the demo case: today's meeting, begun but not finished.

The demo's own meetings are signed, so every step shows a tick and nothing is
missing. The screenshots also show the stepper as a chair sees it mid-meeting:
some steps recorded, others empty, and a "!" where something the procedure requires
is still empty. This adds such a draft to a copy of the demo store (the screenshots'
own), never to the demo a chair practises on: the people of the last meeting carried
over, one worry noted, no outcome chosen yet.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cinchair.domain.agenda import StepKind, agenda_steps
from cinchair.meetings.lifecycle import start_meeting
from cinchair.meetings.views import previous_people
from cinchair.model import Attendance, Case, Contribution, Meeting, MeetingKind, Participant
from cinchair.profiles import get_profile
from cinchair.store.facade import Store


def add_meeting_in_progress(store: Store, case_id: str, held_on: date) -> str:
    """Start today's review of ``case_id`` with the last meeting's people; its id."""
    with store.transaction() as session:
        return _add(session, case_id, held_on)


def _add(session: Session, case_id: str, held_on: date) -> str:
    case = session.get(Case, case_id)
    if case is None:
        raise LookupError(f"no case {case_id}")
    last = session.scalars(
        select(Meeting).where(Meeting.case_id == case_id).order_by(Meeting.held_on.desc())
    ).first()
    if last is None:
        raise LookupError(f"case {case.case_ref} has no meeting to carry people from")
    started = start_meeting(
        session,
        case,
        get_profile(case.profile_id),
        kind=MeetingKind.REVIEW,
        held_on=held_on,
        chair_name=last.chair_name,
        chair_role=last.chair_role,
        venue=last.venue,
    )
    meeting = started.meeting
    session.flush()
    for order, person in enumerate(previous_people(session, meeting)):
        session.add(
            Participant(
                meeting_id=meeting.id,
                name=person.name,
                kind=person.kind,
                role=person.role,
                agency=person.agency,
                relationship_to_child=person.relationship_to_child,
                interpreter_language=person.interpreter_language,
                receives_copy=person.receives_copy,
                attendance=Attendance.PRESENT,
                sort_order=order,
            )
        )
    session.flush()
    first = meeting.participants[0] if meeting.participants else None
    heading = next(iter(_heading_keys(meeting)), None)
    if heading is not None:
        session.add(
            Contribution(
                meeting_id=meeting.id,
                heading_key=heading,
                participant_id=first.id if first else None,
                text="Mornings are still rushed on the days Katarzyna works early.",
                sort_order=0,
            )
        )
    return meeting.id


def _heading_keys(meeting: Meeting) -> list[str]:
    """The framework's second heading (the worries, in every framework the app knows)."""
    steps = agenda_steps(get_profile(meeting.profile_id), meeting.kind)
    return [s.heading_key for s in steps if s.kind == StepKind.HEADING and s.heading_key][1:2]
