"""Drop-down cells in the meeting's tables, driven by keys as a chair uses them.

A pick leaves the keyboard in the table (Tab goes on to the next cell), typing the start
of a choice picks it, the cell shows it is a drop-down, and its list shows every entry.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from cinchair.domain.agenda import StepKind
from cinchair.model import Attendance, Participant, ParticipantKind
from cinchair.store.facade import Store
from cinchair.ui.app import make_main_window
from cinchair.ui.main_window import MainWindow
from cinchair.ui.meeting.rows import RowTable
from cinchair.ui.meeting.window import MeetingPage
from tests.factories import make_case, make_meeting

TODAY = date(2026, 11, 23)
PEOPLE = [
    ("Anna Kowalska", ParticipantKind.PARENT_CARER, "Mother"),
    ("Zofia Kowalska", ParticipantKind.CHILD, None),
    ("Helen Marsh", ParticipantKind.PROFESSIONAL, "Class teacher"),
    ("Priya Shah", ParticipantKind.PROFESSIONAL, "Health visitor"),
    ("Marta Nowak", ParticipantKind.PROFESSIONAL, "Interpreter"),
    ("Sam Reid", ParticipantKind.PROFESSIONAL, "Social Worker"),
    ("Tom Baker", ParticipantKind.PROFESSIONAL, "Police"),
    ("Uma Patel", ParticipantKind.PROFESSIONAL, "GP"),
]


@pytest.fixture
def meeting_id(store: Store) -> str:
    with store.transaction() as session:
        case = make_case(session, ref="NT-15", given="Zofia", family="Kowalska")
        meeting = make_meeting(session, case, held_on=TODAY)
        for order, (name, kind, role) in enumerate(PEOPLE):
            session.add(
                Participant(
                    meeting_id=meeting.id,
                    name=name,
                    kind=kind,
                    role=role,
                    attendance=Attendance.PRESENT,
                    sort_order=order,
                )
            )
        return meeting.id


@pytest.fixture
def page(qtbot: QtBot, store: Store, meeting_id: str) -> MeetingPage:
    window: MainWindow = make_main_window(store, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # keys go to the focus of the active window
    return window.open_meeting(meeting_id)


def _column(table: RowTable, attr: str) -> int:
    return next(i for i, f in enumerate(table.model.fields) if f.attr == attr)


def _plan_actions(qtbot: QtBot, page: MeetingPage) -> RowTable:
    index = page.step_index(StepKind.PLAN)
    page.go(index)
    plan = page.page(index)
    plan.outcomes.add()
    qtbot.keyClick(plan.outcomes.view, Qt.Key.Key_Escape)
    plan.action_table.add()
    qtbot.keyClick(plan.action_table.view, Qt.Key.Key_Escape)
    return plan.action_table


def _back_to_window(qtbot: QtBot, table: RowTable) -> None:
    """The offscreen platform leaves no window active once a list closes: make it so."""
    qtbot.wait(20)
    table.window().activateWindow()
    qtbot.waitUntil(table.window().isActiveWindow)


def _open_cell(qtbot: QtBot, table: RowTable, column: int) -> QComboBox:
    table.view.setFocus()
    table.view.setCurrentIndex(table.model.index(0, column))
    table.view.edit(table.view.currentIndex())
    editor = table.view.indexWidget(table.view.currentIndex())
    assert isinstance(editor, QComboBox)
    return editor


def test_tab_after_picking_who_moves_on_to_the_next_cell(qtbot: QtBot, page: MeetingPage) -> None:
    actions = _plan_actions(qtbot, page)
    who, role = _column(actions, "owner_name"), _column(actions, "owner_role")
    box = _open_cell(qtbot, actions, who)
    box.showPopup()
    qtbot.waitUntil(lambda: box.view().isVisible(), timeout=1000)
    helen = box.findText("Helen Marsh", Qt.MatchFlag.MatchStartsWith)
    box.view().setCurrentIndex(box.model().index(helen, 0))
    qtbot.keyClick(box.view(), Qt.Key.Key_Return)  # picked from the open list
    _back_to_window(qtbot, actions)
    assert actions.model.data(actions.model.index(0, who)) == "Helen Marsh"
    focused = QApplication.focusWidget()
    assert focused is actions.view  # the keyboard stays in the table
    qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert actions.view.currentIndex().column() == role  # filled in from Helen; then By when
    qtbot.keyClick(actions.view, Qt.Key.Key_Tab)
    assert actions.view.currentIndex().column() == _column(actions, "due_on")
    qtbot.keyClick(actions.view, Qt.Key.Key_Backtab)
    qtbot.keyClick(actions.view, Qt.Key.Key_Backtab)
    assert actions.view.currentIndex().column() == who


def test_tab_after_picking_a_consent_moves_on(qtbot: QtBot, page: MeetingPage) -> None:
    page.go(page.step_index(StepKind.CONSENT_VOICE))
    consents = page.page(page.step_index(StepKind.CONSENT_VOICE)).tables[0]
    consents.add()
    qtbot.keyClick(consents.view, Qt.Key.Key_Escape)
    column = _column(consents, "status")
    box = _open_cell(qtbot, consents, column)
    box.showPopup()
    qtbot.waitUntil(lambda: box.view().isVisible(), timeout=1000)
    qtbot.keyClick(box.view(), Qt.Key.Key_Down)
    qtbot.keyClick(box.view(), Qt.Key.Key_Return)
    _back_to_window(qtbot, consents)
    assert QApplication.focusWidget() is consents.view
    qtbot.keyClick(consents.view, Qt.Key.Key_Tab)
    assert consents.view.currentIndex().column() == column + 1
