"""Driving a meeting through the real widgets, offscreen, and checking what the store holds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from cinchair.demo import build_demo
from cinchair.domain.bidi import plain
from cinchair.model import Case, Contribution, Meeting, MeetingKind, MeetingStatus
from cinchair.store.facade import Store, sqlite_url
from cinchair.ui.app import make_main_window, remember_open_meeting, reopen_meeting
from cinchair.ui.meeting.cell_editors import GrowingTextEditor
from cinchair.ui.meeting.rows import RowTable
from cinchair.ui.meeting.start import StartMeetingDialog
from tests.signing_kit import sign_off_as_chair

TODAY = date(2026, 11, 23)


def _start_review(qtbot, window, store) -> str:
    with store.reading() as session:
        case_id = session.query(Case).one().id
    dialog = StartMeetingDialog(store, case_id, TODAY, window)
    qtbot.addWidget(dialog)
    assert dialog.kind.currentData() == MeetingKind.REVIEW  # the case already has meetings
    qtbot.keyClicks(dialog.chair, "Priya Shah")
    qtbot.keyClicks(dialog.venue, "Family home")
    dialog.start()
    assert dialog.meeting_id is not None
    return dialog.meeting_id


def _type_into_cell(qtbot, table, row: int, column: int, text: str) -> None:
    view = table.view
    view.setCurrentIndex(table.model.index(row, column))
    view.edit(view.currentIndex())
    editor = view.indexWidget(view.currentIndex())
    assert isinstance(editor, QLineEdit | GrowingTextEditor)
    editor.selectAll()
    typed = text.encode("utf-16-le", "surrogatepass")
    ascii_part = "".join(ch for ch in text if ord(ch) < 0x10000)
    qtbot.keyClicks(editor, ascii_part)  # QTest cannot type astral characters (emoji)
    if len(typed) // 2 != len(ascii_part):
        editor.setText(text)  # what an input method would deliver for the emoji
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)  # the delegate commits on the event loop


def _said_by_picker(qtbot: QtBot, points: RowTable) -> QComboBox:
    """A new point opens on its text; the chair goes back to "Said by" to choose who."""
    text = points.view.indexWidget(points.view.currentIndex())
    assert not isinstance(text, QComboBox)  # typing goes into the point, not the list
    qtbot.keyClick(text, Qt.Key.Key_Escape)
    points.view.setCurrentIndex(points.model.index(points.model.rowCount() - 1, 0))
    qtbot.keyClick(points.view, Qt.Key.Key_F2)
    picker = points.view.indexWidget(points.view.currentIndex())
    assert isinstance(picker, QComboBox)
    return picker


def test_a_whole_review_through_the_widgets(qtbot, demo_store) -> None:
    store, _demo = demo_store
    window = make_main_window(store, today=TODAY)
    qtbot.addWidget(window)
    meeting_id = _start_review(qtbot, window, store)
    page = window.open_meeting(meeting_id)
    assert page.step_list.item(0).text() == "1. Who is here  (empty)"

    people = page.page(0)
    people.copy_previous()  # last meeting's people offered as a start
    assert people.table.model.rowCount() == 9
    assert page.step_list.item(0).text() == "1. Who is here"

    # a point under "What are we worried about?", typed into the table, attributed
    worried = page.step_index(page.steps[0].kind.HEADING, "worried")
    page.go(worried)
    points = page.page(worried).tables[0]
    qtbot.mouseClick(points.add_button, Qt.MouseButton.LeftButton)
    editor = _said_by_picker(qtbot, points)
    editor.setCurrentIndex(editor.findText("Katarzyna Nowak (Mother)"))
    editor.activated.emit(editor.currentIndex())  # as choosing from the list does
    qtbot.wait(20)
    _type_into_cell(qtbot, points, 0, 1, "Bedtime <late> & {{ work }} nights 😟")
    with store.reading() as session:
        saved = session.query(Contribution).filter_by(meeting_id=meeting_id).one()
        assert saved.text == "Bedtime <late> & {{ work }} nights 😟"
        assert saved.participant.name == "Katarzyna Nowak"
        saved_id, saved_text = saved.id, saved.text

    # remove it, and Ctrl+Z brings it back exactly
    points.view.setCurrentIndex(points.model.index(0, 1))
    points.view.setFocus()
    qtbot.keyClick(points.view, Qt.Key.Key_Delete)
    with store.reading() as session:
        assert session.query(Contribution).filter_by(meeting_id=meeting_id).count() == 0
    page.undo()
    with store.reading() as session:
        assert session.get(Contribution, saved_id).text == saved_text

    # outcome: continue, with reasons, on the proposed date
    outcome_index = page.step_index(page.steps[-2].kind)
    page.go(outcome_index)
    outcome = page.page(outcome_index)
    continue_at = next(i for i, o in enumerate(outcome.options) if o.key == "continue")
    outcome.group.button(continue_at).click()
    qtbot.keyClicks(outcome.rationale, "Progress is steady; keep going.")  # saved as typed

    # a date before the meeting is a SMART problem, shown beside its row; fix it, sign off
    plan_index = page.step_index(page.steps[-3].kind)
    page.go(plan_index)
    plan = page.page(plan_index)
    with store.reading() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting.decision.option_key == "continue"
        assert meeting.decision.next_review_on == date(2027, 1, 4)  # 6 weeks on
        action_id = meeting.plan_version.outcomes[0].actions[0].id
    from cinchair.model import PlanAction

    page.draft.set(PlanAction, action_id, due_on=date(2026, 11, 1))
    assert action_id in plan.action_table.model.findings
    assert plan.action_table.model.data(plan.action_table.model.index(0, 0)).startswith("⚠")
    page.draft.set(PlanAction, action_id, due_on=date(2027, 1, 8))
    assert action_id not in plan.action_table.model.findings
    assert plan.findings.item(0).text().startswith("No problems")

    sign = page.page(len(page.steps) - 1)
    page.go(len(page.steps) - 1)
    sign_off_as_chair(qtbot, sign)  # the chair draws their signature, last
    with store.reading() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting.status is MeetingStatus.SIGNED
        assert meeting.plan_version.is_agreed
    assert "Signed off by Priya Shah" in plain(sign.state.text())


def test_the_unfinished_meeting_reopens_after_a_crash(qtbot, demo_store) -> None:
    store, _demo = demo_store
    window = make_main_window(store, today=TODAY)
    qtbot.addWidget(window)
    meeting_id = _start_review(qtbot, window, store)
    window.open_meeting(meeting_id)
    window.deleteLater()  # the app dies without closing the meeting

    again = make_main_window(store, today=TODAY)
    qtbot.addWidget(again)
    reopen_meeting(again)
    assert again.meeting is not None and again.meeting.draft.meeting_id == meeting_id
    again.close_meeting()
    remember_open_meeting(None)


@pytest.mark.slow
def test_screenshots_of_every_step(qapp, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    from cinchair.ui.screenshots import SIZE, take

    written = take(tmp_path / "shots")
    assert [p.name for p in written][:2] == ["00-case-list.png", "01-people.png"]
    # the case list, the review's ten steps, the signature pad, the family view twice,
    # today's review in progress twice (the stepper's "!") and the dialogs: New case,
    # Start meeting (for the chosen case), Preferences
    assert len(written) == 19
    assert [p.name for p in written][-5:] == [
        "14-in-progress-people.png",
        "15-in-progress-outcome.png",
        "16-dialog-new-case.png",
        "17-dialog-start-meeting.png",
        "18-dialog-preferences.png",
    ]
    image = QImage(str(written[1]))
    assert (image.width(), image.height()) == SIZE


def test_signed_meeting_is_shown_read_only(qtbot, demo_store) -> None:
    store, demo = demo_store
    window = make_main_window(store, today=TODAY)
    qtbot.addWidget(window)
    page = window.open_meeting(demo.meeting_ids[-1])
    people = page.page(0).tables[0]
    assert not people.add_button.isEnabled()
    assert not people.model.flags(people.model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def _fill_start_dialog(qtbot, chair: str) -> None:
    """Answer the modal Start dialog that Ctrl+M opens, as the chair would, by keyboard."""
    from PySide6.QtWidgets import QApplication

    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, StartMeetingDialog)
    assert dialog.kind.currentData() == MeetingKind.INITIAL_PLANNING  # no meetings yet
    qtbot.keyClicks(dialog.chair, chair)
    qtbot.keyClicks(dialog.venue, "Family home")
    qtbot.keyClick(dialog.chair, Qt.Key.Key_Return)  # the default button: Start meeting


def _cell_by_keys(qtbot, table, row: int, column: int, text: str) -> None:
    """Open a cell with F2, type, and pause: the pause alone must save it."""
    view = table.view
    view.setFocus()
    view.setCurrentIndex(table.model.index(row, column))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.indexWidget(view.currentIndex())
    assert isinstance(editor, QLineEdit | GrowingTextEditor)
    qtbot.keyClicks(editor, text)
    index = view.currentIndex()
    # saved after the pause in typing, while the cell is still open
    qtbot.waitUntil(lambda: index.data(Qt.ItemDataRole.EditRole) == text, timeout=1000)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


@pytest.mark.slow
def test_a_whole_initial_planning_meeting_through_the_widgets(qtbot, store) -> None:
    from PySide6.QtCore import QTimer

    from cinchair.model import Participant, ScalingScore
    from tests.factories import make_case

    with store.transaction() as session:
        make_case(session, ref="NT-77", given="Zofia", family="Kowalska")
    window = make_main_window(store, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # menu shortcuts go to the active window
    table = window.case_list.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Home)  # the first (only) case
    assert window.case_list.selected_case().case_ref == "NT-77"
    QTimer.singleShot(0, lambda: _fill_start_dialog(qtbot, "Sam Reid"))
    qtbot.keyClick(table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    page = window.meeting
    assert page is not None
    meeting_id = page.draft.meeting_id

    # who is here: two people typed in, one usual agency added
    people = page.page(0)
    for row, name in enumerate(["Anna Kowalska", "Sam Reid"]):
        qtbot.keyClick(people.table.view, Qt.Key.Key_Insert)
        qtbot.keyClick(people.table.view, Qt.Key.Key_Escape)  # leave the new row's first cell
        _cell_by_keys(qtbot, people.table, row, 0, name)
    people.agency.setCurrentIndex(people.agency.findText("School", Qt.MatchFlag.MatchContains))
    people.add_agency()
    qtbot.keyClick(people.table.view, Qt.Key.Key_Escape)
    _cell_by_keys(qtbot, people.table, 2, 0, "Mr Ó Briain")

    # consent and the child's voice
    qtbot.keyClick(page, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    consent_voice = page.page(1)
    consents, voice = consent_voice.tables
    qtbot.mouseClick(consents.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(consents.view, Qt.Key.Key_Escape)
    _cell_by_keys(qtbot, consents, 0, 0, "Anna Kowalska")
    qtbot.mouseClick(voice.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(voice.view, Qt.Key.Key_Escape)
    _cell_by_keys(qtbot, voice, 0, 2, "I like it when Mum walks me to school")

    # one point under each framework heading, said by Anna
    for step_index, step in enumerate(page.steps):
        if step.kind is not step.kind.HEADING:
            continue
        page.go(step_index)
        points = page.page(step_index).tables[0]
        qtbot.mouseClick(points.add_button, Qt.MouseButton.LeftButton)
        picker = _said_by_picker(qtbot, points)
        picker.setCurrentIndex(picker.findText("Anna Kowalska", Qt.MatchFlag.MatchStartsWith))
        picker.activated.emit(picker.currentIndex())
        qtbot.wait(20)
        _cell_by_keys(qtbot, points, 0, 1, f"Point under {step.title}")

    # scaling: Anna scores 6
    scaling_index = page.step_index(page.steps[0].kind.SCALING)
    page.go(scaling_index)
    scores = page.page(scaling_index).tables[0]
    qtbot.mouseClick(scores.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(scores.view, Qt.Key.Key_Escape)
    assert scores.model.data(scores.model.index(0, 1)) == ""  # unscored until Anna says
    scores.view.setCurrentIndex(scores.model.index(0, 1))
    qtbot.keyClick(scores.view, Qt.Key.Key_F2)
    qtbot.keyClicks(scores.view.indexWidget(scores.view.currentIndex()), "6")
    qtbot.keyClick(scores.view.indexWidget(scores.view.currentIndex()), Qt.Key.Key_Return)
    qtbot.wait(20)  # the delegate commits on the event loop
    _cell_by_keys(qtbot, scores, 0, 2, "Mornings are calmer")

    # the plan: one outcome, one action with an owner and a date, particulars
    plan_index = page.step_index(page.steps[0].kind.PLAN)
    page.go(plan_index)
    plan = page.page(plan_index)
    qtbot.mouseClick(plan.outcomes.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(plan.outcomes.view, Qt.Key.Key_Escape)
    _cell_by_keys(qtbot, plan.outcomes, 0, 0, "Zofia gets to school on time")
    _cell_by_keys(qtbot, plan.outcomes, 0, 1, "Zofia is at school by 8:45 every day")
    _cell_by_keys(qtbot, plan.outcomes, 0, 2, "Attendance of 95% or more over 6 weeks")
    plan.outcomes.view.setCurrentIndex(plan.outcomes.model.index(0, 0))
    qtbot.mouseClick(plan.action_table.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(plan.action_table.view, Qt.Key.Key_Escape)
    _cell_by_keys(qtbot, plan.action_table, 0, 0, "Morning routine chart made with Zofia")
    plan.action_table.view.setCurrentIndex(plan.action_table.model.index(0, 1))
    plan.action_table.view.edit(plan.action_table.view.currentIndex())
    owner = plan.action_table.view.indexWidget(plan.action_table.view.currentIndex())
    owner.setCurrentIndex(owner.findText("Sam Reid", Qt.MatchFlag.MatchStartsWith))
    owner.activated.emit(owner.currentIndex())
    qtbot.wait(20)
    plan.action_table.view.setCurrentIndex(plan.action_table.model.index(0, 3))
    plan.action_table.view.edit(plan.action_table.view.currentIndex())
    due = plan.action_table.view.indexWidget(plan.action_table.view.currentIndex())
    qtbot.keyClicks(due, "18/12/2026")  # typed the UK way
    qtbot.keyClick(due, Qt.Key.Key_Return)
    qtbot.wait(20)
    qtbot.keyClicks(plan.lead, "Sam Reid")
    qtbot.keyClicks(plan.lead_role, "Social worker")
    plan.visits.setFocus()
    plan.visits.selectAll()
    qtbot.keyClicks(plan.visits, "10")
    qtbot.keyClicks(plan.contingency, "If mornings slip, a family network meeting within a week.")
    qtbot.wait(600)
    assert plan.findings.item(0).text().startswith("No problems"), plan.findings.item(0).text()

    # outcome: continue; the next review date is proposed by the council's rules
    outcome_index = page.step_index(page.steps[0].kind.OUTCOME)
    page.go(outcome_index)
    outcome = page.page(outcome_index)
    continue_at = next(i for i, o in enumerate(outcome.options) if o.key == "continue")
    outcome.group.button(continue_at).click()
    qtbot.keyClicks(outcome.rationale, "A plan is in place; review in six weeks.")

    sign_index = len(page.steps) - 1
    page.go(sign_index)
    sign_off_as_chair(qtbot, page.page(sign_index))

    with store.reading() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting.kind is MeetingKind.INITIAL_PLANNING
        assert meeting.status is MeetingStatus.SIGNED
        assert meeting.chair_name == "Sam Reid" and meeting.venue == "Family home"
        names = [p.name for p in session.query(Participant).filter_by(meeting_id=meeting_id)]
        assert names == ["Anna Kowalska", "Sam Reid", "Mr Ó Briain"]
        assert meeting.consents[0].given_by == "Anna Kowalska"
        assert meeting.child_voice[0].content == "I like it when Mum walks me to school"
        headings = {c.heading_key: c for c in meeting.contributions}
        assert set(headings) == {s.heading_key for s in page.steps if s.heading_key}
        assert all(c.participant.name == "Anna Kowalska" for c in headings.values())
        score = session.query(ScalingScore).filter_by(meeting_id=meeting_id).one()
        assert score.participant.name == "Anna Kowalska" and score.reason == "Mornings are calmer"
        assert score.score == 6
        plan_version = meeting.plan_version
        assert plan_version.number == 1 and plan_version.is_agreed
        assert plan_version.lead_professional_name == "Sam Reid"
        assert plan_version.visit_every_days == 10
        (only,) = plan_version.outcomes
        assert only.progress_measure == "Attendance of 95% or more over 6 weeks"
        (action,) = only.actions
        assert (action.owner_name, action.due_on) == ("Sam Reid", date(2026, 12, 18))
        assert meeting.decision.option_key == "continue"
        assert meeting.decision.next_review_on == date(2027, 1, 4)


TYPIST = r"""
import sys, time
from datetime import date
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from cinchair.store.facade import Store, sqlite_url
from cinchair.ui.app import make_main_window

app = QApplication([])
store = Store.open(sqlite_url(sys.argv[1]))
window = make_main_window(store, today=date(2026, 11, 23))
window.show()
page = window.open_meeting(sys.argv[2])
worried = next(i for i, s in enumerate(page.steps) if s.heading_key == "worried")
page.go(worried)
points = page.page(worried).tables[0]
points.add()
QTest.keyClick(points.view, Qt.Key.Key_Escape)
points.view.setCurrentIndex(points.model.index(0, 1))
points.view.edit(points.view.currentIndex())
editor = points.view.indexWidget(points.view.currentIndex())
for ch in "Mornings are still a struggle":
    QTest.keyClick(editor, ch)
    QTest.qWait(30)
QTest.qWait(1200)  # a pause: this much must survive
for ch in " and the tail is lost":
    QTest.keyClick(editor, ch)
print("typing", flush=True)
time.sleep(60)  # killed long before this ends
"""


@pytest.mark.slow
def test_a_forced_kill_while_typing_loses_at_most_the_last_second(qapp, tmp_path: Path) -> None:
    """kill -9 in the middle of a sentence: the words before the last pause are in the store,
    the store is sound, and the next start reopens the meeting."""
    import os
    import signal
    import subprocess
    import sys

    from cinchair.store.audit import verify_chain

    demo = build_demo(tmp_path / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path)) as store:
        with store.reading() as session:
            case_id = session.query(Case).one().id
        from cinchair.meetings import lifecycle as meetings
        from cinchair.model import ChairRole
        from cinchair.profiles import get_profile

        with store.transaction() as session:
            case = session.get(Case, case_id)
            started = meetings.start_meeting(
                session,
                case,
                get_profile(case.profile_id),
                kind=MeetingKind.REVIEW,
                held_on=TODAY,
                chair_name="Priya Shah",
                chair_role=ChairRole.SOCIAL_WORKER,
            )
            session.flush()
            meeting_id = started.meeting.id

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen(
        [sys.executable, "-c", TYPIST, str(demo.store_path), meeting_id],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        line = child.stdout.readline()
        assert line.strip() == "typing", child.stderr.read()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL

    with Store.open(sqlite_url(demo.store_path)) as store:
        with store.reading() as session:
            point = session.query(Contribution).filter_by(meeting_id=meeting_id).one()
            assert point.text == "Mornings are still a struggle"
            assert verify_chain(session) == []
        window = make_main_window(store, today=TODAY)
        reopen_meeting(window)  # the next start goes back to the unfinished meeting
        assert window.meeting is not None and window.meeting.draft.meeting_id == meeting_id
        window.close_meeting()
        window.deleteLater()


def test_tab_follows_the_plan_page_as_it_reads(qtbot, demo_store) -> None:
    store, _demo = demo_store
    window = make_main_window(store, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page = window.open_meeting(_start_review(qtbot, window, store))
    plan_index = page.step_index(page.steps[0].kind.PLAN)
    page.go(plan_index)
    plan = page.page(plan_index)
    plan.lead.setFocus()
    qtbot.waitUntil(plan.lead.hasFocus)
    seen = []
    for _ in range(8):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if not seen or seen[-1] is not widget:  # a date takes a Tab per part (day, month, year)
            seen.append(widget)
    assert seen[:4] == [plan.lead_role, plan.visits, plan.end.line, plan.contingency]


def test_a_blanked_name_keeps_the_name_it_had(qtbot, demo_store) -> None:
    """A person's name cannot be empty; clearing the cell must not lose the row or crash."""
    store, _demo = demo_store
    window = make_main_window(store, today=TODAY)
    qtbot.addWidget(window)
    page = window.open_meeting(_start_review(qtbot, window, store))
    people = page.page(0)
    people.copy_previous()
    model = people.table.model
    name_column = next(i for i, f in enumerate(model.fields) if f.attr == "name")
    index = model.index(0, name_column)
    before = model.data(index)
    assert before
    assert model.setData(index, "   ", Qt.ItemDataRole.EditRole) is False
    assert model.data(index) == before
    with store.reading() as session:
        from cinchair.model import Participant

        assert before in {p.name for p in session.query(Participant).all()}
