"""Barnet, 'Children in Need Practice Guidance' (v9, 31 July 2023), rule by rule."""

from __future__ import annotations

from datetime import date

from cinchair.domain.duties import distribution, meeting_duties
from cinchair.domain.schedule import due_after
from cinchair.model import ChairRole, Circumstance, MeetingKind
from cinchair.profiles import Event, LeadsTo, get_profile

BARNET = get_profile("barnet")


def test_barnet_first_review_within_3_months_then_at_least_6_monthly() -> None:
    assert due_after(BARNET, Event.INITIAL_PLANNING_MEETING, date(2027, 1, 4)).due == date(
        2027, 4, 4
    )
    assert due_after(BARNET, Event.REVIEW, date(2027, 1, 4)).due == date(2027, 7, 4)


def test_barnet_cp_plan_or_care_the_cin_plan_must_be_ended() -> None:
    option = BARNET.outcome("cp-plan-or-care")
    assert option.leads_to is LeadsTo.PLAN_CLOSES
    assert "the CiN plan must be ended" in option.label


def test_barnet_duration_of_the_plan_agreed_with_the_family_so_no_target_is_set() -> None:
    assert BARNET.plan.target is None


def test_barnet_visits_a_minimum_of_6_weekly() -> None:
    assert BARNET.visits.minimum_every is not None
    assert BARNET.visits.minimum_every.approx_days() == 42


def test_barnet_children_with_disabilities_on_a_cin_plan_the_allocated_sw_chairs() -> None:
    disabled = [Circumstance.DISABLED_CHILD]
    assert not BARNET.chair_warnings(MeetingKind.REVIEW, ChairRole.SOCIAL_WORKER, disabled)
    assert BARNET.chair_warnings(MeetingKind.REVIEW, ChairRole.TEAM_MANAGER, disabled)


def test_barnet_when_the_plan_ends_all_involved_informed_in_writing_and_why() -> None:
    ended = meeting_duties(
        BARNET,
        MeetingKind.CLOSING,
        date(2027, 1, 12),
        leads_to=LeadsTo.PLAN_CLOSES,
        option_key="plan-ends",
    )
    keys = {d.key for d in ended}
    assert {"plan-ended-letter", "closure-summary"} <= keys
    cp = meeting_duties(
        BARNET,
        MeetingKind.REVIEW,
        date(2027, 1, 12),
        leads_to=LeadsTo.PLAN_CLOSES,
        option_key="cp-plan-or-care",
    )
    assert "plan-ended-letter" not in {d.key for d in cp}


def test_barnet_closure_summary_holds_the_childs_and_parents_views() -> None:
    ended = meeting_duties(BARNET, MeetingKind.CLOSING, date(2027, 1, 12), option_key="plan-ends")
    summary = [d for d in ended if d.key == "closure-summary"]
    assert summary and "views of the child and parents" in summary[0].cite


def test_barnet_notes_of_what_was_decided_circulated_to_all_who_attended() -> None:
    sent = distribution(BARNET, MeetingKind.REVIEW, date(2027, 1, 12))
    assert [d.to for d in sent] == [("all who attended",)]
