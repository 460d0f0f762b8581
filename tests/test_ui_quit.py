"""Case > Quit (Ctrl+Q on Linux) closes the window as its close button does, saving first."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from cinchair.store.facade import Store, sqlite_url
from cinchair.ui.main_window import MainWindow, make_main_window

TODAY = date(2026, 12, 3)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Any:
    with Store.open(sqlite_url(tmp_path / "own.sqlite3"), actor="chair") as store:
        shown = make_main_window(store, today=TODAY, lock_after_minutes=60)
        qtbot.addWidget(shown)
        shown.show()
        yield shown


def _case_menu_action(window: MainWindow, words: str) -> QAction:
    case_menu = window.menuBar().actions()[0].menu()
    assert isinstance(case_menu, QMenu)
    found = [a for a in case_menu.actions() if a.text().replace("&", "") == words]
    assert len(found) == 1, [a.text() for a in case_menu.actions()]
    return found[0]


def test_the_case_menu_ends_with_quit_on_the_platforms_key(window: MainWindow) -> None:
    quit_action = _case_menu_action(window, "Quit")
    standard = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
    # the platform's own key where it has one; Ctrl+Q where it has none (Windows, offscreen)
    assert quit_action.shortcuts() == (standard or [QKeySequence("Ctrl+Q")])
    assert quit_action.menuRole() == QAction.MenuRole.QuitRole


def test_ctrl_q_closes_the_window_through_its_close_event(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed: list[bool] = []
    original = MainWindow.closeEvent

    def watched(self: MainWindow, event: Any) -> None:
        closed.append(True)  # the same path as the title bar's close button: it saves first
        original(self, event)

    monkeypatch.setattr(MainWindow, "closeEvent", watched)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.case_list.table.setFocus()
    quit_key = _case_menu_action(window, "Quit").shortcut()[0]
    qtbot.keyClick(window.case_list.table, quit_key.key(), quit_key.keyboardModifiers())
    qtbot.waitUntil(lambda: not window.isVisible())
    assert closed == [True]
