"""The admin desk's screens and dialogs as PNG, for the README: docs/screenshots/admin-*.png.

Run from the checkout: ``QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/admin_screenshots.py``.
It builds a practice council in a temporary folder (the demo's two meetings from one
laptop, the same child reviewed on a second laptop, so two conflicts wait), opens the
desk on it and grabs each tab and dialog at 1366x768. Nothing outside the temporary
folder and docs/screenshots is touched.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
PASSPHRASE = "practice council passphrase"
WORK = 2**12  # the practice keys' scrypt cost: quick, never the app's own
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def main() -> None:
    work_dir = Path(tempfile.mkdtemp(prefix="cinchair-admin-shots-"))
    os.environ["CINCHAIR_DATA_DIR"] = str(work_dir / "data")
    from PySide6.QtWidgets import QApplication, QWidget

    from cinchair.app.council_store import CouncilStoreConfig, open_council_store
    from cinchair.app.settings import load_settings, save_settings
    from cinchair.demo import build_demo
    from cinchair.record import attachment_file_name, attachment_files, build_record
    from cinchair.store.facade import Store, sqlite_url
    from cinchair.sync.admin_desk import save_import_summary, trust_laptop
    from cinchair.sync.bundle.bundle import make_bundle
    from cinchair.sync.council import CouncilDesk
    from cinchair.sync.importer import import_bundles
    from cinchair.sync.keys.device import laptop_device_key, laptop_public
    from cinchair.sync.keys.keys import DeviceKey
    from cinchair.ui import theme
    from cinchair.ui.admin.desk import AdminDesk, desk_folders
    from cinchair.ui.admin.store_setup import CouncilStoreDialog
    from cinchair.ui.dialogs.clear_synced import ClearSyncedDialog
    from cinchair.ui.dialogs.device_key import DeviceKeyDialog
    from cinchair.ui.dialogs.load_receipt import LoadReceiptDialog

    app = QApplication.instance() or QApplication(sys.argv)
    theme.follow_system(app)  # type: ignore[arg-type]
    config = CouncilStoreConfig(kind="sqlite", file=str(work_dir / "council.sqlite3"))
    settings = config.into_settings(load_settings())
    save_settings(replace(settings, admin_name="Sam Okafor", work_as="admin"))
    keys_dir, _receipts, summaries = desk_folders(load_settings())
    desk_keys = CouncilDesk.create(keys_dir, PASSPHRASE, work=WORK)

    demo = build_demo(work_dir / "laptop-a.sqlite3")
    laptop_a = Store.open(sqlite_url(demo.store_path))
    trust_laptop(keys_dir, laptop_public(laptop_a).public_text(), "Priya Shah, laptop 7")
    device_a = laptop_device_key(laptop_a).key
    device_b = DeviceKey.generate()
    trust_laptop(keys_dir, device_b.public_text(), "Tom Reid, laptop 12")
    with laptop_a.reading() as session:
        records = [build_record(session, m) for m in demo.meeting_ids]
        by_digest = {
            hashlib.sha256(content).hexdigest(): content
            for m in demo.meeting_ids
            for content in attachment_files(session, m).values()
        }
    inbox = work_dir / "inbox"
    inbox.mkdir()
    now = datetime.now(UTC)
    new_ids: dict[str, str] = {}
    for index, record in enumerate(records):
        record["meeting"]["chair"]["team"] = "North locality"  # laptop A's chair's team
        # Laptop B held its own copy of the case (its own ids) and noted another venue.
        copy = json.loads(
            UUID.sub(
                lambda m: new_ids.setdefault(m.group(0), str(uuid.uuid4())), json.dumps(record)
            )
        )
        copy["meeting"]["venue"] = "Family home, with grandmother present"
        for name, one, device in (("a", record, device_a), ("b", copy, device_b)):
            files = {
                attachment_file_name(a): by_digest[a["sha256"]] for a in one.get("attachments", [])
            }
            data = make_bundle(
                record=one,
                files=files,
                device=device,
                council=desk_keys.sealing.public,
                app_version="0.1.0",
                exported_at=now,
            )
            (inbox / f"{name}-{index}.cinsync").write_bytes(data)
    store = open_council_store(config, create=True)
    summary = import_bundles(store, [inbox], desk=desk_keys, imported_by="Sam Okafor")
    save_import_summary(summary, summaries)
    first_run = summary
    (inbox / "not-a-bundle.cinsync").write_bytes(b"garbage" * 10)
    summary = import_bundles(
        store, [inbox / "not-a-bundle.cinsync"], desk=desk_keys, imported_by="Sam Okafor"
    )
    save_import_summary(summary, summaries)

    OUT.mkdir(parents=True, exist_ok=True)

    def shot(widget: QWidget, name: str) -> None:
        widget.show()
        for _ in range(5):
            app.processEvents()
        widget.grab().save(str(OUT / f"admin-{name}.png"))
        print(OUT / f"admin-{name}.png")

    desk = AdminDesk(store, today=date.today(), work=WORK)
    desk.resize(1366, 768)
    desk.due.state.setCurrentIndex(desk.due.state.findData(""))
    for page, name in (
        (desk.due, "reviews-due"),
        (desk.conflicts, "conflicts"),
        (desk.imports, "imports"),
        (desk.laptops, "laptops"),
        (desk.keys, "keys"),
        (desk.recovery, "recovery"),
    ):
        desk.tabs.setCurrentWidget(page)
        shot(desk, name)
    desk.lock()
    shot(desk, "locked")
    desk.unlock()
    desk.tabs.setCurrentWidget(desk.imports)
    importing = desk.imports.open_import()
    importing.set_paths([inbox])
    importing.progress.setMaximum(len(first_run.items))
    importing.progress.setValue(len(first_run.items))
    importing.show_summary(first_run)
    shot(importing, "import-window")
    importing.summary = None
    importing.close()
    trust = desk.laptops.trust()
    trust.key_text.setPlainText(DeviceKey.generate().public_text())
    trust.label.setText("Alex Morgan, laptop 3")
    shot(trust, "trust-laptop")
    trust.close()
    desk.due.table.selectRow(0)
    packing = desk.make_case_pack(desk.due.visible_cases()[:1])
    shot(packing, "case-pack")
    packing.close()
    shot_progress(desk, lambda d: shot(d, "case-pack-progress"))
    setup = CouncilStoreDialog(desk)
    setup.postgres.setChecked(True)
    setup.host.setText("cin-db.council.local")
    setup.database.setText("cinchair")
    setup.user.setText("cin_admin")
    setup.error.setText(
        "Server: the server at cin-db.council.local:5432 is not reachable (it did not answer, "
        "or refused the connection): check the server name and port, and that this machine "
        "is on the council's network"
    )
    shot(setup, "council-store")
    setup.close()
    chair_key = DeviceKeyDialog(laptop_a)
    shot(chair_key, "chair-laptop-key")
    receipt = LoadReceiptDialog(laptop_a)
    shot(receipt, "chair-load-receipt")
    clearing = ClearSyncedDialog(laptop_a)
    shot(clearing, "chair-clear-synced")
    desk.close()
    store.close()
    laptop_a.close()


def shot_progress(parent: Any, grab: Any) -> None:
    """The bar a case pack shows while it works, grabbed half-way (a pretend pack of three)."""
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from cinchair.ui.widgets.busy import Progress, run_busy

    progress = Progress()

    def work() -> None:
        progress.step(1, 3, "Case 2 of 3: LCS-482913")
        for _ in range(100):
            if progress.cancelled():
                return
            time.sleep(0.01)

    def take() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible():
                grab(widget)

    QTimer.singleShot(600, take)
    run_busy(
        parent,
        "Making the case pack…",
        work,
        progress=progress,
        cancel_note="Stopping after the case in hand; no pack will be written…",
    )


if __name__ == "__main__":
    main()
