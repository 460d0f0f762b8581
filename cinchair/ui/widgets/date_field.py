"""A date typed the UK way, with a calendar to pick from, and an error in words.

A ``QDateEdit`` walks the cursor through day/month/year sections, so typing
``15 Jan 2027`` into it keeps only the day and silently saves another date. This
field is a plain line of text instead: what the chair types stays exactly as
typed, is read by the one UK date parser (:func:`parse_uk_date`), and anything it
cannot read is shown in red under the field with the reason, never changed into
some other date. The calendar button beside it fills in a date for those who
prefer to pick one; it is out of the Tab order and has no access key, so Tab goes
field to field and F4 (or the mouse) opens the calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from cinchair.domain.dates import UkDateError, format_day, parse_uk_date
from cinchair.ui import theme
from cinchair.ui.widgets.row_icons import RowButton


class CalendarPopup(QMenu):
    """The month's calendar under a date line: F4 (or the arrow) opens it on the typed date.

    Arrow keys move the day and Enter takes it, so the calendar is reachable without a
    mouse. Shared by the form's date fields and the tables' date cells, so a chair meets
    one calendar everywhere. Made as a child of the line it serves: a table's cell
    editor stays open while the calendar has the focus.
    """

    def __init__(self, line: QLineEdit, picked: Callable[[date], None]) -> None:
        super().__init__(line)
        self.line = line
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(
            QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader  # no week numbers
        )
        # the window's tables pad their cells; the month's grid is a table too, and
        # padded its days showed as "…" (seen on screen): its cells hold a day, unpadded
        self.calendar.setStyleSheet("QTableView::item { padding: 0px; }")
        hint = self.calendar.sizeHint()
        self.calendar.setMinimumSize(hint.width(), hint.height() + hint.height() // 10)
        holder = QWidgetAction(self)
        holder.setDefaultWidget(self.calendar)
        self.addAction(holder)
        self.aboutToShow.connect(self._show_typed_date)
        self._picked = picked
        self.calendar.clicked.connect(self._take)
        self.calendar.activated.connect(self._take)

    def open_under_line(self) -> None:
        """F4 in the line: the calendar just below it, with the keys in the calendar."""
        self.popup(self.line.mapToGlobal(QPoint(0, self.line.height())))
        self.calendar.setFocus()

    def _show_typed_date(self) -> None:
        try:
            typed = parse_uk_date(self.line.text().strip()) if self.line.text().strip() else None
        except UkDateError:
            typed = None
        chosen = typed or date.today()
        self.calendar.setSelectedDate(QDate(chosen.year, chosen.month, chosen.day))

    def _take(self, picked: QDate) -> None:
        self.hide()
        self.line.setFocus()
        self._picked(date(picked.year(), picked.month(), picked.day()))


def add_calendar_key(line: QLineEdit, popup: Callable[[], None]) -> None:
    """F4 in ``line`` opens its calendar (as F4 opens a drop-down list)."""
    QShortcut(QKeySequence(Qt.Key.Key_F4), line, popup).setContext(
        Qt.ShortcutContext.WidgetShortcut
    )


class DateField(QWidget):
    """A line edit that holds a UK date, a calendar button, and a line for errors.

    ``date_committed`` is emitted with the date (or ``None`` when an optional field
    is emptied) when the chair leaves the field or presses Enter with a readable
    date, or picks one from the calendar. An unreadable date emits nothing: the
    text stays as typed and the error line says what is wrong.
    """

    date_committed = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        optional: bool = True,
        accessible_name: str = "Date",
    ) -> None:
        super().__init__(parent)
        self._optional = optional
        self.line = QLineEdit(self)
        self.line.setPlaceholderText("dd/mm/yyyy")
        self.line.setAccessibleName(accessible_name)
        self.line.setToolTip(
            "Type a date such as 15/01/2027 or 15 Jan 2027, or press F4 to pick one."
        )
        # a drawn calendar, not an emoji: a calendar emoji shows as an empty box where the
        # machine has no colour emoji font (most council Linux and many Windows builds)
        self.calendar_button = RowButton(
            "calendar",
            f"{accessible_name}: pick from a calendar",
            "Pick a date from a calendar (F4)",
            self,
        )
        self.calendar_button.setProperty("calendar", True)  # the sheet hides its menu arrow
        self.calendar_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        # out of the Tab order: a chair tabbing from one date to the next landed on the
        # button, the next date typed went nowhere and its space opened the calendar.
        # F4 in the line and the mouse open it; screen readers still find it by name.
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        menu = CalendarPopup(self.line, self._picked)
        self.calendar = menu.calendar
        self.calendar_button.setMenu(menu)
        self.error_label = QLabel(self)
        theme.set_role(self.error_label, "error")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        row.addWidget(self.calendar_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.error_label)
        self.setFocusProxy(self.line)
        add_calendar_key(self.line, self.calendar_button.showMenu)
        self.line.editingFinished.connect(self._commit_typed)
        self.line.textEdited.connect(self._clear_error_while_typing)

    # What the form asks ---------------------------------------------------------

    def text(self) -> str:
        return self.line.text()

    def set_text(self, text: str) -> None:
        """Put typed text in as a user would (tests and restoring a draft)."""
        self.line.setText(text)
        self._check()

    def set_date(self, day: date | None) -> None:
        """Show ``day`` as ``15 Jan 2027`` (or empty), with no error."""
        self.line.setText(format_day(day))
        self._show_error("")

    def date(self) -> date | None:
        """The date typed, ``None`` if empty; :class:`UkDateError` if unreadable or required."""
        text = self.line.text().strip()
        if not text:
            if self._optional:
                return None
            raise UkDateError("A date is needed here. Type one such as 15/01/2027.")
        return parse_uk_date(text)

    def error(self) -> str:
        """Why the typed text is not a date, in words; empty when it is fine."""
        try:
            self.date()
        except UkDateError as problem:
            return str(problem)
        return ""

    def show_error(self, message: str) -> None:
        """Show a message from the form's own checks (e.g. a date in the future)."""
        self._show_error(message)

    # Inside -----------------------------------------------------------------------

    def _check(self) -> bool:
        message = self.error()
        self._show_error(message)
        return not message

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        self.line.setAccessibleDescription(message)
        self.line.setStyleSheet(f"border: 2px solid {theme.tokens().error};" if message else "")

    def _clear_error_while_typing(self, _text: str) -> None:
        if self.error_label.isVisible():
            self._show_error("")

    def _commit_typed(self) -> None:
        if self._check():
            self.date_committed.emit(self.date())

    def _picked(self, day: dt.date) -> None:  # ``date`` here is the method above
        self.set_date(day)
        self.date_committed.emit(day)
