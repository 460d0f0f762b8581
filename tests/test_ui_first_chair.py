"""What a first-time chair met walking a whole meeting on a real screen, through the widgets."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from cinchair.domain.agenda import StepKind
from cinchair.meetings.draft import MeetingDraft
from cinchair.meetings.scores import ScoreTaken
from cinchair.model import Attendance, Participant, ParticipantKind, ScalingScore
from cinchair.store.facade import Store
from cinchair.ui.app import make_main_window
from cinchair.ui.main_window import MainWindow
from tests.factories import make_case, make_meeting

TODAY = date(2026, 11, 23)


@pytest.fixture
def meeting_id(store: Store) -> str:
    with store.transaction() as session:
        case = make_case(session, ref="NT-15", given="Zofia", family="Kowalska")
        meeting = make_meeting(session, case, held_on=TODAY)
        for order, (name, kind, role) in enumerate(
            [
                ("Anna Kowalska", ParticipantKind.PARENT_CARER, "Mother"),
                ("Sam Reid", ParticipantKind.PROFESSIONAL, "Social Worker"),
            ]
        ):
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
def window(qtbot: QtBot, store: Store) -> MainWindow:
    main = make_main_window(store, today=TODAY)
    qtbot.addWidget(main)
    return main


def _open_editor(qtbot: QtBot, table: object, row: int, column: int) -> object:
    view = table.view  # type: ignore[attr-defined]
    view.setFocus()
    view.setCurrentIndex(table.model.index(row, column))  # type: ignore[attr-defined]
    qtbot.keyClick(view, Qt.Key.Key_F2)
    return view.indexWidget(view.currentIndex())


def _ids(store: Store) -> dict[str, str]:
    with store.reading() as session:
        return {p.name: p.id for p in session.query(Participant)}


def test_a_second_score_for_one_person_is_refused_in_words(store: Store, meeting_id: str) -> None:
    draft = MeetingDraft(store, meeting_id)
    from cinchair.meetings import new_rows

    draft.add("Add score", new_rows.scaling_score)
    second = draft.add("Add score", new_rows.scaling_score)
    with pytest.raises(ScoreTaken, match="Anna Kowalska already has a score: change that row"):
        draft.set(ScalingScore, second, participant_id=_ids(store)["Anna Kowalska"])
    with store.reading() as session:
        assert session.get(ScalingScore, second).participant.name == "Sam Reid"


def test_the_score_picker_offers_only_people_without_a_score_and_nothing_typed_is_lost(
    qtbot: QtBot, window: MainWindow, store: Store, meeting_id: str
) -> None:
    window.show()
    qtbot.waitExposed(window)
    page = window.open_meeting(meeting_id)
    index = page.step_index(StepKind.SCALING)
    page.go(index)
    table = page.page(index).tables[0]
    for _ in range(2):
        table.add()
        qtbot.keyClick(table.view, Qt.Key.Key_Escape)
    who = next(i for i, f in enumerate(table.model.fields) if f.attr == "participant_id")
    box = _open_editor(qtbot, table, 1, who)
    assert isinstance(box, QComboBox)
    offered = [box.itemText(i) for i in range(box.count())]
    assert offered == ["Sam Reid (Social Worker)"]
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    # however the pick arrives, a person with a score already is refused in words
    anna = _ids(store)["Anna Kowalska"]
    table.model.setData(table.model.index(1, who), anna, Qt.ItemDataRole.EditRole)
    assert table.problem.isVisibleTo(table)
    assert "Anna Kowalska already has a score: change that row" in table.problem.text()
    assert "Something went wrong" not in page.saved.text()
    assert "unexpected" not in page.saved.text()
    score = next(i for i, f in enumerate(table.model.fields) if f.attr == "score")
    editor = _open_editor(qtbot, table, 1, score)
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "6")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)
    with store.reading() as session:
        scores = {s.participant.name: s.score for s in session.query(ScalingScore)}
    assert scores == {"Anna Kowalska": None, "Sam Reid": 6}


def test_a_refused_score_is_told_in_separate_sentences(
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
    editor = _open_editor(qtbot, table, 0, score)
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "11")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    qtbot.wait(20)
    foot = page.saved.text()
    assert "from 0 to 10. Still as typed" in foot, foot


def test_a_point_said_by_no_one_reads_the_meeting_in_the_cell(
    qtbot: QtBot, window: MainWindow, meeting_id: str
) -> None:
    page = window.open_meeting(meeting_id)
    index = page.step_index(StepKind.HEADING)
    page.go(index)
    table = page.page(index).tables[0]
    table.add()
    qtbot.keyClick(table.view, Qt.Key.Key_Escape)
    said_by = next(i for i, f in enumerate(table.model.fields) if f.attr == "participant_id")
    assert table.model.data(table.model.index(0, said_by)) == "The meeting"
    box = _open_editor(qtbot, table, 0, said_by)
    assert isinstance(box, QComboBox)
    assert box.currentText() == "The meeting"


def test_the_chair_is_named_one_way_on_sign_off_and_in_the_signature_role(
    qtbot: QtBot, window: MainWindow, store: Store, meeting_id: str
) -> None:
    from cinchair.meetings import signing
    from cinchair.model import Meeting

    with store.reading() as session:
        chair = signing.chair_signer(session.get(Meeting, meeting_id))
    assert chair.role == "chair (Social Worker)"
    assert chair.described == "Chair Person, chair (Social Worker)"
    page = window.open_meeting(meeting_id)
    index = page.step_index(StepKind.SIGN_OFF)
    page.go(index)
    sign_off = page.page(index)
    shown = [sign_off.table.item(row, 0).text() for row in range(sign_off.table.rowCount())]
    assert "Chair Person, chair (Social Worker)" in shown
    assert "Anna Kowalska (Mother)" in shown


def test_the_chair_is_offered_as_an_actions_owner(
    qtbot: QtBot, window: MainWindow, meeting_id: str
) -> None:
    page = window.open_meeting(meeting_id)
    index = page.step_index(StepKind.PLAN)
    page.go(index)
    plan = page.page(index)
    plan.outcomes.add()
    qtbot.keyClick(plan.outcomes.view, Qt.Key.Key_Escape)
    plan.action_table.add()
    qtbot.keyClick(plan.action_table.view, Qt.Key.Key_Escape)
    owner = next(i for i, f in enumerate(plan.action_table.model.fields) if f.attr == "owner_name")
    box = _open_editor(qtbot, plan.action_table, 0, owner)
    assert isinstance(box, QComboBox)
    offered = [box.itemText(i) for i in range(box.count())]
    assert offered == ["not set", "Anna Kowalska", "Sam Reid", "Chair Person (chair)"]
    assert box.itemData(3) == "Chair Person"


def test_the_export_summary_counts_in_words_and_says_what_to_do_next(tmp_path: object) -> None:
    from pathlib import Path

    from cinchair.sync.export import ExportedBundle, ExportSummary

    folder = Path("/home/chair/Documents/cinchair/sync bundles for the council")
    bundle = ExportedBundle("m1", "NT-15", "2026-11-23", folder / "NT-15.cinsync", "f", 10)
    one = ExportSummary(exported=[bundle])
    assert one.lines()[0] == "1 meeting exported"
    assert one.folder == folder
    assert "Take this file to your council's admin" in one.next_step
    assert "Case > Load the council's receipt…" in one.next_step
    two = ExportSummary(exported=[bundle, bundle])
    assert two.lines()[0] == "2 meetings exported"
    assert "Take these files" in two.next_step
