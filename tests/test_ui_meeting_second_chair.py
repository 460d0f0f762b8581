"""Defects a second first-time chair met in the meeting pages at 1366x768."""

from __future__ import annotations

from datetime import date

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
