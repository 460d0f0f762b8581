"""What the family sees on the screen turned toward them, and nothing more.

The family view shows one meeting as it is being recorded: the framework's
headings with what each person said, the scaling line with everyone's score, and
the plan's actions with who and by when, the next ones first. It is built here, without Qt, so the
rule that matters can be tested on its own: nothing marked confidential (a point
or a piece of the child's voice) ever reaches it, and it holds only this meeting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from cinchair.domain import vocabulary as words
from cinchair.domain.dates import format_day
from cinchair.meetings.plans import latest_agreed
from cinchair.model import ActionStatus, Meeting, PlanVersion
from cinchair.profiles import Profile

THE_MEETING = "Everyone"  # a point not said by one person


@dataclass(frozen=True)
class Point:
    text: str
    who: str


@dataclass(frozen=True)
class Column:
    heading: str
    points: list[Point]


@dataclass(frozen=True)
class Score:
    who: str
    score: int


@dataclass(frozen=True)
class Action:
    what: str
    who: str
    when: str
    done: bool


@dataclass(frozen=True)
class FamilyBoard:
    title: str
    columns: list[Column]
    child_words: list[str] = field(default_factory=list)
    scaling_question: str = ""
    scaling_prompt: str = ""
    zero_means: str = ""
    ten_means: str = ""
    scores: list[Score] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    plan_note: str = ""


def scaling_prompt(question: str) -> str:
    """The question as a family hears it last: its final clause ("Where are things today?").

    The profiles' questions are long because they say what 0 and 10 mean; the
    family screen shows those meanings at the two ends of the line, so repeating
    them in the heading only pushes the line off the screen. A question with no
    short closing clause is kept whole.
    """
    question = question.strip()
    _before, comma, last = question.rpartition(", ")
    if comma and last.endswith("?") and len(last) <= 60:
        return last[:1].upper() + last[1:]
    return question


def _plan(session: Session, meeting: Meeting) -> tuple[PlanVersion | None, str]:
    """The plan being made here, or else the one this review looks at."""
    if meeting.plan_version is not None:
        plan = meeting.plan_version
        return plan, "" if plan.is_agreed else "not yet agreed"
    reviewed = latest_agreed(session, meeting.case)
    return reviewed, "the plan being reviewed" if reviewed is not None else ""


def family_board(session: Session, meeting: Meeting, profile: Profile) -> FamilyBoard:
    """The family's view of ``meeting``: confidential points and views left out."""
    people = {p.id: p.name for p in meeting.participants}
    child = meeting.case
    first = child.child_preferred_name or child.child_given_name
    title = f"{words.MEETING_KIND[meeting.kind]} for {first}, {format_day(meeting.held_on)}"
    headings = [(h.key, h.heading) for h in profile.agenda]
    known = {key for key, _ in headings}
    for c in meeting.contributions:  # a heading the profile no longer has keeps its points
        if c.heading_key not in known:
            known.add(c.heading_key)
            headings.append((c.heading_key, c.heading_key.replace("-", " ").capitalize()))
    columns = [
        Column(
            heading,
            [
                Point(c.text, people.get(c.participant_id or "", THE_MEETING))
                for c in sorted(meeting.contributions_under(key), key=lambda c: c.sort_order)
                if not c.confidential and c.text.strip()
            ],
        )
        for key, heading in headings
    ]
    child_words = [
        v.content
        for v in meeting.child_voice
        if not v.confidential and v.in_own_words and v.content.strip()
    ]
    order = {p.id: p.sort_order for p in meeting.participants}
    scores = [
        Score(people.get(s.participant_id, "?"), s.score)
        for s in sorted(meeting.scaling_scores, key=lambda s: order.get(s.participant_id, 0))
        if s.score is not None  # not yet scored: nothing to show the family
    ]
    plan, plan_note = _plan(session, meeting)
    actions = []
    if plan is not None:
        # what happens next first: open actions by date (undated last), then what is done
        never = date.max
        for action in sorted(
            plan.actions,
            key=lambda a: (a.status is ActionStatus.DONE, a.due_on or never),
        ):
            if action.status is ActionStatus.DROPPED or not action.what.strip():
                continue
            actions.append(
                Action(
                    action.what,
                    action.owner_name or action.owner_role or "Not decided yet",
                    format_day(action.due_on, "No date yet"),
                    action.status is ActionStatus.DONE,
                )
            )
    scaling = profile.scaling
    return FamilyBoard(
        title=title,
        columns=columns,
        child_words=child_words,
        scaling_question=scaling.question if scaling else "",
        scaling_prompt=scaling_prompt(scaling.question) if scaling else "",
        zero_means=scaling.zero_means if scaling else "",
        ten_means=scaling.ten_means if scaling else "",
        scores=scores,
        actions=actions,
        plan_note=plan_note,
    )
