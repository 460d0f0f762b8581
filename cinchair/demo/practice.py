"""Practice data: the demo store made like a chair's own, and marked so it never passes
for a real family.

* **Encrypted like the real one**, with a random key that lives only in memory, in the
  process that made it: nothing typed into the demo, and no device key it makes, is ever
  readable on the disk, and no other program can open it afterwards (it is made afresh
  each time, so nothing is lost). The file is made mode 0600 before SQLite writes a byte.
* **Marked in the store**: SQLite's ``user_version`` holds ``PRACTICE_MARK`` (Alembic
  does not use it, and ``store encrypt`` carries it over), so every record built from the
  store says ``"practice": true``, every document says "Practice data" on every page,
  every bundle's signed manifest carries the flag, and a council store refuses such a
  bundle with the reason in words.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

# "PRAC" as a 32-bit number: a value no store has by chance
PRACTICE_MARK = int.from_bytes(b"PRAC", "big")
PRACTICE_WORDS = "PRACTICE DATA: the demo case, not a real family"


def mark_practice(connection: Any) -> None:
    """Mark the (SQLite) store behind ``connection`` as practice data."""
    connection.exec_driver_sql(f"PRAGMA user_version = {PRACTICE_MARK}")


def is_practice(session: Session) -> bool:
    """True if ``session``'s store is practice data (only ever a SQLite store)."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return False
    return bool(connection.exec_driver_sql("PRAGMA user_version").scalar() == PRACTICE_MARK)


def is_practice_record(record: dict[str, Any]) -> bool:
    return record.get("practice") is True


def private_file(path: Path) -> None:
    """Make ``path`` empty and readable by its owner only (0600), before anything is in it.

    SQLite takes an empty file as a new database, and keeps its mode for the journal.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    path.chmod(0o600)  # whatever the umask said


@dataclass(frozen=True)
class PracticeStore:
    """The demo store, open, with the key only this process holds."""

    store: Any  # cinchair.store.facade.Store
    case_id: str
    meeting_ids: tuple[str, ...]
    path: Path


def make_practice_store(path: Path) -> PracticeStore:
    """The demo case made afresh at ``path``: encrypted, 0600, marked as practice, open."""
    from cinchair.demo import build_demo
    from cinchair.store.facade import Store, sqlite_url

    key = os.urandom(32)
    private_file(path)
    demo = build_demo(path, key=key, practice=True)
    store = Store.open(sqlite_url(path), actor="demo", key=key)
    return PracticeStore(store, demo.case_id, demo.meeting_ids, path)
