"""Making, amending and agreeing plan versions.

A review does not edit the plan it reviews: it starts a new version carrying
forward every open outcome and action (same ``lineage_id``), records progress on
them there, and agrees it. Agreeing freezes the version for good.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cinchair.app.errors import ActionableError
from cinchair.domain.dates import format_day
from cinchair.domain.smart import Finding, blocking, check_plan
from cinchair.model import (
    ActionStatus,
    Case,
    Meeting,
    PlanAction,
    PlanOutcome,
    PlanVersion,
    utcnow,
)
from cinchair.profiles import Profile

CLOSED_STATUSES = (ActionStatus.DONE, ActionStatus.DROPPED)


class PlanNotReady(ActionableError, ValueError):
    """The plan has SMART problems that must be fixed before it is agreed."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        lines = "\n".join(f"- {f.message}" for f in findings)
        super().__init__(f"the plan cannot be agreed yet:\n{lines}")


def latest_agreed(session: Session, case: Case) -> PlanVersion | None:
    return session.scalars(
        select(PlanVersion)
        .where(PlanVersion.case_id == case.id, PlanVersion.agreed_at.is_not(None))
        .order_by(PlanVersion.number.desc())
        .limit(1)
    ).first()


def start_version(
    session: Session,
    case: Case,
    meeting: Meeting,
    starts_on: date,
    *,
    end_target: date | None = None,
) -> PlanVersion:
    """A draft plan version for ``meeting``, carrying forward the last agreed version.

    Outcomes and actions still open are copied with their lineage, status and
    progress note, so nothing drops out of the plan silently; actions already
    done or dropped stay in the version where that happened. ``end_target``
    is the first plan's end (usually the council's target length from its
    start); a later version keeps the end already agreed.
    """
    previous = latest_agreed(session, case)
    number = (
        session.scalar(select(func.max(PlanVersion.number)).where(PlanVersion.case_id == case.id))
        or 0
    ) + 1
    version = PlanVersion(
        case=case,
        number=number,
        previous=previous,
        made_at_meeting_id=meeting.id,
        starts_on=starts_on,
        plan_end_target=end_target,
    )
    session.add(version)
    if previous is not None:
        for field in (
            "lead_professional_name",
            "lead_professional_role",
            "visit_every_days",
            "visit_arrangements",
            "contingency_plan",
            "plan_end_target",
            "length_reason",
        ):
            setattr(version, field, getattr(previous, field))
        for outcome in previous.outcomes:
            open_actions = [a for a in outcome.actions if a.status not in CLOSED_STATUSES]
            copy = PlanOutcome(
                lineage_id=outcome.lineage_id,
                need=outcome.need,
                outcome=outcome.outcome,
                progress_measure=outcome.progress_measure,
                sort_order=outcome.sort_order,
            )
            for action in open_actions:
                copy.actions.append(
                    PlanAction(
                        lineage_id=action.lineage_id,
                        what=action.what,
                        owner_name=action.owner_name,
                        owner_role=action.owner_role,
                        due_on=action.due_on,
                        status=action.status,
                        progress_note=action.progress_note,
                        sort_order=action.sort_order,
                    )
                )
            version.outcomes.append(copy)
    return version


def agree(
    plan: PlanVersion,
    profile: Profile,
    meeting_date: date | None = None,
    at: datetime | None = None,
) -> list[Finding]:
    """Freeze ``plan`` as agreed, unless SMART problems remain (then ``PlanNotReady``).

    ``at`` is when it was agreed (default now: a plan typed up after the meeting
    is agreed when the chair confirms it). Returns the advice-level findings
    accepted with it, for the record.
    """
    findings = check_plan(plan, profile, meeting_date)
    problems = blocking(findings)
    if problems:
        raise PlanNotReady(problems)
    plan.agreed_at = at or utcnow()
    return findings


class Mark(StrEnum):
    """How an action in an amended plan differs from the version before."""

    NEW = "new"
    CHANGED = "changed"
    COMPLETED = "completed"
    DROPPED = "dropped"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class ActionChange:
    action: PlanAction
    mark: Mark
    # For CHANGED: field name -> the earlier value, in words.
    was: dict[str, str]
    # True for an open action of the earlier version left out of this one: it is
    # reported as dropped so it never disappears from the record unremarked.
    removed: bool = False


_COMPARED = ("what", "owner_name", "owner_role", "due_on")


def action_changes(version: PlanVersion) -> list[ActionChange]:
    """Each action of ``version`` marked against the version it amends.

    A first plan has no marks (everything UNCHANGED). Progress notes and an
    in-progress status are progress, not changes to the plan, so they are not marked.
    Open actions of the earlier version missing from this one come last, as
    DROPPED with ``removed`` set.
    """
    before = {a.lineage_id: a for a in version.previous.actions} if version.previous else None
    changes = []
    was: dict[str, str]
    for action in version.actions:
        if before is None:
            changes.append(ActionChange(action, Mark.UNCHANGED, {}))
            continue
        old = before.get(action.lineage_id)
        if action.status is ActionStatus.DROPPED:
            mark, was = Mark.DROPPED, {}
        elif action.status is ActionStatus.DONE:
            mark, was = Mark.COMPLETED, {}
        elif old is None:
            mark, was = Mark.NEW, {}
        else:
            was = {
                f: _words(getattr(old, f))
                for f in _COMPARED
                if getattr(old, f) != getattr(action, f)
            }
            mark = Mark.CHANGED if was else Mark.UNCHANGED
        changes.append(ActionChange(action, mark, was))
    if before is not None:
        kept = {a.lineage_id for a in version.actions}
        for lineage, old in before.items():
            if lineage not in kept and old.status not in CLOSED_STATUSES:
                changes.append(ActionChange(old, Mark.DROPPED, {}, removed=True))
    return changes


def _words(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, date):
        return format_day(value)
    return str(value)
