"""The main window opens at a size where a meeting's pages fit, not at 1100 by 650."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cinchair.store.facade import Store, sqlite_url
from cinchair.ui.main_window import make_main_window


def test_on_a_laptop_screen_the_window_opens_filling_it(qtbot, tmp_path: Path) -> None:
    store = Store.open(sqlite_url(tmp_path / "own.sqlite3"))
    try:
        window = make_main_window(store, today=date(2026, 12, 3), lock_after_minutes=60)
        qtbot.addWidget(window)
        screen = window.screen().availableGeometry()
        assert screen.width() < 1600  # the offscreen screen is laptop-sized
        window.show_for_screen()
        qtbot.waitExposed(window)
        assert window.isMaximized()
        assert window.width() >= min(screen.width(), 1366) - 20
    finally:
        store.close()
