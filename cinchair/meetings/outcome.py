"""The outcome page's questions to the store: the options, the council's date, the
outcome as saved, and saving it as the chair types.

The outcome is saved like every other page, as it is typed: choosing an option saves
it, and the reasons follow after each pause in typing. What is still missing (the
reasons, a lead professional for a step down, why the next review is on another day)
is counted by ``outcome_gaps`` and stops the sign-off, so nothing half-recorded is
ever signed, and nothing typed waits on a button to be kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from cinchair.domain import vocabulary as words
from cinchair.domain.required import outcome_gaps
from cinchair.domain.schedule import EVENT_FOR_MEETING, due_after
from cinchair.meetings.lifecycle import record_decision
from cinchair.model import Meeting
from cinchair.profiles import LeadsTo, OutcomeOption, Profile


@dataclass(frozen=True)
class OutcomeAsTyped:
    """The outcome page's fields, as plain values."""

    option_key: str
    rationale: str = ""
    next_review_on: date | None = None
    next_review_reason: str = ""
    step_down_lead_professional: str = ""
    # an outcome the council records in addition to the one chosen ("" for none)
    in_addition_key: str = ""


@dataclass(frozen=True)
class OutcomeView:
    """What the outcome page shows: the choices, the council's date, what was saved."""

    options: tuple[OutcomeOption, ...]
    proposed_review: date | None
    proposed_rule: str
    saved: OutcomeAsTyped | None
    gaps: tuple[str, ...]


def _proposed(meeting: Meeting, profile: Profile) -> tuple[date | None, str]:
    if meeting.kind not in EVENT_FOR_MEETING:
        return None, ""
    circumstances = meeting.case.active_circumstances(meeting.held_on)
    due = due_after(profile, EVENT_FOR_MEETING[meeting.kind], meeting.held_on, circumstances)
    return due.due, due.rule


def outcome_view(profile: Profile) -> Callable[[Session, Meeting], OutcomeView]:
    """A reader for ``MeetingDraft.read``: the outcome page's view of ``meeting``."""

    def read(_session: Session, meeting: Meeting) -> OutcomeView:
        options = tuple(profile.outcomes_for(meeting.case.active_circumstances(meeting.held_on)))
        due, rule = _proposed(meeting, profile)
        decision = meeting.decision
        saved = None
        if decision is not None:
            on_council_date = decision.next_review_on == due and decision.next_review_reason == rule
            saved = OutcomeAsTyped(
                option_key=decision.option_key,
                rationale=decision.rationale,
                next_review_on=decision.next_review_on,
                # on the council's date the stored reason is its rule, shown apart
                next_review_reason="" if on_council_date else decision.next_review_reason or "",
                step_down_lead_professional=decision.step_down_lead_professional or "",
                in_addition_key=decision.in_addition_key or "",
            )
        gaps = tuple(outcome_gaps(meeting, profile)) if decision is not None else ()
        return OutcomeView(options, due, rule, saved, gaps)

    return read


def save_outcome(profile: Profile, typed: OutcomeAsTyped) -> Callable[[Session, Meeting], None]:
    """A change for ``MeetingDraft.change``: the outcome as typed, replacing what was saved."""

    def save(_session: Session, meeting: Meeting) -> None:
        record_decision(
            meeting,
            profile,
            option_key=typed.option_key,
            rationale=typed.rationale,
            decided_by=f"{meeting.chair_name}, {words.CHAIR_ROLE[meeting.chair_role]}",
            next_review_on=typed.next_review_on,
            next_review_reason=typed.next_review_reason,
            step_down_lead_professional=typed.step_down_lead_professional,
            in_addition_key=typed.in_addition_key or None,
            replace=True,
            complete=False,
        )

    return save


def option_texts(options: tuple[OutcomeOption, ...]) -> list[tuple[str, str]]:
    """Each option as (heading, the rest of the council's wording).

    The heading is the council's number and the option's first clause in full: cut
    short, North Tyneside's first two options ("No longer a Child in Need requiring
    ... intervention", and the same words going on "although services may continue
    ...") read the same; in full, and numbered as the procedure numbers them, they
    never do.
    """
    texts = []
    for number, option in enumerate(options, start=1):
        first, _colon, rest = option.label.partition(":")
        rest = rest.strip()
        texts.append((f"{number}. {first.strip()}", rest[:1].upper() + rest[1:]))
    return texts


def leads_to_strategy_discussion(option: OutcomeOption) -> bool:
    return option.leads_to is LeadsTo.STRATEGY_DISCUSSION


def in_addition_option(options: tuple[OutcomeOption, ...]) -> OutcomeOption | None:
    """The option the council records in addition to another (Hillingdon's outcome 3)."""
    return next((o for o in options if o.in_addition), None)
