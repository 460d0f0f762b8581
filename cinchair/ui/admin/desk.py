"""The admin desk's window: the council store's work in one place, a tab per task.

Reviews due (the home), conflicts, laptops, keys, recovery and imports. Each tab asks
core functions; the window only says which store it works on and refreshes the tabs
after anything changes (an import, a resolution). Every tab has a key (Ctrl+1 to
Ctrl+6) and every action a menu item, so nothing needs the mouse or a terminal.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from cinchair.app import paths
from cinchair.app.council_store import CouncilStoreConfig
from cinchair.app.settings import Settings, load_settings
from cinchair.cases.report import CaseLine, admin_report
from cinchair.security.key_wrap import SCRYPT_N
from cinchair.store.facade import Store
from cinchair.sync.conflicts import list_conflicts
from cinchair.sync.council import default_keys_dir
from cinchair.sync.desk_unlock import DeskUnlock, desk_unlock
from cinchair.ui.admin.conflicts import ConflictsPage
from cinchair.ui.admin.due import DuePage
from cinchair.ui.admin.imports import ImportsPage
from cinchair.ui.admin.keys import KeysPage
from cinchair.ui.admin.laptops import LaptopsPage
from cinchair.ui.admin.pack import CasePackDialog
from cinchair.ui.admin.recovery import RecoveryPage
from cinchair.ui.lock import BlankPage, IdleWatch, LockPage, clear_clipboard
from cinchair.ui.widgets.busy import run_busy

WINDOW_TITLE = "cinchair: admin desk"


def desk_folders(settings: Settings) -> tuple[Path, Path, Path]:
    """The key folder, the receipts folder and the import summaries folder."""
    keys = Path(settings.council_keys_dir) if settings.council_keys_dir else default_keys_dir()
    receipts = (
        Path(settings.council_receipts_dir)
        if settings.council_receipts_dir
        else paths.data_dir() / "receipts"
    )
    return keys, receipts, paths.data_dir() / "import-summaries"


class AdminDesk(QMainWindow):
    """The council's admin desk over an opened council store."""

    def __init__(
        self,
        store: Store,
        *,
        today: date | None = None,
        settings: Settings | None = None,
        work: int = SCRYPT_N,
        unlock: DeskUnlock | None = None,
        lock_after_minutes: float | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(WINDOW_TITLE)
        self.setAccessibleName("Admin desk")
        self.resize(1200, 720)
        self.store = store
        self.today = today or date.today()
        settings = settings or load_settings()
        self.keys_dir, self.receipts_dir, self.summaries_dir = desk_folders(settings)
        admin = settings.admin_name or "admin"
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Admin desk tasks")
        self.due = DuePage(self.tabs)
        self.due.pack_requested.connect(self.make_case_pack)
        self.admin_name, self.work = admin, work
        self.conflicts = ConflictsPage(store, admin, self.tabs)
        self.conflicts.resolved.connect(lambda _id: self.refresh())
        self.laptops = LaptopsPage(self.keys_dir, self.tabs)
        self.keys = KeysPage(self.keys_dir, self.tabs, work=work)
        self.imports = ImportsPage(
            store,
            keys_dir=self.keys_dir,
            receipts_dir=self.receipts_dir,
            summaries_dir=self.summaries_dir,
            admin_name=admin,
            imported=self.refresh,
            parent=self.tabs,
        )
        self.recovery = RecoveryPage(self.keys_dir, self.tabs, work=work)
        self.pages: list[tuple[QWidget, str]] = [
            (self.due, "&Reviews due"),
            (self.conflicts, "&Conflicts"),
            (self.imports, "&Imports"),
            (self.laptops, "&Laptops"),
            (self.keys, "Council &keys"),
            (self.recovery, "Recover a chair's &store"),
        ]
        for page, title in self.pages:
            self.tabs.addTab(page, title)
        config = CouncilStoreConfig.from_settings(settings)
        # the lists, the lock page and the quick-hide blank share one place, as in the
        # chair's window: the desk shows children's records too
        # what unlocks is decided at each lock: the keys may be made after the desk opened
        self.config, self._unlock_given = config, unlock
        self.unlocking = unlock or desk_unlock(config, self.keys_dir)
        self.screens = QStackedWidget(self)
        self.lock_page = LockPage(self._check_unlock, self.screens)
        self.lock_page.form.prompt.setText(self.unlocking.prompt)
        self.lock_page.form.accepted.connect(self.unlock)
        self.blank_page = BlankPage(self.screens)
        self._before_hiding: QWidget = self.tabs
        self._hidden_dialogs: list[QDialog] = []
        for screen in (self.tabs, self.lock_page, self.blank_page):
            self.screens.addWidget(screen)
        self.setCentralWidget(self.screens)
        where = QLabel(
            f"Council store: {config.shown() if config else store.url}", self.statusBar()
        )
        where.setAccessibleName("Council store in use")
        self.statusBar().addWidget(where, 1)
        self.desk_actions: list[QAction] = []
        self._menus()
        minutes = lock_after_minutes or settings.lock_after_minutes
        self.idle = IdleWatch(minutes, self.lock, self)
        self._watch_application()
        self.refresh()

    def _watch_application(self) -> None:
        """Hear activity and Ctrl+L / F12 anywhere in the app, a dialog over the desk too."""
        self.idle.watch_application()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)  # never twice
            app.installEventFilter(self)

    def showEvent(self, event: QShowEvent) -> None:
        self._watch_application()
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """The desk's filters come off the application with it (a later window would
        otherwise run every event through this closed one's filters)."""
        super().closeEvent(event)
        if event.isAccepted():
            self.idle.stop_watching()
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)

    def _menus(self) -> None:
        desk = self.menuBar().addMenu("&Desk")
        for text, keys, slot in (
            ("&Import sync bundles…", "Ctrl+I", self.imports.open_import),
            ("&Refresh", "F5", self.refresh),
            ("Save reviews due as &CSV…", "Ctrl+Shift+C", self.due.choose_csv),
            ("Save reviews due as E&xcel…", "Ctrl+Shift+X", self.due.choose_xlsx),
            ("&Trust a laptop…", "Ctrl+T", self.laptops.trust),
            ("Make a case &pack for a laptop…", "Ctrl+P", self.due.pack.click),
            ("The council &store…", "Ctrl+Shift+D", self.change_store),
            ("Check what the council &holds…", "Ctrl+Shift+V", self.check_holdings),
            ("&Close", "Ctrl+Q", self.close),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            desk.addAction(action)
            self.desk_actions.append(action)
        go = self.menuBar().addMenu("&Go")
        for number, (page, title) in enumerate(self.pages, start=1):
            action = QAction(title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _c=False, p=page: self.tabs.setCurrentWidget(p))
            go.addAction(action)
            self.desk_actions.append(action)
        view = self.menuBar().addMenu("&View")
        self.lock_action = QAction("&Lock now", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.hide_action = QAction("&Hide the screen at once (again to show)", self)
        self.hide_action.setShortcut(QKeySequence("F12"))
        self.hide_action.triggered.connect(self.toggle_hidden)
        for action in (self.lock_action, self.hide_action):
            # shortcuts that work while the menu bar is hidden or disabled
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            view.addAction(action)
            self.addAction(action)

    # --- the lock and the quick-hide --------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+L and F12 typed in a dialog over the desk (a modal one blocks the
        window's own shortcuts): the dialog goes behind the lock or the blank too."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and isinstance(watched, QWidget)
            and watched.window() is not self
            and self._owns(watched.window())
        ):
            pressed = QKeySequence(event.keyCombination())
            for action in (self.lock_action, self.hide_action):
                if pressed.matches(action.shortcut()) == QKeySequence.SequenceMatch.ExactMatch:
                    action.trigger()
                    return True
        return False

    def _owns(self, window: QWidget) -> bool:
        parent = window.parentWidget()
        while parent is not None:
            if parent is self:
                return True
            parent = parent.parentWidget()
        return False

    @property
    def locked(self) -> bool:
        return self.screens.currentWidget() is self.lock_page

    def _check_unlock(self, typed: str) -> None:
        """The check off the window's thread: a server round trip or a scrypt step."""
        if self.unlocking.asks_nothing:
            return
        run_busy(self, "Checking…", lambda: self.unlocking.check(typed))

    def _cover(self, screen: QWidget) -> None:
        """Show ``screen`` instead of the records: no list, dialog or shortcut behind it."""
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.hide()
                self._hidden_dialogs.append(dialog)
        for action in self.desk_actions:
            action.setEnabled(False)
        self.menuBar().setEnabled(False)
        self.statusBar().hide()
        self.screens.setCurrentWidget(screen)

    def _uncover(self) -> None:
        self.menuBar().setEnabled(True)
        self.menuBar().show()
        self.statusBar().show()
        for action in self.desk_actions:
            action.setEnabled(True)
        for dialog in self._hidden_dialogs:
            dialog.show()
        self._hidden_dialogs = []

    def lock(self) -> None:
        """Hide every record until the desk's secret is given (``desk_unlock`` says which)."""
        if self.locked:
            return
        clear_clipboard()
        self.unlocking = self._unlock_given or desk_unlock(self.config, self.keys_dir)
        self.lock_page.form.prompt.setText(self.unlocking.prompt)
        self.lock_page.form.passphrase.setVisible(not self.unlocking.asks_nothing)
        if self.screens.currentWidget() is self.blank_page:
            self.menuBar().show()
        self._cover(self.lock_page)
        form = self.lock_page.form
        (form.unlock_button if self.unlocking.asks_nothing else form.passphrase).setFocus()

    def unlock(self) -> None:
        self._uncover()
        self.screens.setCurrentWidget(self.tabs)
        self.idle.timer.start()
        self.refresh()  # another admin may have imported while the desk was locked

    def toggle_hidden(self) -> None:
        """F12: blank the window at once; F12 again shows it (a lock stays a lock)."""
        if self.screens.currentWidget() is self.blank_page:
            self.menuBar().show()
            if self._before_hiding is self.lock_page:
                self.screens.setCurrentWidget(self.lock_page)
                return
            self._uncover()
            self.screens.setCurrentWidget(self._before_hiding)
            return
        self._before_hiding = self.screens.currentWidget() or self.tabs
        if not self.locked:
            self._cover(self.blank_page)
        self.menuBar().hide()
        self.screens.setCurrentWidget(self.blank_page)

    def refresh(self) -> None:
        """Read everything afresh: another admin may have imported or resolved meanwhile."""
        report = self.store.ask(admin_report, self.today)
        every_conflict = self.store.ask(list_conflicts, waiting_only=True)
        self.due.show_report(report)
        self.conflicts.show_conflicts(every_conflict)
        self.laptops.reload()
        self.keys.reload()
        self.imports.reload()
        waiting = len(every_conflict)
        self.tabs.setTabText(1, f"&Conflicts ({waiting})" if waiting else "&Conflicts")

    def make_case_pack(self, cases: list[CaseLine]) -> CasePackDialog:
        """The case pack dialog for the cases chosen on the due list."""
        folder = paths.data_dir() / "case-packs"
        folder.mkdir(parents=True, exist_ok=True)
        dialog = CasePackDialog(
            self.store,
            cases,
            keys_dir=self.keys_dir,
            admin_name=self.admin_name,
            folder=folder,
            parent=self,
            work=self.work,
        )
        dialog.open()
        return dialog

    def check_holdings(self) -> None:
        """Every received record proved against the trust list, and the trail checked."""
        from cinchair.ui.dialogs.integrity import check_council_store

        check_council_store(
            self, self.store, keys_dir=self.keys_dir, receipts_dir=self.receipts_dir
        )

    def change_store(self) -> None:
        """Set up another council store; the desk reopens on it."""
        from cinchair.ui.admin.store_setup import CouncilStoreDialog

        dialog = CouncilStoreDialog(self)
        if dialog.exec() == CouncilStoreDialog.DialogCode.Accepted and dialog.store is not None:
            replacement = AdminDesk(dialog.store, today=self.today)
            replacement.show()
            self.close()
            self.store.close()
