"""Seen on screen at 1366x768 in the app's dress: table cells cut short with "…"
("Amal …", "Riverside Primary …"), a drop-down's entry cut ("Professiona"), the usual
agencies box cut ("School: Designated Safegu") and an empty grey box beside a ticked
check box. Each test runs under the app's real style sheet (the ``dressed`` fixture)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from cinchair.domain.agenda import StepKind
from cinchair.model import Attendance, Participant, ParticipantKind
from cinchair.store.facade import Store
from cinchair.ui.app import make_main_window
from cinchair.ui.meeting.rows import RowTable
from cinchair.ui.meeting.window import MeetingPage
from tests.factories import make_case, make_meeting

TODAY = date(2026, 11, 23)
PEOPLE = [
    ("Amal Hassan", ParticipantKind.PARENT_CARER, "Mother", None, "Arabic"),
    ("Layla Hassan", ParticipantKind.CHILD, "Child", None, None),
    ("Halina Wiśniewska", ParticipantKind.FAMILY_NETWORK, "Maternal grandmother", None, None),
    (
        "Mr Daniel Price",
        ParticipantKind.PROFESSIONAL,
        "Class teacher",
        "Riverside Primary School",
        None,
    ),
    (
        "Ms Grace Okafor",
        ParticipantKind.PROFESSIONAL,
        "Health Visitor",
        "0-19 Public Health Service",
        None,
    ),
]


@pytest.fixture
def page(qtbot: QtBot, store: Store) -> MeetingPage:
    with store.transaction() as session:
        case = make_case(session, ref="NT-204517", given="Layla", family="Hassan")
        meeting = make_meeting(session, case, held_on=TODAY)
        for order, (name, kind, role, agency, interpreter) in enumerate(PEOPLE):
            session.add(
                Participant(
                    meeting_id=meeting.id,
                    name=name,
                    kind=kind,
                    role=role,
                    agency=agency,
                    interpreter_language=interpreter,
                    attendance=Attendance.PRESENT,
                    sort_order=order,
                )
            )
        meeting_id = meeting.id
    window = make_main_window(store, today=TODAY)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    qtbot.waitExposed(window)
    return window.open_meeting(meeting_id)


def _cut_cells(table: RowTable) -> list[str]:
    """Every cell whose words, wrapped as the style draws them, do not fit its text box."""
    view, model = table.view, table.model
    cut = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            if not text:
                continue
            option = QStyleOptionViewItem()
            option.initFrom(view)
            option.rect = view.visualRect(index)
            option.font = view.font()
            option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
            table.delegate.initStyleOption(option, index)
            style = view.style()
            box = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view)
            needed = option.fontMetrics.boundingRect(
                QRect(0, 0, box.width() - 6, 1 << 16),  # the style keeps 3 px each side
                int(Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere),
                text,
            )
            if needed.height() > box.height():
                cut.append(text)
    return cut


def test_people_cells_wrap_and_rows_grow_rather_than_cut(
    qtbot: QtBot, dressed: object, page: MeetingPage
) -> None:
    index = page.step_index(StepKind.PEOPLE)
    page.go(index)
    people = page.page(index).tables[0]
    qtbot.wait(50)
    assert _cut_cells(people) == []


def test_a_drop_down_cell_shows_its_longest_entry_whole(
    qtbot: QtBot, dressed: object, page: MeetingPage
) -> None:
    """Seen on screen: the Who cell's open drop-down read "Professiona"."""
    from PySide6.QtWidgets import QComboBox, QStyleOptionComboBox

    index = page.step_index(StepKind.PEOPLE)
    page.go(index)
    people = page.page(index).tables[0]
    who = next(i for i, f in enumerate(people.model.fields) if f.attr == "kind")
    people.view.setCurrentIndex(people.model.index(0, who))
    people.view.edit(people.view.currentIndex())
    box = people.view.indexWidget(people.view.currentIndex())
    assert isinstance(box, QComboBox)
    qtbot.wait(20)
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    field = box.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, box
    )
    longest = max(box.fontMetrics().horizontalAdvance(box.itemText(i)) for i in range(box.count()))
    assert field.width() >= longest, (box.width(), people.view.columnWidth(who), people._natural)


def _shown_width(box: object) -> int:
    from PySide6.QtWidgets import QComboBox, QStyleOptionComboBox

    assert isinstance(box, QComboBox)
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    field = box.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, box
    )
    return field.width()


def test_the_usual_agencies_box_shows_its_longest_entry_whole(
    qtbot: QtBot, dressed: object, page: MeetingPage
) -> None:
    """Seen on screen at 1366x768: "School: Designated Safegu"."""
    index = page.step_index(StepKind.PEOPLE)
    page.go(index)
    box = page.page(index).agency
    qtbot.wait(50)
    metrics = box.fontMetrics()
    longest = max(metrics.horizontalAdvance(box.itemText(i)) for i in range(box.count()))
    assert _shown_width(box) >= longest
