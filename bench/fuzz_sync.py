"""Ten thousand fuzzed bundles and case packs, through the real import and receive paths.

``python -m bench.fuzz_sync [N] [SEED]`` (default N = 10,000: half bundles, half packs).

CI's hypothesis fuzzers (``tests/test_sync_bundle.py``, ``tests/test_case_packs_refusals.py``)
try a few hundred examples; this tries thousands, beyond CI's time budget, and goes the
whole way: every fuzzed bundle is a file given to ``import_bundles`` (the admin's import)
and every fuzzed pack a file given to ``receive_pack_file`` (the laptop's ``cinchair
receive``). The stores already hold the genuine meetings, so a mutation that leaves a file
intact (a byte of the zip nobody reads) is a duplicate that writes nothing, and the figure
that matters is simple: **rows written, which must be 0**, counted in every table the
import or the receive writes (meetings, bundles, conflicts, the audit trail, received
meetings) before and after.

Each file gets one to four edits, chosen at random from a seeded generator: bits flipped,
bytes cut out or inserted, the file cut short. A third are made to the sealed file; a
third to the inner zip, sealed again (as anyone holding the public key could); a third
to one file inside the zip (the manifest, its signature, the record, a document), the
zip written and sealed again, so the archive, manifest, signature, hash and record checks
are exercised, not only the outer decryption.
"""

from __future__ import annotations

import io
import random
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select

from cinchair.model import AuditEntry, ImportedBundle, Meeting, ReceivedMeeting, SyncConflict
from cinchair.store.facade import Store, sqlite_url
from cinchair.sync.bundle.inner_zip import write_inner_zip
from cinchair.sync.bundle.sealing import seal, unseal
from cinchair.sync.importer import import_bundles
from cinchair.sync.keys.device import laptop_device_key, laptop_public, laptop_sealing_key
from cinchair.sync.packs.format import PackRefused
from cinchair.sync.packs.laptop_receive import receive_pack_file
from cinchair.sync.packs.make import make_case_pack
from cinchair.sync.packs.sealing import seal_to_laptop, unseal_pack
from tests.sync_kit import EXPORTED, Council, build_demo_records

DEFAULT_FILES = 10_000
BATCH = 500  # bundles per import run, as an admin imports a folder


def mutate(data: bytes, rng: random.Random) -> bytes:
    """``data`` with one to four random edits (flip, cut, insert, truncate); never equal."""
    out = data
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(("flip", "flip", "cut", "insert", "truncate"))
        where = rng.randrange(len(out) + 1) if out else 0
        if kind == "flip" and out:
            where = min(where, len(out) - 1)
            out = out[:where] + bytes([out[where] ^ rng.randint(1, 255)]) + out[where + 1 :]
        elif kind == "cut":
            out = out[:where] + out[where + rng.randint(1, 64) :]
        elif kind == "insert":
            out = out[:where] + rng.randbytes(rng.randint(1, 16)) + out[where:]
        else:
            out = out[:where]
    return out if out != data else out + b"\x00"


def mutate_entry(inner: bytes, rng: random.Random) -> bytes:
    """The inner zip with one file's content edited and the zip written again (so the
    archive reads, and the manifest, signature, hash and record checks are what refuse)."""
    with zipfile.ZipFile(io.BytesIO(inner)) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    name = rng.choice(sorted(entries))
    entries[name] = mutate(entries[name], rng)
    return write_inner_zip(entries)


def edited(
    genuine: bytes, rng: random.Random, opened: bytes, reseal: Callable[[bytes], bytes]
) -> bytes:
    """A third each: edits to the sealed file, to the raw inner zip, to one file inside."""
    mode = rng.randrange(3)
    if mode == 0:
        return mutate(genuine, rng)
    if mode == 1:
        return reseal(mutate(opened, rng))
    return reseal(mutate_entry(opened, rng))


def _rows(store: Store) -> dict[str, int]:
    tables = (Meeting, ImportedBundle, SyncConflict, AuditEntry, ReceivedMeeting)
    with store.reading() as session:
        return {
            t.__tablename__: session.scalar(select(func.count()).select_from(t)) or 0
            for t in tables
        }


def _fuzz_bundles(
    council: Council, store: Store, genuine: list[bytes], count: int, rng: random.Random, root: Path
) -> Counter[str]:
    """``count`` fuzzed bundles imported, a folder of ``BATCH`` at a time; their outcomes."""
    desk = council.desk

    def reseal(inner: bytes) -> bytes:
        return seal(inner, desk.sealing.public)

    outcomes: Counter[str] = Counter()
    for start in range(0, count, BATCH):
        batch = root / f"batch-{start}"
        batch.mkdir()
        for i in range(start, min(start + BATCH, count)):
            data = genuine[i % len(genuine)]
            data = edited(data, rng, unseal(data, desk.sealing), reseal)
            (batch / f"fuzz-{i:05d}.cinsync").write_bytes(data)
        summary = import_bundles(store, [batch], desk=desk, imported_by="fuzz")
        for item in summary.items:
            outcomes[item.reason or item.outcome] += 1
    return outcomes


def _fuzz_packs(
    council: Council, laptop: Store, pack: bytes, count: int, rng: random.Random, root: Path
) -> Counter[str]:
    """``count`` fuzzed packs, each a file taken in as ``cinchair receive`` does."""
    sealing = laptop_sealing_key(laptop)
    inner = unseal_pack(pack, sealing)
    path = root / "fuzz.cinpack"
    outcomes: Counter[str] = Counter()
    for _ in range(count):
        data = edited(pack, rng, inner, lambda raw: seal_to_laptop(raw, sealing.public_raw))
        path.write_bytes(data)
        try:
            result = receive_pack_file(laptop, path, council=council.desk.public)
        except PackRefused as refused:
            outcomes[refused.reason] += 1
        else:
            added = sum(len(c.added) for c in result.cases)
            outcomes["opened intact, nothing new" if not added else "ADDED"] += 1
    return outcomes


def main(argv: list[str] | None = None) -> int:
    """Fuzz, import and receive; print the outcomes and the rows written (exit 1 if any)."""
    args = sys.argv[1:] if argv is None else argv
    total = int(args[0]) if args else DEFAULT_FILES
    seed = int(args[1]) if len(args) > 1 else random.SystemRandom().randrange(10**9)
    rng = random.Random(seed)
    bundles_n, packs_n = total // 2, total - total // 2
    with tempfile.TemporaryDirectory(prefix="cinchair-fuzz-") as folder:
        root = Path(folder)
        demo = build_demo_records(root)
        council = Council.make(root / "keys")
        laptop_a = council.laptop("Laptop A")
        records = (demo.planning, demo.review)
        paths = [council.bundle(r, laptop_a, root / "genuine") for r in records]
        with (
            Store.open(sqlite_url(root / "council.sqlite3"), actor="admin") as council_store,
            Store.open(sqlite_url(root / "laptop-b.sqlite3"), actor="chair") as laptop,
        ):
            import_bundles(council_store, paths, desk=council.desk, imported_by="Ann")
            trust = council.desk.trust_list()
            entry = trust.trust(laptop_public(laptop).public_text(), "Laptop B", EXPORTED)
            trust.save(council.desk.trust_path)
            refs = [demo.review["case"]["reference"]]
            pack = make_case_pack(council_store, council.desk, entry.device_id, refs, made_by="A")
            (root / "genuine.cinpack").write_bytes(pack)
            receive_pack_file(laptop, root / "genuine.cinpack", council=council.desk.public)
            laptop_device_key(laptop)
            council_before, laptop_before = _rows(council_store), _rows(laptop)

            began = time.perf_counter()
            genuine = [p.read_bytes() for p in paths]
            bundle_outcomes = _fuzz_bundles(council, council_store, genuine, bundles_n, rng, root)
            bundle_seconds = time.perf_counter() - began
            began = time.perf_counter()
            pack_outcomes = _fuzz_packs(council, laptop, pack, packs_n, rng, root)
            pack_seconds = time.perf_counter() - began
            council_after, laptop_after = _rows(council_store), _rows(laptop)

    council_written = {k: council_after[k] - council_before[k] for k in council_after}
    laptop_written = {k: laptop_after[k] - laptop_before[k] for k in laptop_after}
    print(f"fuzz_sync: seed {seed}")
    print(
        f"fuzz_sync: {bundles_n:,} fuzzed bundles imported in {bundle_seconds:.1f} s "
        f"({bundles_n / bundle_seconds:.0f}/s); outcomes: {dict(bundle_outcomes.most_common())}"
    )
    print(f"fuzz_sync: rows written in the council store: {council_written}")
    print(
        f"fuzz_sync: {packs_n:,} fuzzed case packs received in {pack_seconds:.1f} s "
        f"({packs_n / pack_seconds:.0f}/s); outcomes: {dict(pack_outcomes.most_common())}"
    )
    print(f"fuzz_sync: rows written in the laptop store: {laptop_written}")
    written = sum(council_written.values()) + sum(laptop_written.values())
    print(f"fuzz_sync: {bundles_n + packs_n:,} files, {written} rows written in all")
    return 0 if written == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
