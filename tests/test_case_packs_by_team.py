"""Case packs chosen by team: a case belongs to the team of the chair of its latest filed
meeting, in the core selection, ``cinchair pack --team`` and the case-pack dialog alike.

Laptop A's demo case is filed twice: its planning meeting chaired from the South team and
its review from North locality, so the case is North locality's now. A second case, its
ids and reference fresh, names no team at all.
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cinchair.store.facade import Store
from cinchair.sync.importer import import_bundles
from cinchair.sync.packs.make import PackProblem, PackSelection, cases_for_pack, pack_teams
from tests.sync_kit import Council, Demo, fresh_ids

TODAY = date(2026, 11, 30)


def _with_team(record: dict[str, Any], team: str | None) -> dict[str, Any]:
    out = copy.deepcopy(record)
    if team is not None:
        out["meeting"]["chair"]["team"] = team
    return out


def _file_two_cases(council: Council, demo: Demo, store: Store, folder: Path) -> tuple[str, str]:
    """The demo case (South, then North locality) and a case with no team; both refs."""
    laptop = council.laptop("Laptop A")
    planning = _with_team(demo.planning, "South")
    review = _with_team(demo.review, "North locality")
    other_planning, other_review = fresh_ids(demo.planning, demo.review)
    other_ref = "LCS-000777"
    for record in (other_planning, other_review):
        record["case"]["reference"] = other_ref
    paths = [
        council.bundle(record, laptop, folder)
        for record in (planning, review, other_planning, other_review)
    ]
    summary = import_bundles(store, paths, desk=council.desk, imported_by="Ann Admin")
    assert [item.outcome for item in summary.items] == ["imported"] * 4, summary.items
    return str(demo.review["case"]["reference"]), other_ref


@pytest.mark.slow
def test_a_team_finds_the_cases_its_chairs_hold_now(
    council: Council, demo: Demo, council_store: Store, tmp_path: Path
) -> None:
    ref, other = _file_two_cases(council, demo, council_store, tmp_path / "bundles")
    by_team = cases_for_pack(council_store, PackSelection(team=" north LOCALITY ", today=TODAY))
    assert [c.reference for c in by_team] == [ref]
    assert by_team[0].last_team == "North locality" and by_team[0].signed_meetings == 2
    # the planning meeting's team held the case once, but not since the review
    assert cases_for_pack(council_store, PackSelection(team="South", today=TODAY)) == []
    assert pack_teams(council_store, TODAY) == ["North locality"]
    every = cases_for_pack(council_store, PackSelection(case_refs=(ref, other), today=TODAY))
    assert {c.reference: c.last_team for c in every} == {ref: "North locality", other: None}
    with pytest.raises(PackProblem, match="give the team's name"):
        cases_for_pack(council_store, PackSelection(team="  "))
    with pytest.raises(PackProblem, match="by team"):
        cases_for_pack(council_store, PackSelection(team="South", chair="Someone"))


@pytest.mark.slow
def test_pack_team_on_the_command_line(
    council: Council,
    demo: Demo,
    sqlite_council: Store,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from cinchair.cli.main import main

    ref, other = _file_two_cases(council, demo, sqlite_council, tmp_path / "bundles")
    base = ["pack", "--db", str(sqlite_council.url), "--laptop", "any", "--today", "2026-11-30"]
    assert main([*base, "--team", "North locality"]) == 0
    said = capsys.readouterr().out
    assert ref in said and other not in said and "North locality" in said
    assert main([*base, "--team", "Nowhere"]) == 1
    assert "no case matches" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([*base, "--team", "South", "--chair", "Someone"])


def test_the_pack_dialog_chooses_a_team(
    qtbot: Any, council: Council, demo: Demo, sqlite_council: Store, tmp_path: Path
) -> None:
    from cinchair.ui.admin.pack import CasePackDialog

    ref, _no_team = _file_two_cases(council, demo, sqlite_council, tmp_path / "bundles")
    dialog = CasePackDialog(
        sqlite_council,
        [],
        keys_dir=council.desk.folder,
        admin_name="Ann Admin",
        folder=tmp_path,
    )
    qtbot.addWidget(dialog)
    assert dialog.chosen_refs() == []  # nothing was chosen on the due list
    teams = [dialog.team.itemText(i) for i in range(dialog.team.count())]
    assert teams[1:] == ["North locality"]
    dialog.team.setCurrentIndex(dialog.team.findData("North locality"))
    assert dialog.chosen_refs() == [ref]
    assert "1 case(s) of North locality" in dialog.outcome.text()
    dialog.team.setCurrentIndex(0)
    assert dialog.chosen_refs() == []
