"""Agreed plans and signed minutes are final: refuse edits in place.

An agreed ``PlanVersion`` (and its outcomes and actions) and a signed ``Meeting``
(and everything recorded in it) may not be changed or deleted; a correction is a
new, linked version. Signatures are the exception: people marked "to sign later"
still sign a signed meeting. The check runs at flush, so it holds whichever code
path tries the change. Clearing synced records off a laptop sets
``session.info["purge"]`` to bypass it deliberately.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from cinchair.model import (
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

MEETING_PARTS = (Participant, Consent, Contribution, ScalingScore, ChildVoice, ReviewDecision)


class RecordIsFinal(PermissionError):
    """Raised when something tries to change an agreed plan or signed minutes."""


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


def refuse_changes_to_final_records(session: Session, flush_context: Any, instances: Any) -> None:
    """``before_flush`` hook enforcing finality."""
    if session.info.get("purge"):
        return
    with session.no_autoflush:
        touched = [("changed", o) for o in session.dirty if session.is_modified(o)]
        touched += [("deleted", o) for o in session.deleted]
        touched += [("added to", o) for o in session.new]  # e.g. a new action
        for verb, obj in touched:
            version = _plan_version(session, obj)
            if version is not None and _is_agreed(version):
                raise RecordIsFinal(
                    f"plan version {version.number} was agreed and cannot be {verb}; "
                    "amend it as a new version"
                )
            meeting = _meeting(session, obj)
            if meeting is not None and _is_signed(meeting):
                raise RecordIsFinal(
                    "these minutes are signed and cannot be changed; record a correction "
                    "as a new version with its reason"
                )
