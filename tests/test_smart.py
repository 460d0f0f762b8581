"""Each SMART finding fires when it should, and a good plan has none."""

from __future__ import annotations

from datetime import date

import pytest

from cinchair.domain.smart import Code, Severity, blocking, check_plan, is_vague
from cinchair.model import ActionStatus, PlanAction, PlanOutcome
from cinchair.profiles import get_profile
from tests.factories import make_case, make_good_plan, make_meeting


@pytest.fixture
def plan(store):
    with store.transaction() as s:
        case = make_case(s)
        meeting = make_meeting(s, case)
        yield make_good_plan(s, case, meeting)


def codes(plan, profile="north-tyneside") -> set[Code]:
    return {f.code for f in check_plan(plan, get_profile(profile))}


def test_good_plan_has_no_findings(plan) -> None:
    assert check_plan(plan, get_profile("north-tyneside")) == []


def test_action_with_no_owner(plan) -> None:
    plan.actions[0].owner_name = None
    findings = check_plan(plan, get_profile("north-tyneside"))
    assert [f.code for f in findings] == [Code.ACTION_NO_OWNER]
    assert findings[0].target == "action" and findings[0].target_id == plan.actions[0].id
    assert "Action 1.1" in findings[0].message


def test_action_with_no_due_date(plan) -> None:
    plan.actions[0].due_on = None
    assert codes(plan) == {Code.ACTION_NO_DUE_DATE}


def test_action_due_before_the_meeting(plan) -> None:
    plan.actions[0].due_on = date(2026, 9, 1)
    assert codes(plan) == {Code.ACTION_DUE_BEFORE_MEETING}


def test_done_action_due_in_the_past_is_fine(plan) -> None:
    plan.actions[0].due_on = date(2026, 9, 1)
    plan.actions[0].status = ActionStatus.DONE
    assert codes(plan) == set()


def test_action_due_after_the_plan_ends(plan) -> None:
    plan.actions[0].due_on = date(2027, 6, 1)
    assert codes(plan) == {Code.ACTION_DUE_AFTER_PLAN_END}


def test_outcome_with_no_measure(plan) -> None:
    plan.outcomes[0].progress_measure = "  "
    findings = check_plan(plan, get_profile("north-tyneside"))
    assert [f.code for f in findings] == [Code.OUTCOME_NO_MEASURE]
    assert findings[0].target == "outcome"


def test_vague_wording(plan) -> None:
    plan.actions[0].what = "Mum to engage with support"
    plan.outcomes[0].outcome = "Things get better"
    findings = check_plan(plan, get_profile("north-tyneside"))
    assert {f.code for f in findings} == {Code.VAGUE_ACTION, Code.VAGUE_OUTCOME}
    severity = {f.code: f.severity for f in findings}
    # stock phrasing is a problem to fix before the plan is agreed; an outcome is advice
    assert severity == {Code.VAGUE_ACTION: Severity.PROBLEM, Code.VAGUE_OUTCOME: Severity.ADVICE}


def test_try_harder_with_an_owner_and_a_date_cannot_go_into_the_plan(plan) -> None:
    """'Mum to try harder' passed once it had an owner and a date; it says nothing done."""
    plan.actions[0].what = "Mum to try harder"
    assert plan.actions[0].owner_name and plan.actions[0].due_on
    problems = blocking(check_plan(plan, get_profile("north-tyneside")))
    assert [f.code for f in problems] == [Code.VAGUE_ACTION]
    assert "try harder" in problems[0].message
    assert "how everyone will know" in problems[0].message


def test_an_action_without_a_frequency_is_advice(plan) -> None:
    plan.actions[0].what = "Social worker to visit Leo"
    findings = check_plan(plan, get_profile("north-tyneside"))
    assert [(f.code, f.severity) for f in findings] == [(Code.VAGUE_ACTION, Severity.ADVICE)]
    assert blocking(findings) == []


@pytest.mark.parametrize(
    ("text", "vague"),
    [
        ("Mum to engage with support", True),
        ("Monitor the situation", True),
        ("Help", True),
        ("Social worker to visit every two weeks and see Amelia alone", False),
        ("Attend 6 Triple P sessions at the family hub", False),
        ("Improve attendance to at least 95%", False),
        ("Walk Amelia to breakfast club three days a week", False),
    ],
)
def test_is_vague(text: str, vague: bool) -> None:
    assert is_vague(text) is vague


def test_no_contingency_where_the_profile_asks(plan) -> None:
    plan.contingency_plan = None
    assert codes(plan, "north-tyneside") == set()  # North Tyneside does not ask
    assert Code.NO_CONTINGENCY in codes(plan, "hillingdon")


def test_visit_frequency_missing(plan) -> None:
    plan.visit_every_days = None
    assert codes(plan) == {Code.VISITS_MISSING}


def test_visit_frequency_below_barnet_minimum(plan) -> None:
    plan.visit_every_days = 42
    assert Code.VISITS_TOO_FEW not in codes(plan, "barnet")
    plan.visit_every_days = 56
    findings = [f for f in check_plan(plan, get_profile("barnet")) if f.code is Code.VISITS_TOO_FEW]
    assert findings and "every 6 weeks" in findings[0].message


def test_plan_longer_than_target_needs_a_reason(plan) -> None:
    plan.plan_end_target = date(2027, 6, 1)  # North Tyneside's target is 6 months
    plan.actions[0].due_on = date(2026, 12, 1)
    assert codes(plan) == {Code.PLAN_TOO_LONG}
    plan.length_reason = "Disabled child: longer-term support agreed with the team manager."
    assert codes(plan) == set()


def test_no_lead_professional(plan) -> None:
    plan.lead_professional_name = ""
    assert codes(plan) == {Code.NO_LEAD_PROFESSIONAL}


def test_empty_plan_and_outcome_without_actions(plan) -> None:
    plan.outcomes.append(
        PlanOutcome(
            need="n",
            outcome="Amelia sleeps in her own bed",
            progress_measure="Sleep diary 5 nights a week",
        )
    )
    assert codes(plan) == {Code.OUTCOME_NO_ACTIONS}
    plan.outcomes.clear()
    assert codes(plan) == {Code.NO_OUTCOMES}


def test_dropped_actions_are_not_checked(plan) -> None:
    plan.outcomes[0].actions.append(PlanAction(what="", status=ActionStatus.DROPPED))
    assert codes(plan) == set()
