"""Long admin work shows how far it is and stops cleanly when asked.

A case pack counts its cases and stops between them on Cancel with nothing written;
the busy dialog shows the count and offers Cancel only where the work reads it.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from cinchair.store.facade import Store
from cinchair.sync.importer import import_bundles
from cinchair.sync.keys.device import laptop_public
from cinchair.sync.packs.make import PackCancelled, make_case_pack
from cinchair.ui.widgets.busy import Progress, run_busy
from tests.sync_kit import EXPORTED, Council, Demo


@pytest.mark.slow
def test_a_case_pack_counts_its_cases_and_stops_between_them(
    council: Council, demo: Demo, sqlite_council: Store, tmp_path: Path
) -> None:
    laptop_a = council.laptop("Laptop A")
    paths = [council.bundle(r, laptop_a, tmp_path / "usb") for r in (demo.planning, demo.review)]
    import_bundles(sqlite_council, paths, desk=council.desk, imported_by="Ann")
    ref = str(demo.review["case"]["reference"])
    with Store.open(f"sqlite:///{tmp_path / 'b.sqlite3'}", actor="Priya") as laptop_b:
        trust = council.desk.trust_list()
        entry = trust.trust(laptop_public(laptop_b).public_text(), "Laptop B", EXPORTED)
        trust.save(council.desk.trust_path)
    told: list[tuple[int, int, str]] = []
    data = make_case_pack(
        sqlite_council, council.desk, entry.device_id, [ref], made_by="Ann",
        progress=lambda *step: told.append(step),
    )  # fmt: skip
    assert data and told == [(0, 1, ref), (1, 1, "sealing the pack")]
    with pytest.raises(PackCancelled, match="after 0 of 1"):
        make_case_pack(
            sqlite_council, council.desk, entry.device_id, [ref], made_by="Ann",
            cancelled=lambda: True,
        )  # fmt: skip


def test_the_busy_dialog_counts_and_its_cancel_reaches_the_work(qtbot: Any) -> None:
    progress = Progress()
    seen: dict[str, object] = {}
    started = threading.Event()

    def work() -> str:
        for done in range(3):
            progress.step(done, 3, f"case {done + 1}")
            started.set()
            for _ in range(200):  # up to 4 s for the Cancel to arrive
                if progress.cancelled():
                    return f"stopped after {done}"
                time.sleep(0.02)
        return "finished"

    def press_cancel() -> None:
        [dialog] = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        seen["maximum"], seen["label"] = dialog.maximum(), dialog.labelText()
        [cancel] = [b for b in dialog.findChildren(QPushButton) if "Cancel" in b.text()]
        cancel.click()
        seen["after"] = dialog.labelText()

    QTimer.singleShot(600, press_cancel)
    outcome = run_busy(
        None, "Making the case pack…", work, progress=progress, cancel_note="Stopping…"
    )
    assert outcome == "stopped after 0"
    assert seen["maximum"] == 3 and "case 1" in str(seen["label"]) and seen["after"] == "Stopping…"


def test_one_scrypt_step_has_a_moving_bar_and_no_cancel(qtbot: Any) -> None:
    seen: dict[str, object] = {}

    def look() -> None:
        [dialog] = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        seen["range"] = (dialog.minimum(), dialog.maximum())
        seen["shown"] = dialog.isVisible()  # a moving bar has no value to show it by
        seen["buttons"] = [b.text() for b in dialog.findChildren(QPushButton) if b.isVisible()]

    QTimer.singleShot(400, look)
    assert run_busy(None, "Making the council's keys…", lambda: time.sleep(0.8) or 7) == 7
    assert seen == {"range": (0, 0), "buttons": [], "shown": True}
