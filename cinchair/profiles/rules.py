"""The rules a council profile holds, as frozen dataclasses.

A profile says which framework the meeting follows, the agenda headings in the
council's own words, the outcome options, the review intervals, visit minimums,
plan length and escalation, who chairs when, and the protective marking. Every
rule carries ``cite``: where in the council's procedure it comes from.

Loading validates the whole file and refuses it with a ``ProfileError`` naming
the file, the field and what is wrong, so a council's admin can fix it alone.
The format is described in ``resources/profiles/README.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

from cinchair.app.errors import ActionableError
from cinchair.domain import dates
from cinchair.model.enums import ChairRole, Circumstance, MeetingKind


class ProfileError(ActionableError, ValueError):
    """A profile file that cannot be used, with the place and the reason."""

    def __init__(self, file: Path | str, field_path: str, problem: str) -> None:
        self.file = Path(file)
        self.field = field_path
        self.problem = problem
        where = f" (field '{field_path}')" if field_path else ""
        super().__init__(f"{self.file.name}{where}: {problem}")


class Framework(StrEnum):
    SIGNS_OF_SAFETY = "signs-of-safety"
    STRENGTHS_BASED = "strengths-based"


class LeadsTo(StrEnum):
    """What a review outcome sets in motion."""

    PLAN_CLOSES = "plan-closes"
    STEP_DOWN = "step-down"
    PLAN_CONTINUES = "plan-continues"
    STRATEGY_DISCUSSION = "strategy-discussion"
    FURTHER_ASSESSMENT = "further-assessment"


class Event(StrEnum):
    """Things that start a clock."""

    ASSESSMENT_COMPLETED = "assessment-completed"
    DECISION = "decision"  # a decision to work at CIN level, e.g. Derby's VCM
    INITIAL_PLANNING_MEETING = "initial-planning-meeting"
    REVIEW = "review"
    SUPERVISION_ORDER_MADE = "supervision-order-made"
    ALLOCATION = "allocation"  # the case allocated to a social worker
    MOVED_INTO_AREA = "moved-into-area"  # a family transferring in became resident here
    EXPLOITATION_RISK_IDENTIFIED = "exploitation-risk-identified"


EVENT_WORDS = {
    Event.ASSESSMENT_COMPLETED: "completion of the assessment",
    Event.DECISION: "the decision to work with the child as a Child in Need",
    Event.INITIAL_PLANNING_MEETING: "the initial planning meeting",
    Event.REVIEW: "the last review",
    Event.SUPERVISION_ORDER_MADE: "the Supervision Order being made",
    Event.ALLOCATION: "allocation",
    Event.MOVED_INTO_AREA: "the family being resident in the council's area",
    Event.EXPLOITATION_RISK_IDENTIFIED: "a medium risk of exploitation being identified",
}


class Due(StrEnum):
    INITIAL_PLANNING_MEETING = "initial-planning-meeting"
    REVIEW = "review"
    VISIT = "visit"
    CRE_RISK_ASSESSMENT = "cre-risk-assessment"


DUE_WORDS = {
    Due.INITIAL_PLANNING_MEETING: "Initial planning meeting",
    Due.REVIEW: "Review",
    Due.VISIT: "Visit to the child",
    Due.CRE_RISK_ASSESSMENT: "CRE risk assessment",
}


class Unit(StrEnum):
    DAYS = "days"
    WORKING_DAYS = "working_days"
    WEEKS = "weeks"
    MONTHS = "months"


_UNIT_WORDS = {
    Unit.DAYS: ("day", "days"),
    Unit.WORKING_DAYS: ("working day", "working days"),
    Unit.WEEKS: ("week", "weeks"),
    Unit.MONTHS: ("month", "months"),
}


@dataclass(frozen=True)
class Interval:
    """A span the procedures name: "15 working days", "6 weeks", "4 months".

    ``earliest`` (same unit) marks a window such as "every 6 to 8 weeks".
    """

    amount: int
    unit: Unit
    earliest: int | None = None

    def after(self, start: date) -> date:
        return _add(start, self.amount, self.unit)

    def before(self, end: date) -> date:
        """The date this span before ``end``: a report due "2 days prior to the Review"."""
        if self.unit is Unit.WORKING_DAYS:
            day, remaining = end, self.amount
            while remaining:
                day -= timedelta(days=1)
                if dates.is_working_day(day):
                    remaining -= 1
            return day
        if self.unit is Unit.MONTHS:
            return dates.add_months(end, -self.amount)
        if self.unit is Unit.WEEKS:
            return end - timedelta(weeks=self.amount)
        return end - timedelta(days=self.amount)

    def earliest_after(self, start: date) -> date | None:
        return None if self.earliest is None else _add(start, self.earliest, self.unit)

    def approx_days(self) -> int:
        """Length in days, for comparing intervals (a month counts as 30 days)."""
        per = {Unit.DAYS: 1, Unit.WORKING_DAYS: 7 / 5, Unit.WEEKS: 7, Unit.MONTHS: 30}[self.unit]
        return round(self.amount * per)

    def words(self) -> str:
        one, many = _UNIT_WORDS[self.unit]
        if self.earliest is not None:
            return f"{self.earliest} to {self.amount} {many}"
        return f"{self.amount} {one if self.amount == 1 else many}"


def _add(start: date, amount: int, unit: Unit) -> date:
    if unit is Unit.WORKING_DAYS:
        return dates.add_working_days(start, amount)
    if unit is Unit.MONTHS:
        return dates.add_months(start, amount)
    if unit is Unit.WEEKS:
        return start + timedelta(weeks=amount)
    return start + timedelta(days=amount)


@dataclass(frozen=True)
class AgendaHeading:
    key: str
    heading: str
    prompt: str
    cite: str


@dataclass(frozen=True)
class Scaling:
    required: bool
    question: str
    zero_means: str
    ten_means: str
    cite: str


@dataclass(frozen=True)
class OutcomeOption:
    key: str
    label: str
    leads_to: LeadsTo
    cite: str
    needs_lead_professional: bool = False
    only_with_circumstances: frozenset[Circumstance] = frozenset()
    # Hillingdon's outcome 3 is recorded "in addition to" another outcome: it may be
    # chosen together with one of the others rather than instead of them.
    in_addition: bool = False


@dataclass(frozen=True)
class ScheduleRule:
    after: Event
    due: Due
    within: Interval
    cite: str
    when_circumstances: frozenset[Circumstance] = frozenset()
    note: str = ""
    # Where the circumstance that starts the clock lasts no longer than this (its start
    # to its end on the case), the procedure asks for a task rather than a date: Derby's
    # Supervision Order "for 6 months or less" has an early first review whose timescale
    # "should be agreed with the Child Protection Manager".
    lasting_up_to: Interval | None = None
    lasting_up_to_task: str = ""
    lasting_up_to_cite: str = ""

    def words(self) -> str:
        text = f"{DUE_WORDS[self.due]} within {self.within.words()} of {EVENT_WORDS[self.after]}"
        if self.when_circumstances:
            kinds = ", ".join(sorted(c.value for c in self.when_circumstances))
            text += f" (specific circumstances: {kinds})"
        if self.note:
            text += f". {self.note}"
        return text


@dataclass(frozen=True)
class ChairRule:
    meetings: frozenset[MeetingKind]
    roles: frozenset[ChairRole]
    cite: str
    when_circumstances: frozenset[Circumstance] = frozenset()
    note: str = ""


class EscalationStart(StrEnum):
    PLAN = "plan-start"  # the first (initial planning) meeting
    CASE_OPENED = "case-opened"


@dataclass(frozen=True)
class PlanRules:
    target: Interval | None
    target_cite: str
    contingency_required: bool
    contingency_cite: str
    escalation: Interval | None = None
    escalation_to: str = ""
    escalation_cite: str = ""
    # What the escalation counts from, and which cases it covers: Derby counts from the
    # case being opened and excepts the specific circumstances; Hillingdon's covers only
    # complex packages and excepts the Children with Disabilities Team's children.
    escalation_counts_from: EscalationStart = EscalationStart.PLAN
    escalation_only_for: frozenset[Circumstance] = frozenset()
    escalation_except: frozenset[Circumstance] = frozenset()
    # A target the council sets as its own local choice, not its procedure: advice only.
    target_local_choice: bool = False
    critical_issues: Interval | None = None
    critical_issues_cite: str = ""
    # Circumstances in which a plan is expected to run longer than the target.
    longer_expected_for: frozenset[Circumstance] = frozenset()

    def escalation_applies(self, circumstances: Iterable[Circumstance]) -> bool:
        """Whether the escalation point covers a case with these circumstances."""
        if self.escalation is None:
            return False
        present = set(circumstances)
        if present & self.escalation_except:
            return False
        return not self.escalation_only_for or bool(present & self.escalation_only_for)


@dataclass(frozen=True)
class VisitRules:
    required: bool
    cite: str
    minimum_every: Interval | None = None
    # A visit rule the council keeps as its own choice, not its procedure: advice only.
    local_choice: bool = False


@dataclass(frozen=True)
class NoReviewRule:
    """Cases for which this procedure holds no Child in Need reviews, and why.

    Derby holds none where No Recourse to Public Funds is the only issue, and has an
    Independent Reviewing Officer review children in residential short breaks under
    section 20; the case list then says so instead of counting a review as late.
    """

    when_circumstances: frozenset[Circumstance]
    reason: str
    cite: str


class Stage(StrEnum):
    BEFORE = "before"
    AFTER = "after"


@dataclass(frozen=True)
class Duty:
    """A task around a meeting: a report before it, the minutes and plan after it.

    ``within`` counts back from the meeting for a duty before it and forward for one
    after; ``None`` where the procedure names the duty but sets no timescale.
    ``document`` ("minutes" or "plan") marks the duties that say who receives which
    document, from which the documents' distribution list is made.
    """

    key: str
    stage: Stage
    what: str
    who: str
    cite: str
    to: tuple[str, ...] = ()
    within: Interval | None = None
    meetings: frozenset[MeetingKind] = frozenset()
    only_if_outcome: frozenset[LeadsTo] = frozenset()
    # Outcome keys, where the task follows one option rather than a kind of outcome
    # (Barnet's letter that the plan has ended follows "objectives met" only).
    only_if_option: frozenset[str] = frozenset()
    when_circumstances: frozenset[Circumstance] = frozenset()
    document: str = ""
    local_choice: bool = False
    # A signing task: it lists the people still marked "to sign later".
    awaits_signatures: bool = False

    def applies(
        self,
        kind: MeetingKind,
        circumstances: Iterable[Circumstance],
        leads_to: LeadsTo | None,
        option_key: str | None = None,
    ) -> bool:
        if self.meetings and kind not in self.meetings:
            return False
        if self.when_circumstances and not self.when_circumstances & set(circumstances):
            return False
        if self.only_if_option and option_key not in self.only_if_option:
            return False
        return not self.only_if_outcome or leads_to in self.only_if_outcome


# The body type of a family's copy, in points: never under 11 (a family reads at home,
# often not in their first language); a council may choose larger, for easy read.
FAMILY_BODY_PT = 11.0
FAMILY_BODY_PT_RANGE = (11.0, 20.0)


@dataclass(frozen=True)
class DocumentRules:
    """``[documents]``: how the council's minutes and plans are printed."""

    family_body_pt: float = FAMILY_BODY_PT


@dataclass(frozen=True)
class Profile:
    id: str
    council: str
    source: str
    framework: Framework
    framework_name: str
    protective_marking: str
    agenda: tuple[AgendaHeading, ...]
    scaling: Scaling | None
    outcomes: tuple[OutcomeOption, ...]
    schedule: tuple[ScheduleRule, ...]
    chairs: tuple[ChairRule, ...]
    plan: PlanRules
    visits: VisitRules
    templates: Mapping[str, str] = field(default_factory=dict)
    # the council's common wording, offered in long text fields (insert at the cursor)
    phrases: tuple[str, ...] = ()
    phrases_from_procedure: bool = False
    no_reviews: tuple[NoReviewRule, ...] = ()
    duties: tuple[Duty, ...] = ()
    documents: DocumentRules = field(default_factory=DocumentRules)
    path: Path | None = None
    # Set where a council's own file in the data folder replaced the shipped one.
    overrides: Path | None = None

    def no_review_rule(self, circumstances: Iterable[Circumstance]) -> NoReviewRule | None:
        present = set(circumstances)
        return next((r for r in self.no_reviews if r.when_circumstances & present), None)

    def heading(self, key: str) -> AgendaHeading:
        for heading in self.agenda:
            if heading.key == key:
                return heading
        raise KeyError(f"profile {self.id} has no agenda heading {key!r}")

    def outcome(self, key: str) -> OutcomeOption:
        for option in self.outcomes:
            if option.key == key:
                return option
        raise KeyError(f"profile {self.id} has no outcome option {key!r}")

    def outcomes_for(self, circumstances: Iterable[Circumstance]) -> list[OutcomeOption]:
        present = set(circumstances)
        return [
            o
            for o in self.outcomes
            if not o.only_with_circumstances or o.only_with_circumstances & present
        ]

    def chair_rules_for(
        self, kind: MeetingKind, circumstances: Iterable[Circumstance]
    ) -> list[ChairRule]:
        """The chair rules that apply; a rule tied to circumstances wins over general ones.

        Where several circumstance rules match (a Supervision Order case held in a
        Multi-Agency Team), the first in the file wins: the profile lists the stronger
        rule (an independent Child Protection Manager) first.
        """
        present = set(circumstances)
        applicable = [r for r in self.chairs if kind in r.meetings]
        specific = [r for r in applicable if r.when_circumstances & present]
        if specific:
            return specific[:1]
        return [r for r in applicable if not r.when_circumstances]

    def chair_warnings(
        self, kind: MeetingKind, role: ChairRole, circumstances: Iterable[Circumstance]
    ) -> list[str]:
        """Plain-words warnings where the chosen chair does not meet the council's rules."""
        warnings = []
        for rule in self.chair_rules_for(kind, circumstances):
            if role not in rule.roles:
                allowed = ", ".join(sorted(r.value.replace("-", " ") for r in rule.roles))
                warnings.append(
                    f"{self.council} expects this meeting to be chaired by: {allowed}"
                    f"{'. ' + rule.note if rule.note else ''} ({rule.cite})"
                )
        return warnings
