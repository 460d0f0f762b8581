"""A case summed up for the case list's panel: headings, a short timeline, the plan in words.

``describe_case`` (``cinchair.cases.overview``) is the same facts as lines for a
terminal; the window needs them as parts it can lay out under headings, so this
returns plain values and the case list draws them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from cinchair.domain import vocabulary as words
from cinchair.domain.bidi import isolate
from cinchair.domain.dates import format_day
from cinchair.domain.schedule import case_state
from cinchair.domain.smart import check_plan
from cinchair.meetings.plans import Mark, action_changes
from cinchair.model import Case
from cinchair.profiles import Profile, get_profile
from cinchair.profiles.labels import council_with_approach

# The timeline shows the latest meetings; older ones are counted, not listed.
TIMELINE_LENGTH = 4


@dataclass(frozen=True)
class TimelineEntry:
    day: str  # "19 Oct 2026"
    what: str  # "Child in Need review"
    status: str  # "signed", "in progress"
    detail: str  # "chaired by Priya Shah; outcome: ..."


@dataclass(frozen=True)
class CaseSummary:
    child: str  # "Amelia Nowak"
    about: str  # "LCS-482913 · born 14 Mar 2017 · North Tyneside Council (Signs of Safety)"
    today: str  # "Due soon: review due 30 Nov 2026 (date agreed at the meeting ...)"
    escalation: str  # "" or the escalation point in words
    timeline: tuple[TimelineEntry, ...]
    earlier_meetings: int  # meetings older than the timeline shows
    plan: str  # the plan's state in words
    plan_findings: tuple[str, ...]  # the SMART check's findings on the current plan


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def case_summary(session: Session, case_id: str, today: date) -> CaseSummary:
    """The case's panel, as on ``today``. Raises KeyError for an unknown case."""
    case = session.get(Case, case_id)
    if case is None:
        raise KeyError(f"no case with id {case_id}")
    profile = get_profile(case.profile_id)
    born = f"born {format_day(case.date_of_birth)}" if case.date_of_birth else "no date of birth"
    about = f"{case.case_ref} · {born} · {council_with_approach(profile)}"
    entries = []
    meetings = sorted(case.meetings, key=lambda m: m.held_on, reverse=True)
    for meeting in meetings[:TIMELINE_LENGTH]:
        detail = f"chaired by {isolate(meeting.chair_name)}"
        if meeting.decision:
            detail += f"; outcome: {meeting.decision.option_label}"
            if meeting.decision.next_review_on:
                detail += f"; next review {format_day(meeting.decision.next_review_on)}"
        entries.append(
            TimelineEntry(
                format_day(meeting.held_on),
                words.MEETING_KIND[meeting.kind],
                meeting.status.value.replace("_", " "),
                detail,
            )
        )
    state = case_state(case, profile, today)
    due = state.next_due
    today_words = state.label[:1].upper() + state.label[1:]
    if due:
        # the rule as its own sentence, as the profile words it: its first word may be a
        # council's name, which is never lower-cased
        rule = due.rule.strip().rstrip(".")
        if due.due is None:  # the procedure sets no timescale: the rule says so, and whose
            today_words += f". {rule}"
        else:
            today_words += f": {due.what.replace('-', ' ')} due {format_day(due.due)}. {rule}"
    escalation = ""
    if state.escalation:
        escalation = (
            f"Escalation point {format_day(state.escalation.due)} ({state.escalation.rule})"
        )
    plan, findings = _plan_in_words(case, profile)
    return CaseSummary(
        child=case.child_name,
        about=about,
        today=today_words + ".",
        escalation=escalation,
        timeline=tuple(entries),
        earlier_meetings=max(0, len(meetings) - TIMELINE_LENGTH),
        plan=plan,
        plan_findings=findings,
    )


def _plan_in_words(case: Case, profile: Profile) -> tuple[str, tuple[str, ...]]:
    if not case.plan_versions:
        return "No plan yet: the first meeting makes one.", ()
    current = case.plan_versions[-1]
    agreed = "agreed" if current.is_agreed else "a draft, not yet agreed"
    text = (
        f"Version {current.number}, {agreed}, from {format_day(current.starts_on, 'no date')}: "
        f"{_plural(len(current.outcomes), 'outcome')}"
        f" and {_plural(len(current.actions), 'action')}."
    )
    if current.previous is not None:
        marks = Counter(c.mark for c in action_changes(current))
        changed = [f"{marks[m]} {m.value}" for m in Mark if marks[m] and m != Mark.UNCHANGED]
        if changed:
            text += f" Since version {current.previous.number}: " + ", ".join(changed) + "."
    findings = tuple(f.message for f in check_plan(current, profile))
    text += (
        " The SMART check finds nothing to fix."
        if not findings
        else f" The SMART check has {_plural(len(findings), 'point')} to look at."
    )
    return text, findings
