"""Derby City, 'Child in Need Plans, Work and Reviews' (v30, 20 May 2024), rule by rule.

Each test is named after the passage it checks; resources/profiles/README.md walks from
each sentence of the procedure to the test here.
"""

from __future__ import annotations

from datetime import date

from cinchair.domain.duties import distribution, meeting_duties
from cinchair.domain.schedule import HeldMeeting, case_state, due_after
from cinchair.model import Case, CaseCircumstance, ChairRole, Circumstance, MeetingKind
from cinchair.profiles import Event, LeadsTo, get_profile

DERBY = get_profile("derby")
SPECIFIC = [
    Circumstance.PRIVATE_FOSTERING,
    Circumstance.SUPERVISION_ORDER,
    Circumstance.LIVING_INDEPENDENTLY_16_17,
    Circumstance.SHORT_BREAKS,
    Circumstance.RISK_OF_EXPLOITATION,
]


def _case(*circumstances: tuple[Circumstance, date], **dates: date) -> Case:
    case = Case(
        case_ref="D-1", profile_id="derby", child_given_name="A", child_family_name="B", **dates
    )
    for kind, since in circumstances:
        case.circumstances.append(CaseCircumstance(circumstance=kind, since=since))
    return case


def _held(kind: MeetingKind, on: date) -> HeldMeeting:
    return HeldMeeting(kind=kind, held_on=on, agreed_next_review=None)


# --- Supervision Orders ----------------------------------------------------------------


def test_derby_supervision_orders_first_review_within_15_working_days_of_the_order() -> None:
    # 'The first review must take place within 15working days of the Order being made':
    # an order made on Mon 26 Apr 2027 (May Day, 3 May, is not a working day).
    case = _case((Circumstance.SUPERVISION_ORDER, date(2027, 4, 26)))
    state = case_state(case, DERBY, date(2027, 5, 6), meetings=[])
    assert state.next_due is not None
    assert state.next_due.due == date(2027, 5, 18)
    assert "Supervision Order" in state.next_due.rule
    assert state.label == "due soon"


def test_derby_supervision_orders_the_orders_review_wins_over_the_vcm_clock() -> None:
    # With a VCM date the initial planning meeting would be due 12 May; the order's
    # review (18 May) is what the procedure sets for this child.
    case = _case((Circumstance.SUPERVISION_ORDER, date(2027, 4, 26)), decision_on=date(2027, 4, 20))
    state = case_state(case, DERBY, date(2027, 4, 28), meetings=[])
    assert state.next_due is not None and state.next_due.due == date(2027, 5, 18)
    assert state.next_due.what == "review"


def test_derby_supervision_orders_subsequent_reviews_4_monthly_once_the_first_is_held() -> None:
    case = _case((Circumstance.SUPERVISION_ORDER, date(2027, 4, 26)))
    held = [_held(MeetingKind.REVIEW, date(2027, 5, 17))]
    state = case_state(case, DERBY, date(2027, 5, 20), meetings=held)
    assert state.next_due is not None and state.next_due.due == date(2027, 9, 17)


def test_derby_supervision_orders_of_6_months_or_less_early_review_agreed_with_the_cpm() -> None:
    rule = due_after(DERBY, Event.SUPERVISION_ORDER_MADE, date(2027, 4, 26))
    assert "6 months or less" in rule.rule and "Child Protection Manager" in rule.rule


# --- who chairs --------------------------------------------------------------------------


def test_derby_specific_circumstances_reviews_chaired_independently_by_a_cpm() -> None:
    for circumstance in SPECIFIC:
        warned = DERBY.chair_warnings(MeetingKind.REVIEW, ChairRole.TEAM_MANAGER, [circumstance])
        assert warned and "child protection manager" in warned[0]
        assert not DERBY.chair_warnings(
            MeetingKind.REVIEW, ChairRole.CHILD_PROTECTION_MANAGER, [circumstance]
        )


def test_derby_complex_disabilities_meeting_the_criteria_chaired_by_a_cpm() -> None:
    criteria = [Circumstance.DISABILITY_CPM_CRITERIA]
    assert not DERBY.chair_warnings(
        MeetingKind.REVIEW, ChairRole.CHILD_PROTECTION_MANAGER, criteria
    )
    assert DERBY.chair_warnings(MeetingKind.REVIEW, ChairRole.SOCIAL_WORKER, criteria)


def test_derby_idcs_short_breaks_independently_chaired_by_a_cpm() -> None:
    breaks = [Circumstance.SHORT_BREAKS]
    assert not DERBY.chair_warnings(MeetingKind.REVIEW, ChairRole.CHILD_PROTECTION_MANAGER, breaks)
    rule = DERBY.chair_rules_for(MeetingKind.REVIEW, breaks)[0]
    assert "Integrated Disabled Children's Service" in rule.cite


def test_derby_multi_agency_team_review_chaired_by_a_social_work_qualified_manager() -> None:
    mat = [Circumstance.MULTI_AGENCY_TEAM]
    assert DERBY.chair_warnings(MeetingKind.REVIEW, ChairRole.SOCIAL_WORKER, mat)
    assert not DERBY.chair_warnings(MeetingKind.REVIEW, ChairRole.EARLY_HELP_MANAGER, mat)
    assert not DERBY.chair_warnings(MeetingKind.REVIEW, ChairRole.TEAM_MANAGER, mat)


def test_derby_subsequent_reviews_chaired_by_tm_senior_practitioner_or_social_worker() -> None:
    # An early-help manager chairing a case not held in a MAT is outside the rule.
    assert DERBY.chair_warnings(MeetingKind.REVIEW, ChairRole.EARLY_HELP_MANAGER, [])
    for role in (ChairRole.TEAM_MANAGER, ChairRole.SENIOR_PRACTITIONER, ChairRole.SOCIAL_WORKER):
        assert not DERBY.chair_warnings(MeetingKind.REVIEW, role, [])


def test_derby_a_supervision_order_held_in_a_mat_is_still_chaired_by_a_cpm() -> None:
    both = [Circumstance.SUPERVISION_ORDER, Circumstance.MULTI_AGENCY_TEAM]
    warned = DERBY.chair_warnings(MeetingKind.REVIEW, ChairRole.EARLY_HELP_MANAGER, both)
    assert warned and "child protection manager" in warned[0]


def test_derby_residential_short_breaks_under_section_20_reviewed_by_an_iro() -> None:
    case = _case((Circumstance.SHORT_BREAKS_RESIDENTIAL_S20, date(2026, 1, 1)))
    state = case_state(case, DERBY, date(2027, 6, 1), meetings=[])
    assert state.next_due is not None and state.next_due.due is None
    assert "Independent Reviewing Officer" in state.next_due.rule
    assert state.label == "nothing scheduled"


# --- the escalation at 12 months ---------------------------------------------------------


def test_derby_all_other_cases_open_12_months_escalated_to_the_dhos_counted_from_opening() -> None:
    case = _case(decision_on=date(2026, 1, 12))
    held = [_held(MeetingKind.INITIAL_PLANNING, date(2026, 2, 1))]
    state = case_state(case, DERBY, date(2027, 1, 20), meetings=held)
    assert state.escalation is not None and state.escalation.due == date(2027, 1, 12)
    assert state.past_escalation
    assert "DHOS" in state.escalation.rule and "case being opened" in state.escalation.rule


def test_derby_all_other_cases_the_exceptions_are_not_escalated() -> None:
    for circumstance in (
        Circumstance.PRIVATE_FOSTERING,
        Circumstance.SUPERVISION_ORDER,
        Circumstance.SHORT_BREAKS,
        Circumstance.LIVING_INDEPENDENTLY_16_17,
    ):
        case = _case((circumstance, date(2025, 6, 1)), decision_on=date(2025, 6, 1))
        held = [_held(MeetingKind.INITIAL_PLANNING, date(2025, 6, 20))]
        state = case_state(case, DERBY, date(2027, 1, 20), meetings=held)
        assert state.escalation is None and not state.past_escalation


# --- other timescales --------------------------------------------------------------------


def test_derby_visit_within_5_working_days_of_allocation() -> None:
    item = due_after(DERBY, Event.ALLOCATION, date(2026, 12, 22))
    assert item.what == "visit" and item.due == date(2026, 12, 31)


def test_derby_initial_planning_within_15_working_days_of_vcm() -> None:
    item = due_after(DERBY, Event.DECISION, date(2027, 4, 20))
    assert item.what == "initial-planning-meeting" and item.due == date(2027, 5, 12)


def test_derby_receiving_authority_meeting_within_20_working_days_of_residence() -> None:
    # Good Friday (26 Mar 2027) and Easter Monday (29 Mar) are not working days.
    case = _case((Circumstance.TRANSFERRED_IN, date(2027, 3, 1)))
    state = case_state(case, DERBY, date(2027, 3, 2), meetings=[])
    assert state.next_due is not None and state.next_due.due == date(2027, 3, 31)
    assert state.next_due.what == "initial-planning-meeting"


def test_derby_cre_risk_assessment_within_2_weeks() -> None:
    item = due_after(
        DERBY,
        Event.EXPLOITATION_RISK_IDENTIFIED,
        date(2027, 1, 4),
        [Circumstance.RISK_OF_EXPLOITATION],
    )
    assert item.what == "cre-risk-assessment" and item.due == date(2027, 1, 18)


def test_derby_no_reviews_where_the_only_issue_is_nrpf() -> None:
    case = _case((Circumstance.NRPF_ONLY, date(2026, 1, 1)), decision_on=date(2026, 1, 5))
    state = case_state(case, DERBY, date(2027, 6, 1), meetings=[])
    assert state.next_due is not None and state.next_due.due is None
    assert "No Recourse to Public Funds" in state.next_due.rule
    assert not state.overdue


def test_derby_first_review_8_weeks_after_the_initial_planning_meeting() -> None:
    assert due_after(DERBY, Event.INITIAL_PLANNING_MEETING, date(2027, 1, 4)).due == date(
        2027, 3, 1
    )


def test_derby_specific_circumstances_reviewed_at_least_every_4_months() -> None:
    for circumstance in [*SPECIFIC, Circumstance.DISABILITY_CPM_CRITERIA]:
        item = due_after(DERBY, Event.REVIEW, date(2027, 1, 4), [circumstance])
        assert item.due == date(2027, 5, 4) and "specific circumstances" in item.rule


# --- outcomes ----------------------------------------------------------------------------


def test_derby_review_outcome_1_keeps_full_or_partial_achievement_and_remain_involved() -> None:
    label = DERBY.outcome("step-down").label
    assert "through full or partial achievement of the desired outcomes" in label
    assert "universal services remain involved" in label


def test_derby_review_outcome_4_closure_only_in_specific_circumstances() -> None:
    assert "closure-specific-circumstances" not in {o.key for o in DERBY.outcomes_for([])}
    offered = DERBY.outcomes_for([Circumstance.SUPERVISION_ORDER])
    assert "closure-specific-circumstances" in {o.key for o in offered}


# --- tasks before and after a review -----------------------------------------------------


def test_derby_allocated_practitioner_report_approved_2_days_and_shared_1_day_before() -> None:
    # Review on Tue 12 Jan 2027: approved by Sun 10 Jan (hold by Fri 8 Jan), shared
    # with the parents by Mon 11 Jan.
    tasks = {d.key: d for d in meeting_duties(DERBY, MeetingKind.REVIEW, date(2027, 1, 12))}
    assert tasks["review-report"].due == date(2027, 1, 10)
    assert tasks["review-report"].hold_by == date(2027, 1, 8)
    assert tasks["report-shared"].due == date(2027, 1, 11)
    assert "parents/carers" in tasks["report-shared"].to
    assert tasks["professionals-reports"].due == date(2027, 1, 10)


def test_derby_reports_for_specific_circumstances_go_to_cinreviews() -> None:
    keys = {d.key for d in meeting_duties(DERBY, MeetingKind.REVIEW, date(2027, 1, 12))}
    assert "reports-to-cpm" not in keys
    keys = {
        d.key
        for d in meeting_duties(
            DERBY, MeetingKind.REVIEW, date(2027, 1, 12), [Circumstance.PRIVATE_FOSTERING]
        )
    }
    assert "reports-to-cpm" in keys


def test_derby_minutes_of_cases_closing_completed_within_a_week() -> None:
    closing = distribution(DERBY, MeetingKind.REVIEW, date(2027, 1, 12), leads_to=LeadsTo.STEP_DOWN)
    minutes = [d for d in closing if d.document == "minutes"]
    assert minutes and minutes[0].due == date(2027, 1, 19)
    continuing = distribution(
        DERBY, MeetingKind.REVIEW, date(2027, 1, 12), leads_to=LeadsTo.PLAN_CONTINUES
    )
    assert not [d for d in continuing if d.document == "minutes"]


def test_derby_amended_plan_circulated_by_the_lead_professional() -> None:
    sent = distribution(
        DERBY, MeetingKind.REVIEW, date(2027, 1, 12), leads_to=LeadsTo.PLAN_CONTINUES
    )
    amended = [d for d in sent if d.key == "amended-plan"]
    assert amended and amended[0].who == "the Lead Professional"
    assert any("new services" in to for to in amended[0].to)


def test_derby_closure_rationale_in_writing_to_the_family_and_network() -> None:
    tasks = meeting_duties(
        DERBY, MeetingKind.REVIEW, date(2027, 1, 12), leads_to=LeadsTo.PLAN_CLOSES
    )
    letter = [d for d in tasks if d.key == "closure-rationale"]
    assert letter and letter[0].to == ("the family", "the network")
