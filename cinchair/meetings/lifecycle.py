"""Starting a meeting, recording its decision, and signing its minutes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from cinchair.app.errors import ActionableError
from cinchair.domain.schedule import EVENT_FOR_MEETING, due_after
from cinchair.model import (
    Case,
    ChairRole,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Participant,
    ReviewDecision,
    Signature,
    SignatureStatus,
    SignedDocument,
    utcnow,
)
from cinchair.profiles import LeadsTo, Profile
from cinchair.record.build import keep_case_as_signed


class MeetingRefused(ActionableError, ValueError):
    """A step of the meeting that cannot be taken yet (a name missing, reasons not
    recorded, minutes already signed); the message says what to do first."""


@dataclass(frozen=True)
class StartedMeeting:
    meeting: Meeting
    # Where the chosen chair does not meet the council's rules; shown, not enforced.
    chair_warnings: list[str]


def start_meeting(
    session: Session,
    case: Case,
    profile: Profile,
    *,
    kind: MeetingKind,
    held_on: date,
    chair_name: str,
    chair_role: ChairRole,
    venue: str | None = None,
    chair_team: str | None = None,
) -> StartedMeeting:
    """A draft meeting for ``case``; the profile fixes the framework it follows."""
    if profile.id != case.profile_id:
        raise MeetingRefused(
            f"case {case.case_ref} follows profile {case.profile_id}, not {profile.id}"
        )
    if not chair_name.strip():
        raise MeetingRefused("the chair's name is required")
    meeting = Meeting(
        case=case,
        kind=kind,
        held_on=held_on,
        venue=venue,
        chair_name=chair_name.strip(),
        chair_role=chair_role,
        chair_team=(chair_team or "").strip() or None,
        profile_id=profile.id,
        framework=profile.framework.value,
    )
    session.add(meeting)
    warnings = profile.chair_warnings(kind, chair_role, case.active_circumstances(held_on))
    return StartedMeeting(meeting, warnings)


def record_decision(
    meeting: Meeting,
    profile: Profile,
    *,
    option_key: str,
    rationale: str,
    decided_by: str,
    next_review_on: date | None = None,
    next_review_reason: str | None = None,
    step_down_lead_professional: str | None = None,
    in_addition_key: str | None = None,
    replace: bool = False,
    complete: bool = True,
) -> ReviewDecision:
    """Record the review's outcome, chosen from the council's options, with its reasons.

    Where the plan continues and no date is given, the next review defaults to
    the profile's interval; the reason says so.

    ``replace`` changes the outcome already recorded (the same row, so the audit trail
    shows what it was before); without it a second outcome is refused. ``complete=False``
    is the outcome page saving as the chair types: the option must be one the council
    offers, but reasons and a lead professional may still be coming. What is still
    missing is counted by ``outcome_gaps`` and stops the sign-off until it is there.

    ``in_addition_key`` records a second outcome beside the first, only one the council
    marks ``in_addition`` (Hillingdon's "In addition to (3) above ... a Strategy
    Discussion/Meeting"): the first still decides what happens to the plan.
    """
    circumstances = meeting.case.active_circumstances(meeting.held_on)
    allowed = {o.key: o for o in profile.outcomes_for(circumstances)}
    if option_key not in allowed:
        raise MeetingRefused(
            f"{option_key!r} is not an outcome {profile.council} offers for this case; "
            f"choose one of: {', '.join(allowed)}"
        )
    if meeting.decision is not None and not replace:
        raise MeetingRefused("an outcome is already recorded for this meeting; change it instead")
    option = allowed[option_key]
    if complete and not rationale.strip():
        raise MeetingRefused("a decision needs its reasons recorded")
    lead = (step_down_lead_professional or "").strip() or None
    if complete and option.needs_lead_professional and lead is None:
        raise MeetingRefused("a step down needs the named lead professional who will take over")
    extra = None
    if in_addition_key:
        extra = allowed.get(in_addition_key)
        if extra is None or not extra.in_addition or extra.key == option.key:
            offered = [o.key for o in allowed.values() if o.in_addition and o.key != option.key]
            raise MeetingRefused(
                f"{in_addition_key!r} is not an outcome {profile.council} records in "
                f"addition to {option.key!r}"
                + (f"; it offers: {', '.join(offered)}" if offered else "")
            )
    if option.leads_to is not LeadsTo.PLAN_CONTINUES:
        next_review_on, next_review_reason = None, None
    elif meeting.kind in EVENT_FOR_MEETING:
        due = due_after(profile, EVENT_FOR_MEETING[meeting.kind], meeting.held_on, circumstances)
        if next_review_on is None:
            next_review_on = due.due
        if next_review_on == due.due and not (next_review_reason or "").strip():
            next_review_reason = due.rule  # on the council's date, its rule is the reason
    values = {
        "option_key": option.key,
        "option_label": option.label,
        "leads_to": option.leads_to.value,
        "rationale": rationale.strip(),
        "next_review_on": next_review_on,
        "next_review_reason": (next_review_reason or "").strip() or None,
        "step_down_lead_professional": lead if option.needs_lead_professional else None,
        "in_addition_key": extra.key if extra else None,
        "in_addition_label": extra.label if extra else None,
        "in_addition_leads_to": extra.leads_to.value if extra else None,
        "decided_on": meeting.held_on,
        "decided_by": decided_by,
    }
    decision = meeting.decision
    if decision is None:
        decision = ReviewDecision(**values)
        meeting.decision = decision
    else:
        for name, value in values.items():
            if getattr(decision, name) != value:
                setattr(decision, name, value)
    return decision


def add_signature(
    session: Session,
    meeting: Meeting,
    *,
    signer: Participant,
    document: SignedDocument,
    status: SignatureStatus,
    strokes: list[list[tuple[float, float]]] | None = None,
    reason: str | None = None,
    at: datetime | None = None,
) -> Signature:
    """Record ``signer`` signing, declining or deferring ``document``.

    A signature stores the fingerprint of the record's content at that moment and
    the image rendered from its strokes; a refusal or deferral keeps its reason
    (a refusal must have one: the minutes say why someone did not sign).
    """
    from cinchair.meetings.ink import strokes_to_png
    from cinchair.record import content_fingerprint

    if status is SignatureStatus.SIGNED and not strokes:
        raise MeetingRefused("a signature needs the signer's mark")
    if status is SignatureStatus.DECLINED and not (reason or "").strip():
        raise MeetingRefused("record why the person declined to sign")
    signature = Signature(
        participant_id=signer.id,
        signer_name=signer.name,
        signer_role=signer.role or signer.relationship_to_child or "",
        document=document,
        status=status,
        signed_at=(at or utcnow()) if status is SignatureStatus.SIGNED else None,
        reason=(reason or "").strip() or None,
        content_sha256=content_fingerprint(session, meeting.id),
        strokes=[[list(point) for point in stroke] for stroke in strokes] if strokes else None,
        image_png=strokes_to_png(strokes) if strokes else None,
    )
    meeting.signatures.append(signature)
    return signature


def sign_minutes(meeting: Meeting, at: datetime | None = None) -> None:
    """Mark the minutes signed: from here on the meeting is final."""
    if meeting.status is MeetingStatus.SIGNED:
        raise MeetingRefused("these minutes are already signed")
    meeting.status = MeetingStatus.SIGNED
    meeting.signed_at = at or utcnow()
    keep_case_as_signed(meeting)


def unfinished_meeting(session: Session, case_id: str) -> str | None:
    """The id of the case's latest meeting not yet signed off, if there is one."""
    from sqlalchemy import select

    return session.scalars(
        select(Meeting.id)
        .where(Meeting.case_id == case_id, Meeting.status == MeetingStatus.DRAFT)
        .order_by(Meeting.held_on.desc(), Meeting.created_at.desc())
        .limit(1)
    ).first()


def is_unfinished(session: Session, meeting_id: str) -> bool:
    """True when ``meeting_id`` names a meeting not yet signed off: one the app may reopen
    at start-up. An id from an old file (the meeting since signed, or in another store)
    is simply not unfinished."""
    meeting = session.get(Meeting, meeting_id)
    return meeting is not None and meeting.status is MeetingStatus.DRAFT


@dataclass(frozen=True)
class MeetingSummary:
    """One of a case's meetings, as the "open a meeting" list shows it."""

    meeting_id: str
    held_on: date
    kind: MeetingKind
    signed: bool
    version: int
    corrected: bool  # a later version replaces it
    to_sign_later: tuple[str, ...]


def case_meetings(session: Session, case_id: str) -> list[MeetingSummary]:
    """Every meeting of the case, newest first, with who still has to sign each.

    A signed meeting is opened read-only, but a person marked "to sign later" can still
    sign it; this list is how the chair finds it again weeks later.
    """
    from sqlalchemy import select

    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.case_id == case_id)
        .order_by(Meeting.held_on.desc(), Meeting.created_at.desc())
    ).all()
    replaced = {m.previous_version_id for m in meetings if m.previous_version_id}
    later: dict[str, list[str]] = {m.id: [] for m in meetings}
    rows = session.execute(
        select(Signature.meeting_id, Signature.signer_name).where(
            Signature.meeting_id.in_(list(later)),
            Signature.status == SignatureStatus.TO_SIGN_LATER,
        )
    )
    for meeting_id, name in rows:
        if name not in later[meeting_id]:
            later[meeting_id].append(name)
    return [
        MeetingSummary(
            meeting_id=m.id,
            held_on=m.held_on,
            kind=m.kind,
            signed=m.status is MeetingStatus.SIGNED,
            version=m.version,
            corrected=m.id in replaced,
            to_sign_later=tuple(later[m.id]),
        )
        for m in meetings
    ]
