"""Backups on sign-off: encrypted, rotated, and the way back when the store is damaged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cinchair.model import Case
from cinchair.security.vault import create_encrypted, open_encrypted
from cinchair.store.backup import integrity_problem, list_backups, restore_latest, take_backup

PASSPHRASE = "correct horse battery staple"


def _refs(store) -> list[str]:
    with store.reading() as session:
        return sorted(c.case_ref for c in session.query(Case))


def _add(store, ref: str) -> None:
    with store.transaction() as s:
        s.add(
            Case(
                case_ref=ref,
                profile_id="generic",
                child_given_name="Amelia",
                child_family_name="Nowak",
            )
        )


def test_backups_are_encrypted_rotated_and_restorable(tmp_path: Path) -> None:
    path = tmp_path / "own.sqlite3"
    store = create_encrypted(path, PASSPHRASE, work=2**12)
    start = datetime(2026, 11, 23, 10, tzinfo=UTC)
    for n in range(7):
        _add(store, f"R{n}")
        take_backup(store, now=start + timedelta(minutes=n))
    backups = list_backups(path)
    assert len(backups) == 5  # the newest five
    assert backups[0].taken_at == start + timedelta(minutes=6)
    assert all(b"Amelia" not in b.path.read_bytes() for b in backups)
    assert integrity_problem(store) is None
    store.close()

    # the store is damaged: its first pages overwritten
    with path.open("r+b") as damaged:
        damaged.write(b"\0" * 8192)
    restored = restore_latest(path)
    assert restored == backups[0]
    assert list(tmp_path.glob("own.sqlite3.damaged-*"))  # kept, never deleted
    with open_encrypted(path, PASSPHRASE) as reopened:
        assert _refs(reopened) == [f"R{n}" for n in range(7)]
        assert integrity_problem(reopened) is None
