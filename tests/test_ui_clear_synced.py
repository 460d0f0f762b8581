"""Case > Clear synced meetings…: reached from the chair's menu, says what would go and
what stays before anything is cleared, and clears only what the council acknowledged."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from cinchair.demo import build_demo
from cinchair.store.facade import Store, sqlite_url
from cinchair.sync.export import export_meetings, sync_status
from cinchair.sync.importer import import_bundles
from cinchair.sync.keys.keys import DeviceKey
from cinchair.sync.receipts import load_receipt_file
from cinchair.ui.dialogs.clear_synced import ClearSyncedDialog
from cinchair.ui.main_window import make_main_window
from tests.sync_kit import Council


def _states(store: Store) -> list[str]:
    with store.reading() as session:
        return sorted(row.state for row in sync_status(session))


@pytest.mark.slow
def test_clear_synced_from_the_case_menu_says_first_then_clears(
    qtbot: Any, tmp_path: Path, private_data_dir: Path
) -> None:
    demo = build_demo(tmp_path / "laptop.sqlite3")
    council = Council.make(tmp_path / "keys")
    device = DeviceKey.generate()
    council.trust(device, "Priya Shah, laptop 7")
    laptop = Store.open(sqlite_url(demo.store_path), actor="chair")
    export_meetings(laptop, tmp_path / "usb", device=device, council=council.desk.sealing.public)
    window = make_main_window(laptop, today=date(2026, 12, 1), demo=False)
    qtbot.addWidget(window)
    [action] = [a for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()
                if a.text() == "Clear s&ynced meetings…"]  # fmt: skip
    assert action.shortcut().toString() == "Ctrl+Shift+Del"
    seen: dict[str, Any] = {}

    def look_and(clear: bool) -> None:
        [dialog] = [w for w in QApplication.topLevelWidgets()
                    if isinstance(w, ClearSyncedDialog) and w.isVisible()]  # fmt: skip
        seen["text"] = dialog.preview.toPlainText()
        seen["can_clear"] = dialog.clear_button.isEnabled()
        if clear:
            dialog.clear_button.click()
            seen["outcome"] = dialog.outcome.text()
        dialog.accept()

    # Exported but not acknowledged: nothing can go, and it says why.
    QTimer.singleShot(0, lambda: look_and(False))
    action.trigger()
    assert not seen["can_clear"] and "Nothing can be cleared yet" in seen["text"]
    assert "2 signed meeting(s) stay" in seen["text"]
    assert _states(laptop) == ["awaiting receipt", "awaiting receipt"]

    council_store = Store.open(sqlite_url(tmp_path / "council.sqlite3"), actor="admin")
    summary = import_bundles(
        council_store, [tmp_path / "usb"], desk=council.desk, imported_by="Ann",
        receipts_dir=tmp_path / "receipts",
    )  # fmt: skip
    load_receipt_file(laptop, summary.receipts[0], council.desk.public, device)
    QTimer.singleShot(0, lambda: look_and(True))
    action.trigger()
    assert seen["can_clear"] and "2 meeting(s) the council has acknowledged" in seen["text"]
    assert "cleared" in seen["outcome"]
    assert _states(laptop) == ["cleared", "cleared"]
    council_store.close()
    laptop.close()
