"""The SMART and required-item findings of a meeting record file, as the window shows them.

A record file is checked by the very functions the meeting window calls while the chair
types (``smart.check_plan`` and ``required.missing_items``), run on the meeting rebuilt
from the record in memory. Nothing is written and no store is opened, so a CPM or an
admin script can check a record on any machine, and the window and ``cinchair check``
can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from cinchair.domain.agenda import agenda_steps
from cinchair.domain.required import missing_items
from cinchair.domain.smart import check_plan
from cinchair.model import Case, Meeting, PlanVersion
from cinchair.profiles import get_profile
from cinchair.sync.meeting_rows import consents_from_record, meeting_from_record
from cinchair.sync.restore import plan_from_record, refresh_case


@dataclass(frozen=True)
class RecordFinding:
    """One finding: where in the record it is, which rule, how serious, and what to do."""

    where: str
    rule: str
    severity: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {
            "where": self.where,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
        }


def check_record(record: dict[str, Any]) -> list[RecordFinding]:
    """Every finding for a record already validated against the schema.

    SMART findings of the plan come first, by the plan's order, then the required items
    still empty, in the agenda's order. ``where`` is a path into the record
    ("plan/outcomes/0/actions/1"), so a finding can be traced to the text it is about.
    """
    profile = get_profile(record["council"]["profile_id"])
    case = _case(record)
    meeting = meeting_from_record(record, case.id)
    meeting.case = case
    meeting.consents = consents_from_record(record, meeting.id)
    plan = plan_from_record(record, case.id, None)
    found: list[RecordFinding] = []
    if plan is not None:
        plan.case = case
        meeting.plan_version = plan
        places = _places(plan)
        held_on = date.fromisoformat(record["meeting"]["held_on"])
        for finding in check_plan(plan, profile, held_on):
            where = places.get(finding.target_id or "", "plan")
            found.append(
                RecordFinding(where, finding.code.value, finding.severity.value, finding.message)
            )
    found += _required(meeting, record)
    return found


def _required(meeting: Meeting, record: dict[str, Any]) -> list[RecordFinding]:
    profile = get_profile(record["council"]["profile_id"])
    steps = agenda_steps(profile, meeting.kind)
    return [
        RecordFinding(f"agenda/{item.step_key}", "required-item", "problem", item.label)
        for item in missing_items(meeting, profile, steps)
    ]


def _case(record: dict[str, Any]) -> Case:
    case = Case(
        id=record["case"]["id"],
        case_ref=record["case"]["reference"],
        profile_id=record["council"]["profile_id"],
    )
    refresh_case(case, record)
    return case


def _places(plan: PlanVersion) -> dict[str, str]:
    """Each outcome's and action's id, with its path in the record."""
    places: dict[str, str] = {}
    for o, outcome in enumerate(plan.outcomes):
        places[outcome.id] = f"plan/outcomes/{o}"
        for a, action in enumerate(outcome.actions):
            places[action.id] = f"plan/outcomes/{o}/actions/{a}"
    return places
