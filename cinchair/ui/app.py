"""The application: which store to open, and the main window around the case list.

The first start on a laptop (no settings, no store) runs the setup; after that the
chair's own encrypted store opens with their passphrase. A chair without their own
store yet, or who asked to practise, sees the demo case, in a store of its own and
under a banner saying it is practice data; the demo is never written into their
store. An own store left unencrypted by an older version is warned about at every
start, with the offer to encrypt it.

Start-up lives here, apart from the main window (``cinchair.ui.main_window``), its menus
(``cinchair.ui.main_menus``) and the note of the meeting last on screen
(``cinchair.ui.last_meeting``), because choosing and opening the store, the first-run
setup and the integrity and backup offers happen before any window exists and must not
be entangled with what the window shows. The window's names are imported here too, so
``from cinchair.ui.app import make_main_window`` keeps working.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import NamedTuple

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from cinchair import APP_NAME
from cinchair.app import paths
from cinchair.cases.rows import case_rows
from cinchair.domain.dates import format_moment
from cinchair.security.vault import KeyFile, open_encrypted
from cinchair.store.backup import integrity_problem, list_backups, restore_latest, store_file
from cinchair.store.facade import Store
from cinchair.ui import theme
from cinchair.ui.errors import ErrorReporter
from cinchair.ui.last_meeting import remember_open_meeting, reopen_meeting
from cinchair.ui.lock import Check, UnlockDialog
from cinchair.ui.main_window import DEMO_BANNER, WINDOW_TITLE, MainWindow, make_main_window
from cinchair.ui.widgets.icon import install_app_icon

__all__ = [
    "DEMO_BANNER",
    "WINDOW_TITLE",
    "Chosen",
    "MainWindow",
    "choose_store",
    "make_main_window",
    "open_demo_store",
    "open_store",
    "remember_open_meeting",
    "reopen_meeting",
    "run",
    "show_chosen",
    "unlock_own_store",
]


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
        has_cases = bool(store.ask(case_rows, today))
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
    # (made 0600, and marked as practice data so its documents and bundles say so)
    from cinchair.demo.practice import make_practice_store  # not loaded at every start

    practice: Store = make_practice_store(paths.demo_store_path()).store
    return practice


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
    if answer == QMessageBox.StandardButton.Yes and path is not None:
        restore_latest(path)  # the store is closed already: its files can be moved


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


class Chosen(NamedTuple):
    """What a start opens: the store, whether it is the demo, and what goes with it."""

    store: Store
    demo: bool
    check: Check | None  # the idle lock's passphrase check, for an encrypted own store
    own_path: Path | None  # the chair's own store file (None for the demo or a URL)
    # The setup's "practise first": the practice window opens over the chair's own,
    # so a new chair can try the demo and still add a real case straight away.
    practise_first: bool = False


def choose_store(today: date) -> Chosen | None:
    """The store this start shows, or None when the chair closes the setup or unlock.

    First start (no store, setup not done) → the setup; own encrypted store → the
    passphrase; own plain store → the warning and the offer to encrypt it; no own
    store → the demo. A damaged settings file is reported, never a reason to run
    the setup over an existing store.
    """
    from cinchair.app.first_run import needs_setup
    from cinchair.app.settings import read_settings
    from cinchair.security.vault import finish_interrupted_encryption, needs_encrypting

    path = paths.default_store_path()
    finish_interrupted_encryption(path)
    if needs_setup(path):
        from cinchair.ui.dialogs.first_run import FirstRunWizard

        wizard = FirstRunWizard()
        if wizard.exec() != FirstRunWizard.DialogCode.Accepted or wizard.done_setup is None:
            return None
        done = wizard.done_setup
        if done.settings.work_as == "admin":
            return None  # the admin desk opens instead (run_admin_desk)
        if done.store is not None:
            return Chosen(done.store, False, _key_check(path), path, done.open_demo)
        return Chosen(open_demo_store(), True, None, None)
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
        return None if own is None else Chosen(own, False, check, path)
    if needs_encrypting(path):
        from cinchair.ui.dialogs.encrypt_store import EncryptStoreDialog

        offer = EncryptStoreDialog(path)
        if offer.exec() == EncryptStoreDialog.DialogCode.Accepted and offer.store is not None:
            return Chosen(offer.store, False, _key_check(path), path)
    store, demo = open_store(None, today)
    return Chosen(store, demo, None, None)


def admin_desk_only() -> bool:
    """True when this machine was set up as the council's admin desk alone."""
    from cinchair.app.settings import load_settings

    settings = load_settings()
    return settings.setup_complete and settings.work_as == "admin"


def run_admin_desk(app: QApplication, today: date) -> int:
    """The admin desk on the council store (set up first, or its password asked)."""
    from cinchair.app.settings import load_settings
    from cinchair.ui.admin.desk import AdminDesk
    from cinchair.ui.admin.store_setup import open_configured_store

    store = open_configured_store(None, load_settings())
    if store is None:
        return 0
    try:
        desk = AdminDesk(store, today=today, settings=load_settings())
        desk.show()
        return app.exec()
    finally:
        store.close()


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
    try:
        if store_url is None:
            if admin_desk_only():
                return run_admin_desk(app, today)
            found = choose_store(today)
            if found is None:
                return run_admin_desk(app, today) if admin_desk_only() else 0
            chosen = Chosen(*found)  # a plain tuple of four is taken too
        else:
            chosen = Chosen(*open_store(store_url, today), None, None)
    except Exception as exc:  # shown to the chair, not as a traceback
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        QMessageBox.critical(
            None, WINDOW_TITLE, f"The case store could not be opened.\n\n{first_line}"
        )
        return 1
    store = chosen.store
    problem = integrity_problem(store)
    if problem is not None:
        store.close()
        _offer_backup(store, problem)
        return 1
    if store_url is None and not chosen.demo:  # the chair's own store: their spelling words
        from cinchair.app.spelling import keep_words_in

        keep_words_in(store)
    try:
        show_chosen(chosen, today)
        return app.exec()
    finally:
        store.close()


def show_chosen(chosen: Chosen, today: date) -> MainWindow:
    """The main window on the chosen store, shown; the practice window over it if asked.

    A chair who ticks "practise first" at the end of the setup has just made their own
    store and may well want to add a real case straight after practising: their own
    window opens, and the practice window (Help > Practise on the demo case) on top.
    """
    window = make_main_window(
        chosen.store,
        today=today,
        demo=chosen.demo,
        check_passphrase=chosen.check,
        first_rows=True,  # the cases at once, their state just after the first paint
    )
    window.own_store_path = chosen.own_path
    if not chosen.demo:
        reopen_meeting(window)
    window.show_for_screen()
    if chosen.practise_first and not chosen.demo:
        from cinchair.ui.case_actions import practise_on_demo

        practise_on_demo(window)
    return window
