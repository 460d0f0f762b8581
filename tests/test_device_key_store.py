"""This laptop's device signing key lives inside the encrypted store, never in a clear file.

An old clear ``device-key.pem`` is moved in (the same key, so the council still knows the
laptop), committed before the file goes, and a crash in between heals; a different or
damaged leftover file is left alone with words; the key never reaches the audit log.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select, text

from cinchair.app import paths
from cinchair.model import AuditEntry, StoredDeviceKey
from cinchair.security.vault import create_encrypted, open_encrypted
from cinchair.store.facade import Store, sqlite_url
from cinchair.sync.keys.device import (
    device_key_in,
    is_own_store,
    laptop_device_key,
    old_key_file,
)
from cinchair.sync.keys.keys import DeviceKey, KeyProblem
from cinchair.sync.keys.laptop import LaptopPublic

STORE_PASSPHRASE = "a long store passphrase"


def _old_pem(key: DeviceKey) -> bytes:
    """The file versions before 0007 wrote: unencrypted PKCS#8 PEM."""
    private = Ed25519PrivateKey.from_private_bytes(key.private_raw())
    return private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _write_old_file(key: DeviceKey) -> Path:
    path = old_key_file()
    path.write_bytes(_old_pem(key))
    return path


def _rows(store: Store) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(StoredDeviceKey)) or 0


def _secret_forms(key: DeviceKey) -> list[bytes]:
    """Every way the private key could sit in a file: raw, hex, base64, its PEM body."""
    raw = key.private_raw()
    pem_body = b"".join(_old_pem(key).splitlines()[1:-1])
    return [raw, raw.hex().encode(), base64.b64encode(raw), pem_body]


def _files_holding(folder: Path, key: DeviceKey) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            found += [path.name for form in _secret_forms(key) if form in data]
    return found


@pytest.fixture
def own_store(private_data_dir: Path) -> Iterator[Store]:
    """The chair's own encrypted store, where ``cinchair store init`` makes it."""
    store = create_encrypted(paths.default_store_path(), STORE_PASSPHRASE, work=2**12)
    try:
        yield store
    finally:
        store.close()


def test_the_key_is_made_once_and_is_the_same_on_every_open(own_store: Store) -> None:
    assert is_own_store(own_store)
    first = laptop_device_key(own_store)
    assert not first.moved_in and first.note is None
    assert laptop_device_key(own_store).device_id == first.device_id
    own_store.close()
    with open_encrypted(paths.default_store_path(), STORE_PASSPHRASE) as again:
        kept = laptop_device_key(again)
        assert kept.device_id == first.device_id
        assert kept.key.public_text() == first.key.public_text()
        assert _rows(again) == 1
    assert not old_key_file().exists()  # no clear file is ever written


def test_the_store_holds_one_key_at_most(own_store: Store) -> None:
    laptop_device_key(own_store)
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), own_store.writing() as connection:
        connection.execute(
            text(
                "INSERT INTO device_key (slot, private_key, device_id, created_at) "
                "VALUES (2, x'00', 'x', '2026-11-23 00:00:00')"
            )
        )
    assert _rows(own_store) == 1


def test_the_key_is_nowhere_in_the_data_folder_in_clear(
    own_store: Store, private_data_dir: Path, tmp_path: Path
) -> None:
    key = laptop_device_key(own_store).key
    own_store.close()  # the WAL checkpointed: every byte the store holds is in the files
    assert (private_data_dir / "cinchair.sqlite3").stat().st_size > 0
    assert _files_holding(private_data_dir, key) == []
    # the scan itself works: in a plain store the very same bytes are found
    with Store.open(sqlite_url(tmp_path / "plain" / "plain.sqlite3")) as plain:
        plain_key = device_key_in(plain).key
    assert "plain.sqlite3" in _files_holding(tmp_path / "plain", plain_key)


def test_an_old_clear_file_is_moved_in_with_the_same_id_then_removed(own_store: Store) -> None:
    old = DeviceKey.generate()
    path = _write_old_file(old)
    stale = path.parent / f".{path.name}.abc123.part"  # a write interrupted long ago
    stale.write_bytes(_old_pem(old))
    kept = laptop_device_key(own_store)
    assert kept.moved_in and kept.note is None
    assert kept.device_id == old.device_id
    assert kept.key.private_raw() == old.private_raw()
    assert not path.exists() and not stale.exists()
    again = laptop_device_key(own_store)
    assert not again.moved_in and again.device_id == old.device_id


def test_a_crash_between_commit_and_removal_heals_on_the_next_call(
    own_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = DeviceKey.generate()
    path = _write_old_file(old)
    real_unlink = Path.unlink
    failures = []

    def unlink_fails_once(self: Path, missing_ok: bool = False) -> None:
        if self == path and not failures:
            failures.append(self)
            raise PermissionError(13, "Permission denied")
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink_fails_once)
    kept = laptop_device_key(own_store)
    assert failures == [path]
    assert kept.moved_in and kept.device_id == old.device_id
    assert kept.note is not None and "could not be removed" in kept.note
    assert "Permission denied" in kept.note and "tried again" in kept.note
    assert path.exists() and _rows(own_store) == 1  # committed first, the file still there

    healed = laptop_device_key(own_store)
    assert healed.device_id == old.device_id and healed.note is None
    assert not healed.moved_in and not path.exists()


def test_a_leftover_file_with_a_different_key_is_left_alone(own_store: Store) -> None:
    kept = laptop_device_key(own_store)
    other = DeviceKey.generate()
    path = _write_old_file(other)
    again = laptop_device_key(own_store)
    assert again.device_id == kept.device_id  # never a silent switch of identity
    assert again.note is not None
    assert other.device_id in again.note and kept.device_id in again.note
    assert "different device key" in again.note and "left as it is" in again.note
    assert path.read_bytes() == _old_pem(other)


@pytest.mark.parametrize("content", [b"", b"not a key at all", b"-----BEGIN PRIVATE KEY-----\n"])
def test_a_damaged_old_file_is_reported_and_nothing_is_lost(
    own_store: Store, content: bytes
) -> None:
    path = old_key_file()
    path.write_bytes(content)
    with pytest.raises(KeyProblem, match=r"device-key\.pem is damaged") as caught:
        laptop_device_key(own_store)
    assert "left as it is" in str(caught.value) and "move the file aside" in str(caught.value)
    assert path.read_bytes() == content
    assert _rows(own_store) == 0  # no new identity made while the old one may be restored
    # moved aside as the message says: a new key is made, and the file stays where it was put
    aside = path.with_name("device-key.pem.damaged")
    path.rename(aside)
    assert laptop_device_key(own_store).note is None
    assert aside.read_bytes() == content


def test_a_damaged_leftover_beside_a_kept_key_is_left_with_a_note(own_store: Store) -> None:
    kept = laptop_device_key(own_store)
    old_key_file().write_bytes(b"garbage")
    again = laptop_device_key(own_store)
    assert again.device_id == kept.device_id
    assert again.note is not None and "cannot be read as a device key" in again.note
    assert old_key_file().read_bytes() == b"garbage"


def test_the_key_never_appears_in_the_audit_log(own_store: Store, tmp_path: Path) -> None:
    from tests.sync_kit import Council

    old = DeviceKey.generate()
    _write_old_file(old)
    _sign_a_meeting(own_store)
    council = Council.make(tmp_path / "keys")
    kept = laptop_device_key(own_store)
    from cinchair.sync.export import export_meetings

    summary = export_meetings(
        own_store, tmp_path / "usb", device=kept.key, council=council.desk.sealing.public
    )
    assert len(summary.exported) == 1
    with own_store.reading() as session:
        entries = [(e.entity, str(e.changes)) for e in session.scalars(select(AuditEntry))]
    logged = "\n".join(changes for _entity, changes in entries)
    assert entries and not any(entity == "device_key" for entity, _changes in entries)
    for form in _secret_forms(kept.key):
        assert form.decode("latin-1") not in logged


def _sign_a_meeting(store: Store) -> str:
    from cinchair.meetings import lifecycle as meetings
    from cinchair.model import MeetingKind
    from cinchair.profiles import get_profile
    from tests.factories import make_case, make_meeting

    with store.transaction() as session:
        case = make_case(session)
        review = make_meeting(session, case, kind=MeetingKind.INITIAL_PLANNING)
        meetings.record_decision(
            review, get_profile(case.profile_id), option_key="continue",
            rationale="Plan made <&{{ }}> 👍", decided_by="Chair Person",
        )  # fmt: skip
        meetings.sign_minutes(review)
        return review.id


def test_bundles_after_the_move_open_with_the_trust_entry_made_before(
    own_store: Store, tmp_path: Path
) -> None:
    """The council trusted the laptop when its key was a clear file; after the move the
    laptop's bundles still open with that same trust list entry."""
    from cinchair.sync import open_bundle
    from cinchair.sync.export import export_meetings
    from tests.sync_kit import Council

    council = Council.make(tmp_path / "keys")
    path = _write_old_file(DeviceKey.generate())
    council.trust(DeviceKey.read_old_file(path), "Priya Shah, laptop 7")
    meeting_id = _sign_a_meeting(own_store)

    kept = laptop_device_key(own_store)
    assert kept.moved_in and not path.exists()
    summary = export_meetings(
        own_store, tmp_path / "usb", device=kept.key, council=council.desk.sealing.public
    )
    [bundle] = summary.exported
    opened = open_bundle(
        bundle.path.read_bytes(),
        council_private=council.desk.sealing,
        trust=council.desk.trust_list(),
    )
    assert opened.device_label == "Priya Shah, laptop 7"
    assert opened.device_id == kept.device_id
    assert opened.record["meeting"]["id"] == meeting_id


def test_the_demo_keeps_a_key_of_its_own_remade_with_it(private_data_dir: Path) -> None:
    """The demo never takes in (nor touches) the laptop's old key file, and its key is new
    with every demo: no council has trusted it."""
    from cinchair.demo import build_demo

    laptop = DeviceKey.generate()
    path = _write_old_file(laptop)
    ids = []
    for _run in range(2):
        key = os.urandom(32)
        demo = build_demo(paths.demo_store_path(), key=key)
        with Store.open(sqlite_url(demo.store_path), actor="demo", key=key) as store:
            assert not is_own_store(store)
            kept = laptop_device_key(store)
            assert not kept.moved_in and kept.note is None
            ids.append(kept.device_id)
    assert len(set(ids) | {laptop.device_id}) == 3
    assert path.read_bytes() == _old_pem(laptop)


def test_another_sqlite_store_keeps_its_own_key(private_data_dir: Path, tmp_path: Path) -> None:
    laptop = DeviceKey.generate()
    _write_old_file(laptop)
    with Store.open(sqlite_url(tmp_path / "copy.sqlite3")) as store:
        assert not is_own_store(store)
        first = laptop_device_key(store)
        assert first.device_id != laptop.device_id
        assert laptop_device_key(store).device_id == first.device_id
    assert old_key_file().exists()


@pytest.mark.postgres
def test_the_councils_postgresql_store_keeps_no_device_key(pg_store: Store) -> None:
    with pytest.raises(KeyProblem, match="council store"):
        laptop_device_key(pg_store)
    assert _rows(pg_store) == 0


def test_keys_device_prints_the_moved_key_from_the_own_store(
    own_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cinchair.cli.main import main

    old = DeviceKey.generate()
    path = _write_old_file(old)
    own_store.close()
    passphrase = tmp_path / "passphrase.txt"
    passphrase.write_text(STORE_PASSPHRASE)
    assert main(["keys", "device", "--passphrase-file", str(passphrase)]) == 0
    out, err = capsys.readouterr()
    # one line with both keys: the signing key is the moved one, beside the sealing key
    assert LaptopPublic.from_text(out).signing == old.public and out.endswith("\n")
    assert out.startswith("cinchair-laptop ") and out.count("\n") == 1
    assert "moved from its clear file into your store" in err and not path.exists()
    assert main(["keys", "device", "--passphrase-file", str(passphrase)]) == 0
    assert capsys.readouterr().out == out


def test_keys_device_without_an_own_store_says_what_to_do(
    private_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cinchair.cli.main import main

    assert main(["keys", "device"]) == 2
    err = capsys.readouterr().err
    assert "no store of its own yet" in err and "cinchair store init" in err
    assert not paths.default_store_path().exists()  # no empty plain store made by asking


def _export_from_window(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any, *, demo: bool
) -> str:
    """File > Export in the window over ``store``, the folder chosen; the message shown."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from cinchair.sync.council import install_council_public
    from cinchair.ui.main_window import make_main_window
    from tests.sync_kit import Council

    install_council_public(Council.make(tmp_path / "keys").desk.public)
    out = tmp_path / "usb"
    out.mkdir()
    shown: list[str] = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(out))
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, body: shown.append(body))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, body: shown.append(body))
    window = make_main_window(store, demo=demo)
    qtbot.addWidget(window)
    window.export_for_sync()
    [message] = shown
    return message


def _kept_id(store: Store) -> str | None:
    with store.reading() as session:
        return session.scalar(select(StoredDeviceKey.device_id))


def test_the_window_exports_with_the_key_moved_into_the_own_store(
    own_store: Store, tmp_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = DeviceKey.generate()
    path = _write_old_file(old)
    _sign_a_meeting(own_store)
    message = _export_from_window(own_store, tmp_path, monkeypatch, qtbot, demo=False)
    assert message.startswith("1 meeting exported") and "Practice" not in message
    assert _kept_id(own_store) == old.device_id and not path.exists()


@pytest.mark.slow
def test_the_window_exports_the_demo_with_its_own_key(
    private_data_dir: Path, tmp_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cinchair.ui.app import open_demo_store

    old = DeviceKey.generate()
    path = _write_old_file(old)
    with open_demo_store() as demo:
        message = _export_from_window(demo, tmp_path, monkeypatch, qtbot, demo=True)
        assert "meetings exported" in message and "not exported" not in message
        assert "Practice: signed with the demo's own key" in message
        assert _kept_id(demo) not in (None, old.device_id)
    assert path.read_bytes() == _old_pem(old)  # the laptop's key is not the demo's business
