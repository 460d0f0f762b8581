"""The rows of the case list: each case with its child, next review and state.

Plain data, built in one pass over the store, so the Qt model above it only
formats; the UI never queries the database itself.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case as sql_case
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from cinchair.domain.duties import (
    ChecklistItem,
    DutyDue,
    case_duties,
    checklist,
    late_duties,
)
from cinchair.domain.schedule import CaseState, HeldMeeting, case_state
from cinchair.model import (
    Case,
    Meeting,
    MeetingStatus,
    ReceivedMeeting,
    ReviewDecision,
    Signature,
    SignatureStatus,
    SyncState,
)
from cinchair.profiles import Profile, ProfileError, get_profile


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
    # People marked "to sign later" on a meeting not since corrected: the minutes are
    # not signed by them yet, and the chair needs to see it from the list.
    to_sign_later: tuple[str, ...] = ()
    # Why the next meeting is due then, with the procedure's words, and the working day
    # to hold it by where the date falls on a weekend or bank holiday.
    next_due_hold_by: date | None = None
    next_due_rule: str = ""
    next_due_cite: str = ""
    # The tasks around the last and the next meeting (cinchair.domain.duties).
    duties: tuple[DutyDue, ...] = ()
    late_duties: tuple[DutyDue, ...] = ()
    # The next meeting and those tasks as the window's checklist shows them.
    checklist: tuple[ChecklistItem, ...] = ()
    # Signed meetings this laptop holds that the council has not acknowledged with a
    # receipt; ``awaiting_receipt`` of them are in a bundle already (exported, not synced).
    not_synced: int = 0
    awaiting_receipt: int = 0


def case_rows(session: Session, today: date, *, include_closed: bool = True) -> list[CaseRow]:
    """Every case in the store (open ones only unless ``include_closed``), as on ``today``.

    Meetings are read as plain rows in one query, not as mapped objects: a store
    with 10,000 meetings would otherwise spend a second building objects the list
    never shows (see ``bench/case_list.py``).
    """
    chosen = select(Case).options(selectinload(Case.circumstances))
    if not include_closed:
        chosen = chosen.where(Case.closed_on.is_(None))
    cases = session.scalars(chosen).all()
    meetings: dict[str, list[HeldMeeting]] = defaultdict(list)
    query = select(
        Meeting.case_id,
        Meeting.kind,
        Meeting.held_on,
        Meeting.previous_version_id,
        ReviewDecision.next_review_on,
        Meeting.status,
        ReviewDecision.leads_to,
        ReviewDecision.option_key,
    ).outerjoin(ReviewDecision, ReviewDecision.meeting_id == Meeting.id)
    for (
        case_id,
        kind,
        held_on,
        previous_id,
        next_review,
        status,
        leads_to,
        option,
    ) in session.execute(query):
        meetings[case_id].append(
            HeldMeeting(
                kind=kind,
                held_on=held_on,
                agreed_next_review=next_review,
                is_correction=previous_id is not None,
                signed=status is MeetingStatus.SIGNED,
                leads_to=leads_to,
                option_key=option,
            )
        )
    later = _to_sign_later(session)
    unsynced = _not_synced(session)
    profiles: dict[str, Profile] = {}
    rows = []
    for case in cases:
        held = meetings.get(case.id, [])
        try:
            # once per council, not per case: finding a council's own file means
            # looking in the data folder, which costs more than the case's state
            if case.profile_id not in profiles:
                profiles[case.profile_id] = get_profile(case.profile_id)
            profile = profiles[case.profile_id]
        except (KeyError, ProfileError):
            rows.append(
                _row(
                    case,
                    held,
                    council=f"(unknown profile {case.profile_id})",
                    to_sign_later=later.get(case.id, ()),
                    not_synced=unsynced.get(case.id, (0, 0))[0],
                    awaiting_receipt=unsynced.get(case.id, (0, 0))[1],
                )
            )
            continue
        state = case_state(case, profile, today, meetings=held)
        due = state.next_due
        duties = _duties(case, profile, state, held, today, later.get(case.id, ()))
        rows.append(
            _row(
                case,
                held,
                council=profile.council,
                next_due=due.due if due else None,
                next_due_what=due.what if due else None,
                state=state.label,
                days_overdue=state.days_overdue,
                to_sign_later=later.get(case.id, ()),
                next_due_hold_by=due.hold_by if due else None,
                next_due_rule=due.rule if due else "",
                next_due_cite=due.cite if due else "",
                duties=duties,
                late_duties=tuple(late_duties(duties, today)),
                checklist=checklist(duties, today, due),
                not_synced=unsynced.get(case.id, (0, 0))[0],
                awaiting_receipt=unsynced.get(case.id, (0, 0))[1],
            )
        )
    return rows


def _duties(
    case: Case,
    profile: Profile,
    state: CaseState,
    held: list[HeldMeeting],
    today: date,
    to_sign_later: tuple[str, ...],
) -> tuple[DutyDue, ...]:
    """The tasks after the latest meeting held and before the next one due."""
    past = [m for m in held if m.held_on <= today and not m.is_correction]
    latest = max(past, key=lambda m: m.held_on, default=None)
    return case_duties(
        profile, state, latest, case.active_circumstances(today), to_sign_later=to_sign_later
    )


def has_cases(session: Session) -> bool:
    """Whether the store holds any case at all, closed ones included."""
    return session.scalars(select(Case.id).limit(1)).first() is not None


def _to_sign_later(session: Session) -> dict[str, tuple[str, ...]]:
    """Per case, who still has to sign (names, once each), leaving out corrected meetings."""
    corrected = select(Meeting.previous_version_id).where(Meeting.previous_version_id.is_not(None))
    query = (
        select(Meeting.case_id, Signature.signer_name)
        .join(Signature, Signature.meeting_id == Meeting.id)
        .where(
            Signature.status == SignatureStatus.TO_SIGN_LATER,
            Meeting.id.not_in(corrected),
        )
        .order_by(Meeting.held_on, Signature.signer_name)
    )
    names: dict[str, dict[str, None]] = defaultdict(dict)
    for case_id, name in session.execute(query):
        names[case_id][name] = None
    return {case_id: tuple(found) for case_id, found in names.items()}


def _not_synced(session: Session) -> dict[str, tuple[int, int]]:
    """Per case, how many signed meetings the council has not acknowledged, and how many
    of those are exported already and awaiting its receipt.

    Synced means the council's receipt came back: a bundle written to a folder may
    never reach the council, so exporting alone does not end "not yet synced". A case
    pack's meetings are the council's already, so they never count; one grouped query,
    so the list costs the same with 10,000 meetings.
    """
    acknowledged = select(SyncState.meeting_id).where(SyncState.acknowledged_at.is_not(None))
    received = select(ReceivedMeeting.meeting_id)
    exported = sql_case((SyncState.exported_at.is_not(None), 1), else_=0)
    query = (
        select(Meeting.case_id, func.count(), func.coalesce(func.sum(exported), 0))
        .outerjoin(SyncState, SyncState.meeting_id == Meeting.id)
        .where(
            Meeting.status == MeetingStatus.SIGNED,
            Meeting.id.not_in(acknowledged),
            Meeting.id.not_in(received),
        )
        .group_by(Meeting.case_id)
    )
    return {case_id: (int(count), int(sent)) for case_id, count, sent in session.execute(query)}


def _row(case: Case, meetings: list[HeldMeeting], council: str, **state: object) -> CaseRow:
    held = [m.held_on for m in meetings]
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
