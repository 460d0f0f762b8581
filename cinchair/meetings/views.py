"""What the meeting's pages show, read from the store as plain values.

The window asks these through ``MeetingDraft.read`` and gets frozen records or plain
lists back, never a session or a mapped row: a widget that holds a row could touch it
after its session is gone, and a widget that queries decides what the record means.
Each function takes ``(session, meeting)`` so the draft can run it in one read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from cinchair.domain import vocabulary as words
from cinchair.domain.agenda import AgendaStep, agenda_steps, step_is_empty
from cinchair.domain.dates import format_day
from cinchair.domain.duties import ChecklistItem, meeting_checklist
from cinchair.domain.required import MissingItem, missing_items
from cinchair.domain.smart import Finding, check_plan
from cinchair.meetings import plans, signing
from cinchair.meetings.scaling_history import ScalingHistory, case_history
from cinchair.model import Meeting, MeetingKind, MeetingStatus, ParticipantKind, SignedDocument
from cinchair.profiles import Profile


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
    def in_full(self) -> str:
        """The name with role and agency, as a picker offers it: two "Sam"s, or a
        social worker and a school nurse of one name, are told apart before choosing."""
        about = self.role_or_agency
        return f"{self.name} ({about})" if about else self.name

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


def profile_id(_session: Session, meeting: Meeting) -> str:
    return meeting.profile_id


def names_in_case(_session: Session, meeting: Meeting) -> list[str]:
    """Every person's name the case has met: a spell check has no word on how they are spelt."""
    return (
        [meeting.case.child_name]
        + [m.chair_name for m in meeting.case.meetings]
        + [p.name for m in meeting.case.meetings for p in m.participants]
    )


@dataclass(frozen=True)
class Progress:
    """For the step list: which steps are empty, and the required items still missing."""

    empty: tuple[bool, ...]
    missing: tuple[MissingItem, ...]


def progress(
    profile: Profile, steps: Sequence[AgendaStep]
) -> Callable[[Session, Meeting], Progress]:
    def read(_session: Session, meeting: Meeting) -> Progress:
        signed = meeting.signed_at is not None
        return Progress(
            tuple(step_is_empty(meeting, step) for step in steps),
            () if signed else tuple(missing_items(meeting, profile, list(steps))),
        )

    return read


def scaling_history(session: Session, meeting: Meeting) -> ScalingHistory:
    """The case's scores up to this meeting, for the chart."""
    return case_history(session, meeting.case_id, up_to=meeting.id)


@dataclass(frozen=True)
class PlanParticulars:
    plan_id: str | None
    lead_professional_name: str | None
    lead_professional_role: str | None
    visit_every_days: int | None
    contingency_plan: str | None
    plan_end_target: date | None


def plan_particulars(_session: Session, meeting: Meeting) -> PlanParticulars:
    plan = meeting.plan_version
    if plan is None:
        return PlanParticulars(None, None, None, None, None, None)
    return PlanParticulars(
        plan.id,
        plan.lead_professional_name,
        plan.lead_professional_role,
        plan.visit_every_days,
        plan.contingency_plan,
        plan.plan_end_target,
    )


def smart_findings(profile: Profile) -> Callable[[Session, Meeting], list[Finding]]:
    """The SMART check of the meeting's plan (none without a plan)."""

    def read(_session: Session, meeting: Meeting) -> list[Finding]:
        plan = meeting.plan_version
        return [] if plan is None else check_plan(plan, profile, meeting.held_on)

    return read


def needs_plan(_session: Session, meeting: Meeting) -> bool:
    """A meeting still being chaired with no plan version yet."""
    return meeting.plan_version is None and meeting.signed_at is None


def start_plan(profile: Profile) -> Callable[[Session, Meeting], None]:
    """A change for ``MeetingDraft.change``: the meeting's draft plan, made on first need.

    It starts from the last agreed version; a first plan is given the council's target
    length as its end, which the chair can change (an empty end would otherwise read as
    the meeting's own date).
    """

    def make(session: Session, meeting: Meeting) -> None:
        if meeting.plan_version is None:
            target = profile.plan.target
            plans.start_version(
                session,
                meeting.case,
                meeting,
                starts_on=meeting.held_on,
                end_target=target.after(meeting.held_on) if target is not None else None,
            )

    return make


def role_for_owner(action_id: str) -> Callable[[Session, Meeting], str | None]:
    """The "Role or agency" an action takes from the person chosen to own it.

    ``None`` when there is nothing to fill in: the chair already typed one (theirs is
    kept), no one is chosen, or the person has no role or agency on record.
    """

    def read(_session: Session, meeting: Meeting) -> str | None:
        plan = meeting.plan_version
        action = next((a for a in (plan.actions if plan else []) if a.id == action_id), None)
        if action is None or action.owner_role or not action.owner_name:
            return None
        person = next((p for p in people(_session, meeting) if p.name == action.owner_name), None)
        if person is None and action.owner_name == meeting.chair_name.strip():
            return words.CHAIR_ROLE[meeting.chair_role]  # the chair, not on the list
        return person.role_or_agency if person else None

    return read


def action_owners(session: Session, meeting: Meeting) -> list[tuple[str, str | None]]:
    """Who an action may be given to, as (label, name): an owner is stored by name, so
    the meeting's people and the chair (who often owns an action, and need not be on
    the list of people), after "not set"."""
    names = [person.name for person in people(session, meeting)]
    owners: list[tuple[str, str | None]] = [("not set", None), *((n, n) for n in names)]
    chair = meeting.chair_name.strip()
    if chair and chair.casefold() not in {n.casefold().strip() for n in names}:
        owners.append((f"{chair} (chair)", chair))
    return owners


@dataclass(frozen=True)
class SigningState:
    """The sign-off page's table: each signer's answers, and whether the minutes are signed."""

    states: list[signing.SignerState]
    documents: list[SignedDocument]
    signed: bool
    chair_name: str
    signed_at: datetime | None


def signing_state(session: Session, meeting: Meeting) -> SigningState:
    return SigningState(
        signing.signature_states(session, meeting),
        list(signing.documents_to_sign(meeting)),
        meeting.status is MeetingStatus.SIGNED,
        meeting.chair_name,
        meeting.signed_at,
    )


def sign_off_problems(profile: Profile) -> Callable[[Session, Meeting], list[str]]:
    """What stops the chair signing off now, in words."""

    def read(_session: Session, meeting: Meeting) -> list[str]:
        return signing.sign_off_problems(meeting, profile)

    return read


def tasks_after(
    profile: Profile, today: date
) -> Callable[[Session, Meeting], tuple[ChecklistItem, ...]]:
    """The council's tasks after this meeting (who receives what, by when)."""

    def read(_session: Session, meeting: Meeting) -> tuple[ChecklistItem, ...]:
        return meeting_checklist(meeting, profile, today)

    return read


def still_missing(profile: Profile) -> Callable[[Session, Meeting], list[MissingItem]]:
    """The required items still empty (none once the minutes are signed: they are final)."""

    def read(_session: Session, meeting: Meeting) -> list[MissingItem]:
        if meeting.signed_at is not None:
            return []
        return missing_items(meeting, profile, agenda_steps(profile, meeting.kind))

    return read
