"""What the meeting's pages show, read from the store as plain values.

The window asks these through ``MeetingDraft.read`` and gets frozen records or plain
lists back, never a session or a mapped row: a widget that holds a row could touch it
after its session is gone, and a widget that queries decides what the record means.
Each function takes ``(session, meeting)`` so the draft can run it in one read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from cinchair.domain import vocabulary as words
from cinchair.domain.dates import format_day
from cinchair.model import Meeting, MeetingKind, ParticipantKind


@dataclass(frozen=True)
class MeetingHeader:
    """What the meeting page says about the meeting at its top and foot."""

    profile_id: str
    kind: MeetingKind
    kind_words: str
    child_name: str
    case_ref: str
    held_on: date
    chair_name: str
    signed_at: datetime | None

    @property
    def signed(self) -> bool:
        return self.signed_at is not None


def meeting_header(_session: Session, meeting: Meeting) -> MeetingHeader:
    return MeetingHeader(
        profile_id=meeting.profile_id,
        kind=meeting.kind,
        kind_words=words.MEETING_KIND[meeting.kind],
        child_name=meeting.case.child_name,
        case_ref=meeting.case.case_ref,
        held_on=meeting.held_on,
        chair_name=meeting.chair_name,
        signed_at=meeting.signed_at,
    )


def is_signed(_session: Session, meeting: Meeting) -> bool:
    """Signed minutes are final: every page shows them, none changes them."""
    return meeting.signed_at is not None


@dataclass(frozen=True)
class PersonAtMeeting:
    """A participant as a picker or a copy from an earlier meeting needs them."""

    id: str
    name: str
    kind: ParticipantKind
    role: str | None
    agency: str | None
    relationship_to_child: str | None
    interpreter_language: str | None
    receives_copy: bool

    @property
    def label(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name

    @property
    def role_or_agency(self) -> str | None:
        """What an action's "Role or agency" says of this person, if anything."""
        parts = [part for part in (self.role, self.agency) if part]
        return ", ".join(parts) or None


def people(_session: Session, meeting: Meeting) -> list[PersonAtMeeting]:
    """This meeting's participants, in their order."""
    return [
        PersonAtMeeting(
            id=p.id,
            name=p.name,
            kind=p.kind,
            role=p.role,
            agency=p.agency,
            relationship_to_child=p.relationship_to_child,
            interpreter_language=p.interpreter_language,
            receives_copy=bool(p.receives_copy),
        )
        for p in meeting.participants
    ]


def _last_meeting_before(meeting: Meeting) -> Meeting | None:
    earlier = [m for m in meeting.case.meetings if m.held_on < meeting.held_on]
    return max(earlier, key=lambda m: m.held_on) if earlier else None


def previous_people(session: Session, meeting: Meeting) -> list[PersonAtMeeting]:
    """The people of the case's last meeting before this one (none for a first meeting)."""
    last = _last_meeting_before(meeting)
    return [] if last is None else people(session, last)


def scores_last_time(_session: Session, meeting: Meeting) -> str:
    """One line: the scaling scores of the last meeting, for the scaling page."""
    last = _last_meeting_before(meeting)
    if last is None:
        return "No earlier scores: this is the first meeting."
    given = [s for s in last.scaling_scores if s.score is not None]
    if not given:
        return "No scores were recorded last time."
    parts = [f"{s.participant.name} {s.score}" for s in given]
    return f"Last time ({format_day(last.held_on)}): " + ", ".join(parts)


def childs_own_words(_session: Session, meeting: Meeting) -> tuple[str, list[str]]:
    """The name the child goes by, and what they said that is quoted as theirs."""
    given = meeting.case.child_preferred_name or meeting.case.child_given_name
    return given, [v.content for v in meeting.child_voice if v.in_own_words and v.content]
