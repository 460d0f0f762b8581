"""Agreed plans and signed minutes are final: refuse edits in place.

An agreed ``PlanVersion`` (and its outcomes and actions) and a signed ``Meeting``
(and everything recorded in it) may not be changed or deleted; a correction is a
new, linked version. Signatures are the exception: people marked "to sign later"
still sign a signed meeting. The check runs at flush, so it holds whichever code
path tries the change. Clearing synced records off a laptop sets
``session.info["purge"]`` to bypass it deliberately.

Autosave's column edits skip the ORM for speed (``cinchair.meetings.draft``): for them the same
rules are read in SQL, in the one query that fetches the row's values before the edit
(``final_owner`` and ``refuse_if_final``), inside the transaction that makes the edit; the
importer's bulk inserts ask ``refuse_new_parts_of_final`` (``cinchair.store.direct_writes``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnExpressionArgument,
    Connection,
    FromClause,
    inspect,
    null,
    select,
)
from sqlalchemy.orm import Session

from cinchair.app.errors import ActionableError
from cinchair.model import (
    ChildAttachment,
    ChildVoice,
    Consent,
    Contribution,
    Meeting,
    MeetingStatus,
    Participant,
    PlanAction,
    PlanOutcome,
    PlanVersion,
    ReviewDecision,
    ScalingScore,
)

MEETING_PARTS = (
    Participant,
    Consent,
    Contribution,
    ScalingScore,
    ChildVoice,
    ChildAttachment,
    ReviewDecision,
)


class RecordIsFinal(ActionableError, PermissionError):
    """Raised when something tries to change an agreed plan or signed minutes."""


def _plan_is_final(number: int | None, verb: str) -> RecordIsFinal:
    return RecordIsFinal(
        f"plan version {number} was agreed and cannot be {verb}; amend it as a new version"
    )


def _minutes_are_final() -> RecordIsFinal:
    return RecordIsFinal(
        "these minutes are signed and cannot be changed; record a correction "
        "as a new version with its reason"
    )


def _committed(obj: Any, attr: str) -> Any:
    """The value as last loaded from the store (before this flush's changes)."""
    hist = inspect(obj).attrs[attr].history
    if hist.added:
        # Changed in this flush: the stored value is the one replaced (None if never set).
        return hist.deleted[0] if hist.deleted else None
    return getattr(obj, attr)


def _plan_version(session: Session, obj: Any) -> PlanVersion | None:
    if isinstance(obj, PlanVersion):
        return obj
    if isinstance(obj, PlanOutcome):
        return obj.plan_version or session.get(PlanVersion, obj.plan_version_id)
    if isinstance(obj, PlanAction):
        outcome = obj.outcome or session.get(PlanOutcome, obj.outcome_id)
        return _plan_version(session, outcome) if outcome else None
    return None


def _meeting(session: Session, obj: Any) -> Meeting | None:
    if isinstance(obj, Meeting):
        return obj
    if isinstance(obj, MEETING_PARTS):
        return obj.meeting or session.get(Meeting, obj.meeting_id)
    return None


def _is_agreed(version: PlanVersion) -> bool:
    return inspect(version).persistent and _committed(version, "agreed_at") is not None


def _is_signed(meeting: Meeting) -> bool:
    return inspect(meeting).persistent and _committed(meeting, "status") == MeetingStatus.SIGNED


def _only_keeps_case_as_signed(meeting: Meeting) -> bool:
    """A meeting signed before the copy existed getting its copy of the case as signed.

    That copy changes nothing the minutes say (it is what they say now); it keeps them
    so when the case's details are then corrected (``cinchair.cases.editing``).
    """
    changed = [attr.key for attr in inspect(meeting).attrs if attr.history.has_changes()]
    return changed == ["case_at_signing"] and _committed(meeting, "case_at_signing") is None


def refuse_changes_to_final_records(session: Session, flush_context: Any, instances: Any) -> None:
    """``before_flush`` hook enforcing finality."""
    if session.info.get("purge"):
        return
    with session.no_autoflush:
        touched = [("changed", o) for o in session.dirty if session.is_modified(o)]
        touched += [("deleted", o) for o in session.deleted]
        touched += [("added to", o) for o in session.new]  # e.g. a new action
        for verb, obj in touched:
            if verb == "changed" and isinstance(obj, Meeting) and _only_keeps_case_as_signed(obj):
                continue
            version = _plan_version(session, obj)
            if version is not None and _is_agreed(version):
                raise _plan_is_final(version.number, verb)
            meeting = _meeting(session, obj)
            if meeting is not None and _is_signed(meeting):
                raise _minutes_are_final()


# -- the same rules for an edit made outside the ORM ------------------------------------------


# Stand-ins for an owner a row cannot have (a meeting has no plan version and so on).
_NO_STATUS = null().label("no_meeting_status")
_NO_DATE = null().label("no_agreed_at")
_NO_NUMBER = null().label("no_plan_number")


def final_owner(
    model: type,
) -> tuple[FromClause, tuple[ColumnExpressionArgument[Any], ...]] | None:
    """What to read, beside a row of ``model``, to know whether it is final.

    Returns the row's table outer-joined to the meeting or plan version it belongs to, and
    the three columns ``refuse_if_final`` judges: the meeting's status, the plan version's
    ``agreed_at`` and its number (None where the row has no such owner, as the ORM hook
    finds no owner). None when these rules do not cover ``model`` at all: then the edit
    must go through a session, where the hook decides.
    """
    if model is Meeting:
        owner: FromClause = Meeting.__table__
        return owner, (Meeting.status, _NO_DATE, _NO_NUMBER)
    if model in MEETING_PARTS:
        part = model.__table__
        joined = part.outerjoin(Meeting, Meeting.id == part.c.meeting_id)
        return joined, (Meeting.status, _NO_DATE, _NO_NUMBER)
    if model is PlanVersion:
        version = PlanVersion.__table__
        return version, (_NO_STATUS, PlanVersion.agreed_at, PlanVersion.number)
    if model is PlanOutcome:
        joined = PlanOutcome.__table__.outerjoin(
            PlanVersion, PlanVersion.id == PlanOutcome.plan_version_id
        )
        return joined, (_NO_STATUS, PlanVersion.agreed_at, PlanVersion.number)
    if model is PlanAction:
        joined = PlanAction.__table__.outerjoin(
            PlanOutcome, PlanOutcome.id == PlanAction.outcome_id
        ).outerjoin(PlanVersion, PlanVersion.id == PlanOutcome.plan_version_id)
        return joined, (_NO_STATUS, PlanVersion.agreed_at, PlanVersion.number)
    return None


def refuse_if_final(
    status: MeetingStatus | None, agreed_at: datetime | None, number: int | None
) -> None:
    """Raise ``RecordIsFinal`` for a change to a row whose owner (read by ``final_owner``,
    as stored before the change) is an agreed plan or signed minutes."""
    if agreed_at is not None:
        raise _plan_is_final(number, "changed")
    if status == MeetingStatus.SIGNED:
        raise _minutes_are_final()


def refuse_new_parts_of_final(
    connection: Connection, objects: Sequence[Any], inserted: Sequence[Any] = ()
) -> None:
    """The hook's rule for new rows inserted without a session: no new part for a stored
    signed meeting or agreed plan. An owner among ``objects``, or ``inserted`` by the same
    writer before, is new itself, so not final (as the hook finds a pending owner, or one
    whose status this flush changes, not final); a stored owner is read as stored."""
    both = [*inserted, *objects]
    new = {(type(obj), obj.id) for obj in both}
    outcomes = {obj.id: obj for obj in both if isinstance(obj, PlanOutcome)}
    for obj in objects:
        if isinstance(obj, MEETING_PARTS) and (Meeting, obj.meeting_id) not in new:
            status = connection.execute(
                select(Meeting.status).where(Meeting.id == obj.meeting_id)
            ).scalar()
            refuse_if_final(status, None, None)
        version_id = None
        if isinstance(obj, PlanOutcome):
            version_id = obj.plan_version_id
        elif isinstance(obj, PlanAction):
            outcome = outcomes.get(obj.outcome_id)
            if outcome is not None:
                version_id = outcome.plan_version_id
            else:
                version_id = connection.execute(
                    select(PlanOutcome.plan_version_id).where(PlanOutcome.id == obj.outcome_id)
                ).scalar()
        if version_id is not None and (PlanVersion, version_id) not in new:
            stored = connection.execute(
                select(PlanVersion.agreed_at, PlanVersion.number).where(
                    PlanVersion.id == version_id
                )
            ).one_or_none()
            if stored is not None and stored.agreed_at is not None:
                raise _plan_is_final(stored.number, "added to")
