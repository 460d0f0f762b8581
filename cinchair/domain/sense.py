"""Sense checks on a meeting's dates: what is possible but almost certainly a slip.

A next review of 31 Dec 2099 is a valid date, and so is a signature two years after
the meeting; printed beside "Review within 6 weeks of the last review" either makes
the minutes wrong. A record holding one is refused (``record.sense``, at validation),
and the chair is shown the same words while the meeting is open (``domain.required``
lists the next review among what the outcome still needs; ``meetings.signing`` will
not sign off while any is there), so a slip is put right, or explained, before
anything is signed or sent.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from cinchair.domain.dates import format_day
from cinchair.model import Meeting

# A signature is part of the meeting it signs: given at the meeting, or soon after by
# someone marked to sign later. A year apart is a wrong date, not a late signature.
SIGNATURE_DISTANCE = timedelta(days=365)


def longest_interval_end(held_on: date, profile_id: str) -> date | None:
    """The latest date any of the council's timescales reaches from ``held_on``."""
    from cinchair.profiles import ProfileError, get_profile

    try:
        profile = get_profile(profile_id)
    except (KeyError, ProfileError):
        return None
    ends = [rule.within.after(held_on) for rule in profile.schedule]
    return max(ends) if ends else None


def next_review_problem(
    held_on: date, next_review_on: date | None, reason: str, profile_id: str
) -> str | None:
    """Why a next review beyond the council's longest timescale needs a reason, or None."""
    if next_review_on is None or reason.strip():
        return None
    latest = longest_interval_end(held_on, profile_id)
    if latest is None or next_review_on <= latest:
        return None
    return (
        f"the next review, {format_day(next_review_on)}, is later than any of the council's "
        f"timescales allows (the latest is {format_day(latest)}): correct the date or "
        "give the reason for it"
    )


def signature_problem(held_on: date, signed_at: datetime) -> str | None:
    """Why a signature more than a year from its meeting cannot be right, or None."""
    if abs(signed_at.date() - held_on) <= SIGNATURE_DISTANCE:
        return None
    return (
        f"signed {format_day(signed_at.date())}, more than a year from the meeting on "
        f"{format_day(held_on)}: one of the two dates is wrong"
    )


def next_review_sense(meeting: Meeting) -> list[str]:
    """The stored meeting's next review, if it is beyond every timescale without a reason."""
    decision = meeting.decision
    if decision is None:
        return []
    problem = next_review_problem(
        meeting.held_on,
        decision.next_review_on,
        decision.next_review_reason or "",
        meeting.profile_id,
    )
    return [problem] if problem else []


def meeting_sense_problems(meeting: Meeting) -> list[str]:
    """Every implausible date of a stored meeting, in words for the chair: its next
    review (see ``next_review_sense``), then each signature more than a year from it."""
    problems = next_review_sense(meeting)
    for signature in meeting.signatures:
        if signature.signed_at is not None:
            problem = signature_problem(meeting.held_on, signature.signed_at)
            if problem:
                problems.append(f"{signature.signer_name}: {problem}")
    return problems
