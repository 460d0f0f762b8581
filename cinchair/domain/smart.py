"""SMART checks on a plan version: findings a chair can act on while typing.

Each finding names what it concerns (the plan, one outcome or one action), so
the meeting screen can show it beside that row, and says in plain words what to
fix. Problems must be dealt with before the plan is agreed; advice may be
accepted as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cinchair.domain import action_language
from cinchair.domain.action_language import Rule
from cinchair.domain.dates import format_day
from cinchair.model import ActionStatus, PlanAction, PlanOutcome, PlanVersion
from cinchair.profiles import Profile


class Severity(StrEnum):
    PROBLEM = "problem"
    ADVICE = "advice"


class Code(StrEnum):
    NO_OUTCOMES = "no-outcomes"
    OUTCOME_NO_ACTIONS = "outcome-no-actions"
    OUTCOME_NO_MEASURE = "outcome-no-measure"
    VAGUE_OUTCOME = "vague-outcome"
    ACTION_NO_DESCRIPTION = "action-no-description"
    ACTION_NO_OWNER = "action-no-owner"
    ACTION_NO_DUE_DATE = "action-no-due-date"
    ACTION_DUE_BEFORE_MEETING = "action-due-before-meeting"
    ACTION_DUE_AFTER_PLAN_END = "action-due-after-plan-end"
    VAGUE_ACTION = "vague-action"
    NO_LEAD_PROFESSIONAL = "no-lead-professional"
    NO_CONTINGENCY = "no-contingency"
    VISITS_MISSING = "visit-frequency-missing"
    VISITS_TOO_FEW = "visit-frequency-below-minimum"
    PLAN_TOO_LONG = "plan-longer-than-target"


@dataclass(frozen=True)
class Finding:
    code: Code
    severity: Severity
    message: str
    # What it concerns: "plan", "outcome" or "action", and that row's id.
    target: str = "plan"
    target_id: str | None = None


# Words that promise effort without saying what will change or how we'd know.
_VAGUE = re.compile(
    r"\b(support|improve|better|engage|engagement|monitor|work with|work on|continue to|"
    r"as appropriate|as needed|as required|when necessary|ongoing|try to|encourage|address|"
    r"be aware|consider|look into|explore|regularly|sufficient|appropriate|good enough|"
    r"where possible|if possible|help)\b",
    re.IGNORECASE,
)
# Signs that something can be counted, timed or observed.
_MEASURABLE = re.compile(
    r"\d|%|\b(once|twice|daily|weekly|fortnightly|monthly|termly|each|every|per|"
    r"at least|no more than|no fewer than|all|none|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|by (the )?end|before|until|within|attend\w*|register\w*|complet\w*|"
    r"referr\w*|appointment\w*|assessment|scor\w*|scale)\b",
    re.IGNORECASE,
)


def is_vague(text: str) -> bool:
    """An outcome in vague words with nothing measurable in it ("Things get better").

    Actions are read more closely, by ``action_language``: an outcome describes what
    will be different, an action what someone will do.
    """
    text = text.strip()
    if not text:
        return False
    if len(text.split()) < 3:
        return True
    return bool(_VAGUE.search(text)) and not _MEASURABLE.search(text)


def _label(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"'{text[: limit - 1]}…'" if len(text) > limit else f"'{text}'"


def _check_action(
    action: PlanAction, number: str, meeting_date: date, plan_end: date | None
) -> list[Finding]:
    if action.status is ActionStatus.DROPPED:
        return []
    name = f"Action {number}"
    if action.what.strip():
        name += f" {_label(action.what)}"
    found = []

    def add(code: Code, message: str, severity: Severity = Severity.PROBLEM) -> None:
        found.append(Finding(code, severity, message, "action", action.id))

    if not action.what.strip():
        add(Code.ACTION_NO_DESCRIPTION, f"{name} says nothing about what will be done.")
    elif (vague := action_language.assess(action.what)) is not None:
        # Stock phrasing ("try harder", "engage with") cannot go into a family's plan;
        # a missing measure or verb is advice, since the owner and date may supply it.
        severity = Severity.PROBLEM if vague.rule is Rule.VAGUE_PHRASE else Severity.ADVICE
        add(Code.VAGUE_ACTION, vague.message(name), severity)
    if not (action.owner_name or action.owner_role or "").strip():
        add(Code.ACTION_NO_OWNER, f"{name} has no one responsible: name a person or agency.")
    if action.status is ActionStatus.DONE:
        return found
    if action.due_on is None:
        add(Code.ACTION_NO_DUE_DATE, f"{name} has no date: set when it will be done by.")
    else:
        if action.due_on < meeting_date:
            add(
                Code.ACTION_DUE_BEFORE_MEETING,
                f"{name} is due {format_day(action.due_on)}, before this meeting "
                f"({format_day(meeting_date)}): set a new date or record its progress.",
            )
        if plan_end and action.due_on > plan_end:
            add(
                Code.ACTION_DUE_AFTER_PLAN_END,
                f"{name} is due {format_day(action.due_on)}, after the plan's end "
                f"({format_day(plan_end)}): bring it forward or extend the plan with a reason.",
            )
    return found


def _check_outcome(
    outcome: PlanOutcome, number: int, meeting_date: date, plan_end: date | None
) -> list[Finding]:
    name = f"Outcome {number}"
    if outcome.outcome.strip():
        name += f" {_label(outcome.outcome)}"
    found = []
    if not (outcome.progress_measure or "").strip():
        found.append(
            Finding(
                Code.OUTCOME_NO_MEASURE,
                Severity.PROBLEM,
                f"{name} has no measure of progress: say how everyone will know it is achieved.",
                "outcome",
                outcome.id,
            )
        )
    if is_vague(outcome.outcome):
        found.append(
            Finding(
                Code.VAGUE_OUTCOME,
                Severity.ADVICE,
                f"{name} is vague: describe what will be different for the child.",
                "outcome",
                outcome.id,
            )
        )
    live = [a for a in outcome.actions if a.status is not ActionStatus.DROPPED]
    if not live:
        found.append(
            Finding(
                Code.OUTCOME_NO_ACTIONS,
                Severity.PROBLEM,
                f"{name} has no actions: add what will be done to achieve it.",
                "outcome",
                outcome.id,
            )
        )
    for index, action in enumerate(outcome.actions, start=1):
        found += _check_action(action, f"{number}.{index}", meeting_date, plan_end)
    return found


def _check_plan_level(plan: PlanVersion, profile: Profile) -> list[Finding]:
    found = []
    rules = profile.plan
    if not (plan.lead_professional_name or "").strip():
        found.append(
            Finding(
                Code.NO_LEAD_PROFESSIONAL,
                Severity.PROBLEM,
                "The plan names no lead professional (the child's social worker).",
            )
        )
    if rules.contingency_required and not (plan.contingency_plan or "").strip():
        found.append(
            Finding(
                Code.NO_CONTINGENCY,
                Severity.PROBLEM,
                f"{profile.council} asks for a contingency plan if circumstances change "
                f"({rules.contingency_cite}).",
            )
        )
    visits = profile.visits
    if visits.required and plan.visit_every_days is None:
        found.append(
            Finding(
                Code.VISITS_MISSING,
                Severity.PROBLEM,
                f"Say how often the child will be visited ({visits.cite}).",
            )
        )
    elif (
        visits.minimum_every
        and plan.visit_every_days is not None
        and plan.visit_every_days > visits.minimum_every.approx_days()
    ):
        found.append(
            Finding(
                Code.VISITS_TOO_FEW,
                Severity.ADVICE if visits.local_choice else Severity.PROBLEM,
                f"Visits every {plan.visit_every_days} days are less often than "
                f"{profile.council}'s minimum of every {visits.minimum_every.words()} "
                f"({visits.cite}).",
            )
        )
    if plan.plan_end_target and rules.target:
        target_end = rules.target.after(plan.starts_on)
        if plan.plan_end_target > target_end and not (plan.length_reason or "").strip():
            expected = rules.longer_expected_for & plan.case.active_circumstances(plan.starts_on)
            hint = " (longer plans are expected in this child's circumstances)" if expected else ""
            found.append(
                Finding(
                    Code.PLAN_TOO_LONG,
                    # a target that is the council's local choice advises, never blocks
                    Severity.ADVICE if rules.target_local_choice else Severity.PROBLEM,
                    f"The plan runs to {format_day(plan.plan_end_target)}, beyond "
                    f"{profile.council}'s target of {rules.target.words()} "
                    f"({format_day(target_end)}): record the reason{hint} ({rules.target_cite}).",
                )
            )
    return found


def check_plan(
    plan: PlanVersion, profile: Profile, meeting_date: date | None = None
) -> list[Finding]:
    """Every SMART finding for ``plan`` under ``profile``, plan-level first, then by row.

    ``meeting_date`` is the date of the meeting agreeing the plan (default: the
    meeting that made it, else the plan's start).
    """
    if meeting_date is None:
        made_at = plan.made_at_meeting
        meeting_date = made_at.held_on if made_at else plan.starts_on
    found = _check_plan_level(plan, profile)
    if not plan.outcomes:
        found.append(
            Finding(Code.NO_OUTCOMES, Severity.PROBLEM, "The plan has no outcomes for the child.")
        )
    for number, outcome in enumerate(plan.outcomes, start=1):
        found += _check_outcome(outcome, number, meeting_date, plan.plan_end_target)
    return found


def blocking(findings: list[Finding]) -> list[Finding]:
    """The findings that must be resolved before the plan can be agreed."""
    return [f for f in findings if f.severity is Severity.PROBLEM]
