"""Sense checks on a meeting's dates: what is possible but almost certainly a slip.

A next review of 31 Dec 2099 is a valid date, and so is a signature two years after
the meeting; printed beside "Review within 6 weeks of the last review" either makes
the minutes wrong. The checks themselves are in ``domain.sense``, which gives the chair
the same words while the meeting is open; here a record holding such a date is
refused at validation (``validate_record``), naming where it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cinchair.domain.sense import next_review_problem, signature_problem


@dataclass(frozen=True)
class SenseFinding:
    """One implausible date: where it is in the record, and why, in words."""

    where: str
    message: str


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
