"""Sense checks on a meeting's dates: what is possible but almost certainly a slip.

A next review of 31 Dec 2099 is a valid date, and so is a signature two years after
the meeting; printed beside "Review within 6 weeks of the last review" either makes
the minutes wrong. These checks refuse such a record (``validate_record``) and give
the chair the same words while the meeting is open (``domain.required``), so a slip
is put right, or explained, before anything is signed or sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from cinchair.domain.dates import format_day

# A signature is part of the meeting it signs: given at the meeting, or soon after by
# someone marked to sign later. A year apart is a wrong date, not a late signature.
SIGNATURE_DISTANCE = timedelta(days=365)


@dataclass(frozen=True)
class SenseFinding:
    """One implausible date: where it is in the record, and why, in words."""

    where: str
    message: str


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


def sense_findings(record: dict[str, Any]) -> list[SenseFinding]:
    """Every implausible date in a meeting record, in the record's order."""
    held_on = date.fromisoformat(record["meeting"]["held_on"])
    findings = []
    for index, signature in enumerate(record["signatures"]):
        if signature["signed_at"]:
            signed_at = datetime.fromisoformat(signature["signed_at"].replace("Z", "+00:00"))
            problem = signature_problem(held_on, signed_at)
            if problem:
                findings.append(SenseFinding(f"signatures/{index}/signed_at", problem))
    decision = record["decision"]
    if decision and decision["next_review_on"]:
        problem = next_review_problem(
            held_on,
            date.fromisoformat(decision["next_review_on"]),
            decision["next_review_reason"] or "",
            record["council"]["profile_id"],
        )
        if problem:
            findings.append(SenseFinding("decision/next_review_on", problem))
    return findings
