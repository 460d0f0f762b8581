"""The main window's menu bar: Case, Edit, Council and the Meeting menu a meeting fills.

Kept apart from the window itself so the list of what the chair can do from the menus
(and the shortcuts that do it) reads in one place, without the window's page-switching
and lock logic around it. The actions only call the window's own methods; the menus
hold no state of their own beyond the actions the window keeps to show, hide or extend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

if TYPE_CHECKING:
    from cinchair.ui.main_window import MainWindow


def _main_windows() -> list[MainWindow]:
    from cinchair.ui.main_window import MainWindow

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]


def claim_quick_hide(window: MainWindow) -> None:
    """Give F12 to ``window``'s action, and to no other window's.

    F12 works from anywhere in the app (a dialog open over the window too), so it is an
    application-wide key; two windows each holding one (the chair's and a practice
    window) cancel out: Qt calls it an ambiguous shortcut and does neither. One action
    holds the key, and it blanks every window (``hide_every_window``). A window claims it
    when shown, so a window closed but not yet deleted never keeps it.
    """
    for other in _main_windows():
        if other is not window:
            other.hide_action.setShortcut(QKeySequence())
    window.hide_action.setShortcut(QKeySequence(Qt.Key.Key_F12))


def hide_every_window() -> None:
    """F12: blank every main window showing, or bring them all back."""
    for window in _main_windows():
        if window.isVisible():
            window.toggle_hidden()


def add_menus(window: MainWindow) -> None:
    """Build the menu bar of ``window`` and keep on it the actions it shows or extends."""
    menu = window.menuBar().addMenu("&Case")
    _add_case_items(window, menu)
    find = QAction("&Find a case", window)
    find.setShortcut(QKeySequence.StandardKey.Find)
    find.triggered.connect(window.case_list.focus_search)
    meeting = QAction("Start or &continue a meeting", window)
    meeting.setShortcut(QKeySequence("Ctrl+M"))
    meeting.triggered.connect(window.meeting_for_selected)
    past = QAction("&Open a meeting of this case…", window)
    past.setShortcut(QKeySequence.StandardKey.Open)
    past.triggered.connect(window.open_past_meeting)
    menu.addAction(find)
    menu.addAction(meeting)
    menu.addAction(past)
    menu.addSeparator()
    window.lock_action = QAction("&Lock now", window)
    window.lock_action.setShortcut(QKeySequence("Ctrl+L"))
    window.lock_action.triggered.connect(window.lock)
    window.hide_action = QAction("&Hide the screen (F12 again to show)", window)
    window.hide_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    window.hide_action.triggered.connect(hide_every_window)  # F12: see claim_quick_hide
    window.addAction(window.hide_action)  # works while the menu bar is hidden too
    menu.addAction(window.lock_action)
    menu.addAction(window.hide_action)
    sync = QAction("E&xport signed meetings for sync…", window)
    sync.setShortcut(QKeySequence("Ctrl+E"))
    sync.triggered.connect(window.export_for_sync)
    menu.addAction(sync)
    receipt = QAction("Load the council's &receipt…", window)
    receipt.setShortcut(QKeySequence("Ctrl+Shift+R"))
    receipt.triggered.connect(window.load_receipt)
    menu.addAction(receipt)
    clear = QAction("Clear s&ynced meetings…", window)
    clear.setShortcut(QKeySequence("Ctrl+Shift+Del"))
    clear.triggered.connect(window.clear_synced_meetings)
    menu.addAction(clear)
    receive = QAction("Receive &cases from the council…", window)
    receive.setShortcut(QKeySequence("Ctrl+Shift+I"))
    receive.triggered.connect(lambda: _receive_cases(window))
    menu.addAction(receive)
    device_key = QAction("This laptop's &key (for the council)…", window)
    device_key.setShortcut(QKeySequence("Ctrl+Shift+K"))
    device_key.triggered.connect(window.show_device_key)
    menu.addAction(device_key)
    menu.addSeparator()
    menu.addAction(_quit_action(window))
    window.edit_menu = window.menuBar().addMenu("&Edit")
    # Undo and Redo are always where a chair looks for them, greyed with nothing to undo;
    # an open meeting puts its own (which do the undoing) in their place
    window.idle_undo_redo = []
    for words, keys in (
        ("&Undo", QKeySequence.StandardKey.Undo),
        ("&Redo", QKeySequence.StandardKey.Redo),
    ):
        idle = QAction(words, window)
        idle.setShortcuts(keys)
        idle.setEnabled(False)
        window.idle_undo_redo.append(idle)
    window.edit_menu.addActions(window.idle_undo_redo)
    window.edit_separator = window.edit_menu.addSeparator()
    window.preferences_action = QAction("&Preferences…", window)
    window.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
    window.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    window.preferences_action.triggered.connect(window.open_preferences)
    window.edit_menu.addAction(window.preferences_action)
    council = window.menuBar().addMenu("C&ouncil")
    importing = QAction("&Import sync bundles…", window)
    importing.setShortcut(QKeySequence("Ctrl+I"))
    importing.triggered.connect(window.open_import)
    council.addAction(importing)
    desk = QAction("The &admin desk…", window)
    desk.setShortcut(QKeySequence("Ctrl+Shift+A"))
    desk.triggered.connect(window.open_admin_desk)
    council.addAction(desk)
    window.meeting_menu = window.menuBar().addMenu("&Meeting")
    window.meeting_menu.menuAction().setVisible(False)
    _add_help_items(window)


def _quit_action(window: MainWindow) -> QAction:
    """Case > Quit: closes the window as its close button does, so what was typed is saved.

    The platform's own Quit key (Ctrl+Q on Linux and macOS); where the platform has none
    (Windows, whose Alt+F4 the system handles), Ctrl+Q as well, so the key is the same
    on every council laptop.
    """
    quit_action = QAction("&Quit", window)
    standard = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
    quit_action.setShortcuts(standard or [QKeySequence("Ctrl+Q")])
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    quit_action.triggered.connect(window.close)
    return quit_action


def _receive_cases(window: MainWindow) -> None:
    from cinchair.ui.dialogs.receive_cases import receive_cases

    receive_cases(window)


def _add_case_items(window: MainWindow, menu: QMenu) -> None:
    """New case, its details, closing and reopening, and the closed cases shown or not."""
    from cinchair.ui import case_actions

    new = QAction("&New case…", window)
    new.setShortcut(QKeySequence.StandardKey.New)
    new.triggered.connect(window.new_case)
    details = QAction("Case &details…", window)
    details.setShortcut(QKeySequence("Ctrl+Shift+E"))
    details.triggered.connect(lambda: case_actions.edit_case(window))
    close = QAction("Close cas&e…", window)
    close.triggered.connect(lambda: case_actions.close_case(window))
    reopen = QAction("Reo&pen case", window)
    reopen.triggered.connect(lambda: case_actions.reopen(window))
    show_closed = QAction("Show clo&sed cases", window)
    show_closed.setCheckable(True)
    show_closed.setShortcut(QKeySequence("Ctrl+Shift+L"))
    show_closed.toggled.connect(window.case_list.set_show_closed)
    window.case_list.bar.closed_toggle.toggled.connect(show_closed.setChecked)
    for action in (new, details, close, reopen, show_closed):
        menu.addAction(action)
    menu.addSeparator()


def _add_help_items(window: MainWindow) -> None:
    """Help > Practise on the demo case, whatever store the window shows."""
    from cinchair.ui import case_actions

    help_menu: QMenu | None = None
    for action in window.menuBar().actions():
        found = action.menu()
        if action.text() == "&Help" and isinstance(found, QMenu):
            help_menu = found  # another part of the window made it first
    if help_menu is None:
        help_menu = window.menuBar().addMenu("&Help")
    practise = QAction("&Practise on the demo case", window)
    practise.triggered.connect(lambda: case_actions.practise_on_demo(window))
    help_menu.addAction(practise)
    integrity = QAction("&Check the record's integrity…", window)
    integrity.setShortcut(QKeySequence("Ctrl+Shift+V"))
    integrity.triggered.connect(lambda: _check_integrity(window))
    help_menu.addAction(integrity)


def _check_integrity(window: MainWindow) -> None:
    from cinchair.ui.dialogs.integrity import check_record_integrity

    check_record_integrity(window, window.store)
