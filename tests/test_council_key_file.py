"""The council's private key files: scrypt + AES-256-GCM like the chair's store key, every
way a file can be wrong told apart, and old PBKDF2 PEM files upgraded the first time."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from cinchair.app.files import CannotWrite
from cinchair.cli.main import main
from cinchair.security import key_wrap
from cinchair.security.vault import KeyFile
from cinchair.sync import seal, unseal
from cinchair.sync.council import (
    SEALING_KEY_FILE,
    SIGNING_KEY_FILE,
    CouncilDesk,
    ReceiptSigningKey,
    key_folder_protection,
)
from cinchair.sync.keys import council_key_file as keys_module
from cinchair.sync.keys.council_key_file import key_file_protection, open_protected
from cinchair.sync.keys.keys import CouncilKeys, KeyProblem

WORK = 2**12  # cheap scrypt for tests; the app always uses key_wrap.SCRYPT_N (2**17)
PASSPHRASE = "correct horse battery staple"
# Any script, and characters that trip template engines, must work as a passphrase.
UNUSUAL = ["Пароль совета Кенсингтона", "议会钥匙的密码很长而且很难猜", "🔑🏛️🔐 ключ <&{{ }}> 🗝️🧸"]
SEAL_WHAT = "council private key"
OLD = b"-----BEGIN ENCRYPTED PRIVATE KEY-----"


def _raw(private: Any) -> bytes:
    return private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def _old_pem(private: Any, path: Path, passphrase: str) -> Path:
    """A key file as cinchair wrote them before scrypt: PKCS#8 PEM, BestAvailableEncryption."""
    path.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
        )
    )
    return path


def _document(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="ascii"))


def _rewrite(path: Path, document: dict[str, Any], *, checksum: bool = True) -> None:
    """Save an edited file; ``checksum`` recomputes it, as someone tampering on purpose would."""
    if checksum:
        document["checksum"] = keys_module._checksum(document)
    path.write_text(json.dumps(document, indent=2), encoding="ascii")


def _flip_base64_byte(text: str, index: int) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[index] ^= 0x01
    return base64.b64encode(bytes(raw)).decode("ascii")


@pytest.fixture
def sealing_file(tmp_path: Path) -> tuple[CouncilKeys, Path]:
    keys = CouncilKeys.generate()
    return keys, keys.save_private(tmp_path / SEALING_KEY_FILE, PASSPHRASE, work=WORK)


# --- the new format ------------------------------------------------------------------------


def test_both_kinds_round_trip(tmp_path: Path) -> None:
    sealing = CouncilKeys.generate()
    receipts = ReceiptSigningKey.generate()
    sealing.save_private(tmp_path / "s.pem", PASSPHRASE, work=WORK)
    receipts.save_private(tmp_path / "r.pem", PASSPHRASE, work=WORK)
    assert CouncilKeys.load_private(tmp_path / "s.pem", PASSPHRASE).key_id == sealing.key_id
    loaded = ReceiptSigningKey.load_private(tmp_path / "r.pem", PASSPHRASE)
    assert loaded.public == receipts.public
    assert receipts.public.verify(loaded.sign(b"receipt"), b"receipt")
    assert _document(tmp_path / "s.pem")["kind"] == "x25519"
    assert _document(tmp_path / "r.pem")["kind"] == "ed25519"


def test_the_file_holds_no_pem_and_no_key_bytes(sealing_file: tuple[CouncilKeys, Path]) -> None:
    keys, path = sealing_file
    data = path.read_bytes()
    raw = _raw(keys._private)
    assert b"-----BEGIN" not in data and b"PRIVATE KEY" not in data
    for form in (raw, raw.hex().encode(), base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
        assert form not in data
    document = json.loads(data)
    assert document["format"] == "cinchair.council-key" and document["version"] == 1
    assert base64.b64decode(document["public_key"]) == keys.public.raw
    assert len(base64.b64decode(document["encrypted_key"])) == 32 + 16  # key + GCM tag
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600


def test_the_app_writes_the_production_scrypt_cost(tmp_path: Path) -> None:
    keys = CouncilKeys.generate()
    path = keys.save_private(tmp_path / "council-sealing-key.pem", PASSPHRASE)
    kdf = _document(path)["kdf"]
    assert (kdf["name"], kdf["n"], kdf["r"], kdf["p"]) == ("scrypt", 2**17, 8, 1)
    assert key_wrap.SCRYPT_N == 2**17  # the store key and the council key cost the same
    assert len(base64.b64decode(kdf["salt"])) == 16
    assert key_file_protection(path).current
    assert CouncilKeys.load_private(path, PASSPHRASE).key_id == keys.key_id


def test_two_saves_of_one_key_share_no_salt_or_nonce(tmp_path: Path) -> None:
    keys = CouncilKeys.generate()
    first = _document(keys.save_private(tmp_path / "a.pem", PASSPHRASE, work=WORK))
    second = _document(keys.save_private(tmp_path / "b.pem", PASSPHRASE, work=WORK))
    assert first["kdf"]["salt"] != second["kdf"]["salt"]
    assert first["nonce"] != second["nonce"]
    assert first["encrypted_key"] != second["encrypted_key"]


@pytest.mark.parametrize("passphrase", UNUSUAL)
def test_passphrases_in_any_script_and_emoji(tmp_path: Path, passphrase: str) -> None:
    keys = CouncilKeys.generate()
    path = keys.save_private(tmp_path / "k.pem", passphrase, work=WORK)
    assert CouncilKeys.load_private(path, passphrase).key_id == keys.key_id
    with pytest.raises(KeyProblem, match="wrong passphrase"):
        CouncilKeys.load_private(path, passphrase[:-1] + "x")


# --- every way a file can be wrong ------------------------------------------------------------


def test_a_wrong_passphrase(sealing_file: tuple[CouncilKeys, Path]) -> None:
    _, path = sealing_file
    before = path.read_bytes()
    with pytest.raises(KeyProblem, match=r"wrong passphrase for .*, or the file was changed"):
        CouncilKeys.load_private(path, "correct horse battery stable")
    assert path.read_bytes() == before  # a failed open never touches the file


@pytest.mark.parametrize(
    ("where", "index"),
    [("encrypted_key", 0), ("encrypted_key", 47), ("nonce", 3), ("public_key", 5)],
)
def test_a_flipped_byte_is_reported_as_damage(
    sealing_file: tuple[CouncilKeys, Path], where: str, index: int
) -> None:
    _, path = sealing_file
    document = _document(path)
    document[where] = _flip_base64_byte(document[where], index)
    _rewrite(path, document, checksum=False)
    with pytest.raises(KeyProblem, match=r"is damaged \(its contents no longer match"):
        CouncilKeys.load_private(path, PASSPHRASE)


def test_a_flipped_byte_in_the_salt_is_reported_as_damage(
    sealing_file: tuple[CouncilKeys, Path],
) -> None:
    _, path = sealing_file
    document = _document(path)
    document["kdf"]["salt"] = _flip_base64_byte(document["kdf"]["salt"], 0)
    _rewrite(path, document, checksum=False)
    with pytest.raises(KeyProblem, match=r"damaged.*backup of the council key folder"):
        CouncilKeys.load_private(path, PASSPHRASE)


@pytest.mark.parametrize("where", ["encrypted_key", "salt", "kind", "public_key"])
def test_a_deliberate_edit_with_a_new_checksum_still_does_not_open(
    tmp_path: Path, sealing_file: tuple[CouncilKeys, Path], where: str
) -> None:
    _, path = sealing_file
    document = _document(path)
    if where == "salt":
        document["kdf"]["salt"] = _flip_base64_byte(document["kdf"]["salt"], 0)
    elif where == "kind":
        document["kind"] = "ed25519"  # pretend to be the receipt key
    elif where == "public_key":
        document["public_key"] = base64.b64encode(CouncilKeys.generate().public.raw).decode()
    else:
        document[where] = _flip_base64_byte(document[where], 10)
    _rewrite(path, document)
    loader = ReceiptSigningKey.load_private if where == "kind" else CouncilKeys.load_private
    with pytest.raises(KeyProblem, match=r"wrong passphrase for .*, or the file was changed"):
        loader(path, PASSPHRASE)


def test_a_truncated_file(sealing_file: tuple[CouncilKeys, Path]) -> None:
    _, path = sealing_file
    data = path.read_bytes()
    for cut in (len(data) // 2, 1):
        path.write_bytes(data[:cut])
        with pytest.raises(KeyProblem, match=r"is damaged.*cut short or not JSON"):
            CouncilKeys.load_private(path, PASSPHRASE)


def test_a_file_of_the_other_kind(tmp_path: Path) -> None:
    desk = CouncilDesk.create(tmp_path, PASSPHRASE, work=WORK)
    with pytest.raises(KeyProblem, match=r"another kind \(ed25519\), not a council private key"):
        CouncilKeys.load_private(tmp_path / SIGNING_KEY_FILE, PASSPHRASE)
    with pytest.raises(KeyProblem, match=r"another kind \(x25519\), not a council receipt key"):
        ReceiptSigningKey.load_private(tmp_path / SEALING_KEY_FILE, PASSPHRASE)
    assert CouncilDesk.open(tmp_path, PASSPHRASE).public == desk.public


@pytest.mark.parametrize(
    "content",
    [b"\x00\x01 not a key at all \xff", b"", b"a plain note: the key is in the safe"],
)
def test_garbage_is_not_a_council_key(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / SEALING_KEY_FILE
    path.write_bytes(content)
    with pytest.raises(KeyProblem, match="is not a passphrase-protected council private key"):
        CouncilKeys.load_private(path, PASSPHRASE)


def test_the_chairs_store_key_file_is_named_for_what_it_is(tmp_path: Path) -> None:
    keyfile = KeyFile(tmp_path / "own.sqlite3.key")
    keyfile.create(PASSPHRASE, work=WORK)
    with pytest.raises(KeyProblem, match=r"not a passphrase-protected .* 'cinchair\.store-key'"):
        CouncilKeys.load_private(keyfile.path, PASSPHRASE)


def test_a_file_from_a_newer_cinchair(sealing_file: tuple[CouncilKeys, Path]) -> None:
    _, path = sealing_file
    document = _document(path)
    document["version"] = 2
    _rewrite(path, document)
    with pytest.raises(KeyProblem, match="newer cinchair"):
        CouncilKeys.load_private(path, PASSPHRASE)


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ({"n": 2**40}, "too much memory"),
        ({"n": 1000}, "out of range"),
        ({"r": 0}, "out of range"),
        ({"p": "1"}, "not whole numbers"),
        ({"name": "pbkdf2"}, "not scrypt"),
    ],
)
def test_hostile_or_broken_scrypt_settings_are_refused_before_deriving(
    sealing_file: tuple[CouncilKeys, Path], settings: dict[str, Any], said: str
) -> None:
    _, path = sealing_file
    document = _document(path)
    document["kdf"].update(settings)
    _rewrite(path, document)
    with pytest.raises(KeyProblem, match=rf"damaged.*{said}"):
        CouncilKeys.load_private(path, PASSPHRASE)


def test_an_unreadable_or_missing_file(tmp_path: Path) -> None:
    with pytest.raises(KeyProblem, match="cannot be read"):
        CouncilKeys.load_private(tmp_path / "absent.pem", PASSPHRASE)
    with pytest.raises(KeyProblem, match="cannot be read"):
        CouncilKeys.load_private(tmp_path, PASSPHRASE)  # a folder


# --- old PKCS#8 PEM files ----------------------------------------------------------------------


@pytest.mark.slow
def test_an_old_pem_file_opens_and_is_rewritten_holding_the_same_key(tmp_path: Path) -> None:
    private = X25519PrivateKey.generate()
    path = _old_pem(private, tmp_path / SEALING_KEY_FILE, PASSPHRASE)
    public = CouncilKeys(private).public
    sealed_before = seal(b"a bundle sealed before the upgrade", public)
    assert not key_file_protection(path).current

    opened = open_protected(path, PASSPHRASE, X25519PrivateKey, SEAL_WHAT)
    assert opened.was_old_pem and opened.upgraded and opened.note is None
    document = _document(path)  # JSON now, at the app's full cost
    assert document["kind"] == "x25519" and document["kdf"]["n"] == 2**17
    assert b"BEGIN" not in path.read_bytes()
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
    assert key_file_protection(path).current

    again = CouncilKeys.load_private(path, PASSPHRASE)  # the new file, the same key
    assert _raw(again._private) == _raw(private)
    assert unseal(sealed_before, again) == b"a bundle sealed before the upgrade"
    assert not open_protected(path, PASSPHRASE, X25519PrivateKey, SEAL_WHAT).was_old_pem


@pytest.mark.slow
@pytest.mark.parametrize("passphrase", UNUSUAL[::2])
def test_an_old_pem_file_with_an_unusual_passphrase_upgrades(
    tmp_path: Path, passphrase: str
) -> None:
    private = Ed25519PrivateKey.generate()
    path = _old_pem(private, tmp_path / SIGNING_KEY_FILE, passphrase)
    loaded = ReceiptSigningKey.load_private(path, passphrase)
    assert _document(path)["kind"] == "ed25519"
    assert ReceiptSigningKey.load_private(path, passphrase).public == loaded.public
    assert loaded.public.verify(private.sign(b"x"), b"x")


def test_old_pem_problems_keep_their_clear_messages(tmp_path: Path) -> None:
    path = _old_pem(X25519PrivateKey.generate(), tmp_path / SEALING_KEY_FILE, PASSPHRASE)
    before = path.read_bytes()
    with pytest.raises(KeyProblem, match="wrong passphrase for"):
        CouncilKeys.load_private(path, "not the passphrase at all")
    with pytest.raises(KeyProblem, match="another kind, not a council receipt key"):
        ReceiptSigningKey.load_private(path, PASSPHRASE)
    assert path.read_bytes() == before  # nothing is upgraded unless it opened as asked
    path.write_bytes(before[: len(before) // 2])
    with pytest.raises(KeyProblem, match=r"damaged.*cut short"):
        CouncilKeys.load_private(path, PASSPHRASE)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_an_old_pem_file_in_a_read_only_folder_still_opens(tmp_path: Path) -> None:
    folder = tmp_path / "keys"
    folder.mkdir()
    private = X25519PrivateKey.generate()
    path = _old_pem(private, folder / SEALING_KEY_FILE, PASSPHRASE)
    before = path.read_bytes()
    folder.chmod(0o500)
    try:
        opened = open_protected(path, PASSPHRASE, X25519PrivateKey, SEAL_WHAT)
    finally:
        folder.chmod(0o700)
    assert _raw(opened.private) == _raw(private)
    assert opened.was_old_pem and not opened.upgraded
    assert "permission denied" in (opened.upgrade_problem or "")
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == [SEALING_KEY_FILE]  # no stray temp file


def test_an_old_pem_file_opens_when_the_rewrite_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    private = X25519PrivateKey.generate()
    path = _old_pem(private, tmp_path / SEALING_KEY_FILE, PASSPHRASE)
    before = path.read_bytes()

    def refuse(target: Path, data: bytes) -> Path:
        raise CannotWrite(target, "the disk is read-only")

    monkeypatch.setattr(keys_module, "write_atomically", refuse)
    keys = CouncilKeys.load_private(path, PASSPHRASE)  # works, says nothing alarming
    assert keys.key_id == CouncilKeys(private).key_id
    opened = open_protected(path, PASSPHRASE, X25519PrivateKey, SEAL_WHAT)
    assert opened.upgrade_problem == "the disk is read-only"
    assert "cinchair keys council-upgrade" in (opened.note or "")
    assert path.read_bytes() == before


def test_the_old_file_is_kept_unless_the_new_one_gives_back_the_same_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _old_pem(X25519PrivateKey.generate(), tmp_path / SEALING_KEY_FILE, PASSPHRASE)
    before = path.read_bytes()
    monkeypatch.setattr(keys_module, "_open_document", lambda *a: X25519PrivateKey.generate())
    opened = open_protected(path, PASSPHRASE, X25519PrivateKey, SEAL_WHAT)
    assert "did not give back the same key" in (opened.upgrade_problem or "")
    assert path.read_bytes() == before


# --- the desk and the commands ------------------------------------------------------------------


def _old_key_folder(folder: Path) -> tuple[X25519PrivateKey, Ed25519PrivateKey]:
    """A key folder as ``cinchair keys council-new`` made it before scrypt."""
    folder.mkdir(parents=True, exist_ok=True)
    sealing, receipts = X25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    _old_pem(sealing, folder / SEALING_KEY_FILE, PASSPHRASE)
    _old_pem(receipts, folder / SIGNING_KEY_FILE, PASSPHRASE)
    return sealing, receipts


@pytest.mark.slow
def test_opening_an_old_desk_upgrades_both_files(tmp_path: Path) -> None:
    sealing, receipts = _old_key_folder(tmp_path)
    desk = CouncilDesk.open(tmp_path, PASSPHRASE)
    assert [o.upgraded for o in desk.opened] == [True, True] and desk.notes == []
    assert all(state.current for state in key_folder_protection(tmp_path))
    reopened = CouncilDesk.open(tmp_path, PASSPHRASE)
    assert reopened.sealing.key_id == CouncilKeys(sealing).key_id
    assert reopened.receipts.public == ReceiptSigningKey(receipts).public
    assert [o.was_old_pem for o in reopened.opened] == [False, False]


def test_a_new_desk_at_test_cost_says_so(tmp_path: Path) -> None:
    CouncilDesk.create(tmp_path, PASSPHRASE, work=WORK)
    states = key_folder_protection(tmp_path)
    assert not any(state.current for state in states)
    assert all("lower cost than the app's 2^17" in state.summary for state in states)


@pytest.mark.slow
def test_the_status_and_upgrade_commands(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    private_data_dir: Path,
) -> None:
    keys = tmp_path / "keys"
    _old_key_folder(keys)
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")

    assert main(["keys", "council-status", "--keys", str(keys)]) == 0
    out = capsys.readouterr().out
    assert out.count("older format: PKCS#8 PEM encrypted with PBKDF2") == 2

    real_write = keys_module.write_atomically
    monkeypatch.setattr(
        keys_module,
        "write_atomically",
        lambda path, data: (_ for _ in ()).throw(CannotWrite(path, "the disk is read-only")),
    )
    code = main(["keys", "council-upgrade", "--keys", str(keys), "--passphrase-file", str(secret)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("could not be rewritten with scrypt (the disk is read-only)") == 2

    monkeypatch.setattr(keys_module, "write_atomically", real_write)
    code = main(["keys", "council-upgrade", "--keys", str(keys), "--passphrase-file", str(secret)])
    out = capsys.readouterr().out
    assert code == 0 and out.count("rewritten with scrypt (the same key") == 2

    assert main(["keys", "council-status", "--keys", str(keys)]) == 0
    out = capsys.readouterr().out
    assert out.count("scrypt (n=2^17, r=8, p=1) and AES-256-GCM") == 2
    assert "Both keys are protected with scrypt at the app's full cost." in out

    code = main(["keys", "council-upgrade", "--keys", str(keys), "--passphrase-file", str(secret)])
    assert code == 0 and capsys.readouterr().out.count("already protected with scrypt") == 2


def test_an_import_with_old_keys_it_cannot_rewrite_still_runs_and_says_so_calmly(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    private_data_dir: Path,
) -> None:
    keys, bundles = tmp_path / "keys", tmp_path / "bundles"
    _old_key_folder(keys)
    bundles.mkdir()
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    monkeypatch.setattr(
        keys_module,
        "write_atomically",
        lambda path, data: (_ for _ in ()).throw(CannotWrite(path, "the disk is read-only")),
    )
    # shaped like a bundle (so the keys are opened for it), sealed for no council
    (bundles / "stray.cinsync").write_bytes(b"CINSYNC\x00\x01" + bytes(range(256)))
    url = f"sqlite:///{tmp_path / 'council.sqlite3'}"
    args = ["import", str(bundles), "--db", url, "--keys", str(keys), "--by", "admin"]
    assert main([*args, "--passphrase-file", str(secret), "--create"]) == 1
    out, err = capsys.readouterr()
    assert "0 imported" in out and "1 refused" in out and "Traceback" not in err
    assert err.count("note: council-") == 2 and "cinchair keys council-upgrade" in err
    assert all(OLD in (keys / name).read_bytes() for name in (SEALING_KEY_FILE, SIGNING_KEY_FILE))
