"""Opening, correcting and closing a case: field-by-field checks in words, audited changes,
and signed minutes that keep what was signed."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from cinchair.cases.closing import CaseClosure, close_case, reopen_case
from cinchair.cases.editing import (
    CaseDetails,
    CaseInvalid,
    CircumstanceDates,
    DuplicateCase,
    case_details,
    councils,
    find_case,
    list_cases,
    new_case,
    update_case,
)
from cinchair.meetings.lifecycle import sign_minutes
from cinchair.model import AuditEntry, Case, Circumstance
from cinchair.record import build_record
from cinchair.record.format import fingerprint
from cinchair.store.facade import Store
from tests.factories import make_meeting

TODAY = date(2026, 12, 3)


def _details(**changes: object) -> CaseDetails:
    values: dict[str, object] = {
        "case_ref": "LCS-40412",
        "profile_id": "north-tyneside",
        "given_name": "Maya",
        "family_name": "Okafor",
        "preferred_name": "May",
        "date_of_birth": date(2018, 3, 14),
        "gender": "Girl",
        "first_language": "English",
        "assessment_completed_on": date(2026, 11, 20),
        "decision_on": None,
        "circumstances": (CircumstanceDates(Circumstance.SHORT_BREAKS, since=date(2026, 6, 1)),),
    }
    values.update(changes)
    return CaseDetails(**values)  # type: ignore[arg-type]


def test_a_new_case_keeps_every_field_as_typed(store: Store) -> None:
    with store.transaction() as session:
        case_id = new_case(session, _details(given_name="  Maya ", case_ref=" LCS-40412"), TODAY)
    with store.reading() as session:
        read = case_details(session, case_id)
    assert read == _details()


def test_every_problem_is_named_by_its_field_at_once(store: Store) -> None:
    bad = _details(
        given_name=" ",
        family_name="",
        case_ref="",
        profile_id="atlantis",
        date_of_birth=date(1907, 3, 14),
        assessment_completed_on=date(2027, 1, 15),
        circumstances=(
            CircumstanceDates(
                Circumstance.SUPERVISION_ORDER, since=date(2026, 5, 1), until=date(2026, 4, 1)
            ),
        ),
    )
    with store.transaction() as session, pytest.raises(CaseInvalid) as refused:
        new_case(session, bad, TODAY)
    problems = refused.value
    assert problems.message_for("given_name") == "Type the child's given name."
    assert problems.message_for("family_name") == "Type the child's family name."
    assert "case reference" in problems.message_for("case_ref")
    assert "no council profile 'atlantis'" in problems.message_for("profile_id")
    assert "check the year" in problems.message_for("date_of_birth")
    assert "after today" in problems.message_for("assessment_completed_on")
    assert "ends (1 Apr 2026) before it starts" in problems.message_for("circumstances.0")
    with store.reading() as session:
        assert list_cases(session, include_closed=True) == []


def test_an_expected_date_of_birth_for_an_unborn_baby_is_accepted(store: Store) -> None:
    with store.transaction() as session:
        case_id = new_case(session, _details(date_of_birth=date(2027, 4, 1)), TODAY)
    with store.reading() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.date_of_birth == date(2027, 4, 1)


def test_the_same_reference_under_the_same_council_is_refused_naming_the_case(
    store: Store,
) -> None:
    with store.transaction() as session:
        first = new_case(session, _details(), TODAY)
    with store.transaction() as session, pytest.raises(DuplicateCase) as refused:
        new_case(session, _details(given_name="Other"), TODAY)
    assert refused.value.existing_id == first
    assert "already has case LCS-40412" in refused.value.message_for("case_ref")
    assert "Maya Okafor" in refused.value.message_for("case_ref")
    with store.transaction() as session:  # another council may use the same number
        new_case(session, _details(profile_id="derby"), TODAY)


def test_a_correction_is_audited(store: Store) -> None:
    with store.transaction() as session:
        case_id = new_case(session, _details(), TODAY)
    with store.transaction() as session:
        update_case(session, case_id, _details(family_name="Okafor-Reid"), TODAY)
    with store.reading() as session:
        assert case_details(session, case_id).family_name == "Okafor-Reid"
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.entity_id == case_id, AuditEntry.action == "update")
        ).all()
        assert any("child_family_name" in str(entry.changes) for entry in entries)


def test_a_signed_meeting_keeps_the_child_as_signed_after_a_correction(store: Store) -> None:
    with store.transaction() as session:
        case_id = new_case(session, _details(), TODAY)
        from cinchair.model import Case

        meeting = make_meeting(session, session.get(Case, case_id), held_on=date(2026, 11, 27))
        sign_minutes(meeting)
        meeting_id = meeting.id
    with store.reading() as session:
        signed = build_record(session, meeting_id)
    with store.transaction() as session:
        update_case(
            session, case_id, _details(given_name="Maia", date_of_birth=date(2018, 4, 14)), TODAY
        )
    with store.reading() as session:
        after = build_record(session, meeting_id)
    assert after["case"]["child"]["given_name"] == "Maya"
    assert after["case"]["child"]["date_of_birth"] == "2018-03-14"
    assert fingerprint(after) == fingerprint(signed)


def test_a_meeting_signed_before_the_copy_existed_is_kept_too(store: Store) -> None:
    with store.transaction() as session:
        case_id = new_case(session, _details(), TODAY)
        from cinchair.model import Case

        meeting = make_meeting(session, session.get(Case, case_id), held_on=date(2026, 11, 27))
        sign_minutes(meeting)
        meeting.case_at_signing = None  # as a store signed by an older version holds it
        meeting_id = meeting.id
    with store.transaction() as session:
        update_case(session, case_id, _details(given_name="Maia"), TODAY)
    with store.reading() as session:
        assert build_record(session, meeting_id)["case"]["child"]["given_name"] == "Maya"


def test_the_council_cannot_change_after_a_meeting(store: Store) -> None:
    with store.transaction() as session:
        case_id = new_case(session, _details(), TODAY)
        from cinchair.model import Case

        make_meeting(session, session.get(Case, case_id), held_on=date(2026, 11, 27))
    with store.transaction() as session, pytest.raises(CaseInvalid) as refused:
        update_case(session, case_id, _details(profile_id="derby"), TODAY)
    assert "cannot change once a meeting" in refused.value.message_for("profile_id")


def test_closing_needs_a_date_and_reason_and_leaves_the_default_list(store: Store) -> None:
    with store.transaction() as session:
        case_id = new_case(session, _details(), TODAY)
    with store.transaction() as session, pytest.raises(CaseInvalid) as refused:
        close_case(session, case_id, CaseClosure(None, "  "), TODAY)
    assert "date the case closed" in refused.value.message_for("closed_on")
    assert "reason" in refused.value.message_for("reason")
    with store.transaction() as session:
        close_case(session, case_id, CaseClosure(date(2026, 12, 1), "Needs met"), TODAY)
    with store.reading() as session:
        assert list_cases(session) == []
        (closed,) = list_cases(session, include_closed=True)
    assert (closed.closed_on, closed.closure_reason) == (date(2026, 12, 1), "Needs met")
    with store.transaction() as session:
        reopen_case(session, case_id)
    with store.reading() as session:
        assert [c.case_id for c in list_cases(session)] == [case_id]


def test_a_case_with_an_unfinished_meeting_cannot_close(store: Store) -> None:
    with store.transaction() as session:
        case_id = new_case(session, _details(), TODAY)
        from cinchair.model import Case

        make_meeting(session, session.get(Case, case_id), held_on=date(2026, 11, 27))
    with store.transaction() as session, pytest.raises(CaseInvalid) as refused:
        close_case(session, case_id, CaseClosure(date(2026, 12, 1), "Needs met"), TODAY)
    assert "not signed off yet" in refused.value.message_for("closed_on")


def test_find_case_by_reference_and_the_councils_offered(store: Store) -> None:
    with store.transaction() as session:
        case_id = new_case(session, _details(), TODAY)
        assert find_case(session, "LCS-40412") == case_id
        with pytest.raises(KeyError, match="no case 'nope'"):
            find_case(session, "nope")
    assert "north-tyneside" in {c.profile_id for c in councils()}
