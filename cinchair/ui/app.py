"""The application: which store to open, and the main window around the case list.

A chair with no cases yet sees the demo case, in a store of its own and under a
banner saying it is practice data; the demo is never written into their store.
"""

from __future__ import annotations

import sys
from datetime import date

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from cinchair import APP_NAME, paths
from cinchair.caselist import case_rows
from cinchair.demo import build_demo
from cinchair.store import Store, sqlite_url
from cinchair.ui.case_list import CaseListPage

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
        self.case_list = CaseListPage(store, today, central)
        self.case_list.setAccessibleName("Case list")
        layout.addWidget(self.case_list, 1)
        self.setCentralWidget(central)

        status = self.statusBar()
        status.setAccessibleName("Status")
        self.summary_label = QLabel(self.case_list.summary(), status)
        self.summary_label.setAccessibleName("Case counts")
        self.summary_label.setContentsMargins(6, 0, 6, 0)
        status.addWidget(self.summary_label, 1)
        self.case_list.summary_changed.connect(self.summary_label.setText)

        find = QAction("Find a case", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.case_list.focus_search)
        self.addAction(find)

        self.case_list.table.setFocus()


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
        window.show()
        return app.exec()
    finally:
        store.close()
