"""Tasks a case owes that are not meetings: a visit, a risk assessment, a date to agree.

Some of a council's clocks end in work rather than in a meeting. Derby's social worker
"should visit the child(ren) within 5 working days of allocation"; a child at medium
risk of exploitation held in Early Help has a "CRE risk assessment undertaken within 2
weeks"; and a Supervision Order "for 6 months or less" has an early first review whose
timescale "should be agreed with the Child Protection Manager". Each comes from the
profile's ``[[schedule]]`` rules and the case's own dates, and stays open until the
case records it done (the first visit's date, the assessment's date, a meeting held
since the Order), so the case list and ``cinchair report`` can show it as due or late,
with the procedure's words.

Pure: a case, a profile and dates in, frozen values out. It reads no meeting objects
(the caller passes the days meetings were held), so the case list's bulk read serves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from cinchair.domain.dates import format_day
from cinchair.model import Case, Circumstance
from cinchair.profiles import Due, Event, Profile, ScheduleRule


@dataclass(frozen=True)
class CaseTask:
    """One task the case owes, with why and the procedure's words (``due`` None: no date)."""

    key: str  # "visit", "cre-risk-assessment", "agree-first-review-date"
    what: str
    who: str
    due: date | None
    rule: str
    cite: str

    def late_on(self, today: date) -> bool:
        return self.due is not None and today > self.due


def _rule(profile: Profile, event: Event, circumstances: set[Circumstance]) -> ScheduleRule | None:
    """The profile's rule after ``event`` that fits this case (a general one, or one for
    a circumstance the case has)."""
    for rule in profile.schedule:
        if rule.after is not event:
            continue
        if not rule.when_circumstances or rule.when_circumstances & circumstances:
            return rule
    return None


def _visit(case: Case, profile: Profile, present: set[Circumstance]) -> CaseTask | None:
    rule = _rule(profile, Event.ALLOCATION, present)
    allocated = case.allocated_on
    if rule is None or rule.due is not Due.VISIT or allocated is None:
        return None
    if case.first_visit_on is not None and case.first_visit_on >= allocated:
        return None
    return CaseTask(
        key="visit",
        what="Visit to the child after allocation",
        who="the allocated social worker",
        due=rule.within.after(allocated),
        rule=f"within {rule.within.words()} of allocation on {format_day(allocated)}; "
        "record the first visit's date on the case when it is done",
        cite=rule.cite,
    )


def _cre_assessment(case: Case, profile: Profile, present: set[Circumstance]) -> CaseTask | None:
    rule = _rule(profile, Event.EXPLOITATION_RISK_IDENTIFIED, present)
    if rule is None or rule.due is not Due.CRE_RISK_ASSESSMENT:
        return None
    identified = next(
        (
            c.since
            for c in case.circumstances
            if c.circumstance is Circumstance.RISK_OF_EXPLOITATION and c.since is not None
        ),
        None,
    )
    if identified is None:
        return None
    done = case.cre_risk_assessed_on
    if done is not None and done >= identified:
        return None
    return CaseTask(
        key="cre-risk-assessment",
        what="CRE risk assessment",
        who="the allocated worker",
        due=rule.within.after(identified),
        rule=f"within {rule.within.words()} of a medium risk of exploitation being "
        f"identified on {format_day(identified)}; record the assessment's date on the case "
        "when it is done",
        cite=rule.cite,
    )


def _short_order(
    case: Case, profile: Profile, present: set[Circumstance], meeting_days: Iterable[date]
) -> CaseTask | None:
    rule = _rule(profile, Event.SUPERVISION_ORDER_MADE, present)
    if rule is None or rule.lasting_up_to is None:
        return None
    order = next(
        (c for c in case.circumstances if c.circumstance is Circumstance.SUPERVISION_ORDER),
        None,
    )
    if order is None or order.since is None or order.until is None:
        return None
    if order.until > rule.lasting_up_to.after(order.since):
        return None
    if any(day >= order.since for day in meeting_days):
        return None  # the first review since the Order has been held
    return CaseTask(
        key="agree-first-review-date",
        what=rule.lasting_up_to_task,
        who="the allocated social worker, with the Child Protection Manager",
        due=None,
        rule=f"the Order runs from {format_day(order.since)} to {format_day(order.until)}, "
        f"{rule.lasting_up_to.words()} or less; the first review is held within the "
        "timescale agreed",
        cite=rule.lasting_up_to_cite,
    )


def case_tasks(
    case: Case, profile: Profile, today: date, meeting_days: Iterable[date] = ()
) -> tuple[CaseTask, ...]:
    """The tasks ``case`` still owes on ``today`` under ``profile``, dated ones first.

    ``meeting_days`` are the days the case's meetings were held (corrections left out).
    A closed case owes none; a circumstance that has ended starts no task.
    """
    if case.closed_on is not None:
        return ()
    present = case.active_circumstances(today)
    found = [
        task
        for task in (
            _visit(case, profile, present),
            _cre_assessment(case, profile, present),
            _short_order(case, profile, present, list(meeting_days)),
        )
        if task is not None
    ]
    return tuple(sorted(found, key=lambda t: (t.due is None, t.due or today)))
