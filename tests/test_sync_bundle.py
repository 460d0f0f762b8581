"""Sync bundles: keys, the trust list, make→open, and every way a bundle is refused.

Hostile inputs are built for real: inner zips are written by hand and sealed with the same
``seal`` the app uses, so each refusal is reached through the full ``open_bundle`` path.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import os
import struct
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cinchair.record import RecordError, canonical_json, fingerprint
from cinchair.sync import (
    REFUSAL_CODES,
    BundleRefused,
    CouncilKeys,
    CouncilPublicKey,
    DeviceKey,
    DevicePublicKey,
    KeyProblem,
    Limits,
    TrustList,
    make_bundle,
    open_bundle,
    seal,
    unseal,
)
from cinchair.sync.bundle.inner_zip import _read_entry, write_inner_zip
from cinchair.sync.bundle.manifest import MANIFEST_NAME, RECORD_NAME, SIGNATURE_NAME
from cinchair.sync.bundle.sealing import HEADER_SIZE, MAGIC
from tests.sync_kit import ATTACHED, attached_files

EXPORTED = datetime(2026, 11, 23, 10, 15, tzinfo=UTC)
DEMO_WITH_ATTACHMENTS: dict[str, Any] = {}
TRUSTED_AT = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)
PASSPHRASE = "correct horse battery staple"
DOCUMENTS = {
    "minutes.pdf": b"%PDF-1.7 minutes " * 200,
    "minutes.docx": b"PK\x03\x04 minutes docx " * 150,
    "plan.pdf": b"%PDF-1.7 plan " * 180,
    "plan.docx": b"PK\x03\x04 plan docx " * 120,
}


# --- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo's review meeting as a record: real, schema-valid and signed."""
    from cinchair.demo import build_demo
    from cinchair.record import attachment_files, build_record
    from cinchair.store.facade import Store, sqlite_url

    demo = build_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path)) as store, store.reading() as session:
        for content in attachment_files(session, demo.meeting_ids[-1]).values():
            ATTACHED[hashlib.sha256(content).hexdigest()] = content
        with_attachments = build_record(session, demo.meeting_ids[-1])
    # The bundle layer's tests use small stand-in documents; the child's files (a photo and
    # a PDF) are tested on their own below, with ``reviewed_with_attachments``.
    DEMO_WITH_ATTACHMENTS.update(with_attachments)
    return {k: v for k, v in with_attachments.items() if k != "attachments"}


@pytest.fixture(scope="module")
def council() -> CouncilKeys:
    return CouncilKeys.generate()


@pytest.fixture(scope="module")
def device(tmp_path_factory: pytest.TempPathFactory) -> DeviceKey:
    return DeviceKey.generate()


def _trusting(*devices: DeviceKey) -> TrustList:
    trust = TrustList()
    for i, device in enumerate(devices):
        trust.trust(device.public_text(), f"Chair laptop {i + 1}", TRUSTED_AT)
    return trust


@pytest.fixture
def trust(device: DeviceKey) -> TrustList:
    return _trusting(device)


@pytest.fixture(scope="module")
def bundle(record: dict, device: DeviceKey, council: CouncilKeys) -> bytes:
    return _make(record, device, council)


def _make(record: dict, device: DeviceKey, council: CouncilKeys, **changes: Any) -> bytes:
    arguments: dict[str, Any] = {
        "record": record,
        "files": DOCUMENTS,
        "device": device,
        "council": council.public,
        "app_version": "0.1.0",
        "exported_at": EXPORTED,
    }
    return make_bundle(**{**arguments, **changes})


# --- device keys ---------------------------------------------------------------------------


def test_device_key_round_trips_through_its_raw_bytes() -> None:
    """The store keeps the raw 32 private bytes (tests/test_device_key_store.py): they give
    back the same key, and the key never shows them."""
    first = DeviceKey.generate()
    again = DeviceKey.from_private_raw(first.private_raw())
    assert first.device_id == again.device_id and len(first.private_raw()) == 32
    assert first.public_bytes() == again.public_bytes() and len(first.public_bytes()) == 32
    assert first.device_id == hashlib.sha256(first.public_bytes()).hexdigest()[:16]
    tag, _key, device_id = first.public_text().split()
    assert (tag, device_id) == ("cinchair-device-ed25519", first.device_id)
    assert repr(first) == f"DeviceKey(device_id={first.device_id!r})"  # no key material
    with pytest.raises(KeyProblem, match="32 bytes"):
        DeviceKey.from_private_raw(first.private_raw()[:31])


def test_device_signature_verifies_only_the_signed_bytes(device: DeviceKey) -> None:
    public = DevicePublicKey.from_text(device.public_text())
    signature = device.sign(b"minutes")
    assert len(signature) == 64
    assert public.verify(signature, b"minutes")
    assert not public.verify(signature, b"minutes!")
    assert not public.verify(signature[:-1], b"minutes")


@pytest.mark.parametrize(
    "content",
    [b"", b"not a key at all", b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"],
)
def test_corrupt_device_key_is_reported_and_kept(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "device-key.pem"
    path.write_bytes(content)
    with pytest.raises(KeyProblem, match=r"device-key\.pem is damaged") as caught:
        DeviceKey.read_old_file(path)
    assert "move the file aside" in str(caught.value)
    assert path.read_bytes() == content  # never silently replaced


def test_device_key_file_holding_another_kind_of_key(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    pem = X25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    (tmp_path / "device-key.pem").write_bytes(pem)
    with pytest.raises(KeyProblem, match="another kind"):
        DeviceKey.read_old_file(tmp_path / "device-key.pem")


# --- council keys --------------------------------------------------------------------------


def test_council_private_key_round_trip(tmp_path: Path) -> None:
    keys = CouncilKeys.generate()
    path = keys.save_private(tmp_path / "council-key.pem", PASSPHRASE, work=2**12)
    assert path.read_bytes().startswith(b'{\n  "format": "cinchair.council-key"')
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
    loaded = CouncilKeys.load_private(path, PASSPHRASE)
    assert loaded.key_id == keys.key_id
    assert loaded.public_text() == keys.public_text()
    assert keys.key_id == hashlib.sha256(keys.public.raw).hexdigest()[:16]


def test_wrong_passphrase_names_the_file(tmp_path: Path) -> None:
    path = CouncilKeys.generate().save_private(tmp_path / "council-key.pem", PASSPHRASE, work=2**12)
    with pytest.raises(KeyProblem, match=r"wrong passphrase for .*council-key\.pem"):
        CouncilKeys.load_private(path, "correct horse battery stapler")


@pytest.mark.parametrize("passphrase", ["", "            ", "short", "eleven char"])
def test_short_or_empty_passphrase_is_refused(tmp_path: Path, passphrase: str) -> None:
    with pytest.raises(KeyProblem, match="passphrase"):
        CouncilKeys.generate().save_private(tmp_path / "council-key.pem", passphrase)
    assert not (tmp_path / "council-key.pem").exists()


def test_loading_something_else_as_council_key(tmp_path: Path) -> None:
    with pytest.raises(KeyProblem, match="cannot be read"):
        CouncilKeys.load_private(tmp_path / "absent.pem", PASSPHRASE)
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    old_device_file = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )  # as laptops kept their device key before it moved into the store
    (tmp_path / "device-key.pem").write_bytes(old_device_file)
    with pytest.raises(KeyProblem, match="not a passphrase-protected council private key"):
        CouncilKeys.load_private(tmp_path / "device-key.pem", PASSPHRASE)


def test_public_texts_round_trip(council: CouncilKeys, device: DeviceKey) -> None:
    text = council.public_text()
    assert text.startswith("cinchair-council-x25519 ") and text.endswith(council.key_id)
    assert CouncilPublicKey.from_text(text) == council.public
    assert CouncilPublicKey.from_text(f"  {text}\n") == council.public  # pasted with spaces
    assert DevicePublicKey.from_text(device.public_text()).device_id == device.device_id


def _council_text_with(key: str | None = None, key_id: str | None = None) -> str:
    tag, good_key, good_id = CouncilKeys.generate().public_text().split()
    return f"{tag} {key or good_key} {key_id or good_id}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5", "should start with 'cinchair-council-x25519'"),
        ("cinchair-council-x25519 AAAA", "three words"),
        (_council_text_with(key="not*base64!"), "not valid base64"),
        (_council_text_with(key="AAAAAAAA"), "6 bytes long, not 32"),
        (_council_text_with(key_id="0123456789abcdef"), "does not match its id"),
    ],
)
def test_council_public_text_errors(text: str, message: str) -> None:
    with pytest.raises(KeyProblem, match=message):
        CouncilPublicKey.from_text(text)


def test_device_text_is_not_a_council_key(device: DeviceKey) -> None:
    with pytest.raises(KeyProblem, match="not a council public key"):
        CouncilPublicKey.from_text(device.public_text())


# --- trust list ----------------------------------------------------------------------------


def test_trust_and_revoke_round_trip(tmp_path: Path, device: DeviceKey) -> None:
    path = tmp_path / "trusted-devices.json"
    trust = TrustList.load(path)
    assert trust.entries() == []
    entry = trust.trust(device.public_text(), "Priya's laptop", TRUSTED_AT)
    assert trust.trust(device.public_text(), "again", TRUSTED_AT) == entry  # idempotent
    trust.save(path)
    loaded = TrustList.load(path)
    assert loaded.lookup(device.device_id) == entry
    assert entry.trusted_at == "2026-09-01T09:00:00Z" and not entry.revoked
    assert entry.public().raw == device.public_bytes()

    later = datetime(2026, 12, 1, 12, 0, tzinfo=timezone(timedelta(hours=1)))
    revoked = loaded.revoke(device.device_id, "laptop stolen", later)
    assert revoked.revoked_at == "2026-12-01T11:00:00Z" and revoked.revoke_reason == "laptop stolen"
    assert loaded.revoke(device.device_id, "another reason", EXPORTED) == revoked
    loaded.save(path)
    reloaded = TrustList.load(path)
    assert reloaded.entries() == [revoked]
    assert json.loads(path.read_text())["format"] == "cinchair.trust-list"
    with pytest.raises(KeyProblem, match="revoked on 2026-12-01T11:00:00Z"):
        reloaded.trust(device.public_text(), "Priya's laptop", EXPORTED)


def test_trust_list_mistakes(tmp_path: Path, device: DeviceKey) -> None:
    trust = TrustList()
    with pytest.raises(KeyProblem, match="no device"):
        trust.revoke("0123456789abcdef", "lost", EXPORTED)
    with pytest.raises(KeyProblem, match="label"):
        trust.trust(device.public_text(), " ", EXPORTED)
    with pytest.raises(ValueError, match="timezone-aware"):
        trust.trust(device.public_text(), "laptop", datetime(2026, 1, 1))
    trust.trust(device.public_text(), "laptop", EXPORTED)
    with pytest.raises(KeyProblem, match="why"):
        trust.revoke(device.device_id, "", EXPORTED)


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        '{"format": "something-else"}',
        '{"format": "cinchair.trust-list", "format_version": 1, "devices": [{"device_id": 1}]}',
        '{"format": "cinchair.trust-list", "format_version": 1, "devices": "none"}',
    ],
)
def test_corrupt_trust_list_names_the_file(tmp_path: Path, content: str) -> None:
    path = tmp_path / "trusted-devices.json"
    path.write_text(content)
    with pytest.raises(KeyProblem, match=r"trusted-devices\.json is damaged"):
        TrustList.load(path)


def test_trust_list_entry_with_a_swapped_key(tmp_path: Path, device: DeviceKey) -> None:
    path = tmp_path / "trusted-devices.json"
    _trusting(device).save(path)
    other = DeviceKey.generate().public.base64
    document = json.loads(path.read_text())
    document["devices"][0]["public_key"] = other
    path.write_text(json.dumps(document))
    with pytest.raises(KeyProblem, match="does not match device id"):
        TrustList.load(path)


# --- make and open -------------------------------------------------------------------------


def test_round_trip(bundle: bytes, record: dict, council: CouncilKeys, trust: TrustList) -> None:
    assert bundle.startswith(MAGIC + b"\x01")
    opened = open_bundle(bundle, council_private=council, trust=trust, source="review.cinsync")
    assert opened.record == record
    assert opened.files == DOCUMENTS
    assert opened.device_label == "Chair laptop 1"
    assert opened.exported_at == EXPORTED
    assert opened.meeting_id == record["meeting"]["id"]
    assert opened.fingerprint == fingerprint(record)


def test_manifest_says_what_is_inside(
    bundle: bytes, record: dict, council: CouncilKeys, device: DeviceKey
) -> None:
    manifest = json.loads(_entries(bundle, council)[MANIFEST_NAME])
    assert manifest["format"] == "cinchair.sync-bundle" and manifest["format_version"] == 1
    assert manifest["device_id"] == device.device_id
    assert manifest["device_public_key"] == device.public.base64
    assert manifest["council_key_id"] == council.key_id
    assert manifest["exported_at"] == "2026-11-23T10:15:00Z"
    assert manifest["records"] == [
        {
            "meeting_id": record["meeting"]["id"],
            "case_reference": record["case"]["reference"],
            "version": record["meeting"]["version"],
            "previous_version_id": record["meeting"]["previous_version_id"],
            "fingerprint": fingerprint(record),
        }
    ]
    record_bytes = canonical_json(record)
    assert manifest["files"][RECORD_NAME] == {
        "sha256": hashlib.sha256(record_bytes).hexdigest(),
        "size": len(record_bytes),
    }
    assert sorted(manifest["files"]) == sorted([RECORD_NAME, *DOCUMENTS])


def test_inner_archive_is_deterministic(
    bundle: bytes, record: dict, device: DeviceKey, council: CouncilKeys
) -> None:
    again = _make(record, device, council)
    assert again != bundle  # fresh ephemeral key and nonce every time
    assert unseal(again, council) == unseal(bundle, council)
    later = _entries(
        _make(record, device, council, exported_at=EXPORTED + timedelta(days=3)), council
    )
    first = json.loads(_entries(bundle, council)[MANIFEST_NAME])
    assert json.loads(later[MANIFEST_NAME])["records"] == first["records"]
    infos = zipfile.ZipFile(io.BytesIO(unseal(bundle, council))).infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}


@pytest.mark.parametrize(
    "name",
    ["../minutes.pdf", "docs/minutes.pdf", "a\\b.pdf", "C:minutes.pdf", ".hidden", "nul.pdf",
     "minutes.pdf.", "", "record.json", "manifest.json", "manifest.sig", "résumé.pdf"],
)  # fmt: skip
def test_make_bundle_refuses_unsafe_names(
    name: str, record: dict, device: DeviceKey, council: CouncilKeys
) -> None:
    with pytest.raises(ValueError, match=r"cannot put|reserved"):
        _make(record, device, council, files={name: b"x"})


def test_make_bundle_checks_its_inputs(
    record: dict, device: DeviceKey, council: CouncilKeys
) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        _make(record, device, council, exported_at=datetime(2026, 11, 23, 10, 15))
    with pytest.raises(ValueError, match="capitals"):
        _make(record, device, council, files={"a.pdf": b"1", "A.pdf": b"2"})
    broken = copy.deepcopy(record)
    del broken["meeting"]["version"]
    with pytest.raises(RecordError, match="record to export"):
        _make(broken, device, council)


# --- refusals ------------------------------------------------------------------------------


def _entries(bundle: bytes, council: CouncilKeys) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(unseal(bundle, council))) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _resign(entries: dict[str, bytes], device: DeviceKey, **manifest_changes: Any) -> None:
    """Apply manifest changes and sign again, as a trusted laptop would have."""
    manifest = json.loads(entries[MANIFEST_NAME])
    manifest.update(manifest_changes)
    entries[MANIFEST_NAME] = canonical_json(manifest)
    entries[SIGNATURE_NAME] = device.sign(entries[MANIFEST_NAME])


def _relist(entries: dict[str, bytes], device: DeviceKey) -> None:
    """List every non-manifest entry with its true hash, then sign again."""
    files = {
        name: {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
        for name, content in entries.items()
        if name not in (MANIFEST_NAME, SIGNATURE_NAME)
    }
    _resign(entries, device, files=files)


def _hand_zip(items: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip written entry by entry, duplicates and hostile names included."""
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", compression=method) as archive:
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        for name, content in items:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = method
            archive.writestr(info, content)
    return buffer.getvalue()


@dataclass
class Case:
    """The pieces a refusal case starts from; a case returns the bytes to open."""

    bundle: bytes
    record: dict[str, Any]
    council: CouncilKeys
    device: DeviceKey
    trust: TrustList
    limits: Limits = field(default_factory=Limits)
    max_size: int | None = None

    def entries(self) -> dict[str, bytes]:
        return _entries(self.bundle, self.council)

    def seal(self, inner: bytes) -> bytes:
        return seal(inner, self.council.public)

    def reseal(self, entries: dict[str, bytes]) -> bytes:
        return self.seal(write_inner_zip(entries))


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


def _with_record(c: Case, record_bytes: bytes) -> bytes:
    entries = c.entries()
    entries[RECORD_NAME] = record_bytes
    _relist(entries, c.device)
    return c.reseal(entries)


def _record_without_meeting_version(c: Case) -> bytes:
    broken = copy.deepcopy(c.record)
    del broken["meeting"]["version"]
    return _with_record(c, canonical_json(broken))


def _record_with_changed_content(c: Case) -> bytes:
    changed = copy.deepcopy(c.record)
    changed["meeting"]["venue"] = "Somewhere else"  # valid, but not what the manifest says
    return _with_record(c, canonical_json(changed))


def _bomb_by_ratio(c: Case) -> bytes:
    entries = c.entries()
    entries["padding.bin"] = bytes(2 * 1024 * 1024)  # deflates about 1000 to 1
    return c.reseal(entries)


def _lying_size(c: Case) -> bytes:
    """A zip whose headers say minutes.pdf is 10 bytes long when it is 3400."""
    inner = bytearray(write_inner_zip(c.entries()))
    name = b"minutes.pdf"
    local = zipfile.ZipFile(io.BytesIO(bytes(inner))).getinfo("minutes.pdf").header_offset
    struct.pack_into("<I", inner, local + 22, 10)  # uncompressed size in the local header
    central = inner.find(b"PK\x01\x02")
    while inner[central + 46 : central + 46 + len(name)] != name:
        central = inner.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", inner, central + 24, 10)  # and in the central directory
    return c.seal(bytes(inner))


def _swap_device_key(c: Case) -> bytes:
    """An impostor signs with its own key but names the trusted device."""
    impostor = DeviceKey.generate()
    entries = c.entries()
    _resign(entries, impostor, device_public_key=impostor.public.base64)
    return c.reseal(entries)


def _impostor_with_trusted_key_named(c: Case) -> bytes:
    """An impostor signs with its own key and copies the trusted device's public key."""
    entries = c.entries()
    _resign(entries, DeviceKey.generate())
    return c.reseal(entries)


def _entries_without(name: str) -> Callable[[Case], bytes]:
    def build(c: Case) -> bytes:
        entries = c.entries()
        del entries[name]
        return c.reseal(entries)

    return build


def _manifest(change: Callable[[dict], None], sign: bool = True) -> Callable[[Case], bytes]:
    def build(c: Case) -> bytes:
        entries = c.entries()
        manifest = json.loads(entries[MANIFEST_NAME])
        change(manifest)
        entries[MANIFEST_NAME] = canonical_json(manifest)
        if sign:
            entries[SIGNATURE_NAME] = c.device.sign(entries[MANIFEST_NAME])
        return c.reseal(entries)

    return build


def _hostile(
    items: Callable[[Case], list[tuple[str, bytes]]], **kw: Any
) -> Callable[[Case], bytes]:
    return lambda c: c.seal(_hand_zip(items(c), **kw))


def _good_plus(name: str) -> Callable[[Case], list[tuple[str, bytes]]]:
    return lambda c: [*c.entries().items(), (name, b"x")]


def _limits(**caps: int) -> Callable[[Case], bytes]:
    def build(c: Case) -> bytes:
        c.limits = Limits(**caps)
        return c.bundle

    return build


def _revoked(c: Case) -> bytes:
    c.trust.revoke(c.device.device_id, "laptop stolen from car", EXPORTED)
    return c.bundle


def _untrusted(c: Case) -> bytes:
    c.trust = TrustList()
    return c.bundle


def _too_large(c: Case) -> bytes:
    c.max_size = 1000
    return c.bundle


def _added_file(c: Case) -> bytes:
    entries = c.entries()
    entries["extra.pdf"] = b"%PDF slipped in"
    return c.reseal(entries)


def _changed_document(c: Case) -> bytes:
    entries = c.entries()
    entries["minutes.pdf"] = entries["minutes.pdf"].replace(b"minutes", b"MINUTES", 1)
    return c.reseal(entries)


def _other_council_seal(c: Case) -> bytes:
    return seal(unseal(c.bundle, c.council), CouncilKeys.generate().public)


def _signed_for_other_council(c: Case) -> bytes:
    entries = c.entries()
    _resign(entries, c.device, council_key_id=CouncilKeys.generate().key_id)
    return c.reseal(entries)


IMPOSSIBLE = "2026-13-45T10:15:00Z"


def _new_app_version(manifest: dict) -> None:
    manifest["app_version"] = "9.9.9"


def _listed(manifest: dict, name: str, size: int) -> None:
    """List ``name`` in the manifest with ``size`` (and the hash plan.pdf has)."""
    manifest["files"][name] = {**manifest["files"]["plan.pdf"], "size": size}


def _signature(change: Callable[[bytes], bytes]) -> Callable[[Case], bytes]:
    def build(c: Case) -> bytes:
        entries = c.entries()
        return c.reseal({**entries, SIGNATURE_NAME: change(entries[SIGNATURE_NAME])})

    return build


def _raw_manifest(content: bytes) -> Callable[[Case], bytes]:
    def build(c: Case) -> bytes:
        return c.reseal({**c.entries(), MANIFEST_NAME: content})

    return build


def _practice(c: Case) -> bytes:
    """The demo's practice data, signed by a trusted laptop."""
    return _make({**c.record, "practice": True}, c.device, c.council)


CASES: list[tuple[str, str, Callable[[Case], bytes]]] = [
    ("empty", "no bytes", lambda c: b""),
    ("not-a-bundle", "a plain zip", lambda c: unseal(c.bundle, c.council)),
    ("not-a-bundle", "a text file", lambda c: b"Minutes of the meeting\n"),
    ("too-large", "over max_size", _too_large),
    ("unsupported-version", "sealing version 2", lambda c: c.bundle[:8] + b"\x02" + c.bundle[9:]),
    ("unsupported-version", "sealing version 0", lambda c: c.bundle[:8] + b"\x00" + c.bundle[9:]),
    ("other-council", "sealed to another council", _other_council_seal),
    ("other-council", "signed for another council", _signed_for_other_council),
    ("truncated", "magic only", lambda c: MAGIC[:5]),
    ("truncated", "half a header", lambda c: c.bundle[:40]),
    ("truncated", "header without ciphertext", lambda c: c.bundle[: HEADER_SIZE + 10]),
    ("tampered", "ciphertext byte", lambda c: _flip(c.bundle, len(c.bundle) - 100)),
    ("tampered", "tag byte", lambda c: _flip(c.bundle, len(c.bundle) - 1)),
    ("tampered", "nonce byte (header is authenticated)", lambda c: _flip(c.bundle, 80)),
    ("tampered", "ephemeral key byte", lambda c: _flip(c.bundle, 50)),
    ("tampered", "cut short", lambda c: c.bundle[:-1]),
    ("tampered", "zero ephemeral key", lambda c: c.bundle[:41] + bytes(32) + c.bundle[73:]),
    ("bad-archive", "not a zip", lambda c: c.seal(b"this is not a zip archive")),
    ("bad-archive", "bzip2 entry", _hostile(lambda c: [("a.txt", b"x")], method=zipfile.ZIP_BZIP2)),
    ("bad-archive", "lying about its size", _lying_size),
    ("unsafe-path", "parent folder", _hostile(_good_plus("../evil.pdf"))),
    ("unsafe-path", "absolute path", _hostile(_good_plus("/etc/cron.d/evil"))),
    ("unsafe-path", "backslash", _hostile(_good_plus("..\\evil.pdf"))),
    ("unsafe-path", "drive letter", _hostile(_good_plus("C:evil.pdf"))),
    ("unsafe-path", "folder", _hostile(_good_plus("docs/minutes.pdf"))),
    ("unsafe-path", "hidden", _hostile(_good_plus(".bashrc"))),
    ("unsafe-path", "dot dot", _hostile(_good_plus(".."))),
    ("unsafe-path", "windows device", _hostile(_good_plus("CON.pdf"))),
    ("unsafe-path", "NUL inside name", _hostile(_good_plus("plan.pdf\x00.exe"))),
    ("unsafe-path", "duplicate", _hostile(_good_plus("minutes.pdf"))),
    ("unsafe-path", "duplicate in capitals", _hostile(_good_plus("Minutes.PDF"))),
    ("zip-bomb", "too many entries", _limits(max_entries=5)),
    ("zip-bomb", "one file too big", _limits(max_file_bytes=2_000)),
    ("zip-bomb", "too big in all", _limits(max_total_bytes=20_000)),
    ("zip-bomb", "compression ratio", _bomb_by_ratio),
    ("missing-file", "no signature", _entries_without(SIGNATURE_NAME)),
    ("missing-file", "no manifest", _entries_without(MANIFEST_NAME)),
    ("missing-file", "a listed document", _entries_without("plan.pdf")),
    ("unexpected-file", "an unlisted document", _added_file),
    ("hash-mismatch", "a changed document", _changed_document),
    ("hash-mismatch", "wrong size listed", _manifest(lambda m: _listed(m, "plan.pdf", size=1))),
    ("bad-manifest", "not JSON", _raw_manifest(b"not json")),
    ("bad-manifest", "not UTF-8", _raw_manifest(b'{"format": "\xff"}')),
    ("bad-manifest", "nested too deep", _raw_manifest(b"[" * 100_000 + b"]" * 100_000)),
    ("bad-manifest", "huge number", _raw_manifest(b"1" * 10_000)),
    ("bad-manifest", "empty object", _manifest(lambda m: m.clear(), sign=False)),
    ("bad-manifest", "no files", _manifest(lambda m: m.pop("files"))),
    ("bad-manifest", "no records", _manifest(lambda m: m.update(records=[]))),
    ("bad-manifest", "unknown field", _manifest(lambda m: m.update(extra=1))),
    ("bad-manifest", "impossible date", _manifest(lambda m: m.update(exported_at=IMPOSSIBLE))),
    ("bad-manifest", "lists itself", _manifest(lambda m: _listed(m, MANIFEST_NAME, size=1))),
    ("bad-manifest", "version as text", _manifest(lambda m: m.update(format_version="1"))),
    ("unknown-device", "empty trust list", _untrusted),
    ("revoked-device", "laptop stolen", _revoked),
    ("bad-signature", "signature flipped", _signature(lambda sig: _flip(sig, 3))),
    ("bad-signature", "signature cut", _signature(lambda sig: sig[:10])),
    ("bad-signature", "changed after signing", _manifest(_new_app_version, sign=False)),
    ("bad-signature", "impostor key under trusted id", _swap_device_key),
    ("bad-signature", "impostor signature", _impostor_with_trusted_key_named),
    ("future-format", "format 2", _manifest(lambda m: m.update(format_version=2), sign=False)),
    ("bad-record", "not JSON", lambda c: _with_record(c, b"{not json")),
    ("bad-record", "fails the schema", _record_without_meeting_version),
    ("bad-record", "fingerprint differs", _record_with_changed_content),
    ("practice-data", "the demo case", _practice),
]  # fmt: skip


def test_every_refusal_code_has_a_case() -> None:
    assert {code for code, _, _ in CASES} == REFUSAL_CODES


@pytest.mark.parametrize(
    ("code", "build"), [(code, build) for code, _, build in CASES], ids=[n for _, n, _ in CASES]
)
def test_refusal(
    code: str,
    build: Callable[[Case], bytes],
    bundle: bytes,
    record: dict,
    council: CouncilKeys,
    device: DeviceKey,
    trust: TrustList,
) -> None:
    case = Case(bundle, record, council, device, trust)
    data = build(case)
    extra = {"max_size": case.max_size} if case.max_size else {}
    with pytest.raises(BundleRefused) as caught:
        open_bundle(
            data,
            council_private=case.council,
            trust=case.trust,
            limits=case.limits,
            source="review.cinsync",
            **extra,
        )
    refused = caught.value
    assert refused.reason == code, refused.message
    assert str(refused).startswith("review.cinsync: ")
    assert refused.message[0].isupper() and refused.message.endswith((".", ")"))


def test_bad_record_message_carries_the_schema_problem(
    bundle: bytes, record: dict, council: CouncilKeys, device: DeviceKey, trust: TrustList
) -> None:
    case = Case(bundle, record, council, device, trust)
    with pytest.raises(BundleRefused, match=r"meeting.*'version' is a required property"):
        open_bundle(_record_without_meeting_version(case), council_private=council, trust=trust)
    with pytest.raises(BundleRefused, match="fingerprint"):
        open_bundle(_record_with_changed_content(case), council_private=council, trust=trust)


def test_revoked_message_names_the_reason(
    bundle: bytes, council: CouncilKeys, trust: TrustList, device: DeviceKey
) -> None:
    trust.revoke(device.device_id, "laptop stolen from car", EXPORTED)
    with pytest.raises(BundleRefused, match=r"revoked on 2026-11-23T10:15:00Z \(laptop stolen"):
        open_bundle(bundle, council_private=council, trust=trust)


def test_reading_is_capped_whatever_the_zip_declares(bundle: bytes, council: CouncilKeys) -> None:
    """The cap while reading holds even if the declared-size check were bypassed."""
    with zipfile.ZipFile(io.BytesIO(unseal(bundle, council))) as archive:
        info = archive.getinfo("minutes.pdf")
        with pytest.raises(BundleRefused) as caught:
            _read_entry(archive, info, Limits(max_file_bytes=100), [10**9], "test")
    assert caught.value.reason == "zip-bomb"


# --- fuzzing -------------------------------------------------------------------------------

_edit = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**9), st.integers(1, 255)),
    st.tuples(st.just("cut"), st.integers(0, 10**9), st.integers(1, 64)),
    st.tuples(st.just("insert"), st.integers(0, 10**9), st.binary(min_size=1, max_size=16)),
)


def _apply(data: bytes, edits: list[tuple]) -> bytes:
    for kind, where, what in edits:
        where %= len(data) + (kind == "insert")
        if kind == "flip" and data:
            data = data[:where] + bytes([data[where] ^ what]) + data[where + 1 :]
        elif kind == "cut":
            data = data[:where] + data[where + what :]
        elif kind == "insert":
            data = data[:where] + what + data[where:]
    return data


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(edits=st.lists(_edit, min_size=1, max_size=4), truncate=st.booleans())
def test_fuzzed_bundles_are_refused(
    edits: list[tuple], truncate: bool, bundle: bytes, council: CouncilKeys, device: DeviceKey
) -> None:
    data = _apply(bundle, edits)
    if truncate:
        data = data[: len(data) // 2]
    trust = _trusting(device)
    if data == bundle:
        open_bundle(data, council_private=council, trust=trust)
        return
    with pytest.raises(BundleRefused) as caught:
        open_bundle(data, council_private=council, trust=trust)
    assert caught.value.reason in REFUSAL_CODES


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(edits=st.lists(_edit, min_size=1, max_size=3))
def test_fuzzed_inner_archives_never_yield_other_content(
    edits: list[tuple], bundle: bytes, record: dict, council: CouncilKeys, device: DeviceKey
) -> None:
    """Past the encryption, a damaged zip is refused, or opens to exactly what was signed."""
    data = seal(_apply(unseal(bundle, council), edits), council.public)
    try:
        opened = open_bundle(data, council_private=council, trust=_trusting(device))
    except BundleRefused as refused:
        assert refused.reason in REFUSAL_CODES
    else:
        assert opened.record == record and opened.files == DOCUMENTS


# --- what the child gave travels beside the record ------------------------------------------


@pytest.fixture
def reviewed_with_attachments(record: dict) -> dict[str, Any]:
    return copy.deepcopy(DEMO_WITH_ATTACHMENTS)


def test_attachments_travel_beside_the_record_byte_for_byte(
    reviewed_with_attachments: dict, device: DeviceKey, council: CouncilKeys, trust: TrustList
) -> None:
    record = reviewed_with_attachments
    files = DOCUMENTS | attached_files(record)
    assert sorted(n for n in files if n.startswith("attachment-")) == sorted(
        f"attachment-{a['id']}.{'jpg' if a['media_type'] == 'image/jpeg' else 'pdf'}"
        for a in record["attachments"]
    )
    opened = open_bundle(
        _make(record, device, council, files=files), council_private=council, trust=trust
    )
    assert opened.files == files and opened.record == record


def test_a_bundle_missing_or_changing_an_attachment_is_refused(
    reviewed_with_attachments: dict, device: DeviceKey, council: CouncilKeys, trust: TrustList
) -> None:
    record = reviewed_with_attachments
    files = DOCUMENTS | attached_files(record)
    name = next(n for n in files if n.endswith(".jpg"))
    # the laptop will not make it
    with pytest.raises(ValueError, match="does not carry"):
        _make(record, device, council, files={k: v for k, v in files.items() if k != name})
    # and a hostile laptop that skips the check is refused at the council
    for changed, code in (
        ({k: v for k, v in files.items() if k != name}, "missing-file"),
        (files | {name: files[name] + b"\x00"}, "hash-mismatch"),
        (files | {"attachment-extra.png": b"\x89PNG"}, "unexpected-file"),
    ):
        inner = _signed_inner(record, changed, device, council)
        with pytest.raises(BundleRefused) as refused:
            open_bundle(seal(inner, council.public), council_private=council, trust=trust)
        assert refused.value.reason == code


def _signed_inner(
    record: dict, files: dict[str, bytes], device: DeviceKey, council: CouncilKeys
) -> bytes:
    """An inner zip signed properly around ``files``, as a laptop without checks would."""
    from cinchair.sync.bundle.manifest import build_manifest

    payload = {RECORD_NAME: canonical_json(record), **files}
    manifest = build_manifest(
        record=record,
        payload=payload,
        device=device,
        council=council.public,
        app_version="0.1.0",
        exported_at=EXPORTED,
    )
    manifest_bytes = canonical_json(manifest)
    return write_inner_zip(
        {MANIFEST_NAME: manifest_bytes, SIGNATURE_NAME: device.sign(manifest_bytes), **payload}
    )


def _random_after_magic(c: Case) -> bytes:
    return MAGIC + b"\x01" + os.urandom(len(c.bundle) - len(MAGIC) - 1)


# What an admin is told must say what is wrong and what to do, never mislead: random
# bytes are not "another council's" bundle, a flipped version byte is not "update
# cinchair", a forged device claim is not only "changed after signing", and a zip that
# lies about its sizes is not "(BadZipFile)".
WORDS: list[tuple[str, Callable[[Case], bytes], str, str]] = [
    ("random bytes after the magic", _random_after_magic, "damaged", "sealed for a different"),
    ("a flipped version byte", lambda c: c.bundle[:8] + b"\x81" + c.bundle[9:],
     "damaged", "update cinchair"),
    ("a forged device claim", _impostor_with_trusted_key_named, "another key signed it",
     "It was changed after"),
    ("lying zip sizes", _lying_size, "does not unpack to the size", "BadZipFile"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("build", "said", "not_said"), [w[1:] for w in WORDS], ids=[w[0] for w in WORDS]
)
def test_refusals_say_what_is_wrong_in_words_an_admin_can_act_on(
    build: Callable[[Case], bytes],
    said: str,
    not_said: str,
    bundle: bytes,
    record: dict,
    council: CouncilKeys,
    device: DeviceKey,
    trust: TrustList,
) -> None:
    case = Case(bundle, record, council, device, trust)
    with pytest.raises(BundleRefused) as caught:
        open_bundle(build(case), council_private=council, trust=trust, source="r.cinsync")
    assert said in caught.value.message and not_said not in caught.value.message


# Only a header that parses and names a council key far from this council's reads as
# another council's: a few bits flipped in the key it names is damage in transit.
REASONS: list[tuple[str, Callable[[Case], bytes], str, str]] = [
    ("a bit flipped in the council key named", lambda c: _flip(c.bundle, 9 + 5), "tampered",
     "damaged in transit"),
    ("eight bits flipped there", lambda c: c.bundle[:12] + bytes(b ^ 0x01 for b in c.bundle[12:20])
     + c.bundle[20:], "tampered", "damaged in transit"),
    ("sealed to another council", _other_council_seal, "other-council", "another council"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("build", "code", "said"), [r[1:] for r in REASONS], ids=[r[0] for r in REASONS]
)
def test_damage_is_not_called_another_council(
    build: Callable[[Case], bytes],
    code: str,
    said: str,
    bundle: bytes,
    record: dict,
    council: CouncilKeys,
    device: DeviceKey,
    trust: TrustList,
) -> None:
    case = Case(bundle, record, council, device, trust)
    with pytest.raises(BundleRefused) as caught:
        open_bundle(build(case), council_private=council, trust=trust, source="r.cinsync")
    assert caught.value.reason == code and said in caught.value.message
