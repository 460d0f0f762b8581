"""``cinchair case``: the same checks as the window, exit 2 naming the option on bad input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cinchair.cli.main import main
from cinchair.store.facade import Store, sqlite_url


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = sqlite_url(tmp_path / "cases.sqlite3")
    Store.open(url).close()  # the commands open a store; they never make one by mistake
    return url


NEW = [
    "case",
    "new",
    "--ref",
    "LCS-40412",
    "--council",
    "north-tyneside",
    "--given",
    "Maya",
    "--family",
    "Okafor",
    "--born",
    "14 Mar 2018",
    "--circumstance",
    "supervision-order:1/5/2026",
]


def test_new_list_edit_close_from_a_terminal(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*NEW, "--db", db]) == 0
    assert main(["case", "edit", "LCS-40412", "--given", "Maia", "--db", db]) == 0
    capsys.readouterr()
    assert main(["case", "list", "--json", "--db", db]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["child"], row["date_of_birth"], row["council"]) == (
        "Maia Okafor",
        "2018-03-14",
        "north-tyneside",
    )
    close = ["case", "close", "LCS-40412", "--on", "01/12/2026", "--reason", "Needs met"]
    assert main([*close, "--db", db]) == 0
    capsys.readouterr()
    assert main(["case", "list", "--db", db]) == 0
    assert "no open cases" in capsys.readouterr().out
    assert main(["case", "list", "--closed", "--db", db]) == 0
    assert "closed 1 Dec 2026: Needs met" in capsys.readouterr().out


def test_bad_input_exits_2_naming_every_option(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    bad = ["case", "new", "--ref", "", "--council", "atlantis", "--family", "Okafor"]
    assert main([*bad, "--db", db]) == 2
    err = capsys.readouterr().err
    assert "--given: Type the child's given name." in err
    assert "--ref: Type the case reference" in err
    assert "--council: There is no council profile 'atlantis'" in err
    assert main([*NEW[:-4], "--born", "31/02/2018", "--db", db]) == 2
    assert "--born: “31/02/2018” is not a real day" in capsys.readouterr().err


@pytest.mark.slow
def test_a_duplicate_reference_is_refused(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*NEW, "--db", db]) == 0
    assert main([*NEW, "--db", db]) == 2
    err = capsys.readouterr().err
    assert "--ref:" in err and "already has case LCS-40412 on this laptop (Maya Okafor)" in err
    assert main(["case", "edit", "NOPE", "--given", "X", "--db", db]) == 2
    assert "--ref: there is no case 'NOPE'" in capsys.readouterr().err


def test_the_cases_own_dates_from_a_terminal(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    from cinchair.cases.editing import case_details, find_case

    derby = [*NEW[:5], "derby", *NEW[6:12]]
    dates = ["--opened", "3/11/2025", "--allocated", "10 Nov 2025", "--cre-assessed", ""]
    assert main([*derby, *dates, "--db", db]) == 0
    # A first visit before the allocation is refused, naming the option.
    assert main(["case", "edit", "LCS-40412", "--visited", "1/11/2025", "--db", db]) == 2
    assert "--visited: The first visit after allocation" in capsys.readouterr().err
    assert main(["case", "edit", "LCS-40412", "--visited", "12/11/2025", "--db", db]) == 0
    with Store.open(db) as store, store.reading() as session:
        details = case_details(session, find_case(session, "LCS-40412", "derby"))
    assert (details.opened_on, details.allocated_on, details.first_visit_on) == (
        date(2025, 11, 3),
        date(2025, 11, 10),
        date(2025, 11, 12),
    )
    assert details.cre_risk_assessed_on is None
