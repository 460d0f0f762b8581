"""Driving a meeting through the real widgets, offscreen, and checking what the store holds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from cinchair.demo import build_demo
from cinchair.model import Case, Contribution, Meeting, MeetingKind, MeetingStatus
from cinchair.store import Store, sqlite_url
from cinchair.ui.app import make_main_window, remember_open_meeting, reopen_meeting
from cinchair.ui.meeting.start import StartMeetingDialog

TODAY = date(2026, 11, 23)


@pytest.fixture
def demo_store(tmp_path: Path):
    demo = build_demo(tmp_path / "demo.sqlite3")
    store = Store.open(sqlite_url(demo.store_path))
    yield store, demo
    store.close()


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
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    typed = text.encode("utf-16-le", "surrogatepass")
    ascii_part = "".join(ch for ch in text if ord(ch) < 0x10000)
    qtbot.keyClicks(editor, ascii_part)  # QTest cannot type astral characters (emoji)
    if len(typed) // 2 != len(ascii_part):
        editor.setText(text)  # what an input method would deliver for the emoji
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)  # the delegate commits on the event loop


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
    editor = points.view.indexWidget(points.view.currentIndex())
    assert isinstance(editor, QComboBox)  # "Said by" opens first
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
    qtbot.keyClicks(outcome.rationale, "Progress is steady; keep going.")
    qtbot.mouseClick(outcome.record, Qt.MouseButton.LeftButton)

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
    assert action_id in plan.actions.model.findings
    assert plan.actions.model.data(plan.actions.model.index(0, 0)).startswith("⚠")
    page.draft.set(PlanAction, action_id, due_on=date(2027, 1, 8))
    assert action_id not in plan.actions.model.findings
    assert plan.findings.item(0).text().startswith("No problems")

    sign = page.page(len(page.steps) - 1)
    page.go(len(page.steps) - 1)
    qtbot.mouseClick(sign.sign, Qt.MouseButton.LeftButton)
    with store.reading() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting.status is MeetingStatus.SIGNED
        assert meeting.plan_version.is_agreed
    assert "Signed off by Priya Shah" in sign.state.text()


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


def test_screenshots_of_every_step(qapp, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    from cinchair.ui.screenshots import SIZE, take

    written = take(tmp_path / "shots")
    assert [p.name for p in written][:2] == ["00-case-list.png", "01-people.png"]
    assert len(written) == 11  # the case list and the review's ten steps
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
