"""The date field keeps what was typed, reads it the UK way, and says in words what is wrong."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from cinchair.ui import theme
from cinchair.ui.widgets.date_field import DateField


def _typed(qtbot: QtBot, field: DateField, text: str) -> list[object]:
    committed: list[object] = []
    field.date_committed.connect(committed.append)
    field.line.setFocus()
    field.line.selectAll()
    qtbot.keyClicks(field.line, text)
    qtbot.keyClick(field.line, Qt.Key.Key_Return)
    return committed


def test_a_uk_date_typed_on_the_keyboard_is_the_date_meant(qtbot: QtBot) -> None:
    field = DateField()
    qtbot.addWidget(field)
    committed = _typed(qtbot, field, "15 Jan 2027")
    assert committed == [date(2027, 1, 15)]
    assert field.date() == date(2027, 1, 15)
    assert field.text() == "15 Jan 2027"
    assert field.error() == ""


def test_an_unreadable_date_stays_as_typed_and_is_refused_in_words(qtbot: QtBot) -> None:
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    committed = _typed(qtbot, field, "01/15/2027")
    assert committed == []
    assert field.text() == "01/15/2027"
    assert "no month 15" in field.error_label.text()
    assert field.error_label.isVisible()
    assert "no month 15" in field.line.accessibleDescription()


def test_a_required_field_left_empty_says_a_date_is_needed(qtbot: QtBot) -> None:
    field = DateField(optional=False)
    qtbot.addWidget(field)
    assert "A date is needed" in field.error()


def test_picking_from_the_calendar_fills_the_field(qtbot: QtBot) -> None:
    field = DateField()
    qtbot.addWidget(field)
    committed: list[object] = []
    field.date_committed.connect(committed.append)
    field.calendar.clicked.emit(QDate(2026, 12, 3))
    assert committed == [date(2026, 12, 3)]
    assert field.text() == "3 Dec 2026"


def test_the_calendars_days_are_readable_under_the_windows_theme(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply_theme(app, "light")  # its tables pad their cells; the month is a table too
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    field.set_date(date(2026, 12, 3))
    menu = field.calendar_button.menu()
    assert menu is not None
    menu.popup(field.mapToGlobal(field.rect().bottomLeft()))
    qtbot.waitUntil(menu.isVisible)
    days = field.calendar.findChild(QTableView)
    assert days is not None
    assert days.model().columnCount() == 7  # the week's days, no week numbers beside them
    widest = days.fontMetrics().horizontalAdvance("Wed")
    for column in range(days.model().columnCount()):
        assert days.columnWidth(column) > widest  # a day's name and number whole, not "…"
    for row in range(days.model().rowCount()):
        assert days.rowViewportPosition(row) + days.rowHeight(row) <= days.viewport().height()
    menu.hide()
