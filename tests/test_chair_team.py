"""The chair's team: a setting of the chair, carried on each meeting, in the record and
bundle, filed by the import, and the due list filtered by it (desk and command)."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cinchair.app.settings import load_settings, save_settings
from cinchair.cases.report import admin_report
from cinchair.cli.main import main
from cinchair.meetings.starting import start_new_meeting
from cinchair.model import Case, Meeting, MeetingKind
from cinchair.model.enums import ChairRole
from cinchair.record import build_record
from cinchair.record.format import validate_record
from cinchair.store.facade import Store, sqlite_url
from cinchair.sync.admin_desk import filter_cases
from cinchair.sync.importer import import_bundles
from cinchair.ui.admin.due import DuePage
from tests.sync_kit import Council, Demo, copy_store, fresh_ids

TODAY = date(2026, 12, 10)
TEAM = "North locality"


def _with_team(record: dict[str, Any], team: str) -> dict[str, Any]:
    out = copy.deepcopy(record)
    out["meeting"]["chair"]["team"] = team
    return out


def test_a_meeting_started_takes_the_chairs_team_and_its_record_carries_it(
    demo: Demo, tmp_path: Path, private_data_dir: Path
) -> None:
    settings, _ = load_settings(), None
    save_settings(settings.__class__(**{**settings.__dict__, "chair_team": f"  {TEAM} "}))
    assert load_settings().chair_team == TEAM  # kept trimmed
    path = copy_store(demo.store_path, tmp_path / "laptop.sqlite3")
    with Store.open(sqlite_url(path), actor="chair") as store:
        with store.reading() as session:
            case_id = session.scalars(select(Case.id)).one()
        meeting_id = start_new_meeting(
            store, case_id, kind=MeetingKind.REVIEW, held_on=date(2027, 2, 1),
            chair_name="Priya Shah", chair_role=ChairRole.TEAM_MANAGER, venue=None,
        )  # fmt: skip
        with store.reading() as session:
            assert session.get(Meeting, meeting_id).chair_team == TEAM  # type: ignore[union-attr]
            record = build_record(session, meeting_id)
            older = build_record(session, demo.review_id)
    assert record["meeting"]["chair"]["team"] == TEAM
    validate_record(record)
    assert "team" not in older["meeting"]["chair"]  # records made before teams: unchanged
    validate_record(older)
    with pytest.raises(ValueError, match="team"):
        validate_record(_with_team(older, ""))


def test_the_import_files_the_team_and_the_due_list_filters_by_it(
    demo: Demo, council: Council, tmp_path: Path, qtbot: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = council.laptop("Laptop A")
    other = fresh_ids(demo.planning)[0]
    other["case"]["reference"] = "LCS-000002"
    records = [_with_team(demo.planning, TEAM), _with_team(demo.review, TEAM), other]
    paths = [council.bundle(r, laptop, tmp_path / "usb", f"{n}.cinsync") for n, r in
             enumerate(records)]  # fmt: skip
    db = tmp_path / "council.sqlite3"
    with Store.open(sqlite_url(db), actor="admin") as store:
        summary = import_bundles(store, paths, desk=council.desk, imported_by="Ann")
        assert summary.counts["imported"] == 3, summary.lines()
        with store.reading() as session:
            teams = {m.chair_team for m in session.scalars(select(Meeting))}
            report = admin_report(session, TODAY)
    assert teams == {TEAM, None}
    by_ref = {c.case_reference: c.team for c in report.cases}
    assert by_ref == {"LCS-482913": TEAM, "LCS-000002": None}
    assert [c.case_reference for c in filter_cases(report.cases, team=TEAM)] == ["LCS-482913"]
    assert b"North locality" in report.cases_csv()

    page = DuePage()
    qtbot.addWidget(page)
    page.show_report(report)
    page.state.setCurrentIndex(page.state.findData(""))  # every case
    assert page.model.rowCount() == 2
    page.team.setCurrentIndex(page.team.findData(TEAM))
    assert [c.case_reference for c in page.visible_cases()] == ["LCS-482913"]

    code = main(["report", "--db", sqlite_url(db), "--today", "2026-12-10", "--team", TEAM,
                 "--csv", str(tmp_path / "team.csv")])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0 and "LCS-482913" in out and "LCS-000002" not in out
    written = (tmp_path / "team.csv").read_text("utf-8-sig")
    assert "LCS-482913" in written and "LCS-000002" not in written
