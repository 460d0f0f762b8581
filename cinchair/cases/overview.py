"""A case in plain text: meetings, plan versions, SMART findings, what is due.

Used by ``cinchair demo`` and handy at a terminal; the app shows the same facts.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy.orm import Session

from cinchair.domain import vocabulary as words
from cinchair.domain.dates import format_day
from cinchair.domain.schedule import case_state
from cinchair.domain.smart import check_plan
from cinchair.meetings.plans import Mark, action_changes
from cinchair.model import Attendance, Case
from cinchair.profiles import get_profile
from cinchair.profiles.labels import council_with_approach


def _d(day: date | None) -> str:
    return format_day(day, "not set")


def _words(value: str) -> str:
    return value.replace("-", " ")


def describe_case(session: Session, case_id: str, today: date) -> list[str]:
    case = session.get(Case, case_id)
    if case is None:
        raise KeyError(f"no case with id {case_id}")
    profile = get_profile(case.profile_id)
    lines = [
        f"Council:  {council_with_approach(profile)}",
        f"Child:    {case.child_name} ({case.case_ref}), "
        + (f"born {_d(case.date_of_birth)}" if case.date_of_birth else "no date of birth"),
        "Meetings:",
    ]
    for meeting in case.meetings:
        counts = Counter(p.attendance for p in meeting.participants)
        attendance = ", ".join(
            f"{words.ATTENDANCE[a].lower()} {counts[a]}" for a in Attendance if counts[a]
        )
        lines.append(
            f"  {_d(meeting.held_on)}  {words.MEETING_KIND[meeting.kind]}, chaired by "
            f"{meeting.chair_name} ({words.CHAIR_ROLE[meeting.chair_role]}); "
            f"{meeting.status.value}"
        )
        lines.append(f"      attendance: {attendance}")
        if meeting.decision:
            lines.append(f"      outcome: {meeting.decision.option_label}")
            if meeting.decision.in_addition_label:
                lines.append(f"      in addition: {meeting.decision.in_addition_label}")
            lines.append(f"      next review: {_d(meeting.decision.next_review_on)}")
    lines.append("Plan versions:")
    for version in case.plan_versions:
        marks = Counter(c.mark for c in action_changes(version))
        marked = ", ".join(
            f"{marks[m]} {m.value}" for m in Mark if marks[m] and m != Mark.UNCHANGED
        )
        state = "agreed" if version.is_agreed else "draft"
        lines.append(
            f"  v{version.number} ({state}, from {_d(version.starts_on)}): "
            f"{len(version.outcomes)} outcomes, {len(version.actions)} actions"
            + (f"; against v{version.previous.number}: {marked}" if version.previous else "")
        )
    if case.plan_versions:
        current = case.plan_versions[-1]
        findings = check_plan(current, profile)
        lines.append(f"SMART check of plan v{current.number}:")
        if not findings:
            lines.append("  no findings")
        lines += [f"  [{f.severity.value}] {f.message}" for f in findings]
    today_state = case_state(case, profile, today)
    due = today_state.next_due
    lines.append(f"Today ({_d(today)}): {today_state.label}")
    if due:
        lines.append(f"  next: {_words(due.what)} due {_d(due.due)} ({due.rule})")
    if escalation := today_state.escalation:
        lines.append(f"  escalation point: {_d(escalation.due)} ({escalation.rule})")
    return lines
