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


def test_tab_goes_field_to_field_and_never_stops_on_a_calendar_button(
    qtbot: QtBot, tmp_path
) -> None:
    """Tab from a date once stopped on its calendar button: the next date typed was lost
    and its space opened the calendar. F4 and the mouse open it; Tab goes to the next field."""
    from cinchair.store.facade import Store, sqlite_url
    from cinchair.ui.dialogs.case_form import CaseForm

    store = Store.open(sqlite_url(tmp_path / "cases.sqlite3"))
    try:
        form = CaseForm(store, date(2026, 11, 23))
        qtbot.addWidget(form)
        form.show()
        qtbot.waitExposed(form)
        form.activateWindow()
        qtbot.waitUntil(form.isActiveWindow)
        form.assessed.line.setFocus()
        qtbot.keyClicks(form.assessed.line, "20/11/26")
        qtbot.keyClick(form.assessed.line, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is form.decided.line
        qtbot.keyClicks(QApplication.focusWidget(), "23 Nov 2026")
        qtbot.keyClick(form.decided.line, Qt.Key.Key_Tab)
        assert form.decided.date() == date(2026, 11, 23)
        assert not form.decided.calendar_button.menu().isVisible()
        form.born.line.setFocus()
        qtbot.keyClick(form.born.line, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is form.gender
        for field in form.findChildren(DateField):
            assert field.calendar_button.focusPolicy() == Qt.FocusPolicy.NoFocus
            assert field.calendar_button.accessibleName().endswith("pick from a calendar")
            assert "&" not in field.calendar_button.text()
    finally:
        store.close()


def test_f4_still_opens_the_calendar_of_a_field_out_of_the_tab_order(qtbot: QtBot) -> None:
    from PySide6.QtCore import QTimer

    field = DateField(accessible_name="By when")
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    field.activateWindow()
    qtbot.waitUntil(field.isActiveWindow)
    field.line.setFocus()
    menu = field.calendar_button.menu()
    seen: list[bool] = []

    def look_and_close() -> None:  # the button's menu runs its own loop until closed
        seen.append(menu.isVisible())
        menu.hide()

    QTimer.singleShot(200, look_and_close)
    qtbot.keyClick(field.line, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [True]
