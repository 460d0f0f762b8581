"""The window shows what is due next, for whom and why: the case list's checklist beside
the case's details, and the sign-off page's list of who receives the minutes and plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from cinchair.model import Case, CaseCircumstance, Circumstance
from cinchair.store.facade import Store, sqlite_url
from cinchair.ui.case_list import CaseListPage
from cinchair.ui.meeting.sign_off import SignOffPage
from cinchair.ui.meeting.window import MeetingPage
from cinchair.ui.widgets.duties import DutiesPanel


@pytest.mark.slow
def test_case_list_shows_a_supervision_orders_review_and_the_cpm_request(
    qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with Store.open(sqlite_url(tmp_path / "s.sqlite3"), actor="t") as store:
        with store.transaction() as s:
            case = Case(
                case_ref="D-SO",
                profile_id="derby",
                child_given_name="Kai",
                child_family_name="Test",
                decision_on=date(2027, 4, 20),
            )
            case.circumstances.append(
                CaseCircumstance(
                    circumstance=Circumstance.SUPERVISION_ORDER, since=date(2027, 4, 26)
                )
            )
            s.add(case)
            s.flush()
            case_id = case.id
        page = CaseListPage(store, date(2027, 5, 6))
        qtbot.addWidget(page)
        page.show()
        assert page.select_case(case_id)
        QApplication.processEvents()
        lines = page.duties.texts()
        assert lines[0].startswith("Next review: by 18 May 2027")
        assert "Supervision Order" in lines[0]
        assert any("Child Protection Manager" in line for line in lines)
        first = page.duties.list.item(0)
        assert "15working" in first.toolTip()  # the procedure's own words, as written


def test_sign_off_page_lists_who_receives_the_minutes_and_plan(qtbot, demo_store) -> None:  # type: ignore[no-untyped-def]
    store, demo = demo_store
    meeting = MeetingPage(store, demo.meeting_ids[-1])
    qtbot.addWidget(meeting)
    meeting.show()
    sign_off = next(
        i for i in range(len(meeting.steps)) if isinstance(meeting.page(i), SignOffPage)
    )
    meeting.go(sign_off)
    QApplication.processEvents()
    panel = meeting.page(sign_off).findChild(DutiesPanel)
    assert panel is not None
    lines = panel.texts()
    assert any(line.startswith("Copy of the record of the meeting sent") for line in lines)
    assert any("the child (if old enough)" in line for line in lines)
