"""Hostile case packs: every refusal code has a case, and fuzzed packs are refused.

As ``tests/test_sync_bundle.py`` does for bundles: one genuine pack (the demo's case, filed
at a council, packed for laptop B), then packs built from it the way an attacker or a
broken copy would (cut short, bits flipped, sealed to another laptop, signed by another
council, zip slips, bombs, unlisted files, a future format...). Each must be refused with
its code and words, and nothing written to the laptop's store. The fuzzers here run a few
hundred examples in CI; ``bench/fuzz_sync.py`` runs ten thousand.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from cinchair.model import AuditEntry, Meeting
from cinchair.record.format import canonical_json
from cinchair.store.facade import Store, sqlite_url
from cinchair.sync.bundle.inner_zip import write_inner_zip
from cinchair.sync.council import CouncilPublic
from cinchair.sync.importer import import_bundles
from cinchair.sync.keys.device import laptop_device_key, laptop_public, laptop_sealing_key
from cinchair.sync.keys.laptop import SealingKey
from cinchair.sync.packs.format import (
    MANIFEST_NAME,
    PACK_REFUSAL_CODES,
    SIGNATURE_NAME,
    PackRefused,
)
from cinchair.sync.packs.make import make_case_pack
from cinchair.sync.packs.open import OpenedPack, open_case_pack
from cinchair.sync.packs.sealing import seal_to_laptop, unseal_pack
from tests.sync_kit import EXPORTED, Council, build_demo_records


@dataclass
class Kit:
    """One genuine pack and everything needed to forge variants of it."""

    pack: bytes
    council: Council
    laptop: Store
    sealing: SealingKey
    device_id: str

    def open(
        self, data: bytes, *, council: CouncilPublic | None = None, **extra: Any
    ) -> OpenedPack:
        return open_case_pack(
            data,
            sealing=self.sealing,
            device_id=self.device_id,
            council=council or self.council.desk.public,
            source="cases.cinpack",
            **extra,
        )

    def entries(self) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(unseal_pack(self.pack, self.sealing))) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()}

    def seal_raw(self, inner: bytes) -> bytes:
        return seal_to_laptop(inner, self.sealing.public_raw)

    def reseal(self, entries: dict[str, bytes]) -> bytes:
        return self.seal_raw(write_inner_zip(entries))

    def resign(self, entries: dict[str, bytes], **changes: Any) -> bytes:
        """Change the manifest and sign it again with the council's real key."""
        manifest = json.loads(entries[MANIFEST_NAME])
        manifest.update(changes)
        entries[MANIFEST_NAME] = canonical_json(manifest)
        entries[SIGNATURE_NAME] = self.council.desk.receipts.sign(entries[MANIFEST_NAME])
        return self.reseal(entries)

    def relisted(self, entries: dict[str, bytes]) -> bytes:
        files = {
            name: {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
            for name, content in entries.items()
            if name not in (MANIFEST_NAME, SIGNATURE_NAME)
        }
        return self.resign(entries, files=files)

    def record_name(self) -> str:
        return next(n for n in self.entries() if n.startswith("record-"))


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kit]:
    root = tmp_path_factory.mktemp("packs")
    demo = build_demo_records(root)
    council = Council.make(root / "keys")
    laptop_a = council.laptop("Laptop A")
    paths = [council.bundle(r, laptop_a, root / "usb") for r in (demo.planning, demo.review)]
    with (
        Store.open(sqlite_url(root / "council.sqlite3"), actor="admin") as council_store,
        Store.open(sqlite_url(root / "laptop-b.sqlite3"), actor="chair") as laptop,
    ):
        import_bundles(council_store, paths, desk=council.desk, imported_by="Ann")
        trust = council.desk.trust_list()
        entry = trust.trust(laptop_public(laptop).public_text(), "Laptop B", EXPORTED)
        trust.save(council.desk.trust_path)
        reference = demo.review["case"]["reference"]
        pack = make_case_pack(
            council_store, council.desk, entry.device_id, [reference], made_by="A"
        )
        yield Kit(
            pack, council, laptop, laptop_sealing_key(laptop), laptop_device_key(laptop).device_id
        )


def _hand_zip(items: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore")
        for name, content in items:
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), content)
    return buffer.getvalue()


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


def _other_laptop_seal(k: Kit) -> bytes:
    return seal_to_laptop(unseal_pack(k.pack, k.sealing), SealingKey.generate().public_raw)


def _unexpected(k: Kit) -> bytes:
    entries = k.entries()
    entries["extra.pdf"] = b"%PDF added later"
    return k.reseal(entries)


def _changed_record(k: Kit) -> bytes:
    entries = k.entries()
    name = k.record_name()
    entries[name] = entries[name].replace(b"Amelia", b"Amelie", 1)
    return k.reseal(entries)


def _without(name: str) -> Callable[[Kit], bytes]:
    def build(k: Kit) -> bytes:
        entries = k.entries()
        del entries[name]
        return k.reseal(entries)

    return build


def _unsigned_change(k: Kit) -> bytes:
    entries = k.entries()
    manifest = json.loads(entries[MANIFEST_NAME])
    manifest["made_by"] = "Someone else"
    entries[MANIFEST_NAME] = canonical_json(manifest)
    return k.reseal(entries)


def _bad_manifest(k: Kit) -> bytes:
    entries = k.entries()
    entries[MANIFEST_NAME] = b"{not json"
    entries[SIGNATURE_NAME] = k.council.desk.receipts.sign(entries[MANIFEST_NAME])
    return k.reseal(entries)


def _bad_record(k: Kit) -> bytes:
    entries = k.entries()
    entries[k.record_name()] = b"{not json"
    return k.relisted(entries)


def _for_another_device(k: Kit) -> bytes:
    entries = k.entries()
    manifest = json.loads(entries[MANIFEST_NAME])
    return k.resign(entries, laptop=manifest["laptop"] | {"device_id": "0" * 16})


def _many_entries(k: Kit) -> bytes:
    return k.seal_raw(_hand_zip([(f"f{i}.txt", b"") for i in range(2100)]))


def _other_council(k: Kit) -> CouncilPublic:
    return Council.make(k.council.desk.folder.parent / "other").desk.public


CASES: list[tuple[str, str, Callable[[Kit], bytes]]] = [
    ("empty", "nothing", lambda k: b""),
    ("not-a-pack", "text", lambda k: b"hello, this is a letter"),
    ("a-bundle", "a bundle", lambda k: b"CINSYNC\x00" + k.pack[8:]),
    ("too-large", "over the size", lambda k: k.pack),
    ("unsupported-version", "version 2", lambda k: k.pack[:8] + b"\x02" + k.pack[9:]),
    ("truncated", "cut short", lambda k: k.pack[:40]),
    ("other-laptop", "sealed to another", _other_laptop_seal),
    ("other-laptop", "made for another", _for_another_device),
    ("tampered", "bit flipped", lambda k: _flip(k.pack, len(k.pack) // 2)),
    ("bad-archive", "not a zip", lambda k: k.seal_raw(b"not a zip at all")),
    ("unsafe-path", "zip slip", lambda k: k.seal_raw(_hand_zip([("../evil.sh", b"x")]))),
    ("zip-bomb", "too many files", _many_entries),
    ("missing-file", "no signature", _without(SIGNATURE_NAME)),
    ("unexpected-file", "added file", _unexpected),
    ("hash-mismatch", "changed record", _changed_record),
    ("bad-manifest", "manifest not JSON", _bad_manifest),
    ("future-format", "format 3", lambda k: k.resign(k.entries(), format_version=3)),
    ("other-council", "signed by another council", lambda k: k.pack),
    ("bad-signature", "changed after signing", _unsigned_change),
    ("bad-record", "record not JSON", _bad_record),
]  # fmt: skip


def test_every_refusal_code_has_a_case() -> None:
    assert {code for code, _, _ in CASES} == PACK_REFUSAL_CODES


def _rows(store: Store) -> tuple[int, int]:
    with store.reading() as session:
        return (
            session.scalar(select(func.count()).select_from(Meeting)) or 0,
            session.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("code", "build"), [(c, b) for c, _, b in CASES], ids=[n for _, n, _ in CASES]
)
def test_refusal(code: str, build: Callable[[Kit], bytes], kit: Kit) -> None:
    data = build(kit)
    extra: dict[str, Any] = {"max_size": 1000} if code == "too-large" else {}
    council = _other_council(kit) if code == "other-council" else None
    before = _rows(kit.laptop)
    with pytest.raises(PackRefused) as caught:
        kit.open(data, council=council, **extra)
    refused = caught.value
    assert refused.reason == code, refused.message
    assert str(refused).startswith("cases.cinpack: ")
    assert refused.message[0].isupper() and refused.message.endswith((".", ")"))
    assert "bundle" not in refused.message or code == "a-bundle"
    assert _rows(kit.laptop) == before


def test_the_genuine_pack_opens(kit: Kit) -> None:
    opened = kit.open(kit.pack)
    assert len(opened.cases) == 1 and len(opened.cases[0].meetings) == 2


# --- fuzzing -------------------------------------------------------------------------------

_edit = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**9), st.integers(1, 255)),
    st.tuples(st.just("cut"), st.integers(0, 10**9), st.integers(1, 64)),
    st.tuples(st.just("insert"), st.integers(0, 10**9), st.binary(min_size=1, max_size=16)),
)


def apply_edits(data: bytes, edits: list[tuple[str, int, Any]]) -> bytes:
    """``data`` with bytes flipped, cut or inserted at the (wrapped) places given."""
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
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=st.lists(_edit, min_size=1, max_size=4), truncate=st.booleans())
def test_fuzzed_packs_are_refused(
    edits: list[tuple[str, int, Any]], truncate: bool, kit: Kit
) -> None:
    data = apply_edits(kit.pack, edits)
    if truncate:
        data = data[: len(data) // 2]
    if data == kit.pack:
        kit.open(data)
        return
    with pytest.raises(PackRefused) as caught:
        kit.open(data)
    assert caught.value.reason in PACK_REFUSAL_CODES


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=st.lists(_edit, min_size=1, max_size=3))
def test_fuzzed_inner_archives_never_yield_other_content(
    edits: list[tuple[str, int, Any]], kit: Kit
) -> None:
    """Past the seal, a damaged zip is refused, or opens to exactly what the council signed."""
    genuine = kit.open(kit.pack)
    inner = unseal_pack(kit.pack, kit.sealing)
    data = seal_to_laptop(apply_edits(inner, edits), kit.sealing.public_raw)
    try:
        opened = kit.open(data)
    except PackRefused as refused:
        assert refused.reason in PACK_REFUSAL_CODES
    else:
        assert opened.cases == genuine.cases and opened.pack_id == genuine.pack_id


def test_a_refused_pack_file_writes_nothing(kit: Kit, tmp_path: Path) -> None:
    from cinchair.sync.packs.laptop_receive import receive_pack_file

    path = tmp_path / "cut.cinpack"
    path.write_bytes(kit.pack[: len(kit.pack) - 7])
    before = _rows(kit.laptop)
    with pytest.raises(PackRefused, match="damaged or altered"):
        receive_pack_file(kit.laptop, path, council=kit.council.desk.public)
    assert _rows(kit.laptop) == before


# What a chair is told must not mislead: a few bits flipped in the laptop key a pack names
# is damage, not "made for another laptop"; a version byte no cinchair writes is damage,
# not "update cinchair"; an unknown key far from this laptop's says both what it may be.
WORDS: list[tuple[str, Callable[[Kit], bytes], str, str, str]] = [
    ("a bit flipped in the laptop key named", lambda k: _flip(k.pack, 9 + 3), "tampered",
     "damaged", "another laptop"),
    ("a flipped version byte", lambda k: k.pack[:8] + b"\x81" + k.pack[9:],
     "unsupported-version", "damaged", "update cinchair"),
    ("random bytes after the magic", lambda k: k.pack[:9] + os.urandom(len(k.pack) - 9),
     "other-laptop", "damaged", "was sealed for another laptop"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("build", "code", "said", "not_said"), [w[1:] for w in WORDS], ids=[w[0] for w in WORDS]
)
def test_refusals_say_what_is_wrong_without_misleading(
    build: Callable[[Kit], bytes], code: str, said: str, not_said: str, kit: Kit
) -> None:
    with pytest.raises(PackRefused) as caught:
        kit.open(build(kit))
    refused = caught.value
    assert refused.reason == code and said in refused.message
    assert not_said not in refused.message
