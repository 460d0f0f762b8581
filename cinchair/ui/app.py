"""The application: which store to open, and the main window around the case list.

The first start on a laptop (no settings, no store) runs the setup; after that the
chair's own encrypted store opens with their passphrase. A chair without their own
store yet, or who asked to practise, sees the demo case, in a store of its own and
under a banner saying it is practice data; the demo is never written into their
store. An own store left unencrypted by an older version is warned about at every
start, with the offer to encrypt it.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cinchair import APP_NAME, paths
from cinchair.backup import integrity_problem, list_backups, restore_latest, store_file
from cinchair.caselist import case_rows
from cinchair.dates import format_moment
from cinchair.meetings import unfinished_meeting
from cinchair.model import Meeting, MeetingStatus
from cinchair.settings import LOCK_AFTER_DEFAULT, load_settings
from cinchair.store import Store, sqlite_url
from cinchair.ui import theme
from cinchair.ui.case_list import CaseListPage
from cinchair.ui.errors import ErrorReporter
from cinchair.ui.icon import install_app_icon
from cinchair.ui.lock import (
    BlankPage,
    Check,
    IdleWatch,
    LockPage,
    UnlockDialog,
    clear_clipboard,
)
from cinchair.vault import KeyFile, open_encrypted

if TYPE_CHECKING:  # the meeting screens load when a meeting opens, not at start
    from cinchair.ui.meeting.window import MeetingPage
    from cinchair.ui.past_meetings import PastMeetingsDialog

WINDOW_TITLE = "cinchair"  # never a child's name or any record text: titles leak to taskbars
DEMO_BANNER = "Practice data: this is the demo case, not a real family."


def open_store(store_url: str | None, today: date) -> tuple[Store, bool]:
    """The store to show, and whether it is the demo.

    An explicit URL is opened as it is. The chair's own (unencrypted) store is shown
    when it holds a case; otherwise a fresh demo store, in its own file, stands in.
    An own store that does not exist is not made here: an empty plain file would be
    the very thing the encryption warning is about.
    """
    if store_url is not None:
        return Store.open(store_url), False
    if not paths.default_store_path().exists():
        return open_demo_store(), True
    store = Store.open(store_url)
    try:
        with store.reading() as session:
            has_cases = bool(case_rows(session, today))
    except Exception:
        store.close()
        raise
    if has_cases:
        return store, False
    store.close()
    return open_demo_store(), True


def open_demo_store() -> Store:
    """A fresh demo store: practice data, made anew each time."""
    # practice data, but encrypted like the real thing with a key that lives only in
    # memory: nothing a chair types in the demo is ever readable on the disk
    key = os.urandom(32)
    from cinchair.demo import build_demo  # only the demo needs it: not loaded at every start

    demo = build_demo(paths.demo_store_path(), key=key)
    return Store.open(sqlite_url(demo.store_path), actor="demo", key=key)


def _no_passphrase(_typed: str) -> None:
    """The demo store has no passphrase: Unlock (or Enter) is enough."""


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

    def __init__(
        self,
        store: Store,
        today: date,
        *,
        demo: bool,
        check_passphrase: Check | None = None,
        lock_after_minutes: float = LOCK_AFTER_DEFAULT,
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
        self.case_list = CaseListPage(store, today, self.pages)
        self.case_list.setAccessibleName("Case list")
        self.pages.addWidget(self.case_list)
        self.meeting: MeetingPage | None = None
        layout.addWidget(self.pages, 1)
        self.records = central
        self.lock_page = LockPage(check_passphrase or _no_passphrase, self.screens)
        self.lock_page.form.accepted.connect(self.unlock)
        self.blank_page = BlankPage(self.screens)
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

        menu = self.menuBar().addMenu("&Case")
        find = QAction("&Find a case", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.case_list.focus_search)
        meeting = QAction("Start or &continue a meeting", self)
        meeting.setShortcut(QKeySequence("Ctrl+M"))
        meeting.triggered.connect(self.meeting_for_selected)
        past = QAction("&Open a meeting of this case…", self)
        past.setShortcut(QKeySequence.StandardKey.Open)
        past.triggered.connect(self.open_past_meeting)
        menu.addAction(find)
        menu.addAction(meeting)
        menu.addAction(past)
        menu.addSeparator()
        self.lock_action = QAction("&Lock now", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.hide_action = QAction("&Hide the screen (F12 again to show)", self)
        self.hide_action.setShortcut(QKeySequence(Qt.Key.Key_F12))
        self.hide_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.hide_action.triggered.connect(self.toggle_hidden)
        self.addAction(self.hide_action)  # works while the menu bar is hidden too
        menu.addAction(self.lock_action)
        menu.addAction(self.hide_action)
        self.idle = IdleWatch(lock_after_minutes, self.lock, self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        sync = QAction("E&xport signed meetings for sync…", self)
        sync.setShortcut(QKeySequence("Ctrl+E"))
        sync.triggered.connect(self.export_for_sync)
        menu.addAction(sync)
        self.edit_menu = self.menuBar().addMenu("&Edit")
        self.own_store_path: Path | None = None  # set for the chair's own encrypted store
        self.preferences_action = QAction("&Preferences…", self)
        self.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.preferences_action.triggered.connect(self.open_preferences)
        self.edit_menu.addAction(self.preferences_action)
        council = self.menuBar().addMenu("C&ouncil")
        importing = QAction("&Import sync bundles…", self)
        importing.setShortcut(QKeySequence("Ctrl+I"))
        importing.triggered.connect(self.open_import)
        council.addAction(importing)
        self.meeting_menu = self.menuBar().addMenu("&Meeting")
        self.meeting_menu.menuAction().setVisible(False)
        self.case_list.table.activated.connect(lambda _i: self.meeting_for_selected())

        self.case_list.table.setFocus()

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
        self._before_hiding = self.screens.currentWidget()
        self.menuBar().hide()
        self.statusBar().hide()
        self.screens.setCurrentWidget(self.blank_page)

    def export_for_sync(self) -> None:
        """Write a sealed bundle for each signed meeting not yet acknowledged."""
        from cinchair.sync.council import laptop_council_public
        from cinchair.sync.export import export_meetings
        from cinchair.sync.keys import DeviceKey, KeyProblem

        try:
            council = laptop_council_public()
            device = DeviceKey.load_or_create()
        except (KeyProblem, OSError, ValueError) as exc:
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
        QMessageBox.information(self, "Export", "\n".join(summary.lines()))

    def open_preferences(self) -> None:
        """Edit > Preferences… (Ctrl+,): the chair's settings; the idle lock applies at once."""
        from cinchair.ui.preferences import PreferencesDialog

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

    def open_import(self) -> None:
        """The admin's import into this store (the council's store, at the office)."""
        from cinchair.ui.admin_import import ImportWindow

        window = ImportWindow(self.store, self)
        window.exec()
        self.case_list.reload()

    def meeting_for_selected(self) -> None:
        """Continue the selected case's unfinished meeting, or start one."""
        row = self.case_list.selected_case()
        if row is None:
            return
        with self.store.reading() as session:
            meeting_id = unfinished_meeting(session, row.case_id)
        if meeting_id is None:
            from cinchair.ui.meeting.start import StartMeetingDialog

            dialog = StartMeetingDialog(self.store, row.case_id, self.today, self)
            if dialog.exec() != StartMeetingDialog.DialogCode.Accepted:
                return
            meeting_id = dialog.meeting_id
        self.open_meeting(meeting_id)

    def open_past_meeting(self) -> PastMeetingsDialog | None:
        """Ctrl+O: any meeting of the selected case; signed ones open read-only.

        The way back to a meeting where someone was marked "to sign later".
        """
        from cinchair.meetings import case_meetings
        from cinchair.ui.past_meetings import PastMeetingsDialog

        row = self.case_list.selected_case()
        if row is None:
            return None
        with self.store.reading() as session:
            meetings = case_meetings(session, row.case_id)
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
        first = self.edit_menu.actions()[0] if self.edit_menu.actions() else None
        self.edit_menu.insertAction(first, self.meeting.undo_action)
        self.edit_menu.insertAction(first, self.meeting.redo_action)
        self._edit_separator = self.edit_menu.insertSeparator(first)
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
        for action in (self.meeting.undo_action, self.meeting.redo_action, self._edit_separator):
            self.edit_menu.removeAction(action)  # Preferences stays
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


def _offer_backup(store: Store, problem: str) -> None:
    """A damaged store: say so plainly and offer the latest backup in its place.

    Either way the app then stops: the chair restarts on the backup, or seeks help.
    """
    path = store_file(store)
    backups = list_backups(path) if path else []
    if not backups:
        QMessageBox.critical(
            None,
            WINDOW_TITLE,
            f"The case store is damaged ({problem}) and there is no backup to go back to. "
            "Do not delete the file; ask your council's IT service for help.",
        )
        return
    answer = QMessageBox.question(
        None,
        WINDOW_TITLE,
        f"The case store is damaged ({problem}).\n\nGo back to the latest backup, taken "
        f"{format_moment(backups[0].taken_at)}? The damaged file is kept beside it. "
        "Restart cinchair afterwards.",
    )
    if answer == QMessageBox.StandardButton.Yes:
        restore_latest(path)  # the store is closed already: its files can be moved


def make_main_window(
    store: Store,
    *,
    today: date | None = None,
    demo: bool = False,
    check_passphrase: Check | None = None,
    lock_after_minutes: float | None = None,
) -> MainWindow:
    """The main window over ``store``; ``today`` fixes the date states are worked out for."""
    minutes = lock_after_minutes or load_settings().lock_after_minutes
    return MainWindow(
        store,
        today or date.today(),
        demo=demo,
        check_passphrase=check_passphrase,
        lock_after_minutes=minutes,
    )


def unlock_own_store(parent: QWidget | None = None) -> tuple[Store | None, Check]:
    """Ask for the passphrase of the chair's encrypted store; (None, ...) if they cancel."""
    path = paths.default_store_path()
    opened: list[Store] = []

    def check(passphrase: str) -> None:
        opened.append(open_encrypted(path, passphrase))

    dialog = UnlockDialog(check, parent)
    if dialog.exec() != UnlockDialog.DialogCode.Accepted or not opened:
        return None, check
    return opened[0], _key_check(path)


def _key_check(path: Path) -> Check:
    """Unlocking the idle lock: the passphrase against the key file only (no reopening)."""
    keyfile = KeyFile.beside(path)

    def check(passphrase: str) -> None:
        keyfile.candidates(passphrase)

    return check


Chosen = tuple[Store, bool, Check | None, Path | None]  # store, demo?, lock check, own path


def choose_store(today: date) -> Chosen | None:
    """The store this start shows, or None when the chair closes the setup or unlock.

    First start (no store, setup not done) → the setup; own encrypted store → the
    passphrase; own plain store → the warning and the offer to encrypt it; no own
    store → the demo. A damaged settings file is reported, never a reason to run
    the setup over an existing store.
    """
    from cinchair.first_run import needs_setup
    from cinchair.settings import read_settings
    from cinchair.vault import finish_interrupted_encryption, needs_encrypting

    path = paths.default_store_path()
    finish_interrupted_encryption(path)
    if needs_setup(path):
        from cinchair.ui.first_run import FirstRunWizard

        wizard = FirstRunWizard()
        if wizard.exec() != FirstRunWizard.DialogCode.Accepted or wizard.done_setup is None:
            return None
        done = wizard.done_setup
        if done.store is not None:
            if not done.open_demo:
                return done.store, False, _key_check(path), path
            done.store.close()
        return open_demo_store(), True, None, None
    _settings, problem = read_settings()
    if problem is not None:
        QMessageBox.warning(
            None,
            WINDOW_TITLE,
            f"Your settings could not all be read ({problem}). Your records are not "
            "affected. Check Edit > Preferences; a copy of the old file is kept beside it.",
        )
    if KeyFile.beside(path).exists():
        own, check = unlock_own_store()
        return None if own is None else (own, False, check, path)
    if needs_encrypting(path):
        from cinchair.ui.encrypt_store import EncryptStoreDialog

        offer = EncryptStoreDialog(path)
        if offer.exec() == EncryptStoreDialog.DialogCode.Accepted and offer.store is not None:
            return offer.store, False, _key_check(path), path
    store, demo = open_store(None, today)
    return store, demo, None, None


def run(store_url: str | None = None) -> int:
    """Open the window and run until it closes; the exit status for the command line."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    if app.windowIcon().isNull():  # not set yet by the opening window (cinchair.ui.startup)
        install_app_icon(app)
    theme.follow_system(app)  # dark mode and high contrast as the OS says, kept up to date
    ErrorReporter().install()  # errors in words; no record text on a terminal
    today = date.today()
    check: Check | None = None
    own_path: Path | None = None
    try:
        if store_url is None:
            chosen = choose_store(today)
            if chosen is None:
                return 0
            store, demo, check, own_path = chosen
        else:
            store, demo = open_store(store_url, today)
    except Exception as exc:  # shown to the chair, not as a traceback
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        QMessageBox.critical(
            None, WINDOW_TITLE, f"The case store could not be opened.\n\n{first_line}"
        )
        return 1
    problem = integrity_problem(store)
    if problem is not None:
        store.close()
        _offer_backup(store, problem)
        return 1
    if store_url is None and not demo:  # the chair's own store: their spelling words go in it
        from cinchair.spelling import keep_words_in

        keep_words_in(store)
    try:
        window = make_main_window(store, today=today, demo=demo, check_passphrase=check)
        window.own_store_path = own_path
        if not demo:
            reopen_meeting(window)
        window.show()
        return app.exec()
    finally:
        store.close()
