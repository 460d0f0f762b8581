"""The steps of a meeting's guided agenda, and which of them are still empty.

The council's profile decides the middle of the agenda (its framework's headings
in its own wording, and whether scaling is used); the kind of meeting decides
the rest (only a review has progress on a plan to look at). The app shows these
steps in order, lets the chair jump between them, and marks those with nothing
recorded yet, so nothing is skipped by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cinchair.model import Meeting, MeetingKind
from cinchair.profiles import Profile


class StepKind(StrEnum):
    PEOPLE = "people"
    CONSENT_VOICE = "consent-voice"
    HEADING = "heading"
    SCALING = "scaling"
    PROGRESS = "progress"
    PLAN = "plan"
    OUTCOME = "outcome"
    SIGN_OFF = "sign-off"


@dataclass(frozen=True)
class AgendaStep:
    key: str
    title: str
    kind: StepKind
    prompt: str = ""
    heading_key: str | None = None


REVIEWS = (MeetingKind.REVIEW, MeetingKind.EARLY_REVIEW, MeetingKind.CLOSING)


def agenda_steps(profile: Profile, kind: MeetingKind) -> list[AgendaStep]:
    """The steps for a meeting of ``kind`` under ``profile``, in the order they are taken."""
    steps = [
        AgendaStep("people", "Who is here", StepKind.PEOPLE),
        AgendaStep("consent-voice", "Consent and the child's voice", StepKind.CONSENT_VOICE),
    ]
    if kind in REVIEWS:
        steps.append(AgendaStep("progress", "Progress on the plan", StepKind.PROGRESS))
    steps += [
        AgendaStep(f"heading:{h.key}", h.heading, StepKind.HEADING, h.prompt, h.key)
        for h in profile.agenda
    ]
    if profile.scaling is not None:
        title = "Scaling" + ("" if profile.scaling.required else " (optional)")
        steps.append(AgendaStep("scaling", title, StepKind.SCALING, profile.scaling.question))
    steps += [
        AgendaStep("plan", "The plan", StepKind.PLAN),
        AgendaStep("outcome", "Outcome", StepKind.OUTCOME),
        AgendaStep("sign-off", "Sign-off", StepKind.SIGN_OFF),
    ]
    return steps


def step_is_empty(meeting: Meeting, step: AgendaStep) -> bool:
    """True where nothing has been recorded for ``step`` yet."""
    match step.kind:
        case StepKind.PEOPLE:
            return not meeting.participants
        case StepKind.CONSENT_VOICE:
            return not meeting.consents and not meeting.child_voice
        case StepKind.HEADING:
            # a row added with no words yet (its point still to type) records nothing
            points = meeting.contributions_under(step.heading_key or "")
            return not any((point.text or "").strip() for point in points)
        case StepKind.SCALING:
            return not any(s.score is not None for s in meeting.scaling_scores)
        case StepKind.PROGRESS:
            plan = meeting.plan_version
            return plan is None or not any(a.progress_note for a in plan.actions)
        case StepKind.PLAN:
            plan = meeting.plan_version
            return plan is None or not plan.outcomes
        case StepKind.OUTCOME:
            return meeting.decision is None
        case StepKind.SIGN_OFF:
            return meeting.signed_at is None
