"""Derby's clocks that start from the case's own dates, rule by rule: the visit within 5
working days of allocation, the CRE risk assessment within 2 weeks, the escalation of
cases open 12 months counted from the case's opening (and its other exceptions: young
people involved in offending, young carers), and the early first review of a Supervision
Order of 6 months or less, agreed with the CPM. Each test is named after the passage it
checks; resources/profiles/README.md walks from each sentence to its test.
"""

from __future__ import annotations

from datetime import date

from cinchair.cases.report import admin_report
from cinchair.cases.rows import case_rows
from cinchair.domain.schedule import HeldMeeting, case_state
from cinchair.model import Case, CaseCircumstance, Circumstance, MeetingKind
from cinchair.profiles import get_profile
from tests.factories import make_case, make_meeting

DERBY = get_profile("derby")


def _case(*circumstances: tuple[Circumstance, date, date | None], **dates: date) -> Case:
    case = Case(
        case_ref="D-1", profile_id="derby", child_given_name="A", child_family_name="B", **dates
    )
    for kind, since, until in circumstances:
        case.circumstances.append(CaseCircumstance(circumstance=kind, since=since, until=until))
    return case


def _held(kind: MeetingKind, on: date) -> HeldMeeting:
    return HeldMeeting(kind=kind, held_on=on, agreed_next_review=None)


# --- 'The social worker should visit the child(ren) within 5 working days of allocation'


def test_derby_visit_within_5_working_days_of_allocation_is_due_from_the_case() -> None:
    # Allocated Tue 22 Dec 2026: Christmas, Boxing Day (substitute Mon 28) and the
    # weekend are not working days, so the visit is due Thu 31 Dec.
    case = _case(allocated_on=date(2026, 12, 22))
    state = case_state(case, DERBY, date(2026, 12, 23), meetings=[])
    (task,) = state.tasks
    assert task.key == "visit" and task.due == date(2026, 12, 31)
    assert "allocation on 22 Dec 2026" in task.rule
    assert "within 5 working days of allocation" in task.cite
    assert state.label == "due soon"


def test_derby_visit_within_5_working_days_of_allocation_late_makes_the_case_overdue() -> None:
    case = _case(allocated_on=date(2026, 12, 22))
    state = case_state(case, DERBY, date(2027, 1, 4), meetings=[])
    assert [t.key for t in state.late_tasks] == ["visit"]
    assert state.label == "overdue"


def test_derby_visit_within_5_working_days_of_allocation_done_once_the_visit_is_recorded() -> None:
    case = _case(allocated_on=date(2026, 12, 22), first_visit_on=date(2026, 12, 30))
    assert case_state(case, DERBY, date(2027, 1, 4), meetings=[]).tasks == ()
    # A visit before this allocation (an earlier worker's) does not count.
    case = _case(allocated_on=date(2026, 12, 22), first_visit_on=date(2026, 12, 1))
    assert [t.key for t in case_state(case, DERBY, date(2027, 1, 4), meetings=[]).tasks] == [
        "visit"
    ]


def test_other_councils_set_no_visit_after_allocation() -> None:
    case = _case(allocated_on=date(2026, 12, 22))
    case.profile_id = "north-tyneside"
    state = case_state(case, get_profile("north-tyneside"), date(2027, 1, 4), meetings=[])
    assert state.tasks == ()


# --- CRE: 'CRE risk assessment undertaken within 2 weeks'


def test_derby_cre_risk_assessment_within_2_weeks_of_the_risk_being_identified() -> None:
    case = _case((Circumstance.RISK_OF_EXPLOITATION, date(2027, 3, 1), None))
    state = case_state(case, DERBY, date(2027, 3, 16), meetings=[])
    (task,) = state.tasks
    assert task.key == "cre-risk-assessment" and task.due == date(2027, 3, 15)
    assert task.late_on(date(2027, 3, 16)) and state.label == "overdue"
    assert "'CRE risk assessment undertaken within 2 weeks'" in task.cite


def test_derby_cre_risk_assessment_done_once_its_date_is_recorded() -> None:
    case = _case(
        (Circumstance.RISK_OF_EXPLOITATION, date(2027, 3, 1), None),
        cre_risk_assessed_on=date(2027, 3, 10),
    )
    assert case_state(case, DERBY, date(2027, 3, 16), meetings=[]).tasks == ()
    # The circumstance ended: no task is left for it.
    ended = _case((Circumstance.RISK_OF_EXPLOITATION, date(2027, 3, 1), date(2027, 3, 5)))
    assert case_state(ended, DERBY, date(2027, 3, 16), meetings=[]).tasks == ()


# --- 'All other Child in Need cases that have been open for 12 months, must be escalated'


def test_derby_all_other_cases_open_12_months_counted_from_the_cases_opening_date() -> None:
    case = _case(opened_on=date(2025, 11, 3), decision_on=date(2026, 1, 12))
    held = [_held(MeetingKind.INITIAL_PLANNING, date(2026, 2, 1))]
    state = case_state(case, DERBY, date(2026, 11, 3), meetings=held)
    assert state.escalation is not None and state.escalation.due == date(2026, 11, 3)
    assert state.past_escalation
    assert "from the case being opened (3 Nov 2025)" in state.escalation.rule
    assert "no opening date" not in state.escalation.rule


def test_derby_all_other_cases_open_12_months_without_opening_date_says_what_it_counts_from() -> (
    None
):
    case = _case(decision_on=date(2026, 1, 12), assessment_completed_on=date(2026, 1, 5))
    state = case_state(case, DERBY, date(2026, 6, 1), meetings=[])
    assert state.escalation is not None and state.escalation.due == date(2027, 1, 5)
    assert "no opening date on the case: counted from the assessment" in state.escalation.rule
    case = _case()
    held = [_held(MeetingKind.INITIAL_PLANNING, date(2026, 2, 1))]
    state = case_state(case, DERBY, date(2026, 6, 1), meetings=held)
    assert state.escalation is not None and state.escalation.due == date(2027, 2, 1)
    assert "counted from its first meeting" in state.escalation.rule


def test_derby_exceptions_young_people_involved_in_offending_and_young_carers_not_escalated() -> (
    None
):
    # 'Exceptions to this may include ... young people involved in offending, and young
    # carers (where needs are not met by alternative service)'.
    for circumstance in (Circumstance.INVOLVED_IN_OFFENDING, Circumstance.YOUNG_CARER):
        case = _case((circumstance, date(2025, 6, 1), None), opened_on=date(2025, 6, 1))
        held = [_held(MeetingKind.INITIAL_PLANNING, date(2025, 6, 20))]
        state = case_state(case, DERBY, date(2027, 1, 20), meetings=held)
        assert state.escalation is None and not state.past_escalation
        assert circumstance in DERBY.plan.longer_expected_for
    # The same case without the circumstance is escalated.
    case = _case(opened_on=date(2025, 6, 1))
    assert case_state(case, DERBY, date(2027, 1, 20), meetings=[]).past_escalation


# --- 'a Supervision Order for 6 months or less ... agreed with the Child Protection Manager'


def test_derby_supervision_order_of_6_months_or_less_agree_the_first_review_with_the_cpm() -> None:
    order = (Circumstance.SUPERVISION_ORDER, date(2027, 4, 26), date(2027, 10, 25))
    state = case_state(_case(order), DERBY, date(2027, 4, 28), meetings=[])
    (task,) = state.tasks
    assert task.key == "agree-first-review-date" and task.due is None
    assert "Agree the date of an early first review with the Child Protection Manager" in (
        task.what
    )
    assert "The timescale should be agreed with the Child Protection Manager.'" in task.cite
    # The Order's 15-working-day review stays the date it must be held by.
    assert state.next_due is not None and state.next_due.due == date(2027, 5, 18)
    # Held: the task is done.
    held = [_held(MeetingKind.REVIEW, date(2027, 5, 10))]
    assert case_state(_case(order), DERBY, date(2027, 5, 11), meetings=held).tasks == ()


def test_derby_supervision_order_longer_than_6_months_or_open_ended_sets_no_such_task() -> None:
    for until in (date(2027, 10, 27), None):
        order = (Circumstance.SUPERVISION_ORDER, date(2027, 4, 26), until)
        assert case_state(_case(order), DERBY, date(2027, 4, 28), meetings=[]).tasks == ()


# --- the case list and `cinchair report`


def test_derby_case_dates_tasks_in_the_case_list_and_report(store) -> None:  # type: ignore[no-untyped-def]
    today = date(2027, 5, 6)
    with store.transaction() as s:
        visit = make_case(s, "derby", ref="D-VISIT")
        visit.allocated_on = date(2027, 4, 26)
        short = make_case(s, "derby", ref="D-SHORT")
        short.circumstances.append(
            CaseCircumstance(
                circumstance=Circumstance.SUPERVISION_ORDER,
                since=date(2027, 4, 26),
                until=date(2027, 9, 30),
            )
        )
        cre = make_case(s, "derby", ref="D-CRE")
        cre.circumstances.append(
            CaseCircumstance(circumstance=Circumstance.RISK_OF_EXPLOITATION, since=date(2027, 5, 1))
        )
        make_meeting(s, cre, held_on=date(2027, 5, 4))
    with store.reading() as session:
        rows = {row.case_ref: row for row in case_rows(session, today)}
        lines = admin_report(session, today).lines()
    # Allocated Mon 26 Apr; May Day (3 May) is not a working day: due Tue 4 May, late.
    assert rows["D-VISIT"].state == "overdue"
    (late,) = rows["D-VISIT"].late_duties
    assert late.key == "visit" and late.due == date(2027, 5, 4)
    first = rows["D-VISIT"].checklist[0]
    assert first.late and first.what == "Visit to the child after allocation"
    assert "within 5 working days of allocation" in first.cite
    assert any("late: Visit to the child after allocation" in line for line in lines)
    # The short Order: the task with no date, beside the review due 18 May.
    short_items = {item.what: item for item in rows["D-SHORT"].checklist}
    agree = next(i for w, i in short_items.items() if w.startswith("Agree the date"))
    assert not agree.late and agree.when == "the procedure sets no timescale"
    assert rows["D-SHORT"].next_due == date(2027, 5, 18)
    # CRE identified 1 May: due Sat 15 May, so done by Fri 14 May; due soon, not late.
    assert rows["D-CRE"].state == "due soon"
    cre_item = next(i for i in rows["D-CRE"].checklist if i.what == "CRE risk assessment")
    assert cre_item.when == "by 15 May 2027 (a non-working day: by 14 May 2027)"
    assert not cre_item.late


def test_the_cases_own_dates_travel_in_the_record_and_are_filed_by_the_import(store) -> None:  # type: ignore[no-untyped-def]
    from cinchair.record import build_record
    from cinchair.record.format import validate_record
    from cinchair.sync.restore import new_case, refresh_case

    with store.transaction() as s:
        plain = make_case(s, "derby", ref="D-PLAIN")
        plain_record = build_record(s, make_meeting(s, plain, held_on=date(2027, 5, 4)).id)
        case = make_case(s, "derby", ref="D-DATES")
        case.opened_on, case.allocated_on = date(2027, 4, 1), date(2027, 4, 5)
        record = build_record(s, make_meeting(s, case, held_on=date(2027, 5, 4)).id)
    # A case without the dates makes the record it always did; one with them is valid.
    assert "dates" not in plain_record["case"]
    validate_record(record)
    assert record["case"]["dates"] == {
        "assessment_completed_on": None,
        "decision_on": None,
        "opened_on": "2027-04-01",
        "allocated_on": "2027-04-05",
        "first_visit_on": None,
        "cre_risk_assessed_on": None,
    }
    with store.transaction() as s:
        filed = new_case(s, {**record, "case": {**record["case"], "reference": "D-COPY"}})
        assert (filed.opened_on, filed.allocated_on) == (date(2027, 4, 1), date(2027, 4, 5))
        # A later record made before these dates existed leaves them as they are.
        refresh_case(filed, plain_record)
        assert filed.opened_on == date(2027, 4, 1)
