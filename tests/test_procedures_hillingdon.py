"""Hillingdon, 2.1 'Child's Plans and Reviews', rule by rule (cited as s.N(paragraph))."""

from __future__ import annotations

from datetime import date

import pytest

from cinchair.documents.context import Copy, Document, build_context
from cinchair.domain.bidi import plain
from cinchair.domain.duties import distribution, meeting_duties
from cinchair.domain.schedule import HeldMeeting, case_state, due_after
from cinchair.meetings import lifecycle
from cinchair.meetings.lifecycle import MeetingRefused
from cinchair.model import Case, CaseCircumstance, ChairRole, Circumstance, Meeting, MeetingKind
from cinchair.profiles import Event, LeadsTo, get_profile
from cinchair.record import build_record
from tests.factories import make_case, make_meeting

HILLINGDON = get_profile("hillingdon")


def _case(*circumstances: Circumstance) -> Case:
    case = Case(
        case_ref="H-1", profile_id="hillingdon", child_given_name="A", child_family_name="B"
    )
    for kind in circumstances:
        case.circumstances.append(CaseCircumstance(circumstance=kind, since=date(2025, 1, 1)))
    return case


PLANNED = [HeldMeeting(MeetingKind.INITIAL_PLANNING, date(2025, 11, 3), None)]


def test_hillingdon_s3_1_reviews_at_least_every_three_months() -> None:
    assert due_after(HILLINGDON, Event.REVIEW, date(2027, 1, 4)).due == date(2027, 4, 4)


def test_hillingdon_s3_1_a_review_due_on_the_spring_bank_holiday_is_held_the_friday_before() -> (
    None
):
    item = due_after(HILLINGDON, Event.REVIEW, date(2028, 2, 29))
    assert item.due == date(2028, 5, 29) and item.hold_by == date(2028, 5, 26)


def test_hillingdon_s3_1_disabled_children_follow_the_cwd_team_procedure() -> None:
    state = case_state(_case(Circumstance.CWD_TEAM), HILLINGDON, date(2026, 6, 1), meetings=PLANNED)
    assert state.next_due is not None and state.next_due.due is None
    assert "Children with Disabilities Team Procedure" in state.next_due.rule


def test_hillingdon_s3_7_complex_package_beyond_12_months_reviewed_by_a_team_manager() -> None:
    plain = case_state(_case(), HILLINGDON, date(2026, 12, 1), meetings=PLANNED)
    assert plain.escalation is None and not plain.past_escalation
    package = case_state(
        _case(Circumstance.COMPLEX_PACKAGE), HILLINGDON, date(2026, 12, 1), meetings=PLANNED
    )
    assert package.escalation is not None and package.escalation.due == date(2026, 11, 3)
    assert package.past_escalation and "team manager" in package.escalation.rule
    excepted = case_state(
        _case(Circumstance.COMPLEX_PACKAGE, Circumstance.CWD_TEAM),
        HILLINGDON,
        date(2026, 12, 1),
        meetings=PLANNED,
    )
    assert excepted.escalation is None


def test_hillingdon_s3_9_outcome_3_is_in_addition_to_another_outcome() -> None:
    option = HILLINGDON.outcome("strategy-discussion")
    assert option.in_addition and "(recorded in addition to another outcome)" in option.label
    assert not HILLINGDON.outcome("continue").in_addition


def test_hillingdon_s1_6_first_planning_meeting_chaired_by_tm_atm_or_senior() -> None:
    assert HILLINGDON.chair_warnings(MeetingKind.INITIAL_PLANNING, ChairRole.SOCIAL_WORKER, [])
    assert not HILLINGDON.chair_warnings(MeetingKind.INITIAL_PLANNING, ChairRole.TEAM_MANAGER, [])


def test_hillingdon_s1_8_parents_sign_their_agreement_and_the_note_is_copied() -> None:
    tasks = {
        d.key: d
        for d in meeting_duties(HILLINGDON, MeetingKind.INITIAL_PLANNING, date(2027, 1, 12))
    }
    assert tasks["sign-agreement"].who == "the child and parent/s"
    assert tasks["note-copied"].document == "minutes"


def test_hillingdon_s3_8_decisions_signed_dated_and_placed_on_file() -> None:
    tasks = {d.key: d for d in meeting_duties(HILLINGDON, MeetingKind.REVIEW, date(2027, 1, 12))}
    assert "signed, dated and placed on file" in tasks["decisions-signed"].what


def test_hillingdon_s3_10_record_sent_to_child_parent_and_participants() -> None:
    sent = distribution(
        HILLINGDON, MeetingKind.REVIEW, date(2027, 1, 12), leads_to=LeadsTo.PLAN_CONTINUES
    )
    assert {d.key for d in sent} == {"record-copied", "amended-plan"}


def test_hillingdon_s2_4_contingency_plan_required() -> None:
    assert HILLINGDON.plan.contingency_required


def test_hillingdon_s3_9_outcome_3_is_recorded_with_another_and_printed_with_it(store) -> None:  # type: ignore[no-untyped-def]
    with store.transaction() as s:
        case = make_case(s, "hillingdon")
        meeting = make_meeting(s, case, kind=MeetingKind.REVIEW, held_on=date(2027, 1, 12))
        with pytest.raises(MeetingRefused, match="in addition"):
            lifecycle.record_decision(
                meeting,
                HILLINGDON,
                option_key="continue",
                rationale="r",
                decided_by="c",
                in_addition_key="no-longer-cin",
            )
        decision = lifecycle.record_decision(
            meeting,
            HILLINGDON,
            option_key="continue",
            rationale="Services continue; new concerns of harm reported today.",
            decided_by="Chair",
            in_addition_key="strategy-discussion",
        )
        assert decision.leads_to == "plan-continues" and decision.next_review_on is not None
        assert decision.in_addition_leads_to == "strategy-discussion"
        meeting_id = meeting.id
    with store.reading() as s:
        record = build_record(s, meeting_id)
    assert record["decision"]["in_addition"]["option_key"] == "strategy-discussion"
    printed = build_context(record, Document.MINUTES, Copy.AGENCIES)["decision"]
    words = plain(printed["outcome"])
    assert words.startswith("Continues to be a Child in Need")
    assert "; in addition: The child appears to be at risk of Significant Harm" in words
    assert "strategy discussion" in printed["leads_to"]


def test_hillingdon_s3_9_outcome_3_chosen_with_another_on_the_outcome_page(qtbot, store) -> None:  # type: ignore[no-untyped-def]
    from cinchair.domain.agenda import StepKind
    from cinchair.ui.meeting.outcome_page import OutcomePage
    from cinchair.ui.meeting.window import MeetingPage

    with store.transaction() as s:
        case = make_case(s, "hillingdon")
        meeting_id = make_meeting(s, case, kind=MeetingKind.REVIEW, held_on=date(2027, 1, 12)).id
    window = MeetingPage(store, meeting_id)
    qtbot.addWidget(window)
    window.show()
    index = next(i for i, step in enumerate(window.steps) if step.kind is StepKind.OUTCOME)
    window.go(index)
    page = window.page(index)
    assert isinstance(page, OutcomePage)
    assert page.also.isHidden()  # nothing chosen yet
    keys = [o.key for o in page.options]
    page.group.button(keys.index("continue")).click()
    assert not page.also.isHidden() and not page.alarm.isVisible()
    page.also.click()
    assert page.alarm.isVisible()  # a strategy discussion, in addition, is unmissable
    with store.reading() as s:
        saved = s.get(Meeting, meeting_id).decision
        assert saved.option_key == "continue" and saved.in_addition_key == "strategy-discussion"
    page.also.click()
    with store.reading() as s:
        assert s.get(Meeting, meeting_id).decision.in_addition_key is None


def test_hillingdon_s3_9_outcome_3_in_addition_survives_the_councils_import(store) -> None:  # type: ignore[no-untyped-def]
    from cinchair.sync.meeting_rows import meeting_from_record

    with store.transaction() as s:
        case = make_case(s, "hillingdon")
        meeting = make_meeting(s, case, kind=MeetingKind.REVIEW, held_on=date(2027, 1, 12))
        lifecycle.record_decision(
            meeting,
            HILLINGDON,
            option_key="continue",
            rationale="Services continue; concerns of harm raised.",
            decided_by="Chair",
            in_addition_key="strategy-discussion",
        )
        meeting_id, case_id = meeting.id, case.id
    with store.reading() as s:
        record = build_record(s, meeting_id)
    restored = meeting_from_record(record, case_id).decision
    assert restored is not None and restored.in_addition_key == "strategy-discussion"
    assert restored.in_addition_leads_to == "strategy-discussion"
