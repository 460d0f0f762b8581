"""Clearing synced meetings off the laptop: less about children on a machine that travels.

Only a meeting the council has acknowledged, with nothing signed since, may be cleared
("synced" in ``cinchair.sync.export.sync_status``). Asking to clear anything else is
refused, and nothing is cleared.

What goes, and what stays so the next review still works:

* each cleared meeting, with everything recorded in it;
* the plan versions made at cleared meetings, **except** the case's latest agreed plan
  while the case is open: the next review amends it, and its number keeps the laptop's
  plan numbering in step with the council's;
* the meetings a case pack brought from the council (``ReceivedMeeting``: the council's
  copy, held there already) once this laptop clears a later meeting of the same case: the
  laptop's own review carried them forward and the council holds both. Received meetings
  newer than anything cleared stay, since the next review starts from them;
* the case itself once it is closed and none of its meetings remain.

The rows are removed by the database's own cascade, and the clearing is written to the
audit trail once per meeting, as the ``sync_state`` row gaining ``cleared_at``, then one
``delete`` entry per row removed, naming the row and nothing of what it held. Deleting
through the ORM would copy every cleared value into the trail again, the opposite of the
point; saying nothing would leave ``audit verify``, which replays the trail against the
rows, finding every cleared row missing with no entry. (Values recorded in the trail
when the meeting was typed are still there: see docs/sync-design.md, "Known gaps".)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from cinchair.app.errors import ActionableError
from cinchair.meetings.plans import latest_agreed
from cinchair.model import (
    AuditEntry,
    Base,
    Case,
    Meeting,
    MeetingKind,
    PlanVersion,
    ReceivedMeeting,
    SyncState,
    utcnow,
)
from cinchair.store.audit import chain_entries
from cinchair.store.audit_replay import NOT_AUDITED
from cinchair.store.facade import Store
from cinchair.sync.export import sync_status


class NotSynced(ActionableError, ValueError):
    """Meetings asked to be cleared that the council has not acknowledged; nothing cleared."""


@dataclass
class ClearSummary:
    cleared: list[str] = field(default_factory=list)  # meeting ids
    kept_unsynced: list[str] = field(default_factory=list)  # signed, not yet synced
    cases_removed: int = 0
    plans_kept: int = 0
    received_cleared: list[str] = field(default_factory=list)  # meeting ids from case packs

    def lines(self) -> list[str]:
        out = [f"{len(self.cleared)} synced meeting(s) cleared from this laptop"]
        if self.received_cleared:
            out.append(
                f"{len(self.received_cleared)} meeting(s) received from the council cleared "
                "too (the council holds them, and a later meeting here carried them forward)"
            )
        if self.cases_removed:
            out.append(f"{self.cases_removed} closed case(s) removed entirely")
        if self.plans_kept:
            out.append(f"{self.plans_kept} open case(s) keep their latest plan for the next review")
        if self.kept_unsynced:
            out.append(
                f"{len(self.kept_unsynced)} signed meeting(s) kept: the council has not "
                "acknowledged them yet (export, then load the council's receipt)"
            )
        return out


def clear_synced(
    store: Store, *, meeting_ids: Sequence[str] | None = None, now: datetime | None = None
) -> ClearSummary:
    """Clear every synced meeting, or exactly ``meeting_ids`` (all of them synced, or
    ``NotSynced`` and nothing cleared). Drafts are never touched."""
    now = now or utcnow()
    summary = ClearSummary()
    with store.transaction() as session:
        status = {row.meeting_id: row for row in sync_status(session)}
        if meeting_ids is None:
            chosen = [m for m, row in status.items() if row.synced]
            summary.kept_unsynced = [
                m for m, row in status.items() if row.state not in ("synced", "cleared", "gone")
            ]
        else:
            refused = [
                f"{m[:8]} ({status[m].state})" if m in status else f"{m[:8]} (not a signed meeting)"
                for m in meeting_ids
                if m not in status or not status[m].synced
            ]
            if refused:
                raise NotSynced(
                    "only meetings the council has acknowledged can be cleared; not synced: "
                    + ", ".join(refused)
                    + ". Nothing was cleared."
                )
            chosen = list(dict.fromkeys(meeting_ids))
        if chosen:
            summary.received_cleared = received_superseded(session, chosen)
            _clear(session, chosen, now, summary)
        summary.cleared = chosen
    return summary


def received_superseded(session: Session, clearing: Sequence[str]) -> list[str]:
    """The received meetings that go with ``clearing``: of the same case, and held before
    the latest meeting cleared there (or on its day at an earlier version).

    They are the council's copy by definition (a case pack brought them from its store),
    so once the laptop's own later meeting of the case is acknowledged, nothing on the
    laptop still needs them: the latest plan is kept like any other.
    """
    if not clearing:
        return []
    latest: dict[str, tuple[date, int]] = {}
    for case_id, held_on, version in session.execute(
        select(Meeting.case_id, Meeting.held_on, Meeting.version).where(Meeting.id.in_(clearing))
    ):
        mark = (held_on, version)
        if case_id not in latest or mark > latest[case_id]:
            latest[case_id] = mark
    received = session.execute(
        select(Meeting.id, Meeting.case_id, Meeting.held_on, Meeting.version)
        .join(ReceivedMeeting, ReceivedMeeting.meeting_id == Meeting.id)
        .where(Meeting.case_id.in_(latest), Meeting.id.not_in(clearing))
        .order_by(Meeting.held_on, Meeting.version, Meeting.id)
    )
    return [
        meeting_id
        for meeting_id, case_id, held_on, version in received
        if (held_on, version) < latest[case_id]
    ]


def _clear(session: Session, chosen: list[str], now: datetime, summary: ClearSummary) -> None:
    session.info["purge"] = True  # a deliberate removal of final records (see finality.py)
    if summary.received_cleared:
        # Written to the trail as the ``received_meetings`` row's delete (what came, from
        # which pack), the received meeting's own counterpart of ``cleared_at``.
        for row in session.scalars(
            select(ReceivedMeeting).where(ReceivedMeeting.meeting_id.in_(summary.received_cleared))
        ):
            session.delete(row)
        session.flush()
        chosen = chosen + summary.received_cleared
    case_ids = set(session.scalars(select(Meeting.case_id).where(Meeting.id.in_(chosen))))
    keep_plans: set[str] = set()
    closed: set[str] = set()
    for case in session.scalars(select(Case).where(Case.id.in_(case_ids))):
        if _closed(case):
            closed.add(case.id)
            continue
        latest = latest_agreed(session, case)
        if latest is not None:
            keep_plans.add(latest.id)
    for state in session.scalars(select(SyncState).where(SyncState.meeting_id.in_(chosen))):
        state.cleared_at = now
    # The latest plan kept loses its link to the meeting it was made at, as the database's
    # ON DELETE SET NULL would do unseen: done here, it is in the trail.
    for plan in session.scalars(
        select(PlanVersion).where(
            PlanVersion.id.in_(keep_plans), PlanVersion.made_at_meeting_id.in_(chosen)
        )
    ):
        plan.made_at_meeting_id = None
    session.flush()  # audited: the trail's one entry per cleared meeting, and the plans kept
    before = _row_keys(session)
    session.execute(
        delete(PlanVersion).where(
            PlanVersion.made_at_meeting_id.in_(chosen), PlanVersion.id.not_in(keep_plans)
        )
    )
    session.execute(delete(Meeting).where(Meeting.id.in_(chosen)))
    for case_id in sorted(case_ids):
        remaining = session.scalar(select(Meeting.id).where(Meeting.case_id == case_id).limit(1))
        if remaining is None and case_id in closed:
            session.execute(delete(Case).where(Case.id == case_id))
            summary.cases_removed += 1
            continue
        # Agreed plans whose meetings are gone and that the next review no longer needs.
        session.execute(
            delete(PlanVersion).where(
                PlanVersion.case_id == case_id,
                PlanVersion.made_at_meeting_id.is_(None),
                PlanVersion.agreed_at.is_not(None),
                PlanVersion.id.not_in(keep_plans),
            )
        )
    summary.plans_kept = len(keep_plans)
    removed = sorted(before - _row_keys(session))
    entries: list[tuple[str, str, str, dict[str, Any]]] = [
        ("delete", table, entity_id, {}) for table, entity_id in removed
    ]
    rows = chain_entries(session, entries)
    if rows:
        session.execute(insert(AuditEntry.__table__), rows)
    session.expire_all()


def _row_keys(session: Session) -> set[tuple[str, str]]:
    """Every audited row's (table, id) as the trail names it, read in plain SQL."""
    keys: set[tuple[str, str]] = set()
    for mapper in Base.registry.mappers:
        table: Any = mapper.class_.__table__
        if mapper.class_ is AuditEntry or table.name in NOT_AUDITED:
            continue
        columns = list(table.primary_key.columns)
        for row in session.execute(select(*columns)):
            keys.add((table.name, ":".join(str(part) for part in row)))
    return keys


def _closed(case: Case) -> bool:
    """Closed on the record, or its latest meeting was a closing review."""
    if case.closed_on is not None:
        return True
    latest = max(case.meetings, key=lambda m: m.held_on, default=None)
    return latest is not None and latest.kind is MeetingKind.CLOSING
