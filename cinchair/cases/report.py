"""The admin's view of the work: reviews due and overdue, conflicts waiting, and meetings
received per chair, on screen and as CSV for the council's case management system.

Due and overdue come from the council rules exactly as the chair's case list computes
them (``cinchair.cases.rows.case_rows``), so the admin and the chair never disagree about
what is late. Everything is plain data; the CLI and the admin window only format it.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cinchair.app.files import write_atomically
from cinchair.cases.rows import case_rows
from cinchair.domain.duties import DutyDue
from cinchair.domain.schedule import Standing
from cinchair.model import BundleStatus, ImportedBundle, Meeting, SyncConflict
from cinchair.sync.conflicts import ConflictRow, list_conflicts
from cinchair.sync.import_summary import csv_cell

# Most urgent first, as a person would read the list.
_URGENCY = {
    Standing.OVERDUE.value: 0,
    Standing.PAST_ESCALATION.value: 1,
    Standing.DUE_SOON.value: 2,
    Standing.ON_TRACK.value: 3,
    Standing.NOTHING_SCHEDULED.value: 4,
    "unknown": 5,
    Standing.CLOSED.value: 6,
}
NEEDS_ACTION = (Standing.OVERDUE.value, Standing.PAST_ESCALATION.value, Standing.DUE_SOON.value)


@dataclass(frozen=True)
class CaseLine:
    """One case as the case management system wants it (no child's name: the case
    reference is the key the council's own system holds the name under)."""

    case_reference: str
    council: str
    state: str
    next_due: date | None
    next_due_what: str | None
    days_overdue: int
    last_meeting: date | None
    last_chair: str | None
    meetings: int
    conflicts_waiting: int
    # The working day to hold the next meeting by (a due date on a weekend or bank
    # holiday), and the council's tasks whose date has passed: minutes not yet signed
    # off, reports, signatures still needed, each with who and the citation.
    hold_by: date | None = None
    late_tasks: tuple[DutyDue, ...] = ()
    # The team of the chair of the latest meeting (a chair's setting, carried on each
    # meeting since teams exist): None for a case whose latest meeting names none.
    team: str | None = None


@dataclass(frozen=True)
class ChairLine:
    chair: str
    meetings_received: int
    filed: int
    held: int
    last_received: datetime | None
    devices: tuple[str, ...]


@dataclass
class AdminReport:
    today: date
    cases: list[CaseLine] = field(default_factory=list)
    conflicts: list[ConflictRow] = field(default_factory=list)
    chairs: list[ChairLine] = field(default_factory=list)

    @property
    def needing_action(self) -> list[CaseLine]:
        return [c for c in self.cases if c.state in NEEDS_ACTION or c.late_tasks]

    def count(self, state: str) -> int:
        return sum(1 for c in self.cases if c.state == state)

    def lines(self) -> list[str]:
        out = [
            f"Reviews on {self.today:%d %b %Y}: {self.count('overdue')} overdue, "
            f"{self.count('past escalation point')} past the escalation point, "
            f"{self.count('due soon')} due soon, of {len(self.cases)} case(s)"
        ]
        for c in self.needing_action:
            due = f"{c.next_due_what or 'review'} due {c.next_due:%d %b %Y}" if c.next_due else ""
            if c.hold_by and c.hold_by != c.next_due:
                due += f" (hold by {c.hold_by:%d %b %Y})"
            late = f", {c.days_overdue} day(s) overdue" if c.days_overdue else ""
            out.append(f"  {c.case_reference:16} {c.state:22} {due}{late} ({c.council})")
            for task in c.late_tasks:
                out.append(f"  {'':16} late: {task.line()}")
        out.append(f"Conflicts waiting: {len(self.conflicts)}")
        for k in self.conflicts:
            out.append(
                f"  {k.id[:8]}  case {k.case_reference}: {k.kind} (found {k.found_at:%d %b %Y})"
            )
        out.append("Meetings received per chair:")
        for ch in self.chairs:
            held = f", {ch.held} held as conflict" if ch.held else ""
            out.append(f"  {ch.chair:30} {ch.meetings_received}{held}")
        if not self.chairs:
            out.append("  (none yet)")
        return out

    def cases_csv(self) -> bytes:
        """One row per case; UTF-8 with a BOM so Excel reads it correctly."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(
            [
                "case_reference",
                "council",
                "state",
                "next_due",
                "next_due_what",
                "days_overdue",
                "last_meeting",
                "last_chair",
                "meetings",
                "conflicts_waiting",
                "hold_by",
                "late_tasks",
                "team",
            ]
        )
        for c in self.cases:
            writer.writerow(
                [
                    csv_cell(c.case_reference),
                    csv_cell(c.council),
                    c.state,
                    c.next_due.isoformat() if c.next_due else "",
                    c.next_due_what or "",
                    c.days_overdue,
                    c.last_meeting.isoformat() if c.last_meeting else "",
                    csv_cell(c.last_chair or ""),
                    c.meetings,
                    c.conflicts_waiting,
                    c.hold_by.isoformat() if c.hold_by else "",
                    csv_cell("; ".join(task.line() for task in c.late_tasks)),
                    csv_cell(c.team or ""),
                ]
            )
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    def chairs_csv(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["chair", "meetings_received", "filed", "held", "last_received"])
        for ch in self.chairs:
            last = ch.last_received.strftime("%Y-%m-%dT%H:%M:%SZ") if ch.last_received else ""
            writer.writerow([csv_cell(ch.chair), ch.meetings_received, ch.filed, ch.held, last])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    def write_cases_csv(self, path: Path) -> Path:
        return write_atomically(Path(path), self.cases_csv())

    def write_chairs_csv(self, path: Path) -> Path:
        return write_atomically(Path(path), self.chairs_csv())


def admin_report(session: Session, today: date) -> AdminReport:
    """Everything the admin's report shows, read in a handful of queries."""
    conflicts = list_conflicts(session)
    waiting = Counter(
        session.scalars(select(SyncConflict.case_id).where(SyncConflict.resolved_at.is_(None)))
    )
    last_chair = _last_chairs(session)
    cases = [
        CaseLine(
            case_reference=row.case_ref,
            council=row.council,
            state=str(row.state),
            next_due=row.next_due,
            next_due_what=row.next_due_what,
            days_overdue=row.days_overdue,
            last_meeting=row.last_meeting,
            last_chair=last_chair.get(row.case_id, (None, None))[0],
            team=last_chair.get(row.case_id, (None, None))[1],
            meetings=row.meetings,
            conflicts_waiting=waiting.get(row.case_id, 0),
            hold_by=row.next_due_hold_by,
            late_tasks=row.late_duties,
        )
        for row in case_rows(session, today)
    ]
    cases.sort(key=lambda c: (_URGENCY.get(c.state, 9), -c.days_overdue, c.case_reference))
    return AdminReport(today=today, cases=cases, conflicts=conflicts, chairs=_chairs(session))


def _last_chairs(session: Session) -> dict[str, tuple[str, str | None]]:
    """Each case's latest meeting's chair and the chair's team."""
    latest = (
        select(Meeting.case_id, func.max(Meeting.held_on).label("held_on"))
        .group_by(Meeting.case_id)
        .subquery()
    )
    rows = session.execute(
        select(Meeting.case_id, Meeting.chair_name, Meeting.chair_team).join(
            latest,
            (latest.c.case_id == Meeting.case_id) & (latest.c.held_on == Meeting.held_on),
        )
    )
    return {case_id: (chair, team) for case_id, chair, team in rows}


def _chairs(session: Session) -> list[ChairLine]:
    """Meetings received per chair: one per meeting (later versions and duplicates of the
    same record are not counted twice), split into filed and held as a conflict."""
    rows = session.execute(
        select(
            ImportedBundle.chair_name,
            ImportedBundle.meeting_id,
            ImportedBundle.status,
            ImportedBundle.imported_at,
            ImportedBundle.device_label,
        )
    )
    per: dict[str, dict[str, BundleStatus]] = defaultdict(dict)
    last: dict[str, datetime] = {}
    devices: dict[str, set[str]] = defaultdict(set)
    for chair, meeting_id, status, imported_at, label in rows:
        if per[chair].get(meeting_id) is not BundleStatus.IMPORTED:
            per[chair][meeting_id] = status
        last[chair] = max(last.get(chair, imported_at), imported_at)
        devices[chair].add(label)
    lines = [
        ChairLine(
            chair=chair,
            meetings_received=len(meetings),
            filed=sum(1 for s in meetings.values() if s is BundleStatus.IMPORTED),
            held=sum(1 for s in meetings.values() if s is BundleStatus.CONFLICT),
            last_received=last.get(chair),
            devices=tuple(sorted(devices[chair])),
        )
        for chair, meetings in per.items()
    ]
    return sorted(lines, key=lambda line: (-line.meetings_received, line.chair))
