"""The key to the laptop's encrypted store, kept in a small file beside it.

The store is a SQLCipher database opened with a random 256-bit *data key*. The data
key never leaves memory in the clear: the key file holds it wrapped (AES-256-GCM)
under a key derived from the chair's passphrase with scrypt, which makes each guess
cost about a third of a second and 128 MiB, and, when the council's public key is
known, a *recovery copy* sealed to that key (the sync bundles' sealing), so an admin
holding the council's private key can open a chair's store whose passphrase is lost.

Changing the passphrase re-keys the database (``PRAGMA rekey``) to a fresh data key.
The new key file is written first as ``<name>.pending``; if the laptop dies between
re-keying and renaming, the next unlock tries the pending key too, so a power cut
in the middle can never lock the chair out.

The file is JSON: format, version, the scrypt parameters and salt, the nonce and
the wrapped key (base64), and the recovery copy with the council key's id. The scrypt
and AES-GCM steps are ``cinchair.security.key_wrap``, shared with the council's private key files.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cinchair.app.errors import ActionableError
from cinchair.app.files import write_atomically
from cinchair.security import key_wrap
from cinchair.security.key_wrap import KEY_BYTES as DATA_KEY_BYTES
from cinchair.security.key_wrap import SCRYPT_N as SCRYPT_N  # every ``work`` defaults to it

FORMAT = "cinchair.store-key"
VERSION = 1
MIN_PASSPHRASE = 10


class VaultProblem(ActionableError, ValueError):
    """The key file is missing, damaged or of an unknown kind; the message says which."""


class WrongPassphrase(VaultProblem):
    """The passphrase does not open this store."""


def check_new_passphrase(passphrase: str) -> None:
    """Refuse passphrases too short to protect a child's record, with the reason."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise VaultProblem(
            f"A passphrase needs at least {MIN_PASSPHRASE} characters; a few ordinary "
            "words together are easy to remember and hard to guess."
        )


def _unb64(text: Any, what: str, path: Path) -> bytes:
    try:
        return key_wrap.unb64(text)
    except ValueError as exc:
        raise VaultProblem(f"{path.name}: the {what} is damaged ({exc})") from exc


def _wrap(
    data_key: bytes, passphrase: str, n: int, recovery: dict[str, str] | None
) -> dict[str, Any]:
    wrapped = key_wrap.wrap(data_key, passphrase, FORMAT.encode(), n=n)
    return {
        "format": FORMAT,
        "version": VERSION,
        "kdf": wrapped.kdf_json(),
        "nonce": key_wrap.b64(wrapped.nonce),
        "wrapped_key": key_wrap.b64(wrapped.ciphertext),
        "recovery": recovery,
    }


def _recovery_copy(data_key: bytes, council: Any) -> dict[str, str] | None:
    if council is None:
        return None
    from cinchair.sync.bundle.sealing import seal  # sealing is shared with the sync bundles

    return {"council_key_id": council.key_id, "sealed_key": key_wrap.b64(seal(data_key, council))}


def _write(path: Path, content: dict[str, Any]) -> None:
    write_atomically(path, json.dumps(content, indent=2).encode("utf-8") + b"\n")
    if os.name == "posix":
        os.chmod(path, 0o600)


def _read(path: Path) -> dict[str, Any]:
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise VaultProblem(
            f"The key file {path} is missing, so the store cannot be opened. Restore it from "
            "the backup, or ask the council's admin to recover the store."
        ) from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise VaultProblem(f"The key file {path} cannot be read ({exc}).") from exc
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        raise VaultProblem(f"{path} is not a cinchair store key file.")
    if content.get("version") != VERSION:
        raise VaultProblem(f"{path} was made by a newer cinchair: update the app.")
    return content


@dataclass(frozen=True)
class KeyFile:
    """The key file beside a store: ``<store>.key``."""

    path: Path

    @classmethod
    def beside(cls, store_path: Path) -> KeyFile:
        return cls(store_path.with_name(store_path.name + ".key"))

    @property
    def pending(self) -> Path:
        return self.path.with_name(self.path.name + ".pending")

    def exists(self) -> bool:
        return self.path.exists()

    def create(self, passphrase: str, *, council: Any = None, work: int = SCRYPT_N) -> bytes:
        """A fresh data key, wrapped under ``passphrase`` (and sealed to ``council``)."""
        check_new_passphrase(passphrase)
        if self.path.exists():
            raise VaultProblem(f"{self.path} already exists; it is never overwritten.")
        data_key = os.urandom(DATA_KEY_BYTES)
        _write(self.path, _wrap(data_key, passphrase, work, _recovery_copy(data_key, council)))
        return data_key

    def candidates(self, passphrase: str) -> list[tuple[bool, bytes]]:
        """The data keys ``passphrase`` opens, as (from a pending re-key?, key).

        The current key file comes first, then a pending re-key's. Raises
        ``WrongPassphrase`` when the passphrase opens neither.
        """
        keys = []
        for pending, path in ((False, self.path), (True, self.pending)):
            if pending and not path.exists():
                continue
            try:
                keys.append((pending, _unwrap(_read(path), passphrase, path)))
            except WrongPassphrase:
                continue
        if not keys:
            raise WrongPassphrase("That passphrase does not open this store.")
        return keys

    def recover(self, council_keys: Any) -> bytes:
        """The data key from the recovery copy, with the council's private key."""
        from cinchair.sync.bundle.refusals import BundleRefused
        from cinchair.sync.bundle.sealing import unseal

        content = _read(self.path)
        recovery = content.get("recovery")
        if not recovery:
            raise VaultProblem(
                f"{self.path} holds no recovery copy: the store was set up without the "
                "council's public key, so only the passphrase opens it."
            )
        sealed = _unb64(recovery.get("sealed_key"), "recovery copy", self.path)
        try:
            return unseal(sealed, council_keys, source=self.path.name)
        except BundleRefused as exc:
            raise VaultProblem(f"The recovery copy cannot be opened: {exc.message}") from exc

    def begin_rekey(
        self, new_passphrase: str, *, council: Any = None, work: int = SCRYPT_N
    ) -> bytes:
        """Write the pending key file for a new data key; ``finish_rekey`` after the rekey."""
        check_new_passphrase(new_passphrase)
        data_key = os.urandom(DATA_KEY_BYTES)
        content = _wrap(data_key, new_passphrase, work, _recovery_copy(data_key, council))
        _write(self.pending, content)
        return data_key

    def finish_rekey(self) -> None:
        os.replace(self.pending, self.path)

    def abandon_rekey(self) -> None:
        self.pending.unlink(missing_ok=True)

    def recovery_key_id(self) -> str | None:
        recovery = _read(self.path).get("recovery")
        return recovery.get("council_key_id") if recovery else None


def _unwrap(content: dict[str, Any], passphrase: str, path: Path) -> bytes:
    kdf = content.get("kdf") or {}
    try:
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
    except (KeyError, TypeError, ValueError) as exc:
        raise VaultProblem(f"{path.name}: the key derivation settings are damaged") from exc
    salt = _unb64(kdf.get("salt"), "salt", path)
    nonce = _unb64(content.get("nonce"), "nonce", path)
    wrapped = _unb64(content.get("wrapped_key"), "wrapped key", path)
    try:
        return key_wrap.unwrap(
            key_wrap.Wrapped(salt, nonce, wrapped, n, r, p), passphrase, FORMAT.encode()
        )
    except key_wrap.NotOpened as exc:
        raise WrongPassphrase("That passphrase does not open this store.") from exc


def open_encrypted(store_path: Path, passphrase: str, *, actor: str = "chair") -> Any:
    """The chair's store, unlocked with ``passphrase``; ``WrongPassphrase`` if it is not.

    A re-key interrupted by a crash is finished here: whichever key opens the file
    is the one kept.
    """
    from sqlalchemy.exc import DatabaseError

    from cinchair.store.facade import Store, sqlite_url

    keyfile = KeyFile.beside(store_path)
    for pending, data_key in keyfile.candidates(passphrase):
        try:
            store = Store.open(sqlite_url(store_path), actor=actor, key=data_key)
        except DatabaseError:
            continue
        if pending:
            keyfile.finish_rekey()  # the file is under the new key already
        elif keyfile.pending.exists():
            keyfile.abandon_rekey()  # the re-key never reached the file
        return store
    raise VaultProblem(
        f"The passphrase is right, but {store_path.name} does not open with its key: the "
        "store and its key file do not belong together, or the store is damaged. Open the "
        "latest backup, or ask the council's admin to recover it."
    )


def create_encrypted(
    store_path: Path,
    passphrase: str,
    *,
    council: Any = None,
    actor: str = "chair",
    work: int = SCRYPT_N,
) -> Any:
    """A new, empty, encrypted store with its key file (and recovery copy)."""
    from cinchair.store.facade import Store, sqlite_url

    if store_path.exists():
        raise VaultProblem(f"{store_path} already exists; a store is never overwritten.")
    data_key = KeyFile.beside(store_path).create(passphrase, council=council, work=work)
    return Store.open(sqlite_url(store_path), actor=actor, key=data_key)


def change_passphrase(
    store: Any,
    store_path: Path,
    old: str,
    new: str,
    *,
    council: Any = None,
    work: int = SCRYPT_N,
) -> None:
    """Re-key the open ``store`` to a fresh data key wrapped under ``new``.

    Order matters for a power cut at any moment: the pending key file is written
    first, then the database is re-keyed, then the pending file replaces the old
    one. ``open_encrypted`` copes with a stop between any two of these steps.
    """
    keyfile = KeyFile.beside(store_path)
    keyfile.candidates(old)  # WrongPassphrase unless the chair knows the current one
    data_key = keyfile.begin_rekey(new, council=council, work=work)
    try:
        store.rekey(data_key)
    except Exception:
        keyfile.abandon_rekey()
        raise
    keyfile.finish_rekey()


def recover_store(
    store_path: Path, council_keys: Any, new_passphrase: str, *, work: int = SCRYPT_N
) -> None:
    """For the council's admin: open a store with the recovery copy, set a new passphrase."""
    from cinchair.store.facade import Store, sqlite_url

    keyfile = KeyFile.beside(store_path)
    data_key = keyfile.recover(council_keys)
    check_new_passphrase(new_passphrase)
    store = Store.open(sqlite_url(store_path), actor="recovery", key=data_key, migrate=False)
    try:
        new_key = keyfile.begin_rekey(new_passphrase, council=council_keys.public, work=work)
        store.rekey(new_key)
        keyfile.finish_rekey()
    finally:
        store.close()


# --- encrypting a store made before the vault ----------------------------------------------

PLAIN_HEADER = b"SQLite format 3\x00"


def is_plain_sqlite(path: Path) -> bool:
    """True when ``path`` is an unencrypted SQLite file (anyone could read it)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(PLAIN_HEADER)) == PLAIN_HEADER
    except OSError:
        return False


def needs_encrypting(store_path: Path) -> bool:
    """The chair's own store exists in plain form (an older ``cinchair init``) with no key."""
    return (
        store_path.is_file()
        and not KeyFile.beside(store_path).exists()
        and (is_plain_sqlite(store_path))
    )


@dataclass(frozen=True)
class _EncryptFiles:
    """The files an encryption moves through; their presence tells how far it got."""

    store: Path

    @property
    def staged(self) -> Path:
        return self.store.with_name(self.store.name + ".encrypting")

    @property
    def staged_key(self) -> KeyFile:
        return KeyFile.beside(self.staged)

    @property
    def plain(self) -> Path:
        return self.store.with_name(self.store.name + ".plain")

    @property
    def sidecars(self) -> list[Path]:
        return [self.store.with_name(self.store.name + s) for s in ("-wal", "-shm")]


def _table_counts(connection: Any, schema: str = "main") -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {
        name: connection.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0]
        for name in names
    }


def _export_encrypted(plain: Path, target: Path, data_key: bytes) -> dict[str, int]:
    """Copy every page of ``plain`` into a new SQLCipher file; the row counts copied."""
    import sqlcipher3

    target.unlink(missing_ok=True)
    connection = sqlcipher3.connect(str(plain), isolation_level=None)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every committed edit in
        counts = _table_counts(connection)
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        connection.execute(
            "ATTACH DATABASE ? AS encrypted KEY \"x'" + data_key.hex() + "'\"", (str(target),)
        )
        connection.execute("SELECT sqlcipher_export('encrypted')")
        connection.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        connection.execute("DETACH DATABASE encrypted")
    finally:
        connection.close()
    check = sqlcipher3.connect(str(target), isolation_level=None)
    try:
        check.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        problem = check.execute("PRAGMA integrity_check").fetchone()[0]
        copied = _table_counts(check)
    finally:
        check.close()
    if problem != "ok" or copied != counts:
        raise VaultProblem(
            "The encrypted copy does not match the store (nothing was changed): "
            f"{problem if problem != 'ok' else 'the row counts differ'}."
        )
    return counts


@dataclass(frozen=True)
class Encrypted:
    """What ``encrypt_store`` did: rows kept per table, plain backups removed."""

    rows: dict[str, int]
    plain_backups_removed: int


def finish_interrupted_encryption(store_path: Path) -> None:
    """Complete, or undo, an encryption stopped by a crash, so the store opens either way.

    The steps of ``encrypt_store`` leave distinct traces: a staged key without the
    swap means the plain store is still the store (the staged copy is dropped); after
    the swap the key is moved into place and the plain file removed.
    """
    files = _EncryptFiles(store_path)
    if files.staged_key.exists():
        if files.plain.exists() and not store_path.exists() and files.staged.exists():
            os.replace(files.staged, store_path)  # stopped between the two renames
        if files.plain.exists() and store_path.exists() and not is_plain_sqlite(store_path):
            os.replace(files.staged_key.path, KeyFile.beside(store_path).path)
        elif is_plain_sqlite(store_path):  # the swap never began: start again later
            files.staged.unlink(missing_ok=True)
            files.staged_key.path.unlink(missing_ok=True)
    if files.plain.exists() and KeyFile.beside(store_path).exists():
        files.plain.unlink()


def encrypt_store(
    store_path: Path,
    passphrase: str,
    *,
    council: Any = None,
    work: int = SCRYPT_N,
) -> Encrypted:
    """Encrypt a plain store in place; says how many rows were kept per table.

    SQLCipher's ``sqlcipher_export`` writes an encrypted copy beside the store, with
    its key file beside it; the copy is checked (integrity, and every table's row
    count) before anything is swapped. Then the plain file steps aside, the copy
    takes its name, the key file takes its place, and only then is the plain file
    removed. A crash at any step is finished by ``finish_interrupted_encryption``.
    Backups taken while the store was plain are readable copies of the same records,
    so they go too. The store must not be open elsewhere while this runs.
    """
    finish_interrupted_encryption(store_path)
    if not store_path.is_file():
        raise VaultProblem(f"There is no store at {store_path} to encrypt.")
    if KeyFile.beside(store_path).exists() or not is_plain_sqlite(store_path):
        raise VaultProblem(f"{store_path.name} is encrypted already.")
    check_new_passphrase(passphrase)
    files = _EncryptFiles(store_path)
    files.staged_key.path.unlink(missing_ok=True)
    data_key = files.staged_key.create(passphrase, council=council, work=work)
    try:
        counts = _export_encrypted(store_path, files.staged, data_key)
    except Exception:
        files.staged.unlink(missing_ok=True)
        files.staged_key.path.unlink(missing_ok=True)
        raise
    for sidecar in files.sidecars:  # empty after the checkpoint; never beside the new file
        sidecar.unlink(missing_ok=True)
    os.replace(store_path, files.plain)
    os.replace(files.staged, store_path)
    os.replace(files.staged_key.path, KeyFile.beside(store_path).path)
    files.plain.unlink()
    old_backups = plain_backups(store_path)
    for backup in old_backups:
        backup.unlink()
    return Encrypted(counts, len(old_backups))


def plain_backups(store_path: Path) -> list[Path]:
    """Backups of a store taken while it was plain: readable copies to be rid of."""
    folder = store_path.parent / "backups"
    return [
        p
        for p in sorted(folder.glob(f"{store_path.stem}-*.sqlite3"))
        if not KeyFile.beside(p).exists() and is_plain_sqlite(p)
    ]
