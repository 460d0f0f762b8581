"""The lock: idle and on demand, the passphrase to come back, quick-hide, the clipboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from cinchair.model import Case
from cinchair.security.vault import KeyFile, create_encrypted
from cinchair.ui.app import make_main_window

TODAY = date(2026, 11, 23)
PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def own_store(tmp_path: Path):
    path = tmp_path / "own.sqlite3"
    store = create_encrypted(path, PASSPHRASE, work=2**12)
    with store.transaction() as s:
        s.add(
            Case(
                case_ref="R1", profile_id="generic", child_given_name="Zoë", child_family_name="Ng"
            )
        )
    keyfile = KeyFile.beside(path)

    def check(passphrase: str) -> None:
        keyfile.candidates(passphrase)

    yield store, check
    store.close()


def _window(qtbot, store, check, minutes: float = 5.0):
    window = make_main_window(
        store, today=TODAY, check_passphrase=check, lock_after_minutes=minutes
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_window_locks_when_idle_and_needs_the_passphrase(qtbot, own_store) -> None:
    store, check = own_store
    window = _window(qtbot, store, check, minutes=0.002)  # about a tenth of a second
    qtbot.waitUntil(lambda: window.locked, timeout=2000)
    assert window.screens.currentWidget() is window.lock_page
    assert not window.case_list.isVisible()  # no record on screen

    form = window.lock_page.form
    qtbot.keyClicks(form.passphrase, "wrong passphrase")
    qtbot.keyClick(form.passphrase, Qt.Key.Key_Return)
    assert window.locked and "not right" in form.message.text()

    form.passphrase.clear()
    qtbot.keyClicks(form.passphrase, PASSPHRASE)
    qtbot.keyClick(form.passphrase, Qt.Key.Key_Return)
    assert not window.locked
    assert window.case_list.isVisible()


def test_lock_now_keeps_the_meeting_and_clears_the_clipboard(qtbot, own_store) -> None:
    store, check = own_store
    window = _window(qtbot, store, check)
    QGuiApplication.clipboard().setText("Zoë said she is scared at night")
    window.lock_action.trigger()  # Ctrl+L, shown in the Case menu
    assert window.locked
    assert QGuiApplication.clipboard().text() == ""
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    window.lock_page.form.check(PASSPHRASE)  # the right passphrase passes the check
    window.lock_page.form.passphrase.setText(PASSPHRASE)
    window.lock_page.form.try_unlock()
    assert not window.locked


def test_wrong_passphrases_slow_the_unlock_down(qtbot, own_store) -> None:
    store, check = own_store
    window = _window(qtbot, store, check)
    window.lock()
    form = window.lock_page.form
    for _ in range(3):
        form.passphrase.setText("still wrong")
        form.try_unlock()
    assert not form.unlock_button.isEnabled()
    assert "Try again in" in form.message.text()
    form.passphrase.setText(PASSPHRASE)
    form.try_unlock()  # refused while waiting, even with the right passphrase
    assert window.locked


def test_f12_blanks_the_window_at_once_and_brings_it_back(qtbot, own_store) -> None:
    store, check = own_store
    window = _window(qtbot, store, check)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.case_list.table, Qt.Key.Key_F12)
    assert window.screens.currentWidget() is window.blank_page
    assert not window.menuBar().isVisible()
    qtbot.keyClick(window.blank_page, Qt.Key.Key_F12)
    assert window.screens.currentWidget() is window.records


def test_a_closed_window_stops_watching_the_application_for_activity(qtbot, own_store) -> None:
    """Each window watches the whole application for keys and pointer moves; a closed
    one must stop, or every later window in the process pays for every earlier one."""
    store, check = own_store
    first = _window(qtbot, store, check)
    first.close()
    first.idle.timer.stop()
    second = _window(qtbot, store, check)
    qtbot.keyClick(second.case_list.table, Qt.Key.Key_Down)
    qtbot.mouseMove(second.case_list.table)
    assert not first.idle.timer.isActive()  # the closed window heard nothing
    assert second.idle.timer.isActive()
    second.close()


def test_f12_with_a_second_window_open_blanks_both(qtbot, own_store) -> None:
    """A practice window beside the chair's own once made F12 an ambiguous key that did
    nothing at all: each window held an application-wide F12. One holds it now, and it
    blanks every window."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    heard: list[str] = []
    previous = qInstallMessageHandler(
        lambda kind, _context, text: heard.append(text) if kind != QtMsgType.QtDebugMsg else None
    )
    try:
        store, check = own_store
        first = _window(qtbot, store, check)
        second = _window(qtbot, store, check)
        second.activateWindow()
        qtbot.waitUntil(second.isActiveWindow)
        qtbot.keyClick(second.case_list.table, Qt.Key.Key_F12)
        assert first.screens.currentWidget() is first.blank_page
        assert second.screens.currentWidget() is second.blank_page
        qtbot.keyClick(second.blank_page, Qt.Key.Key_F12)
        assert first.screens.currentWidget() is first.records
        assert second.screens.currentWidget() is second.records
    finally:
        qInstallMessageHandler(previous)
    assert not [text for text in heard if "Ambiguous shortcut" in text]
