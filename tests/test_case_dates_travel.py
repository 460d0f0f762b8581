"""The case's dates travel with it in the meeting record, laptop to council.

The dates are the ones the councils' clocks start from: the assessment completed and the
decision made (Derby's initial planning meeting is due 15 working days from the VCM
decision), the case opened (Derby's 12-month escalation), allocated, first visit and CRE
risk assessment. The record carries them in the optional ``case.dates``; a record made
before a date was carried stays valid and, filed later, leaves the council's date alone.
(Council to laptop, in a case pack: ``tests/test_case_packs_dates.py``.)
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cinchair.model import Case
from cinchair.record import build_record
from cinchair.record.build import CASE_DATES
from cinchair.record.format import validate_record
from cinchair.store.facade import Store, sqlite_url
from cinchair.sync.importer import import_bundles
from cinchair.sync.restore import new_case, refresh_case
from tests.factories import make_case, make_meeting
from tests.sync_kit import Council, Demo, fresh_ids

DERBY_COUNCIL = {
    "profile_id": "derby",
    "name": "Derby City Council",
    "framework": "signs-of-safety",
    "framework_name": "Signs of Safety",
    "protective_marking": "OFFICIAL-SENSITIVE",
}


def _dates(**given: str) -> dict[str, str | None]:
    """A full ``case.dates`` object: every date the record carries, ``None`` unless given."""
    return {name: given.get(name) for name in CASE_DATES}


def _with_dates(record: dict[str, Any], dates: dict[str, Any] | None) -> dict[str, Any]:
    out = copy.deepcopy(record)
    if dates is None:
        out["case"].pop("dates", None)
    else:
        out["case"]["dates"] = dates
    return out


# --- the record, laptop to council -------------------------------------------------------------


def test_the_record_carries_the_assessment_and_decision_dates(store: Store) -> None:
    with store.transaction() as s:
        case = make_case(s, "derby", ref="D-CLOCK")
        case.assessment_completed_on, case.decision_on = date(2027, 4, 20), date(2027, 4, 26)
        record = build_record(s, make_meeting(s, case, held_on=date(2027, 5, 4)).id)
    validate_record(record)
    assert record["case"]["dates"] == _dates(
        assessment_completed_on="2027-04-20", decision_on="2027-04-26"
    )


def test_records_made_before_the_dates_were_carried_stay_valid(demo: Demo) -> None:
    no_dates = _with_dates(demo.planning, None)
    four_dates = _with_dates(
        demo.planning,
        {
            "opened_on": "2026-08-01",
            "allocated_on": None,
            "first_visit_on": None,
            "cre_risk_assessed_on": None,
        },
    )
    validate_record(no_dates)
    validate_record(four_dates)
    with pytest.raises(ValueError, match="dates"):
        validate_record(_with_dates(demo.planning, {"decided_on": "2026-08-01"}))


def test_the_import_files_them_and_a_later_record_without_them_leaves_them(
    store: Store, demo: Demo
) -> None:
    with_clock = _with_dates(
        demo.planning, _dates(assessment_completed_on="2026-08-10", decision_on="2026-08-17")
    )
    older_four = _with_dates(
        demo.review,
        {
            "opened_on": "2026-08-03",
            "allocated_on": None,
            "first_visit_on": None,
            "cre_risk_assessed_on": None,
        },
    )
    with store.transaction() as s:
        case = new_case(s, with_clock)
        assert (case.assessment_completed_on, case.decision_on) == (
            date(2026, 8, 10),
            date(2026, 8, 17),
        )
        # A later record made when only the four later dates travelled leaves these two.
        refresh_case(case, older_four)
        assert case.decision_on == date(2026, 8, 17)
        assert case.assessment_completed_on == date(2026, 8, 10)
        assert case.opened_on == date(2026, 8, 3)
        # A record made before any date travelled leaves every one of them.
        refresh_case(case, _with_dates(demo.review, None))
        assert (case.decision_on, case.opened_on) == (date(2026, 8, 17), date(2026, 8, 3))


def test_cinchair_report_counts_derby_initial_planning_meeting_from_the_imported_decision(
    demo: Demo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Derby: 'an initial planning meeting should be held no later than 15 working days
    from the date of VCM'. VCM on Mon 17 Aug 2026; Mon 31 Aug is the summer bank holiday,
    so the meeting is due Tue 8 Sep. The council's report as it stood on 1 Sep knows it
    only from the decision date the record carried."""
    from cinchair.cli.main import main

    council = Council.make(tmp_path / "keys")
    laptop = council.laptop("Laptop A")
    # Two children's cases, each numbered as its own laptop store would number it.
    [planning], [plain] = fresh_ids(demo.planning), fresh_ids(demo.planning)
    for record, ref in ((planning, "D-VCM"), (plain, "D-NODATE")):
        record["council"] = dict(DERBY_COUNCIL)
        record["case"]["reference"] = ref
    planning["case"]["dates"] = _dates(decision_on="2026-08-17")
    plain["case"].pop("dates", None)  # a record made before the dates travelled
    paths = [council.bundle(r, laptop, tmp_path / "usb") for r in (planning, plain)]
    url = sqlite_url(tmp_path / "council.sqlite3")
    with Store.open(url, actor="admin") as council_store:
        summary = import_bundles(council_store, paths, desk=council.desk, imported_by="Ann")
        assert summary.counts["imported"] == 2
        with council_store.reading() as session:
            filed = session.scalars(select(Case).where(Case.case_ref == "D-VCM")).one()
            assert filed.decision_on == date(2026, 8, 17)
    capsys.readouterr()
    assert main(["report", "--db", url, "--today", "2026-09-01"]) == 0
    out = capsys.readouterr().out
    [line] = [line for line in out.splitlines() if "D-VCM" in line]
    assert "due soon" in line and "initial-planning-meeting due 08 Sep 2026" in line
    assert "D-NODATE" not in out  # no clock to count from: nothing due, nothing to act on
