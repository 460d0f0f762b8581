"""What a new case's summary and checklist say while nothing is scheduled yet.

North Tyneside's procedure sets no timescale for the initial planning meeting, so a new
case there has no date for it: the words say so in one sentence that keeps the
council's name as it is written (never "north Tyneside"), with no gap where a date
would have been. The council and its approach read naturally, without brackets in
brackets, also where the procedure names no approach.
"""

from __future__ import annotations

from datetime import date

from cinchair.cases.editing import CaseDetails, new_case
from cinchair.cases.rows import case_rows
from cinchair.cases.summary import case_summary
from cinchair.profiles import get_profile
from cinchair.profiles.labels import council_with_approach
from cinchair.store.facade import Store
from cinchair.ui.widgets.duties import item_text

TODAY = date(2026, 12, 3)


def _new_north_tyneside_case(store: Store) -> str:
    details = CaseDetails(
        case_ref="LCS-51000",
        profile_id="north-tyneside",
        given_name="Leo",
        family_name="Marsh",
        date_of_birth=date(2018, 5, 2),
        assessment_completed_on=date(2026, 11, 20),
    )
    with store.transaction() as session:
        return new_case(session, details, TODAY)


def test_a_case_with_no_date_set_says_whose_procedure_sets_none(store: Store) -> None:
    case_id = _new_north_tyneside_case(store)
    with store.reading() as session:
        summary = case_summary(session, case_id, TODAY)
    assert summary.today == (
        "Nothing scheduled. North Tyneside Council's procedure sets no timescale for the "
        "initial planning meeting after completion of the assessment."
    )
    assert "  " not in summary.today and "north Tyneside" not in summary.today


def test_the_checklist_says_no_date_set_and_whose_procedure(store: Store) -> None:
    _new_north_tyneside_case(store)
    with store.reading() as session:
        (row,) = case_rows(session, TODAY)
    first = item_text(row.checklist[0])
    assert first.startswith("Initial planning meeting: no date set\n")
    assert "North Tyneside Council's procedure sets no timescale" in first
    assert "see why" not in first


def test_a_council_and_its_approach_read_naturally() -> None:
    assert council_with_approach(get_profile("north-tyneside")) == (
        "North Tyneside Council · Signs of Safety"
    )
    generic = council_with_approach(get_profile("generic"))
    assert generic == "Generic (from a London borough's guidance for families) · no approach named"
    assert "None named" not in council_with_approach(get_profile("hillingdon"))
