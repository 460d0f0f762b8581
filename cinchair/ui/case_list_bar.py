"""The case list's way in for a new chair: New case…, Show closed cases, and what to do first.

On a new laptop the list is empty; an empty table says nothing, so the list shows a
line saying what to do first, and the New case button is the default, bold button
until the first case exists. Kept apart from ``cinchair.ui.case_list`` (the table,
its model and its search) because it is about getting started, not about the rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QWidget

from cinchair.ui import theme

if TYPE_CHECKING:
    from cinchair.ui.case_list import CaseListPage

EMPTY_NOTE = (
    "No cases yet. Start by adding the child's case: press New case… (Ctrl+N) and type "
    "the child's name and the case reference as the council's system holds it. "
    "To practise first, use Help > Practise on the demo case."
)


class CaseListBar:
    """The widgets, owned by the case list page, which lays them out."""

    def __init__(self, page: QWidget) -> None:
        self.new_case = QPushButton("&New case…", page)
        self.new_case.setToolTip("Add a child's case (Ctrl+N)")
        self.new_case.setAccessibleName("New case")
        self.start_meeting = QPushButton("&Start meeting", page)
        self.start_meeting.setToolTip(
            "Start a meeting for the chosen case, or continue the one not yet signed (Ctrl+M)"
        )
        self.start_meeting.setAccessibleName("Start meeting")
        self.closed_toggle = QCheckBox("Show c&losed cases", page)
        self.closed_toggle.setAccessibleName("Show closed cases")
        self.empty_note = QLabel(EMPTY_NOTE, page)
        self.empty_note.setObjectName("emptyNote")
        self.empty_note.setWordWrap(True)
        self.empty_note.setAccessibleName("No cases yet")
        self.empty_note.setProperty("note", True)  # drawn by the style sheet

    def show_empty(self, empty: bool) -> None:
        """New case is the main button while there is no case at all; Start meeting after."""
        self.empty_note.setVisible(empty)
        self.new_case.setDefault(empty)
        theme.set_primary(self.new_case, empty)
        theme.set_primary(self.start_meeting, not empty)
        self.start_meeting.setVisible(not empty)


def select_row_of(page: CaseListPage, case_id: str) -> bool:
    """Select the row of ``case_id`` in the list as it is filtered now."""
    for row in range(page.proxy.rowCount()):
        index = page.proxy.index(row, 0)
        if page.model.row_at(page.proxy.mapToSource(index).row()).case_id == case_id:
            page.table.selectRow(row)
            page.table.scrollTo(index)
            return True
    return False


def show_first_rows(page: CaseListPage) -> None:
    """At the start: the cases' names, refs and meetings at once, each case's state,
    chips and what is due after the list's first paint (``cinchair.cases.first_rows``),
    so a chair sees the list without waiting for every case's timetable to be worked
    out. The first case is chosen (and its summary drawn) once the state is in."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    from cinchair.cases.first_rows import first_case_rows

    page.model.set_rows(page.store.ask(first_case_rows, page.today, include_closed=False))

    class _AfterFirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                QTimer.singleShot(0, whole)
            return False

    def whole() -> None:
        page.reload()
        page.choose_first()

    page.table.viewport().installEventFilter(_AfterFirstPaint(page))
