"""The application: which store to open, and the main window around the case list.

A chair with no cases yet sees the demo case, in a store of its own and under a
banner saying it is practice data; the demo is never written into their store.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cinchair import APP_NAME, paths
from cinchair.caselist import case_rows
from cinchair.demo import build_demo
from cinchair.meetings import unfinished_meeting
from cinchair.model import Meeting, MeetingStatus
from cinchair.store import Store, sqlite_url
from cinchair.ui.case_list import CaseListPage
from cinchair.ui.meeting.start import StartMeetingDialog
from cinchair.ui.meeting.window import MeetingPage

WINDOW_TITLE = "cinchair"  # never a child's name or any record text: titles leak to taskbars
DEMO_BANNER = "Practice data: this is the demo case, not a real family."


def open_store(store_url: str | None, today: date) -> tuple[Store, bool]:
    """The store to show, and whether it is the demo.

    An explicit URL is opened as it is. The chair's own store is shown when it
    holds a case; otherwise a fresh demo store, in its own file, stands in.
    """
    store = Store.open(store_url)
    if store_url is not None:
        return store, False
    try:
        with store.reading() as session:
            has_cases = bool(case_rows(session, today))
    except Exception:
        store.close()
        raise
    if has_cases:
        return store, False
    store.close()
    demo = build_demo(paths.demo_store_path())
    return Store.open(sqlite_url(demo.store_path), actor="demo"), True


def _demo_banner(parent: QWidget) -> QLabel:
    banner = QLabel(DEMO_BANNER, parent)
    banner.setObjectName("demoBanner")
    banner.setAccessibleName("Practice data notice")
    banner.setWordWrap(True)
    banner.setStyleSheet(
        "#demoBanner { background: #ffe066; color: #2b2200; font-weight: bold;"
        " padding: 8px 12px; border-bottom: 1px solid #c9a800; }"
    )
    return banner


class MainWindow(QMainWindow):
    """The case list, with a practice-data banner over it when the store is the demo."""

    def __init__(self, store: Store, today: date, *, demo: bool) -> None:
        super().__init__()
        self.setWindowTitle(WINDOW_TITLE)
        self.setAccessibleName("cinchair main window")
        self.resize(1100, 650)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.demo_banner = _demo_banner(central) if demo else None
        if self.demo_banner is not None:
            layout.addWidget(self.demo_banner)
        self.store, self.today = store, today
        self.pages = QStackedWidget(central)
        self.case_list = CaseListPage(store, today, self.pages)
        self.case_list.setAccessibleName("Case list")
        self.pages.addWidget(self.case_list)
        self.meeting: MeetingPage | None = None
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        status = self.statusBar()
        status.setAccessibleName("Status")
        self.summary_label = QLabel(self.case_list.summary(), status)
        self.summary_label.setAccessibleName("Case counts")
        self.summary_label.setContentsMargins(6, 0, 6, 0)
        status.addWidget(self.summary_label, 1)
        self.case_list.summary_changed.connect(self.summary_label.setText)

        menu = self.menuBar().addMenu("&Case")
        find = QAction("&Find a case", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.case_list.focus_search)
        meeting = QAction("Start or &continue a meeting", self)
        meeting.setShortcut(QKeySequence("Ctrl+M"))
        meeting.triggered.connect(self.meeting_for_selected)
        menu.addAction(find)
        menu.addAction(meeting)
        self.edit_menu = self.menuBar().addMenu("&Edit")
        self.meeting_menu = self.menuBar().addMenu("&Meeting")
        self.meeting_menu.menuAction().setVisible(False)
        self.case_list.table.activated.connect(lambda _i: self.meeting_for_selected())

        self.case_list.table.setFocus()

    def meeting_for_selected(self) -> None:
        """Continue the selected case's unfinished meeting, or start one."""
        row = self.case_list.selected_case()
        if row is None:
            return
        with self.store.reading() as session:
            meeting_id = unfinished_meeting(session, row.case_id)
        if meeting_id is None:
            dialog = StartMeetingDialog(self.store, row.case_id, self.today, self)
            if dialog.exec() != StartMeetingDialog.DialogCode.Accepted:
                return
            meeting_id = dialog.meeting_id
        self.open_meeting(meeting_id)

    def open_meeting(self, meeting_id: str) -> MeetingPage:
        self.close_meeting()
        self.meeting = MeetingPage(self.store, meeting_id, self.pages)
        self.meeting.closed.connect(self.close_meeting)
        self.pages.addWidget(self.meeting)
        self.pages.setCurrentWidget(self.meeting)
        self.edit_menu.addAction(self.meeting.undo_action)
        self.edit_menu.addAction(self.meeting.redo_action)
        for action in self.meeting.step_actions:
            self.meeting_menu.addAction(action)
        self.meeting_menu.menuAction().setVisible(True)
        self.summary_label.hide()  # case counts belong to the case list
        remember_open_meeting(meeting_id)
        return self.meeting

    def close_meeting(self) -> None:
        if self.meeting is None:
            return
        self.meeting.flush()
        self.edit_menu.clear()
        self.meeting_menu.clear()
        self.meeting_menu.menuAction().setVisible(False)
        self.summary_label.show()
        self.pages.removeWidget(self.meeting)
        self.meeting.deleteLater()
        self.meeting = None
        remember_open_meeting(None)
        self.case_list.reload()
        self.pages.setCurrentWidget(self.case_list)
        self.case_list.table.setFocus()


def _session_file() -> Path:
    return paths.data_dir() / "open-meeting.txt"


def remember_open_meeting(meeting_id: str | None) -> None:
    """Note the meeting on screen, so a crash or a forced close reopens it next time."""
    path = _session_file()
    if meeting_id is None:
        path.unlink(missing_ok=True)
    else:
        path.write_text(meeting_id, encoding="utf-8")


def reopen_meeting(window: MainWindow) -> None:
    """Reopen the meeting that was on screen when the app last stopped, if still unfinished."""
    path = _session_file()
    if not path.is_file():
        return
    meeting_id = path.read_text(encoding="utf-8").strip()
    with window.store.reading() as session:
        meeting = session.get(Meeting, meeting_id)
        usable = meeting is not None and meeting.status is MeetingStatus.DRAFT
    if usable:
        window.open_meeting(meeting_id)
    else:
        remember_open_meeting(None)


def make_main_window(store: Store, *, today: date | None = None, demo: bool = False) -> MainWindow:
    """The main window over ``store``; ``today`` fixes the date states are worked out for."""
    return MainWindow(store, today or date.today(), demo=demo)


def run(store_url: str | None = None) -> int:
    """Open the window and run until it closes; the exit status for the command line."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    today = date.today()
    try:
        store, demo = open_store(store_url, today)
    except Exception as exc:  # shown to the chair, not as a traceback
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        QMessageBox.critical(
            None, WINDOW_TITLE, f"The case store could not be opened.\n\n{first_line}"
        )
        return 1
    try:
        window = make_main_window(store, today=today, demo=demo)
        if not demo:
            reopen_meeting(window)
        window.show()
        return app.exec()
    finally:
        store.close()
