"""What is due and by when, from a council's profile and the case's events.

Everything here is pure: a profile, an event, a date in; due dates with the rule
in plain words and its citation out. The command ``cinchair schedule`` and the
case list both use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from cinchair.domain.case_tasks import CaseTask, case_tasks
from cinchair.domain.dates import format_day, is_working_day
from cinchair.model import Case, Circumstance, MeetingKind, MeetingStatus
from cinchair.profiles import EVENT_WORDS, Due, Event, Interval, Profile, ScheduleRule
from cinchair.profiles.rules import EscalationStart

# What each event makes due next.
DUE_AFTER_EVENT = {
    Event.ASSESSMENT_COMPLETED: Due.INITIAL_PLANNING_MEETING,
    Event.DECISION: Due.INITIAL_PLANNING_MEETING,
    Event.INITIAL_PLANNING_MEETING: Due.REVIEW,
    Event.REVIEW: Due.REVIEW,
    Event.SUPERVISION_ORDER_MADE: Due.REVIEW,
    Event.ALLOCATION: Due.VISIT,
    Event.MOVED_INTO_AREA: Due.INITIAL_PLANNING_MEETING,
    Event.EXPLOITATION_RISK_IDENTIFIED: Due.CRE_RISK_ASSESSMENT,
}

# A circumstance's start date is the event that starts its clock: the day the
# Supervision Order was made is the day the case's supervision-order circumstance began.
EVENT_FOR_CIRCUMSTANCE = {
    Circumstance.SUPERVISION_ORDER: Event.SUPERVISION_ORDER_MADE,
    Circumstance.TRANSFERRED_IN: Event.MOVED_INTO_AREA,
}


def hold_by(due: date) -> date:
    """The last working day on or before ``due``.

    "Within 6 weeks" that ends on New Year's Day or a Saturday means the meeting is
    held by the working day before, since nobody meets on the day itself.
    """
    day = due
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


# A meeting of each kind counts as this event for the clock.
EVENT_FOR_MEETING = {
    MeetingKind.INITIAL_PLANNING: Event.INITIAL_PLANNING_MEETING,
    MeetingKind.REVIEW: Event.REVIEW,
    MeetingKind.EARLY_REVIEW: Event.REVIEW,
}


@dataclass(frozen=True)
class DueItem:
    """One thing due: a meeting, or a point in the plan's life (target end, escalation)."""

    what: str
    due: date | None
    rule: str
    cite: str
    earliest: date | None = None

    @property
    def hold_by(self) -> date | None:
        """The last working day on or before ``due`` (``due`` itself on a working day)."""
        return hold_by(self.due) if self.due else None

    @property
    def due_on_non_working_day(self) -> bool:
        return self.due is not None and self.hold_by != self.due

    def as_json(self) -> dict[str, Any]:
        held_by = self.hold_by
        return {
            "what": self.what,
            "due": self.due.isoformat() if self.due else None,
            "hold_by": held_by.isoformat() if held_by else None,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "rule": self.rule,
            "cite": self.cite,
        }


def rule_for(
    profile: Profile, event: Event, circumstances: Iterable[Circumstance] = ()
) -> ScheduleRule | None:
    """The rule that applies: one tied to the case's circumstances wins over the general one.

    An event that only exists for some circumstances (a Supervision Order being
    made) uses its specific rule even when the circumstance was not passed in.
    """
    present = set(circumstances)
    candidates = [r for r in profile.schedule if r.after is event]
    specific = [r for r in candidates if r.when_circumstances & present]
    if specific:
        return min(specific, key=lambda r: r.within.approx_days())
    general = [r for r in candidates if not r.when_circumstances]
    if general:
        return general[0]
    return candidates[0] if candidates else None


def due_after(
    profile: Profile, event: Event, on: date, circumstances: Iterable[Circumstance] = ()
) -> DueItem:
    """What ``event`` on ``on`` makes due, by the profile's rule (``due`` None if it sets none)."""
    what = DUE_AFTER_EVENT[event]
    rule = rule_for(profile, event, circumstances)
    if rule is None:
        return DueItem(
            what=what.value,
            due=None,
            rule=f"{profile.council}'s procedure sets no timescale for the "
            f"{what.value.replace('-', ' ')} after {EVENT_WORDS[event]}",
            cite=profile.source,
        )
    return DueItem(
        what=rule.due.value,
        due=rule.within.after(on),
        earliest=rule.within.earliest_after(on),
        rule=rule.words(),
        cite=rule.cite,
    )


def _milestone(what: str, words: str, interval: Interval, start: date, cite: str) -> DueItem:
    return DueItem(what=what, due=interval.after(start), rule=words, cite=cite)


def plan_milestones(profile: Profile, plan_start: date) -> list[DueItem]:
    """Points in the plan's life counted from its start: critical issues, target end, escalation."""
    rules = profile.plan
    items = []
    if rules.critical_issues:
        items.append(
            _milestone(
                "critical-issues",
                f"Critical issues addressed within {rules.critical_issues.words()}",
                rules.critical_issues,
                plan_start,
                rules.critical_issues_cite,
            )
        )
    if rules.target:
        local = (
            " (the council's local choice, not its procedure)" if rules.target_local_choice else ""
        )
        items.append(
            _milestone(
                "plan-target-end",
                f"Plans are expected to end within {rules.target.words()}{local}",
                rules.target,
                plan_start,
                rules.target_cite,
            )
        )
    if rules.escalation and rules.escalation_counts_from is EscalationStart.PLAN:
        items.append(
            _milestone(
                "escalation",
                f"After {rules.escalation.words()}: {rules.escalation_to}",
                rules.escalation,
                plan_start,
                rules.escalation_cite,
            )
        )
    return items


def schedule_report(
    profile: Profile,
    event: Event,
    on: date,
    *,
    circumstances: Iterable[Circumstance] = (),
    today: date | None = None,
) -> dict[str, Any]:
    """The JSON object ``cinchair schedule`` prints."""
    circumstances = sorted(set(circumstances))
    item = due_after(profile, event, on, circumstances)
    also = plan_milestones(profile, on) if event is Event.INITIAL_PLANNING_MEETING else []
    report: dict[str, Any] = {
        "profile": profile.id,
        "council": profile.council,
        "event": event.value,
        "date": on.isoformat(),
        "circumstances": [c.value for c in circumstances],
        **item.as_json(),
        "also": [m.as_json() for m in also],
    }
    if today is not None:
        report["today"] = today.isoformat()
        report["overdue"] = bool(item.due and today > item.due)
        report["days_overdue"] = (today - item.due).days if item.due and today > item.due else 0
    return report


class Standing(StrEnum):
    """Where a case stands, most urgent first."""

    OVERDUE = "overdue"
    PAST_ESCALATION = "past escalation point"
    DUE_SOON = "due soon"
    ON_TRACK = "on track"
    NOTHING_SCHEDULED = "nothing scheduled"
    CLOSED = "closed"


@dataclass(frozen=True)
class CaseState:
    """Where a case stands today: the next meeting due, and whether anything has slipped."""

    next_due: DueItem | None
    overdue: bool
    days_overdue: int
    due_soon: bool
    past_escalation: bool
    escalation: DueItem | None
    closed: bool
    # Work the case owes that is not a meeting (a visit after allocation, a CRE risk
    # assessment, a review date to agree), dated ones first; a late one makes the
    # case overdue even while its next meeting is not.
    tasks: tuple[CaseTask, ...] = ()
    today: date | None = None

    @property
    def late_tasks(self) -> tuple[CaseTask, ...]:
        today = self.today
        return tuple(t for t in self.tasks if today is not None and t.late_on(today))

    @property
    def label(self) -> Standing:
        if self.closed:
            return Standing.CLOSED
        if self.overdue or self.late_tasks:
            return Standing.OVERDUE
        if self.past_escalation:
            return Standing.PAST_ESCALATION
        if self.due_soon:
            return Standing.DUE_SOON
        if self.next_due is None or self.next_due.due is None:
            return Standing.NOTHING_SCHEDULED
        return Standing.ON_TRACK


@dataclass(frozen=True)
class HeldMeeting:
    """What the schedule needs to know of a meeting, without loading the whole of it."""

    kind: MeetingKind
    held_on: date
    agreed_next_review: date | None  # the date the meeting set for the next review
    is_correction: bool = False  # a corrected version repeats a meeting; it is no new one
    # What the tasks after a meeting depend on: whether its minutes are signed off, and
    # the outcome chosen (a closure letter follows some outcomes only).
    signed: bool = False
    leads_to: str | None = None
    option_key: str | None = None


def held_meetings(case: Case) -> list[HeldMeeting]:
    return [
        HeldMeeting(
            kind=m.kind,
            held_on=m.held_on,
            agreed_next_review=m.decision.next_review_on if m.decision else None,
            is_correction=m.previous_version_id is not None,
            signed=m.status is MeetingStatus.SIGNED,
            leads_to=m.decision.leads_to if m.decision else None,
            option_key=m.decision.option_key if m.decision else None,
        )
        for m in case.meetings
    ]


def _next_meeting(
    case: Case,
    profile: Profile,
    latest: HeldMeeting | None,
    circumstances: set[Circumstance],
) -> DueItem | None:
    """The next meeting due: from the latest meeting, or from the events before any.

    A clock a circumstance starts (a Supervision Order made) after the latest meeting
    wins: Derby's first review "must take place within 15 working days of the Order
    being made", whatever the case's planning meeting would otherwise have been due.
    """
    for began in case.circumstances:
        event = EVENT_FOR_CIRCUMSTANCE.get(began.circumstance)
        if event is None or began.since is None or began.circumstance not in circumstances:
            continue
        if latest is not None and latest.held_on >= began.since:
            continue
        if rule_for(profile, event, circumstances) is not None:
            return due_after(profile, event, began.since, circumstances)
    if latest is not None and latest.kind in EVENT_FOR_MEETING:
        next_due = due_after(profile, EVENT_FOR_MEETING[latest.kind], latest.held_on, circumstances)
        if latest.agreed_next_review:
            return DueItem(
                what="review",
                due=latest.agreed_next_review,
                rule=f"Date agreed at the meeting on {format_day(latest.held_on)}",
                cite=next_due.rule,
            )
        return next_due
    if latest is None and case.decision_on:
        return due_after(profile, Event.DECISION, case.decision_on, circumstances)
    if latest is None and case.assessment_completed_on:
        return due_after(
            profile, Event.ASSESSMENT_COMPLETED, case.assessment_completed_on, circumstances
        )
    return None


def _case_opened(case: Case, held: Sequence[HeldMeeting]) -> tuple[date | None, str]:
    """The day the case was opened, and the words saying where that day came from."""
    if case.opened_on is not None:
        return case.opened_on, "the case being opened"
    opened = [
        (day, words)
        for day, words in (
            (case.decision_on, "the decision"),
            (case.assessment_completed_on, "the assessment"),
        )
        if day is not None
    ]
    if opened:
        day, words = min(opened)
        return day, f"the case being opened (no opening date on the case: counted from {words})"
    first = min((m.held_on for m in held), default=None)
    return (
        first,
        "the case being opened (no opening date on the case: counted from its first meeting)",
    )


def escalation_point(
    case: Case,
    profile: Profile,
    held: Sequence[HeldMeeting],
    circumstances: Iterable[Circumstance],
) -> DueItem | None:
    """When the case reaches the council's escalation point, if its rule covers this case.

    Derby counts "open for 12 months" from the case being opened: the case's opening
    date where it holds one; else, said in words, the decision or assessment date (the
    earlier), else the first meeting. It excepts the children in specific
    circumstances; Hillingdon's covers complex packages only.
    """
    rules = profile.plan
    if rules.escalation is None or not rules.escalation_applies(circumstances):
        return None
    first_planning = min(
        (m.held_on for m in held if m.kind is MeetingKind.INITIAL_PLANNING), default=None
    )
    if rules.escalation_counts_from is EscalationStart.CASE_OPENED:
        start, counted = _case_opened(case, held)
    else:
        start, counted = first_planning, "the initial planning meeting"
    if start is None:
        return None
    return DueItem(
        what="escalation",
        due=rules.escalation.after(start),
        rule=f"After {rules.escalation.words()} from {counted} ({format_day(start)}): "
        f"{rules.escalation_to}",
        cite=rules.escalation_cite,
    )


def case_state(
    case: Case,
    profile: Profile,
    today: date,
    soon_days: int = 14,
    *,
    meetings: Sequence[HeldMeeting] | None = None,
) -> CaseState:
    """Where ``case`` stands on ``today`` under ``profile``.

    The clock runs from the latest meeting held (or, before any, from the
    assessment or decision). A date the meeting agreed for the next review is
    used where one was recorded; otherwise the profile's rule. ``meetings`` lets
    a caller that read them in bulk (the case list) skip loading ``case.meetings``.
    """
    circumstances = case.active_circumstances(today)
    if meetings is None:
        meetings = held_meetings(case)
    held = [m for m in meetings if m.held_on <= today and not m.is_correction]
    latest = max(held, key=lambda m: m.held_on, default=None)
    closed = case.closed_on is not None or (
        latest is not None and latest.kind is MeetingKind.CLOSING
    )
    next_due: DueItem | None = None
    exemption = profile.no_review_rule(circumstances)
    if not closed and exemption is not None:
        next_due = DueItem(what="review", due=None, rule=exemption.reason, cite=exemption.cite)
    elif not closed:
        next_due = _next_meeting(case, profile, latest, circumstances)
    escalation = None if closed else escalation_point(case, profile, held, circumstances)
    tasks = () if closed else case_tasks(case, profile, today, (m.held_on for m in held))
    due = next_due.due if next_due else None
    overdue = bool(due and today > due)
    soon = [d for d in (due, *(t.due for t in tasks)) if d is not None and d >= today]
    return CaseState(
        next_due=next_due,
        overdue=overdue,
        days_overdue=(today - due).days if overdue and due else 0,
        due_soon=any((day - today).days <= soon_days for day in soon),
        past_escalation=bool(
            not closed and escalation and escalation.due and today >= escalation.due
        ),
        escalation=escalation,
        closed=closed,
        tasks=tasks,
        today=today,
    )
