"""This laptop's device signing key, kept inside the store rather than in a clear file.

Why in the store: the device key signs every bundle the laptop exports, and the council
accepts a bundle signed with it as this laptop's. As a clear ``device-key.pem`` in the
data folder, a stolen laptop handed it over with no passphrase asked, and the thief could
send bundles as the laptop until an admin revoked it. Inside the chair's SQLCipher store
(``StoredDeviceKey``) it is as safe as the records it signs for.

Moving an old file in: the first time the chair's own store is asked for its key and has
none, the key in an old ``device-key.pem`` is moved in, the very same key, so the
council's trust list still knows the laptop (its device id does not change). The key is
committed first and the file removed after: a crash in between leaves both, and the next
call finds the same key in the store and removes the leftover file. A leftover file with
a *different* key is never used nor removed (that would switch the laptop's identity
without a word); a damaged file is left as it is with a clear message, and no new key is
made while it is there.

Why not audited: the audit log is the hash-chained history of the *record*, and it is
append-only. A signing key is the laptop's tool, not part of any child's record, and a
private key must never be copied into a log that can never be cleaned. So the row is
written on a bare connection under the store's writer lock (``Store.writing``), which the
audit hook does not see; had it gone through a session, ``cinchair.store.audit`` would have
logged the key's bytes only as a ``sha256:`` digest.

Which store: the one whose meetings are exported. The chair's own store (the default
SQLite file in the data folder, encrypted since ``cinchair init``) is the only one that
takes in an old file. Any other SQLite store (the demo, a copy given with ``--db``)
keeps a key of its own, made at first use: the demo's is remade with the demo, so no
council ever trusts it. A PostgreSQL store is the council's, which receives bundles and
signs none: it is refused.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from cinchair.app import paths
from cinchair.app.failures import explain
from cinchair.app.files import staging_files
from cinchair.model import StoredDeviceKey, utcnow
from cinchair.model.device import THE_SLOT
from cinchair.store.facade import Store
from cinchair.sync.keys.keys import DEVICE_KEY_FILE, DeviceKey, KeyProblem
from cinchair.sync.keys.laptop import LaptopPublic, SealingKey

__all__ = [
    "DEVICE_KEY_FILE",
    "KeptDeviceKey",
    "device_key_in",
    "is_own_store",
    "laptop_device_key",
    "laptop_public",
    "laptop_sealing_key",
    "old_key_file",
    "sealing_key_in",
]


@dataclass(frozen=True)
class KeptDeviceKey:
    """The store's device key, and what became of an old clear key file on the way.

    ``note`` is a sentence for the chair when an old file is still there (it could not be
    removed, or holds another key); ``None`` when there is nothing to say.
    """

    key: DeviceKey
    moved_in: bool = False  # the key came from the old file during this call
    note: str | None = None

    @property
    def device_id(self) -> str:
        return self.key.device_id


def old_key_file() -> Path:
    """Where versions before 0007 kept the device key in clear: the user's data folder."""
    return paths.data_dir() / DEVICE_KEY_FILE


def _sqlite_file(store: Store) -> Path | None:
    url = store.engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def is_own_store(store: Store) -> bool:
    """True for the chair's own store: the SQLite file at ``paths.default_store_path()``."""
    path = _sqlite_file(store)
    return path is not None and path.resolve() == paths.default_store_path().resolve()


def laptop_device_key(store: Store) -> KeptDeviceKey:
    """The device key that signs what ``store`` exports, made at first use.

    For the chair's own store an old clear ``device-key.pem`` is moved in; any other store
    keeps a key of its own (see the module's docstring).
    """
    return device_key_in(store, old_file=old_key_file() if is_own_store(store) else None)


def device_key_in(store: Store, *, old_file: Path | None = None) -> KeptDeviceKey:
    """The key kept in ``store``: read, moved in from ``old_file``, or made; ``KeyProblem``.

    One transaction under the writer lock, so two windows (or a window and a command)
    starting at once agree on one key. Nothing is written when it raises.
    """
    if store.engine.dialect.name != "sqlite":
        raise KeyProblem(
            f"the store {store.url} is a council store ({store.engine.dialect.name}): it "
            "receives bundles and signs none, so it keeps no device key. Export from the "
            "chair's laptop."
        )
    try:
        kept = _read(store)
        if kept is not None:
            return _tidy_leftover(kept, old_file)
        old = _read_old_file(old_file)
        with store.writing() as connection:
            kept = _row_key(connection)  # made by someone else since the read above?
            if kept is None:
                key = old if old is not None else DeviceKey.generate()
                connection.execute(
                    insert(StoredDeviceKey).values(
                        slot=THE_SLOT,
                        private_key=key.private_raw(),
                        device_id=key.device_id,
                        created_at=utcnow(),
                        sealing_key=SealingKey.generate().private_raw(),
                    )
                )
    except SQLAlchemyError as exc:
        explained = explain(exc)
        if explained is None:
            raise
        reason = explained.title.removeprefix("Not saved: ")
        raise KeyProblem(
            f"the device key could not be kept in the store: {reason}. Nothing was changed."
        ) from exc
    if kept is not None:
        return _tidy_leftover(kept, old_file)
    if old is None:
        return KeptDeviceKey(key)
    return KeptDeviceKey(key, moved_in=True, note=_remove(old_file, key))


def _row_key(connection: Connection) -> DeviceKey | None:
    row = connection.execute(
        select(StoredDeviceKey.private_key, StoredDeviceKey.device_id).where(
            StoredDeviceKey.slot == THE_SLOT
        )
    ).first()
    if row is None:
        return None
    key = DeviceKey.from_private_raw(bytes(row.private_key))
    if key.device_id != row.device_id:
        raise KeyProblem(
            f"the device key kept in the store is damaged (it should be device "
            f"{row.device_id}, but is {key.device_id}). Restore the store from a backup."
        )
    return key


def _read(store: Store) -> DeviceKey | None:
    with store.engine.connect() as connection:
        return _row_key(connection)


def _read_old_file(old_file: Path | None) -> DeviceKey | None:
    """The old file's key, ``None`` without one; ``KeyProblem`` (file left) if damaged."""
    if old_file is None or not old_file.exists():
        return None
    return DeviceKey.read_old_file(old_file)


def _remove(old_file: Path | None, key: DeviceKey) -> str | None:
    """Remove the old clear file now that ``key`` (the same key) is in the store."""
    if old_file is None:
        return None
    try:
        old_file.unlink(missing_ok=True)
    except OSError as exc:
        return (
            f"This laptop's device key (device {key.device_id}) is in your encrypted store "
            f"now, but the old clear file {old_file} could not be removed "
            f"({exc.strerror or exc}). It is tried again next time; or delete it yourself."
        )
    for part in staging_files(old_file):
        with contextlib.suppress(OSError):
            part.unlink()
    return None


def _tidy_leftover(kept: DeviceKey, old_file: Path | None) -> KeptDeviceKey:
    """The store already has its key: remove an old file holding the same key (left by a
    crash between commit and removal); leave any other file, and say so."""
    if old_file is None or not old_file.exists():
        if old_file is not None:
            _remove(old_file, kept)  # stale staging files only
        return KeptDeviceKey(kept)
    try:
        old = DeviceKey.read_old_file(old_file)
    except KeyProblem:
        return KeptDeviceKey(
            kept,
            note=f"The old key file {old_file} is still in the data folder but cannot be "
            "read as a device key, so it was left as it is and is not used. This laptop "
            f"signs with the key in your store (device {kept.device_id}); if you have no "
            "use for the file, delete it.",
        )
    if old.device_id != kept.device_id:
        return KeptDeviceKey(
            kept,
            note=f"The old clear key file {old_file} holds a different device key (device "
            f"{old.device_id}) from the one in your store (device {kept.device_id}), which "
            "this laptop signs with. The file was left as it is and is not used. If the "
            "council trusts the file's key and not the store's, ask the admin to trust "
            f"device {kept.device_id}; then delete the file.",
        )
    return KeptDeviceKey(kept, note=_remove(old_file, kept))


# --- the sealing key (case packs) -----------------------------------------------------------


def laptop_sealing_key(store: Store) -> SealingKey:
    """The key that opens case packs sealed to the laptop of ``store`` (see below)."""
    laptop_device_key(store)  # the row, moving an old clear file in first where there is one
    return sealing_key_in(store)


def laptop_public(store: Store) -> LaptopPublic:
    """Both public keys of the laptop of ``store``: the line ``keys device`` prints."""
    signing = laptop_device_key(store).key
    return LaptopPublic(signing.public, laptop_sealing_key(store).public_raw)


def sealing_key_in(store: Store) -> SealingKey:
    """The X25519 sealing key kept beside the device key in ``store``, made at first use.

    A store made before case packs has a device key row without one (migration 0010 added
    the column): the key is made and kept then, under the writer lock, so two windows
    asking at once agree on one key. Like the device key, never audited (see the
    module's docstring). ``device_key_in`` must have made the row first.
    """
    if store.engine.dialect.name != "sqlite":
        raise KeyProblem(
            f"the store {store.url} is a council store: case packs are sealed to laptops, "
            "so it keeps no sealing key"
        )
    try:
        with store.writing() as connection:
            raw = connection.execute(
                select(StoredDeviceKey.sealing_key).where(StoredDeviceKey.slot == THE_SLOT)
            ).scalar_one_or_none()
            if raw is not None:
                return SealingKey.from_private_raw(bytes(raw))
            made = SealingKey.generate()
            changed = connection.execute(
                update(StoredDeviceKey)
                .where(StoredDeviceKey.slot == THE_SLOT, StoredDeviceKey.sealing_key.is_(None))
                .values(sealing_key=made.private_raw())
            ).rowcount
            if changed != 1:
                raise KeyProblem(
                    "this store has no device key yet, so no sealing key either: open the "
                    "store in cinchair (or run 'cinchair keys device') first"
                )
            return made
    except SQLAlchemyError as exc:
        explained = explain(exc)
        if explained is None:
            raise
        reason = explained.title.removeprefix("Not saved: ")
        raise KeyProblem(
            f"the sealing key could not be kept in the store: {reason}. Nothing was changed."
        ) from exc
