"""Defects a second first-time chair met in the meeting pages at 1366x768."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from cinchair.domain.agenda import StepKind
from cinchair.model import Attendance, Participant, ParticipantKind
from cinchair.store.facade import Store
from cinchair.ui.app import make_main_window
from cinchair.ui.main_window import MainWindow
from cinchair.ui.meeting.rows import RowTable
from tests.factories import make_case, make_meeting

TODAY = date(2026, 11, 23)


@pytest.fixture
def meeting_id(store: Store) -> str:
    with store.transaction() as session:
        case = make_case(session, ref="NT-16", given="Leo", family="Hassan")
        meeting = make_meeting(session, case, held_on=TODAY)
        for order, (name, kind, role) in enumerate(
            [
                ("Amal Hassan", ParticipantKind.PARENT_CARER, "Mother"),
                ("Sam Reid", ParticipantKind.PROFESSIONAL, "Social Worker"),
            ]
        ):
            session.add(
                Participant(
                    meeting_id=meeting.id,
                    name=name,
                    kind=kind,
                    role=role,
                    agency=None if order == 0 else "Children's Services",
                    attendance=Attendance.PRESENT,
                    sort_order=order,
                )
            )
        return meeting.id


@pytest.fixture
def window(qtbot: QtBot, store: Store) -> MainWindow:
    main = make_main_window(store, today=TODAY)
    qtbot.addWidget(main)
    main.resize(1366, 768)
    return main


def _score_everyone(qtbot: QtBot, table: RowTable) -> None:
    for _ in range(2):
        table.add()
        qtbot.keyClick(table.view, Qt.Key.Key_Escape)


def test_a_polite_refusal_with_nothing_typed_is_no_failed_save(
    qtbot: QtBot, window: MainWindow, meeting_id: str
) -> None:
    window.show()
    qtbot.waitExposed(window)
    page = window.open_meeting(meeting_id)
    index = page.step_index(StepKind.SCALING)
    page.go(index)
    table = page.page(index).tables[0]
    _score_everyone(qtbot, table)
    table.add()  # everyone has a score: refused in words under the table
    assert table.problem.isVisibleTo(table)
    assert "No score added" in table.problem.text()
    assert "Not saved" not in page.saved.text()  # nothing typed is waiting
    # the situation changes (a row removed): the note no longer stands
    table.view.setCurrentIndex(table.model.index(1, 0))
    table.remove()
    assert not table.problem.isVisibleTo(table)
    assert "Not saved" not in page.saved.text()


def test_the_foot_line_says_not_saved_only_while_the_typed_score_waits(
    qtbot: QtBot, window: MainWindow, meeting_id: str
) -> None:
    window.show()
    qtbot.waitExposed(window)
    page = window.open_meeting(meeting_id)
    index = page.step_index(StepKind.SCALING)
    page.go(index)
    table = page.page(index).tables[0]
    table.add()
    qtbot.keyClick(table.view, Qt.Key.Key_Escape)
    score = next(i for i, f in enumerate(table.model.fields) if f.attr == "score")
    view = table.view
    view.setFocus()
    view.setCurrentIndex(table.model.index(0, score))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.indexWidget(view.currentIndex())
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "11")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)
    assert "Not saved" in page.saved.text()  # 11 is still in the cell, waiting
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # given up: nothing waits any more
    qtbot.wait(20)
    assert "Not saved" not in page.saved.text()
    # a good save after it: the foot line says saved
    table.add()  # Sam's row
    qtbot.keyClick(table.view, Qt.Key.Key_Escape)
    assert "All changes saved" in page.saved.text()


def _plan_with_findings(qtbot: QtBot, window: MainWindow, meeting_id: str) -> Any:
    window.show()
    qtbot.waitExposed(window)
    page = window.open_meeting(meeting_id)
    index = page.step_index(StepKind.PLAN)
    page.go(index)
    plan = page.page(index)
    for _ in range(2):
        plan.outcomes.add()
        qtbot.keyClick(plan.outcomes.view, Qt.Key.Key_Escape)
        for _ in range(2):
            plan.action_table.add()
            qtbot.keyClick(plan.action_table.view, Qt.Key.Key_Escape)
    qtbot.wait(50)
    return plan


def test_the_smart_findings_are_readable_in_full_at_1366x768(
    qtbot: QtBot, window: MainWindow, meeting_id: str
) -> None:
    plan = _plan_with_findings(qtbot, window, meeting_id)
    findings = plan.findings
    assert findings.count() >= 4
    # no scroll bar of its own: the list is as tall as every finding, wrapped
    assert findings.verticalScrollBar().maximum() == 0
    last = findings.visualItemRect(findings.item(findings.count() - 1))
    assert last.bottom() <= findings.viewport().height()


def test_the_chosen_rows_findings_are_said_in_words_where_the_keyboard_is(
    qtbot: QtBot, window: MainWindow, meeting_id: str
) -> None:
    plan = _plan_with_findings(qtbot, window, meeting_id)
    actions = plan.action_table
    actions.view.setFocus()
    actions.view.setCurrentIndex(actions.model.index(0, 0))
    row_id = actions.current_id()
    assert row_id is not None
    found = actions.model.findings[row_id]
    assert found  # an action with no owner and no date
    line = plan.row_findings
    assert line.isVisibleTo(plan) and found[0] in line.text()
    assert "chosen action" in line.text()
    assert actions.view.accessibleDescription() == line.text()
    # on to an outcome: the line follows the keyboard there
    plan.outcomes.view.setFocus()
    plan.outcomes.view.setCurrentIndex(plan.outcomes.model.index(0, 0))
    assert "chosen outcome" in line.text()


def test_the_scores_table_takes_the_room_when_the_chart_has_nothing_to_show(
    qtbot: QtBot, window: MainWindow, meeting_id: str
) -> None:
    window.show()
    qtbot.waitExposed(window)
    page = window.open_meeting(meeting_id)
    index = page.step_index(StepKind.SCALING)
    page.go(index)
    scaling = page.page(index)
    qtbot.wait(50)
    table = scaling.tables[0]
    line = scaling.chart.fontMetrics().lineSpacing()
    assert scaling.chart.height() <= 4 * line  # one line saying scores come later
    assert table.view.height() > 4 * scaling.chart.height()
