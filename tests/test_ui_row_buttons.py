"""A table's buttons: one main button in words, the row's Remove and Move as small icons."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from cinchair.domain.agenda import StepKind
from cinchair.store.facade import Store
from cinchair.ui.app import make_main_window
from tests.factories import make_case, make_meeting

TODAY = date(2026, 11, 23)


def _meeting(store: Store) -> str:
    with store.transaction() as session:
        case = make_case(session, ref="NT-21", given="Zofia", family="Kowalska")
        return make_meeting(session, case, held_on=TODAY).id


def test_a_table_has_one_main_button_and_named_row_icons(qtbot: QtBot, store: Store) -> None:
    window = make_main_window(store, today=TODAY)
    qtbot.addWidget(window)
    page = window.open_meeting(_meeting(store))
    worried = next(
        page.page(i) for i, step in enumerate(page.steps) if step.kind == StepKind.HEADING
    )
    points = worried.tables[0]
    assert points.add_button.property("primary") is True
    for button in (points.remove_button, points.up_button, points.down_button):
        assert isinstance(button, QToolButton)
        assert not button.icon().isNull()
        assert button.accessibleName() and button.toolTip()
        assert not button.isEnabled()  # no row chosen yet
    points.add()
    points.view.setCurrentIndex(points.model.index(0, 1))
    assert points.remove_button.isEnabled() and points.up_button.isEnabled()
    points.remove_button.click()
    assert points.model.rowCount() == 0


def test_a_signed_meeting_shows_no_table_buttons(qtbot: QtBot, store: Store) -> None:
    from datetime import UTC, datetime

    from cinchair.model import Meeting

    meeting_id = _meeting(store)
    with store.transaction() as session:
        meeting = session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.signed_at = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)
    window = make_main_window(store, today=TODAY)
    qtbot.addWidget(window)
    page = window.open_meeting(meeting_id)
    for index in range(len(page.steps)):
        for table in getattr(page.page(index), "tables", []):
            assert table.add_button.isHidden() and not table.add_button.isEnabled()
            assert table.remove_button.isHidden()


def test_the_person_picker_shows_role_and_agency(qtbot: QtBot, store: Store) -> None:
    """Who said a point is chosen from names with role and agency; the cell keeps it short."""
    from PySide6.QtWidgets import QComboBox

    from cinchair.model import Attendance, Participant, ParticipantKind

    meeting_id = _meeting(store)
    with store.transaction() as session:
        session.add(
            Participant(
                meeting_id=meeting_id,
                name="Sam Reid",
                kind=ParticipantKind.PROFESSIONAL,
                role="Social Worker",
                agency="Children's Services",
                attendance=Attendance.PRESENT,
                sort_order=0,
            )
        )
    window = make_main_window(store, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    page = window.open_meeting(meeting_id)
    index = next(i for i, step in enumerate(page.steps) if step.kind == StepKind.HEADING)
    page.go(index)
    points = page.page(index).tables[0]
    points.add()
    qtbot.keyClick(points.view, Qt.Key.Key_Escape)
    cell = points.model.index(0, 0)
    points.view.setCurrentIndex(cell)
    points.view.edit(cell)
    picker = points.view.indexWidget(cell)
    assert isinstance(picker, QComboBox)
    offered = [picker.itemText(i) for i in range(picker.count())]
    assert "Sam Reid (Social Worker, Children's Services)" in offered
    picker.setCurrentIndex(offered.index("Sam Reid (Social Worker, Children's Services)"))
    points.delegate.commitData.emit(picker)
    points.view.closePersistentEditor(cell)
    assert points.model.data(cell) == "Sam Reid (Social Worker)"


def test_every_heading_of_the_people_table_stays_whole_on_a_laptop(
    qtbot: QtBot, store: Store
) -> None:
    """At 1366x768 the squeeze falls on the long text, not on "Attendance" or "Copy"."""
    from cinchair.model import Attendance, Participant, ParticipantKind

    meeting_id = _meeting(store)
    with store.transaction() as session:
        session.add(
            Participant(
                meeting_id=meeting_id,
                name="Halina Wiśniewska",
                kind=ParticipantKind.FAMILY_NETWORK,
                role="Maternal grandmother",
                agency="North Tyneside Children's Services",
                attendance=Attendance.PRESENT,
                communication_needs="Prefers written copies in Polish as well as English",
                sort_order=0,
            )
        )
    window = make_main_window(store, today=TODAY)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    qtbot.waitExposed(window)
    page = window.open_meeting(meeting_id)
    people = page.page(0).tables[0]
    header = people.view.horizontalHeader()
    qtbot.waitUntil(lambda: header.sectionSize(0) > 0)
    for column, field in enumerate(people.model.fields):
        needed = header.fontMetrics().horizontalAdvance(field.heading)
        assert header.sectionSize(column) >= needed + 8, field.heading
