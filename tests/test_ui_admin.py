"""The admin desk and the chair's sync round trip, driven through the windows only.

From an empty data folder: the council store set up against PostgreSQL in the window,
council keys made, two laptops trusted from their key text (fingerprints compared),
their bundles imported, the due list seen and saved as Excel, a conflict resolved with
a reason, a laptop revoked and its next bundle refused; and on the chair's side: the
council key installed, export, the receipt loaded, the synced meetings cleared.

The laptops' stores are made by the demo and laptop B's bundles by the core functions a
laptop uses (test setup); everything else is a click or a typed field in a window.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from cinchair.app.settings import settings_path
from cinchair.demo import build_demo
from cinchair.model import AuditEntry, SyncConflict
from cinchair.record import attachment_files, build_record
from cinchair.store.facade import Store, sqlite_url
from cinchair.sync.bundle.bundle import make_bundle
from cinchair.sync.council import laptop_council_public, public_of_folder
from cinchair.sync.export import sync_status
from cinchair.sync.keys.device import laptop_sealing_key
from cinchair.sync.keys.keys import DeviceKey
from cinchair.sync.keys.laptop import LaptopPublic
from cinchair.sync.packs.open import open_case_pack
from cinchair.ui.admin.desk import AdminDesk
from cinchair.ui.admin.pack import CasePackDialog
from cinchair.ui.admin.store_setup import CouncilStoreDialog
from cinchair.ui.dialogs.device_key import DeviceKeyDialog
from cinchair.ui.dialogs.load_receipt import LoadReceiptDialog
from cinchair.ui.main_window import make_main_window
from tests.sync_kit import ATTACHED, DOCUMENTS, KEY_WORK, PASSPHRASE, attached_files, fresh_ids

TODAY = date(2027, 3, 1)


@pytest.fixture
def empty_database(postgres_url: str) -> Iterator[str]:
    """An empty database on the test server (what IT gives the council), dropped after."""
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    name = f"desk_{secrets.token_hex(4)}"
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture
def quiet_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Information boxes answered at once; what they said is kept to check."""
    said: list[str] = []

    def information(_parent: Any, _title: str, message: str, *args: Any) -> Any:
        said.append(message)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", staticmethod(information))
    return said


def _no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())


def _laptop_b_bundle(record: dict[str, Any], device: DeviceKey, council: Any, out: Path) -> Path:
    """A bundle as laptop B's export makes it (test setup: laptop B is not on screen)."""
    data = make_bundle(
        record=record,
        files=DOCUMENTS | attached_files(record),
        device=device,
        council=council,
        app_version="0.1.0",
        exported_at=datetime.now(UTC),
    )
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{record['meeting']['id'][:8]}.cinsync"
    path.write_bytes(data)
    return path


def _set_up_store(qtbot: Any, postgres_url: str, database: str) -> tuple[Store, str]:
    url = make_url(postgres_url)
    dialog = CouncilStoreDialog()
    qtbot.addWidget(dialog)
    dialog.postgres.setChecked(True)
    dialog.host.setText(url.host or "")
    dialog.port.setValue(url.port or 5432)
    dialog.database.setText(database)
    dialog.user.setText(url.username or "")
    dialog.password.setText("wrong password")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "Password" in dialog.error.text() and "refused" in dialog.error.text()
    dialog.password.setText(url.password or "")
    dialog.accept()  # an empty database is refused until the admin says to make it
    assert "empty" in dialog.error.text()
    qtbot.mouseClick(dialog.make_new, Qt.MouseButton.LeftButton)
    dialog.admin.setText("Sam Admin")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.store is not None
    return dialog.store, url.password or ""


@pytest.mark.slow
@pytest.mark.postgres
def test_the_admin_desk_and_the_chairs_round_trip_from_an_empty_data_folder(
    qtbot: Any,
    postgres_url: str,
    empty_database: str,
    tmp_path: Path,
    private_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    quiet_boxes: list[str],
) -> None:
    _no_keyring(monkeypatch)
    council_store, password = _set_up_store(qtbot, postgres_url, empty_database)
    desk = AdminDesk(council_store, today=TODAY, work=KEY_WORK)
    qtbot.addWidget(desk)

    # Council keys, made on the Keys tab.
    desk.keys.passphrase.first.setText(PASSPHRASE)
    desk.keys.passphrase.second.setText(PASSPHRASE)
    qtbot.mouseClick(desk.keys.make, Qt.MouseButton.LeftButton)
    assert (desk.keys_dir / "council-sealing-key.pem").exists()
    assert "council-sealing-key.pem: x25519 key, scrypt" in desk.keys.protection.text()
    pub = tmp_path / "handed-over" / "council.pub"
    pub.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pub), ""))
    qtbot.mouseClick(desk.keys.save, Qt.MouseButton.LeftButton)
    assert pub.read_text().startswith("cinchair-council")

    # Laptop A: the chair's window; the council key installed from the file.
    demo = build_demo(tmp_path / "laptop-a.sqlite3")
    laptop_a = Store.open(sqlite_url(demo.store_path), actor="chair")
    window = make_main_window(laptop_a, today=TODAY)
    qtbot.addWidget(window)
    key_dialog = DeviceKeyDialog(laptop_a, window)
    qtbot.addWidget(key_dialog)
    assert "not on this laptop yet" in key_dialog.council_state.text()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(pub), ""))
    qtbot.mouseClick(key_dialog.install, Qt.MouseButton.LeftButton)
    assert "is installed" in key_dialog.council_state.text()
    a_key_text, a_fingerprint = key_dialog.key_text.toPlainText(), key_dialog.fingerprint.text()

    # Trust both laptops from their key text; the fingerprints match what the laptop shows.
    device_b = DeviceKey.generate()
    for key_text, label in ((a_key_text, "Priya Shah, laptop 7"), (device_b.public_text(), "B")):
        trust = desk.laptops.trust()
        trust.key_text.setPlainText(key_text)
        trust.label.setText(label)
        if label.startswith("Priya"):
            assert trust.fingerprint.text() == a_fingerprint
        qtbot.mouseClick(trust.ok, Qt.MouseButton.LeftButton)
        assert trust.result() == QDialog.DialogCode.Accepted
    assert desk.laptops.model.rowCount() == 2
    assert desk.laptops.count.text() == "2 trusted, 0 revoked"

    # Laptop A exports from its window; laptop B reviewed the same child on its own copy.
    exported = tmp_path / "usb"
    exported.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(exported))
    window.export_for_sync()
    assert len(list(exported.glob("*.cinsync"))) == 2
    with laptop_a.reading() as session:
        records = [build_record(session, m) for m in demo.meeting_ids]
        for meeting_id in demo.meeting_ids:  # what the child gave, as laptop B holds it too
            for content in attachment_files(session, meeting_id).values():
                ATTACHED[hashlib.sha256(content).hexdigest()] = content
    council_public = public_of_folder(desk.keys_dir).sealing
    for record in fresh_ids(*records):
        record["meeting"]["venue"] = "Family home (laptop B's note)"
        _laptop_b_bundle(record, device_b, council_public, tmp_path / "usb-b")

    # Import both laptops' bundles at the desk.
    importing = desk.imports.open_import()
    importing.passphrase.setText(PASSPHRASE)
    importing.set_paths([exported, tmp_path / "usb-b"])
    qtbot.mouseClick(importing.start, Qt.MouseButton.LeftButton)
    assert importing.summary is not None
    assert importing.summary.counts["imported"] == 2
    assert importing.summary.counts["conflict"] == 2
    importing.accept()
    assert desk.imports.model.rowCount() == 1
    assert "2 imported" in desk.imports.note.text()

    # The due list: the case is there, and saved as a formatted workbook.
    desk.due.state.setCurrentIndex(desk.due.state.findData(""))
    assert desk.due.model.rowCount() == 1
    assert desk.due.visible_cases()[0].case_reference == "LCS-482913"
    workbook = tmp_path / "due.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(workbook), ""))
    desk.due.save_xlsx.click()
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    sheet = load_workbook(workbook).active
    assert sheet["A1"].value == "Case reference" and sheet["A2"].value == "LCS-482913"
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"

    # A case pack for laptop A, made from the due list, sealed to laptop A alone.
    desk.due.table.selectRow(0)
    desk.due.pack.click()
    packing = desk.findChild(CasePackDialog)
    assert packing is not None and packing.chosen_refs() == ["LCS-482913"]
    assert packing.laptop.count() == 1  # laptop B sent its signing key only: no packs
    packing.passphrase.setText(PASSPHRASE)
    qtbot.mouseClick(packing.make, Qt.MouseButton.LeftButton)
    assert packing.written is not None and packing.written.exists(), packing.outcome.text()
    opened = open_case_pack(
        packing.written.read_bytes(),
        sealing=laptop_sealing_key(laptop_a),
        device_id=LaptopPublic.from_text(a_key_text).device_id,
        council=laptop_council_public(),
        source=packing.written.name,
    )
    assert [case.reference for case in opened.cases] == ["LCS-482913"]
    packing.close()

    # A conflict compared side by side and resolved with a reason.
    assert desk.conflicts.model.rowCount() == 2
    assert desk.tabs.tabText(1) == "&Conflicts (2)"
    desk.conflicts.table.selectRow(0)
    differing = [d.where for d in desk.conflicts.sides.rows]
    assert "meeting.venue" in differing and all(d.differs for d in desk.conflicts.sides.rows)
    assert not [w for w in differing if w.endswith("id")]  # ids always differ: not shown
    qtbot.mouseClick(desk.conflicts.resolve, Qt.MouseButton.LeftButton)  # no reason yet
    assert "say what was decided" in desk.conflicts.error.text()
    conflict_id = desk.conflicts.chosen().id  # type: ignore[union-attr]
    qtbot.keyClicks(desk.conflicts.reason, "Laptop 7's review is the right one")
    qtbot.mouseClick(desk.conflicts.resolve, Qt.MouseButton.LeftButton)
    assert desk.conflicts.model.rowCount() == 1
    with council_store.reading() as session:
        resolved = session.get(SyncConflict, conflict_id)
        assert resolved is not None and resolved.resolved_by == "Sam Admin"
        assert resolved.note == "Laptop 7's review is the right one"
        logged = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "sync_conflicts")
        ).all()
        assert any("Laptop 7's review is the right one" in str(e.changes) for e in logged)

    # Revoke laptop B; its next bundle is refused.
    row = next(
        r
        for r in range(desk.laptops.proxy.rowCount())
        if desk.laptops.proxy.row_at(desk.laptops.proxy.index(r, 0)).label == "B"
    )
    desk.laptops.table.selectRow(row)
    desk.laptops.revoke_selected("laptop stolen")
    assert desk.laptops.count.text() == "1 trusted, 1 revoked"
    later = fresh_ids(records[1])[0]
    late_bundle = _laptop_b_bundle(later, device_b, council_public, tmp_path / "usb-b-late")
    importing = desk.imports.open_import()
    importing.passphrase.setText(PASSPHRASE)
    importing.set_paths([late_bundle])
    qtbot.mouseClick(importing.start, Qt.MouseButton.LeftButton)
    assert importing.summary is not None
    assert [i.outcome for i in importing.summary.items] == ["refused"]
    assert "revoked" in importing.summary.items[0].message
    importing.accept()
    assert desk.imports.model.rowCount() == 2

    # The chair loads the council's receipt and clears the synced meetings.
    receipts = list(desk.receipts_dir.glob("receipt-*.json"))
    a_device = LaptopPublic.from_text(a_key_text).device_id
    mine = [p for p in receipts if a_device in p.name]
    assert len(mine) == 1
    loading = LoadReceiptDialog(laptop_a, window)
    qtbot.addWidget(loading)
    assert not loading.clear_button.isEnabled()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(mine[0]), ""))
    qtbot.mouseClick(loading.choose, Qt.MouseButton.LeftButton)
    assert "2 meeting(s) now synced" in loading.outcome.text()
    assert "2 meeting(s) the council has acknowledged will be removed" in (
        loading.preview.toPlainText()
    )
    qtbot.mouseClick(loading.clear_button, Qt.MouseButton.LeftButton)
    assert loading.cleared
    with laptop_a.reading() as session:
        assert {row.state for row in sync_status(session)} == {"cleared"}

    # The PostgreSQL password is in no file the app wrote.
    written = [p for p in tmp_path.rglob("*") if p.is_file()] + [settings_path()]
    assert private_data_dir in settings_path().parents
    secret = password.encode()
    assert secret and not [p for p in written if secret in p.read_bytes()]
    laptop_a.close()
    council_store.close()
