"""The Derby cases the procedure singles out, as the case list and `cinchair report` show
them: a Supervision Order's first review, a CPM-chaired review, the DHOS escalation of a
case open 12 months, and the prioritised minutes of a review closing the case."""

from __future__ import annotations

from datetime import date

from cinchair.cases.report import admin_report
from cinchair.cases.rows import case_rows
from cinchair.meetings import lifecycle
from cinchair.model import CaseCircumstance, ChairRole, Circumstance, MeetingKind
from cinchair.profiles import get_profile
from tests.factories import make_case, make_meeting

TODAY = date(2027, 5, 6)


def _rows_by_ref(store) -> dict[str, object]:  # type: ignore[no-untyped-def]
    with store.reading() as session:
        return {row.case_ref: row for row in case_rows(session, TODAY)}


def test_derby_supervision_order_case_in_the_case_list_and_report(store) -> None:  # type: ignore[no-untyped-def]
    with store.transaction() as s:
        case = make_case(s, "derby", ref="D-SO")
        case.decision_on = date(2027, 4, 20)
        case.circumstances.append(
            CaseCircumstance(circumstance=Circumstance.SUPERVISION_ORDER, since=date(2027, 4, 26))
        )
    row = _rows_by_ref(store)["D-SO"]
    assert row.next_due == date(2027, 5, 18) and row.next_due_what == "review"
    assert row.state == "due soon"
    assert "Supervision Order" in row.next_due_rule and "15working" in row.next_due_cite
    # Before it: the review requested from CINREVIEWS, a Child Protection Manager chairing.
    before = {d.key: d for d in row.duties}
    assert "Child Protection Manager" in before["cpm-review-requested"].what
    assert before["review-report"].due == date(2027, 5, 16)
    with store.reading() as session:
        lines = admin_report(session, TODAY).lines()
    assert any("D-SO" in line and "review due 18 May 2027" in line for line in lines)


def test_derby_case_open_12_months_is_past_the_escalation_point(store) -> None:  # type: ignore[no-untyped-def]
    with store.transaction() as s:
        case = make_case(s, "derby", ref="D-ESC")
        case.decision_on = date(2026, 4, 20)
        make_meeting(s, case, held_on=date(2026, 5, 11))
        make_meeting(s, case, kind=MeetingKind.REVIEW, held_on=date(2027, 3, 1))
        fostered = make_case(
            s, "derby", ref="D-PF", circumstances=(Circumstance.PRIVATE_FOSTERING,)
        )
        fostered.decision_on = date(2026, 4, 20)
        make_meeting(
            s, fostered, held_on=date(2026, 5, 11), role=ChairRole.CHILD_PROTECTION_MANAGER
        )
        make_meeting(
            s,
            fostered,
            kind=MeetingKind.REVIEW,
            held_on=date(2027, 3, 1),
            role=ChairRole.CHILD_PROTECTION_MANAGER,
        )
    rows = _rows_by_ref(store)
    # 12 months from the VCM decision (20 Apr 2026), not from the planning meeting.
    assert rows["D-ESC"].state == "past escalation point"
    assert rows["D-PF"].state != "past escalation point"
    with store.reading() as session:
        lines = admin_report(session, TODAY).lines()
    assert any("D-ESC" in line and "past escalation point" in line for line in lines)
    assert not any("D-PF" in line and "escalation" in line for line in lines)


def test_derby_minutes_of_a_review_closing_the_case_are_late_after_a_week(store) -> None:  # type: ignore[no-untyped-def]
    with store.transaction() as s:
        case = make_case(s, "derby", ref="D-CLOSE")
        meeting = make_meeting(s, case, kind=MeetingKind.CLOSING, held_on=date(2027, 4, 26))
        lifecycle.record_decision(
            meeting,
            get_profile("derby"),
            option_key="step-down",
            rationale="Outcomes achieved; early help to continue.",
            decided_by="Chair Person",
            step_down_lead_professional="Early Help worker",
        )
    row = _rows_by_ref(store)["D-CLOSE"]
    late = [d for d in row.late_duties if d.key == "closing-minutes"]
    assert late and late[0].due == date(2027, 5, 3)
    with store.reading() as session:
        report = admin_report(session, TODAY)
    assert any("late: Minutes of a review closing the case" in line for line in report.lines())
    assert "Minutes of a review closing the case" in report.cases_csv().decode("utf-8")
