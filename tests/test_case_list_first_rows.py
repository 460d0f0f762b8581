"""The start: the case list drawn with names and meetings first, each case's state after."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from cinchair.cases.first_rows import WORKING_OUT, first_case_rows
from cinchair.cases.rows import case_rows
from cinchair.demo import build_demo
from cinchair.store.facade import Store, sqlite_url
from cinchair.ui.app import make_main_window

TODAY = date(2026, 11, 23)


def test_the_first_rows_agree_with_the_whole_rows_but_for_the_state(tmp_path: Path) -> None:
    demo = build_demo(tmp_path / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path), actor="test") as store:
        first = store.ask(first_case_rows, TODAY, include_closed=True)
        whole = store.ask(case_rows, TODAY, include_closed=True)
    assert [r.case_id for r in first] == [r.case_id for r in whole]
    for quick, full in zip(first, whole, strict=True):
        assert (quick.child_name, quick.case_ref, quick.council) == (
            full.child_name,
            full.case_ref,
            full.council,
        )
        assert (quick.meetings, quick.last_meeting) == (full.meetings, full.last_meeting)
        assert quick.state == WORKING_OUT and full.state != WORKING_OUT


def test_the_start_fills_each_case_state_after_the_first_paint(
    qtbot: QtBot, tmp_path: Path
) -> None:
    demo = build_demo(tmp_path / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path), actor="test") as store:
        window = make_main_window(store, today=TODAY, demo=True, first_rows=True)
        qtbot.addWidget(window)
        cases = window.case_list
        assert cases.model.rowCount() == 1
        assert cases.model._chips == [()]  # no chip claimed before the state is known
        window.show()
        qtbot.waitUntil(lambda: bool(cases.model._chips and cases.model._chips[0]))
        qtbot.waitUntil(lambda: cases.selected_case() is not None)
        assert cases.model.rows[0].state != WORKING_OUT
        assert "due soon" in window.summary_label.text()
        window.close()
