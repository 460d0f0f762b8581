"""North Tyneside, 'Child in Need Plans and Reviews' (revised March 2020), rule by rule.

Named after the passage each test checks (s.1 First Child in Need Review Meeting, s.2
Plans/Timelines, s.3 Reviews); resources/profiles/README.md maps sentence to test.
"""

from __future__ import annotations

from datetime import date

import pytest

from cinchair.domain.duties import distribution, meeting_duties
from cinchair.domain.schedule import due_after
from cinchair.meetings import lifecycle
from cinchair.model import ChairRole, Circumstance, MeetingKind
from cinchair.profiles import Event, LeadsTo, get_profile
from tests.factories import make_case, make_meeting

NT = get_profile("north-tyneside")


def test_north_tyneside_s3_reviews_at_intervals_of_6_weeks() -> None:
    assert due_after(NT, Event.REVIEW, date(2026, 12, 21)).due == date(2027, 2, 1)
    assert due_after(NT, Event.INITIAL_PLANNING_MEETING, date(2027, 1, 4)).due == date(2027, 2, 15)


def test_north_tyneside_s3_a_review_due_on_a_bank_holiday_is_held_the_working_day_before() -> None:
    new_year = due_after(NT, Event.REVIEW, date(2026, 11, 20))
    assert new_year.due == date(2027, 1, 1) and new_year.hold_by == date(2026, 12, 31)
    easter_monday = due_after(NT, Event.REVIEW, date(2027, 2, 15))
    assert easter_monday.due == date(2027, 3, 29)
    assert easter_monday.hold_by == date(2027, 3, 25)  # Good Friday is 26 Mar


def test_north_tyneside_s3_the_social_worker_or_line_manager_will_usually_chair() -> None:
    assert not NT.chair_warnings(MeetingKind.REVIEW, ChairRole.SOCIAL_WORKER, [])
    assert not NT.chair_warnings(MeetingKind.REVIEW, ChairRole.TEAM_MANAGER, [])
    assert NT.chair_warnings(MeetingKind.REVIEW, ChairRole.CHILD_PROTECTION_MANAGER, [])


def test_north_tyneside_s3_outcome_2_step_down_agreed_at_the_next_review() -> None:
    option = NT.outcome("step-down-early-help")
    assert option.leads_to is LeadsTo.PLAN_CONTINUES  # the reviews go on until then
    assert not option.needs_lead_professional
    assert "next Child in Need Review meeting for agreement and closure" in option.label
    tasks = meeting_duties(
        NT,
        MeetingKind.REVIEW,
        date(2027, 1, 12),
        leads_to=option.leads_to,
        option_key=option.key,
    )
    assert [
        d for d in tasks if d.key == "early-help-lead-meeting" and "the Early Help Lead" in d.to
    ]


def test_north_tyneside_s1_scaling_is_not_in_the_chapter_so_it_is_optional() -> None:
    assert NT.scaling is not None and not NT.scaling.required


def test_north_tyneside_s1_parents_sign_their_agreement_to_the_record() -> None:
    tasks = meeting_duties(
        NT, MeetingKind.INITIAL_PLANNING, date(2027, 1, 12), to_sign_later=["Sam Parent"]
    )
    signing = [d for d in tasks if d.key == "sign-agreement"]
    assert signing and signing[0].waiting_for == ("Sam Parent",)


def test_north_tyneside_s3_a_copy_of_the_record_to_the_child_parent_and_participants() -> None:
    sent = distribution(NT, MeetingKind.REVIEW, date(2027, 1, 12), leads_to=LeadsTo.PLAN_CLOSES)
    minutes = [d for d in sent if d.document == "minutes"]
    assert minutes and "the child (if old enough)" in minutes[0].to
    assert minutes[0].due is None  # the chapter sets no timescale


def test_north_tyneside_s2_the_chair_distributes_the_plan_amended_plans_by_the_lead() -> None:
    first = distribution(NT, MeetingKind.INITIAL_PLANNING, date(2027, 1, 12))
    assert [d.who for d in first if d.document == "plan"] == [
        "the Chair of the Child in Need Review Meeting"
    ]
    amended = distribution(
        NT, MeetingKind.REVIEW, date(2027, 1, 12), leads_to=LeadsTo.PLAN_CONTINUES
    )
    assert [d.who for d in amended if d.document == "plan"] == ["the Lead Professional"]


def test_north_tyneside_s2_plans_envisage_ending_within_6_months_longer_for_disabilities() -> None:
    assert NT.plan.target is not None and NT.plan.target.words() == "6 months"
    assert Circumstance.DISABLED_CHILD in NT.plan.longer_expected_for


def test_north_tyneside_s3_decisions_recorded_with_reasons_and_dated(store) -> None:  # type: ignore[no-untyped-def]
    with store.transaction() as s:
        meeting = make_meeting(s, make_case(s, "north-tyneside"), kind=MeetingKind.REVIEW)
        with pytest.raises(ValueError, match="reasons"):
            lifecycle.record_decision(
                meeting, NT, option_key="continue", rationale="  ", decided_by="Chair"
            )
        decision = lifecycle.record_decision(
            meeting, NT, option_key="continue", rationale="Plan working.", decided_by="Chair"
        )
        assert decision.decided_on == meeting.held_on and decision.rationale == "Plan working."
    tasks = {d.key for d in meeting_duties(NT, MeetingKind.REVIEW, date(2027, 1, 12))}
    assert "decisions-recorded" in tasks
