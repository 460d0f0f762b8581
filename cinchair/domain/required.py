"""What must still be recorded before a meeting is signed off, in the agenda's order.

The agenda marks steps with nothing in them; this goes one level finer, to the
items a council's procedure requires (the child's voice as well as consent, a
contingency plan where the profile requires one, how often the child is visited),
so the chair sees a count while typing and the list on the sign-off page. It
reuses ``agenda.step_is_empty`` for the steps that are a list of rows; optional
steps (scaling where the council leaves it optional) never count.
"""

from __future__ import annotations

from dataclasses import dataclass

from cinchair.domain.agenda import AgendaStep, StepKind, step_is_empty
from cinchair.domain.schedule import EVENT_FOR_MEETING, due_after
from cinchair.domain.sense import next_review_sense
from cinchair.model import Meeting
from cinchair.profiles import LeadsTo, Profile


@dataclass(frozen=True)
class MissingItem:
    """A required item still empty, and the agenda step where it is filled in."""

    step_key: str
    label: str


def missing_items(meeting: Meeting, profile: Profile, steps: list[AgendaStep]) -> list[MissingItem]:
    """Every required item of ``meeting`` still empty, in the order the steps are taken."""
    missing: list[MissingItem] = []
    for step in steps:
        missing += [MissingItem(step.key, label) for label in _missing_in(meeting, profile, step)]
    return missing


def _missing_in(meeting: Meeting, profile: Profile, step: AgendaStep) -> list[str]:
    match step.kind:
        case StepKind.CONSENT_VOICE:
            out = []
            if not meeting.consents:
                out.append("Consent: who gave or refused it")
            if not any((view.content or "").strip() for view in meeting.child_voice):
                out.append("The child's voice")  # a row with no words is not their voice
            return out
        case StepKind.SCALING:
            # a row whose score is not chosen yet is a score still to be given, not a 5
            unscored = [s for s in meeting.scaling_scores if s.score is None]
            out = [f"{step.title}: {len(unscored)} person(s) not yet scored"] if unscored else []
            required = profile.scaling is not None and profile.scaling.required
            scored = any(s.score is not None for s in meeting.scaling_scores)
            return [step.title] if required and not scored and not unscored else out
        case StepKind.PROGRESS:
            plan = meeting.plan_version
            actions = list(plan.actions) if plan is not None else []
            unnoted = [a for a in actions if not a.progress_note]
            if not unnoted:
                return []
            return [f"Progress on the plan: {len(unnoted)} action(s) with no note"]
        case StepKind.PLAN:
            return _missing_in_plan(meeting, profile, step)
        case StepKind.OUTCOME:
            # a next review beyond every timescale with no reason is a slip to put right
            gaps = outcome_gaps(meeting, profile) + next_review_sense(meeting)
            return [f"Outcome: {gap}" for gap in gaps]
        case StepKind.SIGN_OFF:
            return []  # signing is what the count leads up to, not an item before it
    return [step.title] if step_is_empty(meeting, step) else []


def _missing_in_plan(meeting: Meeting, profile: Profile, step: AgendaStep) -> list[str]:
    plan = meeting.plan_version
    if plan is None or not plan.outcomes:
        return ["The plan: at least one outcome"]
    out = []
    if not (plan.lead_professional_name or "").strip():
        out.append("The plan: the lead professional")
    if profile.visits.required and not plan.visit_every_days:
        out.append("The plan: how often the child is visited")
    if profile.plan.contingency_required and not (plan.contingency_plan or "").strip():
        out.append("The plan: the contingency plan")
    return out


def count_words(count: int) -> str:
    """'3 required items still empty', or the all-clear, for the meeting window."""
    if count == 0:
        return "All required items recorded"
    return f"{count} required item{'' if count == 1 else 's'} still empty"


def outcome_gaps(meeting: Meeting, profile: Profile) -> list[str]:
    """What the recorded outcome still lacks, in words (empty when it is whole)."""
    decision = meeting.decision
    if decision is None:
        return ["the council's option and the reasons"]
    gaps: list[str] = []
    if not decision.rationale.strip():
        gaps.append("the reasons")
    option = next((o for o in profile.outcomes if o.key == decision.option_key), None)
    needs_lead = option is not None and option.needs_lead_professional
    if needs_lead and not (decision.step_down_lead_professional or "").strip():
        gaps.append("the lead professional who takes over")
    if decision.leads_to == LeadsTo.PLAN_CONTINUES.value and meeting.kind in EVENT_FOR_MEETING:
        circumstances = meeting.case.active_circumstances(meeting.held_on)
        due = due_after(profile, EVENT_FOR_MEETING[meeting.kind], meeting.held_on, circumstances)
        on_another_day = due.due is not None and decision.next_review_on != due.due
        if on_another_day and not decision.next_review_reason:
            gaps.append("why the next review is not on the council's date")
    return gaps
