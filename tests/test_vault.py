"""The encrypted store: nothing readable on disk, the passphrase, re-keying, recovery."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy.exc import DatabaseError

from cinchair.demo import build_demo
from cinchair.model import Case
from cinchair.security.backoff import Backoff
from cinchair.security.vault import (
    KeyFile,
    VaultProblem,
    WrongPassphrase,
    change_passphrase,
    create_encrypted,
    open_encrypted,
    recover_store,
)
from cinchair.store.facade import Store, sqlite_url
from cinchair.sync.keys.keys import CouncilKeys

WORK = 2**12  # cheap key derivation for tests; the app uses 2**17
PASSPHRASE = "correct horse battery staple"


def _case(ref: str) -> Case:
    return Case(case_ref=ref, profile_id="generic", child_given_name="A", child_family_name="B")


def _case_refs(store: Store) -> list[str]:
    with store.reading() as session:
        return [c.case_ref for c in session.query(Case)]


def test_the_file_holds_nothing_of_the_record_in_plain_form(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    build_demo(path, key=os.urandom(32))
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    for text in ("Amelia", "Nowak", "LCS-482913", "Katarzyna", "breakfast club", "Polish"):
        for encoded in (text.encode("utf-8"), text.encode("utf-16-le")):
            assert encoded not in raw, text
    assert b"SQLite format 3" not in raw[:16]


def test_a_wrong_passphrase_opens_nothing(tmp_path: Path) -> None:
    path = tmp_path / "own.sqlite3"
    create_encrypted(path, PASSPHRASE, work=WORK).close()
    with pytest.raises(WrongPassphrase):
        open_encrypted(path, "not the passphrase at all")
    with pytest.raises(DatabaseError):  # without the key the file is not a database at all
        Store.open(sqlite_url(path))
    with open_encrypted(path, PASSPHRASE) as store:
        assert _case_refs(store) == []


def test_short_passphrases_and_overwrites_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "own.sqlite3"
    with pytest.raises(VaultProblem, match="at least"):
        create_encrypted(path, "short", work=WORK)
    create_encrypted(path, PASSPHRASE, work=WORK).close()
    with pytest.raises(VaultProblem, match="never overwritten"):
        create_encrypted(path, PASSPHRASE, work=WORK)


def test_a_missing_or_damaged_key_file_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "own.sqlite3"
    create_encrypted(path, PASSPHRASE, work=WORK).close()
    keyfile = KeyFile.beside(path)
    keyfile.path.write_text("{not json", encoding="utf-8")
    with pytest.raises(VaultProblem, match="cannot be read"):
        open_encrypted(path, PASSPHRASE)
    keyfile.path.unlink()
    with pytest.raises(VaultProblem, match="missing"):
        open_encrypted(path, PASSPHRASE)


def test_changing_the_passphrase_rekeys_the_store(tmp_path: Path) -> None:
    path = tmp_path / "own.sqlite3"
    store = create_encrypted(path, PASSPHRASE, work=WORK)
    with store.transaction() as s:
        s.add(
            Case(case_ref="R1", profile_id="generic", child_given_name="A", child_family_name="B")
        )
    old_key = KeyFile.beside(path).candidates(PASSPHRASE)[0][1]
    with pytest.raises(WrongPassphrase):
        change_passphrase(store, path, "a wrong old passphrase", "a brand new passphrase")
    change_passphrase(store, path, PASSPHRASE, "a brand new passphrase", work=WORK)
    assert _case_refs(store) == ["R1"]  # the open store carries on under the new key
    store.close()
    with pytest.raises(WrongPassphrase):
        open_encrypted(path, PASSPHRASE)
    with pytest.raises(DatabaseError):
        Store.open(sqlite_url(path), key=old_key)  # the old data key is gone too
    with open_encrypted(path, "a brand new passphrase") as reopened:
        assert _case_refs(reopened) == ["R1"]


def test_a_power_cut_during_a_passphrase_change_locks_no_one_out(tmp_path: Path) -> None:
    path = tmp_path / "own.sqlite3"
    create_encrypted(path, PASSPHRASE, work=WORK).close()
    keyfile = KeyFile.beside(path)

    # stopped after writing the pending key, before re-keying: the old one still opens
    keyfile.begin_rekey("a brand new passphrase", work=WORK)
    with open_encrypted(path, PASSPHRASE):
        pass
    assert not keyfile.pending.exists()

    # stopped after re-keying, before the rename: the new passphrase opens and settles it
    with open_encrypted(path, PASSPHRASE) as store:
        new_key = keyfile.begin_rekey("a brand new passphrase", work=WORK)
        store.rekey(new_key)
    with open_encrypted(path, "a brand new passphrase") as store:
        assert _case_refs(store) == []
    assert not keyfile.pending.exists()
    with pytest.raises(WrongPassphrase):
        open_encrypted(path, PASSPHRASE)


def test_the_council_can_recover_a_forgotten_passphrase(tmp_path: Path) -> None:
    council = CouncilKeys.generate()
    path = tmp_path / "own.sqlite3"
    store = create_encrypted(path, PASSPHRASE, council=council.public, work=WORK)
    with store.transaction() as s:
        s.add(
            Case(case_ref="R9", profile_id="generic", child_given_name="A", child_family_name="B")
        )
    store.close()
    assert KeyFile.beside(path).recovery_key_id() == council.key_id

    with pytest.raises(VaultProblem, match="cannot be opened"):
        recover_store(path, CouncilKeys.generate(), "chosen by the admin", work=WORK)
    recover_store(path, council, "chosen by the admin", work=WORK)
    with open_encrypted(path, "chosen by the admin") as store:
        assert _case_refs(store) == ["R9"]


def test_a_store_without_a_recovery_copy_says_so(tmp_path: Path) -> None:
    path = tmp_path / "own.sqlite3"
    create_encrypted(path, PASSPHRASE, work=WORK).close()
    with pytest.raises(VaultProblem, match="no recovery copy"):
        recover_store(path, CouncilKeys.generate(), "chosen by the admin", work=WORK)


def test_wrong_passphrases_slow_down() -> None:
    now = [100.0]
    backoff = Backoff(clock=lambda: now[0])
    assert [backoff.failed() for _ in range(2)] == [0.0, 0.0]
    assert [backoff.failed() for _ in range(5)] == [1.0, 2.0, 4.0, 8.0, 16.0]
    assert backoff.wait_left() == 16.0
    now[0] += 10
    assert backoff.wait_left() == 6.0
    for _ in range(10):
        backoff.failed()
    assert backoff.wait_left() == Backoff.LONGEST
    backoff.succeeded()
    assert backoff.wait_left() == 0.0


# --- encrypting a store made before the vault ----------------------------------------------


def _plain_store_with_records(path: Path) -> dict[str, str]:
    """A plain store (as an older ``cinchair init`` made it) holding awkward text."""
    names = {"R1": "Zoë <&{{ }}> 🙂", "R2": "Ольга", "R3": "李"}
    with Store.open(sqlite_url(path), actor="old") as store, store.transaction() as s:
        for ref, given in names.items():
            s.add(
                Case(
                    case_ref=ref,
                    profile_id="generic",
                    child_given_name=given,
                    child_family_name="Ng",
                )
            )
    return names


def test_store_encrypt_keeps_every_record_and_leaves_nothing_plain(tmp_path: Path) -> None:
    from cinchair.security.vault import encrypt_store, is_plain_sqlite, needs_encrypting

    path = tmp_path / "cinchair.sqlite3"
    names = _plain_store_with_records(path)
    backups = tmp_path / "backups"
    backups.mkdir()
    (backups / "cinchair-20260101-000000-000000.sqlite3").write_bytes(path.read_bytes())
    assert needs_encrypting(path)
    council = CouncilKeys.generate()

    done = encrypt_store(path, PASSPHRASE, council=council.public, work=WORK)

    assert done.rows["cases"] == 3 and done.plain_backups_removed == 1
    assert not needs_encrypting(path) and not is_plain_sqlite(path)
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "cinchair.sqlite3",
        "cinchair.sqlite3.key",
    ]
    raw = path.read_bytes()
    assert "Ольга".encode() not in raw and b"Zo\xc3\xab" not in raw
    with open_encrypted(path, PASSPHRASE) as store, store.reading() as s:
        kept = {c.case_ref: c.child_given_name for c in s.query(Case)}
    assert kept == names
    assert KeyFile.beside(path).recover(council)  # the council's recovery copy opens


def test_store_encrypt_refuses_and_changes_nothing(tmp_path: Path) -> None:
    from cinchair.security.vault import encrypt_store

    path = tmp_path / "cinchair.sqlite3"
    _plain_store_with_records(path)
    before = path.read_bytes()
    with pytest.raises(VaultProblem, match="at least"):
        encrypt_store(path, "short", work=WORK)
    assert path.read_bytes() == before and sorted(os.listdir(tmp_path)) == ["cinchair.sqlite3"]
    encrypt_store(path, PASSPHRASE, work=WORK)
    with pytest.raises(VaultProblem, match="encrypted already"):
        encrypt_store(path, PASSPHRASE, work=WORK)
    with pytest.raises(VaultProblem, match="no store"):
        encrypt_store(tmp_path / "missing.sqlite3", PASSPHRASE, work=WORK)


@pytest.mark.parametrize("stopped_after", ["staged", "plain-aside", "swapped", "key-placed"])
def test_an_encryption_stopped_by_a_crash_is_finished_or_undone(
    tmp_path: Path, stopped_after: str
) -> None:
    """Each crash point of ``encrypt_store`` leaves a store that opens with every record."""
    from cinchair.security.vault import (
        _EncryptFiles,
        _export_encrypted,
        finish_interrupted_encryption,
    )

    path = tmp_path / "cinchair.sqlite3"
    names = _plain_store_with_records(path)
    files = _EncryptFiles(path)
    key = files.staged_key.create(PASSPHRASE, work=WORK)
    _export_encrypted(path, files.staged, key)
    if stopped_after in ("plain-aside", "swapped", "key-placed"):
        os.replace(path, files.plain)
    if stopped_after in ("swapped", "key-placed"):
        os.replace(files.staged, path)
    if stopped_after == "key-placed":
        os.replace(files.staged_key.path, KeyFile.beside(path).path)

    finish_interrupted_encryption(path)

    leftovers = {files.staged, files.staged_key.path, files.plain}
    assert not any(p.exists() for p in leftovers)
    if stopped_after == "staged":  # not swapped yet: the plain store is still the store
        with Store.open(sqlite_url(path)) as store, store.reading() as s:
            assert {c.case_ref for c in s.query(Case)} == set(names)
    else:
        with open_encrypted(path, PASSPHRASE) as store, store.reading() as s:
            assert {c.case_ref for c in s.query(Case)} == set(names)


def test_cli_store_encrypt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cinchair.cli.main import main

    path = tmp_path / "cinchair.sqlite3"
    _plain_store_with_records(path)
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    status = main(["store", "encrypt", "--store", str(path), "--new-passphrase-file", str(secret)])
    assert status == 0
    out = capsys.readouterr().out
    assert "Encrypted" in out and "Recovery copy for the council: NO" in out
    with open_encrypted(path, PASSPHRASE) as store, store.reading() as s:
        assert s.query(Case).count() == 3
    assert (
        main(["store", "encrypt", "--store", str(path), "--new-passphrase-file", str(secret)]) == 2
    )
    assert "encrypted already" in capsys.readouterr().err
