"""Automatic backups of the chair's store, and the way back to one if the file is damaged.

Each sign-off makes a copy with ``VACUUM INTO``: a consistent snapshot taken inside
a read transaction, encrypted under the same key as the store (SQLCipher copies
the key along); and writes the signed checkpoint of the audit chain beside the store
(``cinchair.store.audit_anchor``). The key file of that moment is copied beside the
backup, so a backup taken before a passphrase change still opens with the passphrase of
its day. The newest few are kept; older ones are deleted.

At start the app runs ``PRAGMA quick_check``; a damaged store is moved aside (never
deleted) and the latest backup put in its place, when the chair agrees.
"""

from __future__ import annotations

import errno
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from cinchair.app.files import CannotWrite, reason_in_words
from cinchair.security.vault import KeyFile
from cinchair.store.audit_anchor import anchor_at_sign_off
from cinchair.store.facade import Store

KEEP = 5
FOLDER = "backups"


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime

    @property
    def keyfile(self) -> KeyFile:
        return KeyFile.beside(self.path)


def _folder(store_path: Path) -> Path:
    return store_path.parent / FOLDER


def store_file(store: Store) -> Path | None:
    """The file behind a SQLite store; None for PostgreSQL or an in-memory store."""
    database = store.engine.url.database
    if store.engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database)


def take_backup(store: Store, *, now: datetime | None = None, keep: int = KEEP) -> Backup | None:
    """Snapshot ``store`` into its backups folder and prune to the newest ``keep``."""
    path = store_file(store)
    if path is None:
        return None
    now = now or datetime.now(UTC)
    folder = _folder(path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{path.stem}-{now:%Y%m%d-%H%M%S-%f}.sqlite3"
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with store.engine.connect() as connection:
            connection.execute(text("VACUUM INTO :target"), {"target": str(partial)})
        os.replace(partial, target)
        source_key = KeyFile.beside(path)
        if source_key.exists():
            shutil.copy2(source_key.path, KeyFile.beside(target).path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise CannotWrite(folder, reason_in_words(exc)) from exc
    except OperationalError as exc:  # SQLite reports its own write failures (SQLITE_FULL)
        partial.unlink(missing_ok=True)
        raise CannotWrite(folder, _sqlite_reason(exc)) from exc
    for old in list_backups(path)[keep:]:
        old.path.unlink(missing_ok=True)
        old.keyfile.path.unlink(missing_ok=True)
    anchor_at_sign_off(store, path, at=now)  # the chain head, signed, outside the database
    return Backup(target, now)


def _sqlite_reason(exc: OperationalError) -> str:
    """SQLite's complaint about a snapshot it could not write, in the same words as a file's."""
    message = str(exc.orig)
    if "full" in message:
        return reason_in_words(OSError(errno.ENOSPC, message))
    return message


def list_backups(store_path: Path) -> list[Backup]:
    """The backups of ``store_path``, newest first."""
    folder = _folder(store_path)
    found = []
    for path in folder.glob(f"{store_path.stem}-*.sqlite3"):
        stamp = path.stem[len(store_path.stem) + 1 :]
        try:
            taken = datetime.strptime(stamp, "%Y%m%d-%H%M%S-%f").replace(tzinfo=UTC)
        except ValueError:
            continue
        found.append(Backup(path, taken))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def integrity_problem(store: Store) -> str | None:
    """None when SQLite's quick check passes; otherwise its first complaint."""
    try:
        with store.engine.connect() as connection:
            result = connection.execute(text("PRAGMA quick_check")).scalar()
    except Exception as exc:  # a damaged file can fail the check itself
        return str(exc).splitlines()[0]
    return None if result == "ok" else str(result)


def restore_latest(store_path: Path, *, now: datetime | None = None) -> Backup:
    """Put the newest backup in place of a damaged store, which is kept beside it."""
    backups = list_backups(store_path)
    if not backups:
        raise FileNotFoundError(f"There is no backup of {store_path.name} to go back to.")
    latest = backups[0]
    stamp = f"{(now or datetime.now(UTC)):%Y%m%d-%H%M%S}"
    for suffix in ("", "-wal", "-shm"):
        damaged = Path(f"{store_path}{suffix}")
        if damaged.exists():
            os.replace(damaged, damaged.with_name(f"{damaged.name}.damaged-{stamp}"))
    shutil.copy2(latest.path, store_path)
    if latest.keyfile.exists():
        KeyFile.beside(store_path).path.write_bytes(latest.keyfile.path.read_bytes())
    return latest
