"""Drop-down cells in the meeting's tables, driven by keys as a chair uses them.

A pick leaves the keyboard in the table (Tab goes on to the next cell), typing the start
of a choice picks it, the cell shows it is a drop-down, and its list shows every entry.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from cinchair.domain.agenda import StepKind
from cinchair.model import Attendance, ChildVoice, Participant, ParticipantKind, VoiceMethod
from cinchair.store.facade import Store
from cinchair.ui import theme
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


@pytest.fixture
def slow_typist() -> object:
    """A chair who types slower than Qt's type-ahead waits (400 ms between keys)."""
    interval = QApplication.keyboardInputInterval()
    QApplication.setKeyboardInputInterval(1)
    yield
    QApplication.setKeyboardInputInterval(interval)


@pytest.fixture
def dressed(qtbot: QtBot) -> object:
    """The app in its real dress (style sheet, body font), as a chair sees it."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    sheet, font, palette = app.styleSheet(), app.font(), app.palette()
    theme.apply_theme(app, "light")
    yield
    app.setStyleSheet(sheet)
    app.setFont(font)
    app.setPalette(palette)


def _voices(qtbot: QtBot, page: MeetingPage) -> RowTable:
    index = page.step_index(StepKind.CONSENT_VOICE)
    page.go(index)
    voices = page.page(index).tables[1]
    voices.add()
    qtbot.keyClick(voices.view, Qt.Key.Key_Escape)
    return voices


def test_typing_the_start_of_a_how_picks_it(
    qtbot: QtBot, store: Store, page: MeetingPage, slow_typist: object
) -> None:
    voices = _voices(qtbot, page)
    how = _column(voices, "method")
    voices.view.setFocus()
    voices.view.setCurrentIndex(voices.model.index(0, how))
    qtbot.keyClick(voices.view, Qt.Key.Key_M)  # the first key opens the cell
    editor = voices.view.indexWidget(voices.view.currentIndex())
    assert isinstance(editor, QComboBox)
    qtbot.keyClicks(editor, "et the chair af")
    assert editor.currentText() == "Met the chair after the meeting"
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    with store.reading() as session:
        assert [v.method for v in session.query(ChildVoice)] == [VoiceMethod.MET_CHAIR_AFTER]
    assert voices.view.currentIndex().column() == how + 1


def test_typing_a_word_inside_a_choice_finds_it_and_backspace_steps_back(
    qtbot: QtBot, page: MeetingPage, slow_typist: object
) -> None:
    voices = _voices(qtbot, page)
    box = _open_cell(qtbot, voices, _column(voices, "method"))
    qtbot.keyClicks(box, "form")  # no choice starts so: the one with a word that does
    assert box.currentText() == "Wishes and feelings form"
    qtbot.keyClicks(box, "zz")  # nothing more matches: the pick stays
    assert box.currentText() == "Wishes and feelings form"
    for _ in range(4):
        qtbot.keyClick(box, Qt.Key.Key_Backspace)
    qtbot.keyClicks(box, "l")
    assert box.currentText() == "Letter"


def test_a_choice_cell_shows_its_drop_down_arrow(
    qtbot: QtBot, dressed: object, page: MeetingPage
) -> None:
    voices = _voices(qtbot, page)
    how, tool = _column(voices, "method"), _column(voices, "tool")

    def drawn_with(column: int) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem()
        voices.delegate.initStyleOption(option, voices.model.index(0, column))
        return option

    arrow = drawn_with(how)
    assert arrow.features & QStyleOptionViewItem.ViewItemFeature.HasDecoration
    assert arrow.decorationPosition == QStyleOptionViewItem.Position.Right
    assert not arrow.icon.isNull() and arrow.text == "Met the chair before the meeting"
    plain = drawn_with(tool)  # a text cell has none
    assert not plain.features & QStyleOptionViewItem.ViewItemFeature.HasDecoration


def test_a_cells_list_shows_every_entry_and_the_current_one(
    qtbot: QtBot, dressed: object, page: MeetingPage
) -> None:
    actions = _plan_actions(qtbot, page)
    box = _open_cell(qtbot, actions, _column(actions, "owner_name"))
    assert box.count() >= len(PEOPLE) + 1  # not set, the people, the chair
    box.setCurrentIndex(box.count() - 1)
    box.showPopup()
    qtbot.waitUntil(lambda: box.view().isVisible(), timeout=1000)
    qtbot.wait(50)
    view = box.view()
    shown = view.viewport().rect()
    for row in range(box.count()):  # top to bottom in view (a long name may run wide)
        entry = view.visualRect(box.model().index(row, 0))
        assert shown.top() <= entry.top() and entry.bottom() <= shown.bottom(), row
    assert view.verticalScrollBar().maximum() == 0
    box.hidePopup()
