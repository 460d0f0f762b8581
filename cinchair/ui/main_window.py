"""The main window: the case list, the meeting page over it, the lock and the quick hide.

Separate from start-up (``cinchair.ui.app``, which chooses and opens the store) because
the window only shows a store it is given: tests and ``cinchair screenshots`` build it
over any store with ``make_main_window``. Its menus are built in
``cinchair.ui.main_menus``; the note of the meeting on screen lives in
``cinchair.ui.last_meeting``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cinchair.app.errors import ActionableError
from cinchair.app.settings import LOCK_AFTER_DEFAULT, load_settings
from cinchair.meetings.lifecycle import unfinished_meeting
from cinchair.store.facade import Store
from cinchair.ui.case_list import CaseListPage
from cinchair.ui.last_meeting import remember_open_meeting
from cinchair.ui.lock import BlankPage, Check, IdleWatch, LockPage, clear_clipboard
from cinchair.ui.main_menus import add_menus, claim_quick_hide

if TYPE_CHECKING:  # the meeting screens load when a meeting opens, not at start
    from cinchair.ui.dialogs.past_meetings import PastMeetingsDialog
    from cinchair.ui.meeting.window import MeetingPage

WINDOW_TITLE = "cinchair"  # never a child's name or any record text: titles leak to taskbars
DEMO_BANNER = "Practice data: this is the demo case, not a real family."


def _no_passphrase(_typed: str) -> None:
    """The demo store has no passphrase: Unlock (or Enter) is enough."""


def _demo_banner(parent: QWidget) -> QLabel:
    banner = QLabel(DEMO_BANNER, parent)
    banner.setObjectName("demoBanner")
    banner.setAccessibleName("Practice data notice")
    banner.setWordWrap(True)
    banner.setProperty("banner", True)  # its colours are the theme's (cinchair.ui.tokens)
    return banner


class MainWindow(QMainWindow):
    """The case list, with a practice-data banner over it when the store is the demo."""

    # made by cinchair.ui.main_menus.add_menus
    lock_action: QAction
    hide_action: QAction
    edit_menu: QMenu
    idle_undo_redo: list[QAction]  # Undo and Redo, greyed, while no meeting is open
    edit_separator: QAction  # below Undo and Redo, above what the menu always holds
    preferences_action: QAction
    meeting_menu: QMenu

    def __init__(
        self,
        store: Store,
        today: date,
        *,
        demo: bool,
        check_passphrase: Check | None = None,
        lock_after_minutes: float = LOCK_AFTER_DEFAULT,
        first_rows: bool = False,
    ) -> None:
        super().__init__()
        self.setWindowTitle(WINDOW_TITLE)
        self.setAccessibleName("cinchair main window")
        self.resize(1100, 650)

        # the records, the lock page and the quick-hide blank share one place
        self.screens = QStackedWidget(self)
        central = QWidget(self.screens)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.demo_banner = _demo_banner(central) if demo else None
        if self.demo_banner is not None:
            layout.addWidget(self.demo_banner)
        self.store, self.today = store, today
        self.pages = QStackedWidget(central)
        # first_rows: the start draws the cases at once and their state just after
        self.case_list = CaseListPage(store, today, self.pages, first_rows=first_rows)
        self.case_list.setAccessibleName("Case list")
        self.pages.addWidget(self.case_list)
        self.meeting: MeetingPage | None = None
        layout.addWidget(self.pages, 1)
        self.records = central
        self.lock_page = LockPage(check_passphrase or _no_passphrase, self.screens)
        self.lock_page.form.accepted.connect(self.unlock)
        self.blank_page = BlankPage(self.screens)
        self._before_hiding: QWidget = central  # what F12 brings back
        for screen in (central, self.lock_page, self.blank_page):
            self.screens.addWidget(screen)
        self.setCentralWidget(self.screens)

        status = self.statusBar()
        status.setAccessibleName("Status")
        self.summary_label = QLabel(self.case_list.summary(), status)
        self.summary_label.setAccessibleName("Case counts")
        self.summary_label.setContentsMargins(6, 0, 6, 0)
        status.addWidget(self.summary_label, 1)
        self.case_list.summary_changed.connect(self.summary_label.setText)

        add_menus(self)
        self.idle = IdleWatch(lock_after_minutes, self.lock, self)
        self.idle.watch_application()
        self.own_store_path: Path | None = None  # set for the chair's own encrypted store
        self.case_list.table.activated.connect(lambda _i: self.meeting_for_selected())
        self.practice_window: MainWindow | None = None  # Help > Practise on the demo case
        self.case_list.new_case_requested.connect(self.new_case)
        self.case_list.start_meeting_requested.connect(self.meeting_for_selected)

        self.case_list.table.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save what was typed in the last second before the window goes (typing pauses wait)."""
        if self.meeting is not None:
            self.meeting.flush()
        super().closeEvent(event)
        if event.isAccepted():
            self.idle.stop_watching()

    def showEvent(self, event: QShowEvent) -> None:
        """A window shown again (the practice window reopened) listens for activity again,
        and holds the app's one F12 (see ``main_menus.claim_quick_hide``)."""
        self.idle.watch_application()
        claim_quick_hide(self)
        super().showEvent(event)

    def show_for_screen(self) -> None:
        """Open filling a laptop's screen, or at a comfortable size on a large one.

        At 1100 by 650 on a 1366 by 768 laptop the meeting's tables were cut at the
        right edge; a chair should not have to find the maximise button first.
        """
        screen = self.screen().availableGeometry()
        if screen.width() < 1600 or screen.height() < 900:
            self.showMaximized()
            return
        self.resize(1440, 900)
        self.move(screen.center() - self.rect().center())
        self.show()

    @property
    def locked(self) -> bool:
        return self.screens.currentWidget() is self.lock_page

    def lock(self) -> None:
        """Hide every record until the passphrase is given; the meeting waits behind."""
        if self.locked:
            return
        if self.meeting is not None:
            self.meeting.flush()
        clear_clipboard()
        self.menuBar().setEnabled(False)
        self.statusBar().hide()
        self.screens.setCurrentWidget(self.lock_page)
        self.lock_page.form.passphrase.setFocus()

    def unlock(self) -> None:
        self.menuBar().setEnabled(True)
        self.statusBar().show()
        self.screens.setCurrentWidget(self.records)
        self.idle.timer.start()

    def toggle_hidden(self) -> None:
        """F12: blank the window at once; F12 again shows it (a lock stays a lock)."""
        if self.screens.currentWidget() is self.blank_page:
            self.menuBar().show()
            self.statusBar().show()
            self.screens.setCurrentWidget(self._before_hiding)
            return
        self._before_hiding = self.screens.currentWidget() or self._before_hiding
        self.menuBar().hide()
        self.statusBar().hide()
        self.screens.setCurrentWidget(self.blank_page)

    def export_for_sync(self) -> None:
        """Write a sealed bundle for each signed meeting not yet acknowledged."""
        from cinchair.sync.council import laptop_council_public
        from cinchair.sync.export import export_meetings
        from cinchair.sync.keys.device import laptop_device_key

        try:
            council = laptop_council_public()
            # kept inside the store shown (an old clear key file moves into the chair's own);
            # the demo's is remade with the demo, so no council trusts its bundles
            kept = laptop_device_key(self.store)
            device = kept.key
        except (ActionableError, OSError) as exc:
            QMessageBox.warning(self, "Export", f"This laptop cannot export yet: {exc}")
            return
        folder = QFileDialog.getExistingDirectory(
            self, "Where to put the sync bundles", str(load_settings().documents_folder)
        )
        if not folder:
            return
        progress = QProgressDialog("Exporting…", "Cancel", 0, 1, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)

        def step(done: int, total: int, _name: str) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(done)
            QApplication.processEvents()

        try:
            summary = export_meetings(
                self.store,
                Path(folder),
                device=device,
                council=council.sealing,
                progress=step,
                cancelled=progress.wasCanceled,
            )
        finally:
            progress.close()
        # the count, the folder on one line (elided in its middle when long) and what
        # to do next; the bundles' own paths are for the command line's listing
        lines = [line for line in summary.lines() if not line.startswith("  ")]
        if summary.folder is not None:
            shown = self.fontMetrics().elidedText(
                str(summary.folder),
                Qt.TextElideMode.ElideMiddle,
                60 * self.fontMetrics().averageCharWidth(),
            )
            lines[1:1] = [f"In {shown}", "", summary.next_step]
        if self.demo_banner is not None:
            lines += ["", "Practice: signed with the demo's own key, which no council trusts."]
        if kept.note:
            lines += ["", kept.note]
        QMessageBox.information(self, "Export", "\n".join(lines))

    def new_case(self) -> None:
        """Case > New case… (Ctrl+N), and the case list's New case button."""
        from cinchair.ui.case_actions import new_case

        new_case(self)

    def open_preferences(self) -> None:
        """Edit > Preferences… (Ctrl+,): the chair's settings; the idle lock applies at once."""
        from cinchair.ui.dialogs.preferences import PreferencesDialog

        if self.meeting is not None:
            self.meeting.flush()
        own = self.own_store_path is not None
        dialog = PreferencesDialog(
            self, store=self.store if own else None, store_path=self.own_store_path
        )
        if dialog.exec() == PreferencesDialog.DialogCode.Accepted and dialog.saved is not None:
            self.apply_lock_minutes(dialog.saved.lock_after_minutes)

    def apply_lock_minutes(self, minutes: float) -> None:
        self.idle.timer.setInterval(max(1, int(minutes * 60_000)))
        self.idle.timer.start()

    def load_receipt(self) -> None:
        """Case > Load the council's receipt…: mark meetings synced, then offer to clear."""
        from cinchair.ui.dialogs.load_receipt import LoadReceiptDialog

        if self.meeting is not None:
            self.close_meeting()  # a meeting on screen may be one that is cleared
        LoadReceiptDialog(self.store, self).exec()
        self.case_list.reload()

    def clear_synced_meetings(self) -> None:
        """Case > Clear synced meetings…: what would go and what stays, then Clear."""
        from cinchair.ui.dialogs.clear_synced import ClearSyncedDialog

        if self.meeting is not None:
            self.close_meeting()  # a meeting on screen may be one that is cleared
        ClearSyncedDialog(self.store, self).exec()
        self.case_list.reload()

    def show_device_key(self) -> None:
        """This laptop's key and fingerprint for the admin; the council key installed."""
        from cinchair.ui.dialogs.device_key import DeviceKeyDialog

        DeviceKeyDialog(self.store, self).exec()

    def open_admin_desk(self) -> None:
        """Council > The admin desk…: the council store's desk, beside the chair's window."""
        from cinchair.app.settings import load_settings
        from cinchair.ui.admin.desk import AdminDesk
        from cinchair.ui.admin.store_setup import open_configured_store

        settings = load_settings()
        store = open_configured_store(self, settings)
        if store is not None:
            self.admin_desk = AdminDesk(store, today=self.today, settings=load_settings())
            self.admin_desk.destroyed.connect(store.close)
            self.admin_desk.show()

    def open_import(self) -> None:
        """The admin's import into this store (the council's store, at the office)."""
        from cinchair.ui.dialogs.admin_import import ImportWindow

        window = ImportWindow(self.store, self)
        window.exec()
        self.case_list.reload()

    def meeting_for_selected(self) -> None:
        """Continue the selected case's unfinished meeting, or start one."""
        row = self.case_list.selected_case()
        if row is None:
            return
        meeting_id = self.store.ask(unfinished_meeting, row.case_id)
        if meeting_id is None:
            from cinchair.ui.meeting.start import StartMeetingDialog

            dialog = StartMeetingDialog(self.store, row.case_id, self.today, self)
            if dialog.exec() != StartMeetingDialog.DialogCode.Accepted:
                return
            meeting_id = dialog.meeting_id
            if meeting_id is None:
                return
        self.open_meeting(meeting_id)

    def open_past_meeting(self) -> PastMeetingsDialog | None:
        """Ctrl+O: any meeting of the selected case; signed ones open read-only.

        The way back to a meeting where someone was marked "to sign later".
        """
        from cinchair.meetings.lifecycle import case_meetings
        from cinchair.ui.dialogs.past_meetings import PastMeetingsDialog

        row = self.case_list.selected_case()
        if row is None:
            return None
        meetings = self.store.ask(case_meetings, row.case_id)
        dialog = PastMeetingsDialog(row.child_name, meetings, self)

        def chosen() -> None:
            if dialog.chosen:
                self.open_meeting(dialog.chosen)

        dialog.accepted.connect(chosen)
        dialog.open()
        return dialog

    def open_meeting(self, meeting_id: str) -> MeetingPage:
        from cinchair.ui.meeting.window import MeetingPage

        self.close_meeting()
        self.meeting = MeetingPage(self.store, meeting_id, self.pages)
        self.meeting.closed.connect(self.close_meeting)
        self.pages.addWidget(self.meeting)
        self.pages.setCurrentWidget(self.meeting)
        # the meeting's Undo and Redo take the place of the greyed ones (never beside
        # them: the same keys twice would make Qt ignore both as ambiguous)
        self.edit_menu.insertActions(
            self.edit_separator, [self.meeting.undo_action, self.meeting.redo_action]
        )
        self._show_idle_undo_redo(False)
        for action in self.meeting.step_actions:
            self.meeting_menu.addAction(action)
        self.meeting_menu.menuAction().setVisible(True)
        self.summary_label.hide()  # case counts belong to the case list
        if self.demo_banner is None:  # practice meetings are never reopened in the own store
            remember_open_meeting(meeting_id)
        return self.meeting

    def _show_idle_undo_redo(self, shown: bool) -> None:
        """The greyed Undo and Redo in the Edit menu, with their keys, or neither.

        Out of the menu they hold no keys either, so the open meeting's Undo and Redo
        are the only actions bound to the platform's keys.
        """
        keys = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
        for idle, key in zip(self.idle_undo_redo, keys, strict=True):
            if shown:
                idle.setShortcuts(key)
                self.edit_menu.insertAction(self.edit_separator, idle)
            else:
                idle.setShortcuts([])
                self.edit_menu.removeAction(idle)

    def close_meeting(self) -> None:
        if self.meeting is None:
            return
        self.meeting.flush()
        self._show_idle_undo_redo(True)
        for action in (self.meeting.undo_action, self.meeting.redo_action):
            self.edit_menu.removeAction(action)  # the greyed ones are back in their place
        self.meeting_menu.clear()
        self.meeting_menu.menuAction().setVisible(False)
        self.summary_label.show()
        self.pages.removeWidget(self.meeting)
        self.meeting.deleteLater()
        self.meeting = None
        if self.demo_banner is None:
            remember_open_meeting(None)
        self.case_list.reload()
        self.pages.setCurrentWidget(self.case_list)
        self.case_list.table.setFocus()


def make_main_window(
    store: Store,
    *,
    today: date | None = None,
    demo: bool = False,
    check_passphrase: Check | None = None,
    lock_after_minutes: float | None = None,
    first_rows: bool = False,
) -> MainWindow:
    """The main window over ``store``; ``today`` fixes the date states are worked out for;
    ``first_rows`` (the app's start) draws the cases before working out their state."""
    minutes = lock_after_minutes or load_settings().lock_after_minutes
    return MainWindow(
        store,
        today or date.today(),
        demo=demo,
        check_passphrase=check_passphrase,
        lock_after_minutes=minutes,
        first_rows=first_rows,
    )
