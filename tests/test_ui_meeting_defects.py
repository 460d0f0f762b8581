"""Defects a chair met in the first hour of a real meeting, each driven through the widgets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, QPoint, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCalendarWidget, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from cinchair.domain.agenda import StepKind
from cinchair.model import Attendance, Participant, ParticipantKind, SignedDocument
from cinchair.store.facade import Store
from cinchair.ui.app import make_main_window
from cinchair.ui.main_window import MainWindow
from cinchair.ui.meeting.window import MeetingPage
from cinchair.ui.widgets.signature_pad import SignatureDialog
from tests.factories import make_case, make_meeting

TODAY = date(2026, 11, 23)


@pytest.fixture
def meeting_id(store: Store) -> str:
    with store.transaction() as session:
        case = make_case(session, ref="NT-15", given="Zofia", family="Kowalska")
        meeting = make_meeting(session, case, held_on=TODAY)
        for order, (name, kind) in enumerate(
            [
                ("Anna Kowalska", ParticipantKind.PARENT_CARER),
                ("Sam Reid", ParticipantKind.PROFESSIONAL),
            ]
        ):
            session.add(
                Participant(
                    meeting_id=meeting.id,
                    name=name,
                    kind=kind,
                    role="Mother" if order == 0 else "Social Worker",
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
    return main


@pytest.fixture
def qt_warnings() -> Iterator[list[str]]:
    """Every message Qt logs while the test runs."""
    messages: list[str] = []

    def handler(_kind: QtMsgType, _context: object, message: str) -> None:
        messages.append(message)

    previous = qInstallMessageHandler(handler)
    yield messages
    qInstallMessageHandler(previous)


def _step(page: MeetingPage, kind: StepKind) -> int:
    return page.step_index(kind)


def test_redo_by_its_standard_key_with_no_ambiguous_shortcut(
    qtbot: QtBot, window: MainWindow, meeting_id: str, qt_warnings: list[str]
) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts go to the active window
    page = window.open_meeting(meeting_id)
    # the platform's own Redo keys, each once (Ctrl+Shift+Z on Linux is one of them)
    redo_keys = [k.toString() for k in page.redo_action.shortcuts()]
    assert redo_keys == [
        k.toString() for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    ]
    bound: dict[str, int] = {}
    for action in window.findChildren(QAction):
        for key in {k.toString() for k in action.shortcuts()}:
            bound[key] = bound.get(key, 0) + 1
    assert not {key: n for key, n in bound.items() if n > 1 and key}
    edit_texts = [a.text() for a in window.edit_menu.actions()]
    assert any(t.startswith("&Undo") for t in edit_texts)
    assert any(t.startswith("&Redo") for t in edit_texts)
    people = page.page(0)
    people.table.add()
    QApplication.processEvents()
    qtbot.keyClick(people.table.view, Qt.Key.Key_Escape)
    assert people.table.model.rowCount() == 3
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert people.table.model.rowCount() == 2
    qtbot.keyClick(
        page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert people.table.model.rowCount() == 3
    assert not [m for m in qt_warnings if "Ambiguous shortcut" in m]


def test_undo_and_redo_stay_in_the_edit_menu_with_no_meeting_open(
    qtbot: QtBot, window: MainWindow, meeting_id: str, qt_warnings: list[str]
) -> None:
    def undo_redo() -> list[QAction]:
        return [a for a in window.edit_menu.actions() if a.text().startswith(("&Undo", "&Redo"))]

    window.show()
    qtbot.waitExposed(window)
    idle = undo_redo()
    assert [a.text() for a in idle] == ["&Undo", "&Redo"]  # where a chair looks for them
    assert not any(a.isEnabled() for a in idle)  # greyed: nothing to undo on the case list
    assert [k.toString() for k in idle[0].shortcuts()] == [
        k.toString() for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)
    ]
    page = window.open_meeting(meeting_id)
    assert undo_redo() == [page.undo_action, page.redo_action]  # the meeting's own, once
    window.close_meeting()
    again = undo_redo()
    assert [a.text() for a in again] == ["&Undo", "&Redo"]
    assert not any(a.isEnabled() for a in again)
    assert window.edit_menu.actions()[-1] is window.preferences_action
    window.open_meeting(meeting_id)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not [m for m in qt_warnings if "Ambiguous shortcut" in m]


def test_a_new_point_opens_on_its_text_so_typed_words_are_kept(
    qtbot: QtBot, window: MainWindow, store: Store, meeting_id: str
) -> None:
    from cinchair.model import ChildVoice, Contribution

    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # keys go to the focus of the active window
    page = window.open_meeting(meeting_id)
    index = _step(page, StepKind.HEADING)
    page.go(index)
    points = page.page(index).tables[0]
    qtbot.mouseClick(points.add_button, Qt.MouseButton.LeftButton)
    editor = QApplication.focusWidget()
    assert editor is not None
    qtbot.keyClicks(editor, "Grandad Ron takes Leo to football every Saturday")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)
    with store.reading() as session:
        said = [c.text for c in session.query(Contribution)]
    assert said == ["Grandad Ron takes Leo to football every Saturday"]
    consent_voice = page.page(_step(page, StepKind.CONSENT_VOICE))
    page.go(_step(page, StepKind.CONSENT_VOICE))
    voices = consent_voice.tables[1]
    qtbot.mouseClick(voices.add_button, Qt.MouseButton.LeftButton)
    editor = QApplication.focusWidget()
    assert editor is not None
    qtbot.keyClicks(editor, "I like football")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)
    with store.reading() as session:
        assert [v.content for v in session.query(ChildVoice)] == ["I like football"]
    scaling = _step(page, StepKind.SCALING)
    page.go(scaling)
    scores = page.page(scaling).tables[0]
    qtbot.mouseClick(scores.add_button, Qt.MouseButton.LeftButton)
    score = scores.model.fields[scores.view.currentIndex().column()]
    assert score.kind == "score"  # the score, not the one-line reason after it


def test_rows_without_an_order_offer_no_move(
    qtbot: QtBot, window: MainWindow, store: Store, meeting_id: str, qt_warnings: list[str]
) -> None:
    page = window.open_meeting(meeting_id)
    consent_voice = page.page(_step(page, StepKind.CONSENT_VOICE))
    consents, voices = consent_voice.tables
    consents.add()
    qtbot.keyClick(consents.view, Qt.Key.Key_Escape)
    consents.add()
    qtbot.keyClick(consents.view, Qt.Key.Key_Escape)
    assert consents.up_button.isHidden() and consents.down_button.isHidden()
    assert not voices.up_button.isHidden()  # the child's views do have an order
    consents.view.setCurrentIndex(consents.model.index(0, 0))
    first = consents.current_id()
    qtbot.keyClick(consents.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert "Not saved" not in page.saved.text()
    assert consents.model.row_id(0) == first

    scaling = page.page(_step(page, StepKind.SCALING))
    table = scaling.tables[0]
    assert table.up_button.isHidden() and table.down_button.isHidden()


def test_alt_down_in_a_drop_down_cell_opens_the_drop_down(
    qtbot: QtBot, window: MainWindow, meeting_id: str
) -> None:
    window.show()
    qtbot.waitExposed(window)
    page = window.open_meeting(meeting_id)
    consents = page.page(_step(page, StepKind.CONSENT_VOICE)).tables[0]
    consents.add()
    qtbot.keyClick(consents.view, Qt.Key.Key_Escape)
    consents.view.setCurrentIndex(consents.model.index(0, 1))  # "Consent": a drop-down
    consents.view.setFocus()
    qtbot.keyClick(consents.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    editor = consents.view.indexWidget(consents.view.currentIndex())
    assert isinstance(editor, QComboBox)
    qtbot.waitUntil(lambda: editor.view().isVisible(), timeout=1000)
    editor.hidePopup()
    assert "Not saved" not in page.saved.text()


def test_a_plan_end_typed_after_tab_from_visits_is_kept_as_typed(
    qtbot: QtBot, window: MainWindow, store: Store, meeting_id: str
) -> None:
    from cinchair.model import Meeting

    window.show()
    qtbot.waitExposed(window)
    page = window.open_meeting(meeting_id)
    page.go(_step(page, StepKind.PLAN))
    plan = page.page(_step(page, StepKind.PLAN))
    plan.visits.setFocus()
    qtbot.waitUntil(plan.visits.hasFocus)
    qtbot.keyClick(plan.visits, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(plan.visits, "1")
    assert plan.visits.text() == "1 day"  # not "1 days"
    qtbot.keyClick(plan.visits, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is plan.end.line
    plan.end.line.selectAll()
    qtbot.keyClicks(plan.end.line, "15/01/2027")
    qtbot.keyClick(plan.end.line, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is plan.contingency
    plan.flush()
    with store.reading() as session:
        saved = session.get(Meeting, meeting_id).plan_version
        assert saved.plan_end_target == date(2027, 1, 15)
        assert saved.visit_every_days == 1
    # what cannot be read is refused in words and never saved as another date
    plan.end.line.setFocus()
    plan.end.line.selectAll()
    qtbot.keyClicks(plan.end.line, "31/02/2027")
    qtbot.keyClick(plan.end.line, Qt.Key.Key_Tab)
    plan.flush()
    assert plan.end.error()
    assert plan.end.error_label.isVisible()
    assert plan.end.text() == "31/02/2027"
    # the foot line does not say "All changes saved" over what was refused
    assert "Not saved: Plan end target" in page.saved.text()
    with store.reading() as session:
        assert session.get(Meeting, meeting_id).plan_version.plan_end_target == date(2027, 1, 15)


def _signature_dialog(qtbot: QtBot, answers: list[object]) -> SignatureDialog:
    dialog = SignatureDialog(
        name="Anna Kowalska",
        role="Mother",
        documents=[SignedDocument.MINUTES],
        save=answers.append,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # the pad's Ctrl+Z is a shortcut
    return dialog


def _stroke(qtbot: QtBot, pad: QWidget) -> None:
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(100, 60))
    for x in range(110, 300, 20):
        QTest.mouseMove(pad, QPoint(x, 80))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(300, 80))


def test_enter_after_drawing_accepts_the_signature_and_never_clears_it(qtbot: QtBot) -> None:
    answers: list[object] = []
    dialog = _signature_dialog(qtbot, answers)
    _stroke(qtbot, dialog.pad)
    assert not dialog.clear_button.isDefault() and not dialog.clear_button.autoDefault()
    dialog.pad.setFocus()
    qtbot.keyClick(dialog.pad, Qt.Key.Key_Return)
    assert len(answers) == 1
    assert answers[0].strokes  # type: ignore[attr-defined]


def test_a_cleared_signature_comes_back_with_undo(qtbot: QtBot) -> None:
    answers: list[object] = []
    dialog = _signature_dialog(qtbot, answers)
    _stroke(qtbot, dialog.pad)
    drawn = dialog.pad.strokes()
    qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    assert dialog.pad.is_empty()
    assert dialog.undo_button.isEnabled()
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert dialog.pad.strokes() == drawn
    # Ctrl+Z on the pad does the same
    qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    dialog.pad.setFocus()
    qtbot.keyClick(dialog.pad, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.pad.strokes() == drawn


def test_a_reopened_meeting_starts_where_the_chair_left_it(
    window: MainWindow, meeting_id: str
) -> None:
    page = window.open_meeting(meeting_id)
    scaling = _step(page, StepKind.SCALING)
    page.go(scaling)
    window.close_meeting()
    page = window.open_meeting(meeting_id)
    assert page.step_list.currentRow() == scaling
    assert page.stack.currentIndex() == scaling


def test_the_outcome_is_saved_as_it_is_typed(
    qtbot: QtBot, window: MainWindow, store: Store, meeting_id: str
) -> None:
    from cinchair.model import Meeting

    page = window.open_meeting(meeting_id)
    index = _step(page, StepKind.OUTCOME)
    page.go(index)
    outcome = page.page(index)
    assert not outcome.rationale.isEnabled()  # choose first: nothing typed waits unsaved
    continue_at = next(i for i, o in enumerate(outcome.options) if o.key == "continue")
    outcome.group.button(continue_at).click()
    with store.reading() as session:
        assert session.get(Meeting, meeting_id).decision.option_key == "continue"
    assert "the reasons" in outcome.gaps.text()
    assert "Outcome: the reasons" in [item.label for item in page.missing]
    outcome.rationale.setFocus()
    qtbot.keyClicks(outcome.rationale, "Attendance is up; keep going.")

    def saved() -> bool:
        with store.reading() as session:
            decision = session.get(Meeting, meeting_id).decision
            return decision.rationale == "Attendance is up; keep going."

    qtbot.waitUntil(saved, timeout=2000)  # no button pressed: the pause saves it
    assert "recorded" in outcome.gaps.text()
    # typed, then closed at once: closing saves what the pause had not yet
    qtbot.keyClicks(outcome.rationale, " Review in six weeks.")
    window.close_meeting()
    with store.reading() as session:
        decision = session.get(Meeting, meeting_id).decision
        assert decision.rationale == "Attendance is up; keep going. Review in six weeks."
        assert decision.next_review_on is not None


def test_the_strategy_warning_stays_unmissable_and_the_headings_differ(
    window: MainWindow, meeting_id: str
) -> None:
    from cinchair.ui.meeting.outcome_page import _OptionHeading

    page = window.open_meeting(meeting_id)
    index = _step(page, StepKind.OUTCOME)
    page.go(index)
    outcome = page.page(index)
    headings = [label.text() for label in outcome.findChildren(_OptionHeading)]
    assert len(headings) == len(outcome.options) == 4
    assert len(set(headings)) == len(headings)
    strategy = next(i for i, o in enumerate(outcome.options) if o.key == "strategy-discussion")
    outcome.group.button(strategy).click()
    assert outcome.alarm.isVisibleTo(outcome)
    assert "strategy discussion is needed NOW" in outcome.alarm.text()


def _type_in_cell(qtbot: QtBot, table: Any, row: int, column: int, text: str) -> QLineEdit:
    view = table.view
    view.setFocus()
    view.setCurrentIndex(table.model.index(row, column))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.indexWidget(view.currentIndex())
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)  # the delegate commits on the event loop
    return editor


def test_a_new_score_is_empty_until_chosen_and_11_is_refused(
    qtbot: QtBot, window: MainWindow, store: Store, meeting_id: str
) -> None:
    from cinchair.model import ScalingScore

    window.show()
    qtbot.waitExposed(window)
    page = window.open_meeting(meeting_id)
    index = _step(page, StepKind.SCALING)
    page.go(index)
    table = page.page(index).tables[0]
    table.add()
    qtbot.keyClick(table.view, Qt.Key.Key_Escape)
    with store.reading() as session:
        assert [s.score for s in session.query(ScalingScore)] == [None]
    assert any("not yet scored" in item.label for item in page.missing)
    score_column = next(i for i, f in enumerate(table.model.fields) if f.attr == "score")
    assert table.model.data(table.model.index(0, score_column)) == ""
    editor = _type_in_cell(qtbot, table, 0, score_column, "11")
    assert table.view.indexWidget(table.view.currentIndex()) is editor  # kept open
    assert table.problem.isVisibleTo(table) and "0 to 10" in table.problem.text()
    assert "Not saved" in page.saved.text() and "All changes saved" not in page.saved.text()
    with store.reading() as session:
        assert [s.score for s in session.query(ScalingScore)] == [None]
    editor.selectAll()
    qtbot.keyClicks(editor, "7")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)
    with store.reading() as session:
        assert [s.score for s in session.query(ScalingScore)] == [7]
    assert "All changes saved" in page.saved.text()
    assert not any("not yet scored" in item.label for item in page.missing)


@pytest.mark.parametrize(
    "typed", ["15/01/2027", "15/1/27", "15 Jan 2027", "15 January 2027", "2027-01-15"]
)
def test_an_actions_date_is_taken_as_uk_users_type_it(
    qtbot: QtBot, window: MainWindow, store: Store, meeting_id: str, typed: str
) -> None:
    from cinchair.model import PlanAction

    window.show()
    qtbot.waitExposed(window)
    page = window.open_meeting(meeting_id)
    index = _step(page, StepKind.PLAN)
    page.go(index)
    plan = page.page(index)
    plan.outcomes.add()
    qtbot.keyClick(plan.outcomes.view, Qt.Key.Key_Escape)
    plan.action_table.add()
    qtbot.keyClick(plan.action_table.view, Qt.Key.Key_Escape)
    due = next(i for i, f in enumerate(plan.action_table.model.fields) if f.attr == "due_on")
    _type_in_cell(qtbot, plan.action_table, 0, due, typed)
    with store.reading() as session:
        assert [a.due_on for a in session.query(PlanAction)] == [date(2027, 1, 15)]
    editor = _type_in_cell(qtbot, plan.action_table, 0, due, "31/02/2027")
    assert plan.action_table.view.indexWidget(plan.action_table.view.currentIndex()) is editor
    assert "By when" in plan.action_table.problem.text()
    assert "not a real day" in plan.action_table.problem.text()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    with store.reading() as session:
        assert [a.due_on for a in session.query(PlanAction)] == [date(2027, 1, 15)]


def test_an_actions_date_cell_has_the_f4_calendar_by_keyboard(
    qtbot: QtBot, window: MainWindow, store: Store, meeting_id: str
) -> None:
    from cinchair.model import PlanAction

    window.show()
    qtbot.waitExposed(window)
    page = window.open_meeting(meeting_id)
    index = _step(page, StepKind.PLAN)
    page.go(index)
    plan = page.page(index)
    plan.outcomes.add()
    qtbot.keyClick(plan.outcomes.view, Qt.Key.Key_Escape)
    plan.action_table.add()
    qtbot.keyClick(plan.action_table.view, Qt.Key.Key_Escape)
    due = next(i for i, f in enumerate(plan.action_table.model.fields) if f.attr == "due_on")
    _type_in_cell(qtbot, plan.action_table, 0, due, "15/01/2027")
    view = plan.action_table.view
    view.setFocus()
    view.setCurrentIndex(plan.action_table.model.index(0, due))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.indexWidget(view.currentIndex())
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_F4)  # as in the form's date fields
    popup = QApplication.activePopupWidget()
    assert popup is not None and popup.isVisible()
    calendar = popup.findChild(QCalendarWidget)
    assert calendar is not None
    assert calendar.selectedDate() == QDate(2027, 1, 15)  # opens on the date in the cell
    assert view.indexWidget(view.currentIndex()) is editor  # the cell stays open under it
    keys_go_to = QApplication.focusWidget()
    assert keys_go_to is not None and calendar.isAncestorOf(keys_go_to)
    qtbot.keyClick(keys_go_to, Qt.Key.Key_Right)
    qtbot.keyClick(keys_go_to, Qt.Key.Key_Return)
    qtbot.wait(20)
    assert QApplication.activePopupWidget() is None
    with store.reading() as session:
        assert [a.due_on for a in session.query(PlanAction)] == [date(2027, 1, 16)]
    assert view.indexWidget(view.currentIndex()) is None  # taken, saved and closed
    assert "16 Jan 2027" in str(plan.action_table.model.index(0, due).data())


def test_an_actions_role_comes_from_the_person_chosen_unless_typed(
    qtbot: QtBot, window: MainWindow, store: Store, meeting_id: str
) -> None:
    from cinchair.model import PlanAction

    page = window.open_meeting(meeting_id)
    index = _step(page, StepKind.PLAN)
    page.go(index)
    plan = page.page(index)
    plan.outcomes.add()
    qtbot.keyClick(plan.outcomes.view, Qt.Key.Key_Escape)
    model = plan.action_table.model
    owner = next(i for i, f in enumerate(model.fields) if f.attr == "owner_name")
    role = next(i for i, f in enumerate(model.fields) if f.attr == "owner_role")
    for _ in range(2):
        plan.action_table.add()
        qtbot.keyClick(plan.action_table.view, Qt.Key.Key_Escape)
    model.setData(model.index(1, role), "School nurse", Qt.ItemDataRole.EditRole)
    for row in (0, 1):
        model.setData(model.index(row, owner), "Sam Reid", Qt.ItemDataRole.EditRole)
    with store.reading() as session:
        roles = [a.owner_role for a in session.query(PlanAction).order_by(PlanAction.sort_order)]
    assert roles == ["Social Worker, Children's Services", "School nurse"]
    assert model.data(model.index(0, role)) == "Social Worker, Children's Services"


def test_a_senior_practitioner_gets_one_line_and_the_policy_behind_why(
    qtbot: QtBot, store: Store, meeting_id: str
) -> None:
    from cinchair.model import Case, ChairRole
    from cinchair.ui.meeting.start import StartMeetingDialog

    with store.reading() as session:
        case_id = session.query(Case).one().id
    dialog = StartMeetingDialog(store, case_id, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.role.setCurrentIndex(dialog.role.findData(ChairRole.SENIOR_PRACTITIONER))
    line = dialog.warning.text()
    assert line.startswith("⚠ North Tyneside Council expects")
    assert "\n" not in line and len(line) < 140  # one proportionate line
    assert not dialog.warning.font().bold()
    assert dialog.why.isVisibleTo(dialog)
    box = dialog.explain()
    qtbot.addWidget(box)
    assert "usually chairs" in box.informativeText()  # the council's note and its words
    box.close()
    dialog.role.setCurrentIndex(dialog.role.findData(ChairRole.SOCIAL_WORKER))
    assert not dialog.warning.isVisibleTo(dialog) and not dialog.why.isVisibleTo(dialog)


def test_a_meeting_date_typed_the_uk_way_starts_that_day(
    qtbot: QtBot, store: Store, meeting_id: str
) -> None:
    from cinchair.model import Case, Meeting
    from cinchair.ui.meeting.start import StartMeetingDialog

    with store.reading() as session:
        case_id = session.query(Case).one().id
    dialog = StartMeetingDialog(store, case_id, TODAY)
    qtbot.addWidget(dialog)
    dialog.chair.setText("Sam Reid")
    dialog.day.line.setText("32/01/2027")
    dialog.start()
    assert dialog.meeting_id is None and "Date:" in dialog.problem.text()
    dialog.day.line.setText("15 Jan 2027")
    dialog.start()
    with store.reading() as session:
        assert session.get(Meeting, dialog.meeting_id).held_on == date(2027, 1, 15)


def test_the_childs_words_are_typed_in_a_box_that_grows_with_them(
    qtbot: QtBot, window: MainWindow, store: Store, meeting_id: str
) -> None:
    from cinchair.model import ChildVoice
    from cinchair.ui.meeting.cell_editors import GrowingTextEditor

    window.resize(1200, 760)
    window.show()
    qtbot.waitExposed(window)
    page = window.open_meeting(meeting_id)
    index = _step(page, StepKind.CONSENT_VOICE)
    page.go(index)
    voices = page.page(index).tables[1]
    voices.add()
    qtbot.keyClick(voices.view, Qt.Key.Key_Escape)
    said = next(i for i, f in enumerate(voices.model.fields) if f.attr == "content")
    voices.view.setCurrentIndex(voices.model.index(0, said))
    qtbot.keyClick(voices.view, Qt.Key.Key_F2)
    box = voices.view.indexWidget(voices.view.currentIndex())
    assert isinstance(box, GrowingTextEditor)
    opened_at = box.height()
    words = "I like it when Mum walks me to school and we see the big dog on the corner " * 3
    qtbot.keyClicks(box, words.strip())
    assert box.height() > opened_at  # grown: every word typed is in sight
    assert box.horizontalScrollBar().maximum() == 0  # wrapped, never scrolled sideways

    def saved() -> bool:
        with store.reading() as session:
            return session.query(ChildVoice).one().content == words.strip()

    qtbot.waitUntil(saved, timeout=2000)  # saved after the pause, the box still open
    qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(box, "Gran too.")
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter saves and closes
    qtbot.wait(20)
    assert voices.view.indexWidget(voices.view.currentIndex()) is None
    with store.reading() as session:
        assert session.query(ChildVoice).one().content == words.strip() + "\nGran too."
