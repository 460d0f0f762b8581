"""Importing 1,000 bundles into SQLite and into PostgreSQL, beside a raw insert of the rows.

The bundles are the demo's two meetings (an initial planning meeting and a review with
an amended plan, each with the minutes and plan rendered for real and what the child
gave: about 670 KB sealed)
repeated for 500 children, each copy with fresh ids and its own case reference. Figures:

- import: ``import_bundles`` end to end, as an admin runs it: read, decrypt, check the
  zip, the signature, every hash and the record's schema, then file each bundle in its
  own transaction (ORM rows, the audit trail, the bookkeeping row);
- open and check only: the same files through ``open_bundle`` alone, to show where the
  time goes;
- baseline: the same rows (meeting, participants, points, signatures, plan...) inserted
  with SQLAlchemy Core ``executemany``, one transaction per bundle, with nothing to
  decrypt or check and no audit trail.

The measurements take turns, a hundred bundles at a time: open and check a hundred, insert
their rows raw, import them into SQLite, then the same into PostgreSQL, then the next
hundred. Each figure is the sum over the turns, so a machine that slows down or speeds up
during the run (a shared VM's CPU wanders by half) weighs on every figure alike, and the
ratios compare like with like. Each turn is one ``import_bundles`` run of a hundred files,
as an admin imports a folder or a USB stick; the stores grow to the full thousand.

PostgreSQL runs as a throw-away cluster on loopback, as in the tests; where it is not
installed that part is skipped with a note. ``python -m bench.import_bundles [N]``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import inspect

from cinchair.model import Base, utcnow
from cinchair.store.facade import Store, sqlite_url

BUNDLES = 1_000
PG_BIN = Path("/usr/lib/postgresql/15/bin")
EXPORTED = datetime(2026, 11, 23, 10, 15, tzinfo=UTC)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


# --- the bundles ---------------------------------------------------------------------------


def _demo_records(folder: Path) -> tuple[list[dict[str, Any]], dict[str, bytes], dict[str, bytes]]:
    """The demo's two records, and each one's documents with what the child gave."""
    from cinchair.demo import build_demo
    from cinchair.record import attachment_files, build_record
    from cinchair.sync.export import render_documents

    demo = build_demo(folder / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path)) as store, store.reading() as session:
        records = [build_record(session, m) for m in demo.meeting_ids]
        attached = [attachment_files(session, m) for m in demo.meeting_ids]
    files = [
        {**render_documents(record, EXPORTED), **extra}
        for record, extra in zip(records, attached, strict=True)
    ]
    return records, files[0], files[1]


def _attachments_renamed(record: dict[str, Any], files: dict[str, bytes]) -> dict[str, bytes]:
    """The files with each attachment under its copy's new id (the content is the same)."""
    from cinchair.record.build import attachment_file_name

    by_hash = {
        hashlib.sha256(data).hexdigest(): data
        for name, data in files.items()
        if name.startswith("attachment-")
    }
    kept = {name: data for name, data in files.items() if not name.startswith("attachment-")}
    for attachment in record.get("attachments", []):
        kept[attachment_file_name(attachment)] = by_hash[attachment["sha256"]]
    return kept


def _copies(records: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """Case ``n``'s two meetings: every id fresh, its own case reference."""
    mapping: dict[str, str] = {}
    text = _UUID.sub(
        lambda m: mapping.setdefault(m.group(0), str(uuid.uuid4())), json.dumps(records)
    )
    copies = json.loads(text)
    for record in copies:
        record["case"]["reference"] = f"LCS-{700000 + n}"
    return copies


def _make(job: tuple[dict[str, Any], dict[str, bytes], bytes, bytes, Path]) -> int:
    """One sealed bundle, as ``make_bundle`` makes it but without re-checking the schema:
    the record is the demo's with new ids, valid by construction (checking costs as much
    as the rest, and only the import is measured)."""
    from cinchair.record import canonical_json
    from cinchair.sync.bundle.inner_zip import write_inner_zip
    from cinchair.sync.bundle.manifest import (
        MANIFEST_NAME,
        RECORD_NAME,
        SIGNATURE_NAME,
        build_manifest,
    )
    from cinchair.sync.bundle.sealing import seal
    from cinchair.sync.keys.keys import CouncilPublicKey, DeviceKey

    record, files, device_pem, council_raw, path = job
    files = _attachments_renamed(record, files)
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    device = DeviceKey(load_pem_private_key(device_pem, None))  # type: ignore[arg-type]
    council = CouncilPublicKey(council_raw)
    payload = {RECORD_NAME: canonical_json(record), **files}
    manifest = canonical_json(
        build_manifest(
            record=record,
            payload=payload,
            device=device,
            council=council,
            app_version="0.1.0",
            exported_at=EXPORTED,
        )
    )
    inner = write_inner_zip(
        {MANIFEST_NAME: manifest, SIGNATURE_NAME: device.sign(manifest), **payload}
    )
    data = seal(inner, council)
    path.write_bytes(data)
    return len(data)


def _bundles(root: Path, count: int) -> tuple[Any, list[Path], tuple[list, list], float]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from cinchair.sync.council import CouncilDesk
    from cinchair.sync.keys.keys import DeviceKey

    records, planning_docs, review_docs = _demo_records(root)
    desk = CouncilDesk.create(root / "keys", "bench passphrase, long enough")
    private = Ed25519PrivateKey.generate()
    device = DeviceKey(private)
    trust = desk.trust_list()
    trust.trust(device.public_text(), "Bench laptop", EXPORTED)
    trust.save(desk.trust_path)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    folder = root / "usb"
    folder.mkdir()
    jobs, all_records, all_files = [], [], []
    for n in range((count + 1) // 2):
        for k, record in enumerate(_copies(records, n)):
            if len(jobs) == count:
                break
            docs = planning_docs if k == 0 else review_docs
            path = folder / f"{n:04}-{k}.cinsync"
            jobs.append((record, docs, pem, desk.sealing.public.raw, path))
            all_records.append(record)
            all_files.append(docs)
    with ProcessPoolExecutor() as pool:
        sizes = list(pool.map(_make, jobs, chunksize=20))
    return desk, [j[4] for j in jobs], (all_records, all_files), sum(sizes) / len(sizes)


# --- the baseline --------------------------------------------------------------------------


def _rows(
    records: list[dict[str, Any]], files: list[dict[str, bytes]]
) -> list[list[tuple[Any, list[dict[str, Any]]]]]:
    """Per bundle, the rows an import writes (minus the audit trail), as Core would insert
    them: (table, rows) in an order the foreign keys accept."""
    from cinchair.sync.meeting_rows import (
        attachment_from_record,
        meeting_from_record,
        signature_from_record,
    )
    from cinchair.sync.restore import new_case, plan_from_record

    class _Stub:
        """Just enough of a Session for ``new_case``: no case id is taken in the baseline."""

        def get(self, *args: Any) -> None:
            return None

    out = []
    plans: dict[tuple[str, int], str] = {}
    for record, bundle_files in zip(records, files, strict=True):
        objects: list[Any] = []
        if record["plan"] is None or record["plan"]["previous_number"] is None:
            case = new_case(_Stub(), record)  # type: ignore[arg-type]
            objects += [case, *case.circumstances]
            case_id = case.id
        else:
            case_id = record["case"]["id"]
        meeting = meeting_from_record(record, case_id)
        objects += [meeting, *meeting.participants, *meeting.child_voice, *meeting.contributions]
        named = _attachments_renamed(record, bundle_files)
        attachments = record.get("attachments", [])
        objects += [
            attachment_from_record(a, meeting.id, n, named) for n, a in enumerate(attachments)
        ]
        objects += meeting.scaling_scores + ([meeting.decision] if meeting.decision else [])
        previous = None
        if record["plan"] and record["plan"]["previous_number"]:
            previous = plans[(case_id, record["plan"]["previous_number"])]
        plan = plan_from_record(record, case_id, previous)
        if plan is not None:
            plans[(case_id, plan.number)] = plan.id
            objects += [plan, *plan.outcomes, *(a for o in plan.outcomes for a in o.actions)]
        objects += [signature_from_record(s, meeting.id) for s in record["signatures"]]
        by_table: dict[str, list[dict[str, Any]]] = {}
        for obj in objects:
            mapper = inspect(obj).mapper
            row = {}
            for column in mapper.columns:
                value = getattr(obj, mapper.get_property_by_column(column).key)
                if value is None and column.default is not None and column.default.is_scalar:
                    value = column.default.arg
                if value is None and column.name in ("created_at", "updated_at"):
                    value = utcnow()
                row[column.name] = value
            by_table.setdefault(mapper.local_table.name, []).append(row)
        order = [t.name for t in Base.metadata.sorted_tables]
        out.append([(name, by_table[name]) for name in order if name in by_table])
    return out


def _baseline_engine(url: str) -> Any:
    from cinchair.store.facade import make_engine, upgrade

    engine = make_engine(url)
    upgrade(engine)
    return engine


def _baseline(engine: Any, rows: list[list[tuple[Any, list[dict[str, Any]]]]]) -> float:
    tables = Base.metadata.tables
    started = time.perf_counter()
    for bundle in rows:
        with engine.begin() as conn:
            for name, table_rows in bundle:
                conn.execute(tables[name].insert(), table_rows)
    return time.perf_counter() - started


# --- PostgreSQL ----------------------------------------------------------------------------


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@contextmanager
def _postgres() -> Iterator[str | None]:
    """A throw-away cluster's URL, or None (with the reason printed) if there is none."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        print("  PostgreSQL: skipped (psycopg is not installed)")
        yield None
        return
    if not (PG_BIN / "initdb").exists():
        print(f"  PostgreSQL: skipped (not installed in {PG_BIN}: apt-get install postgresql-15)")
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="cinchair-bench-pg-"))
    password = secrets.token_hex(12)
    (root / "pw").write_text(password)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        shutil.chown(root / "pw", "postgres", "postgres")
    data = root / "data"
    initdb = [str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8"]
    initdb += ["--auth=scram-sha-256", f"--pwfile={root / 'pw'}", "--locale=C.UTF-8"]
    subprocess.run(_as_postgres(initdb), check=True, capture_output=True)
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root}"
    start = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "-o"]
    subprocess.run(_as_postgres([*start, options, "start"]), check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres:{password}@127.0.0.1:{port}/postgres"
    finally:
        stop = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]
        subprocess.run(_as_postgres(stop), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def _pg_database(admin_url: str, name: str) -> str:
    from sqlalchemy import create_engine, text

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


# --- the run -------------------------------------------------------------------------------


def _import(store: Store, desk: Any, paths: list[Path]) -> tuple[float, dict[str, int]]:
    from cinchair.sync.importer import import_bundles

    started = time.perf_counter()
    summary = import_bundles(store, paths, desk=desk, imported_by="Bench Admin")
    return time.perf_counter() - started, summary.counts


def _open_only(desk: Any, paths: list[Path]) -> float:
    from cinchair.sync import open_bundle

    trust = desk.trust_list()
    started = time.perf_counter()
    for path in paths:
        open_bundle(path.read_bytes(), council_private=desk.sealing, trust=trust)
    return time.perf_counter() - started


def _line(
    label: str, seconds: float, count: int, base: float | None = None, opened: float | None = None
) -> str:
    ratio = f"   {seconds / base:5.1f}x the raw insert's time" if base else ""
    if opened:
        # the target: import throughput at least a third of merely opening and checking
        ratio += f", {opened / seconds:4.2f} of open-and-check throughput (target 0.33+)"
    return f"  {label:46} {seconds:7.2f} s  {count / seconds:8.1f} bundles/s{ratio}"


TURN = 100  # bundles per turn: even, so a child's two meetings stay in one turn


def main(count: int = BUNDLES) -> None:
    with tempfile.TemporaryDirectory() as tmp, _postgres() as admin_url:
        root = Path(tmp)
        started = time.perf_counter()
        desk, paths, (records, files), size = _bundles(root, count)
        made = time.perf_counter() - started
        rows = _rows(records, files)
        per_bundle = sum(len(r) for bundle in rows for _, r in bundle) / len(rows)
        print(
            f"import bundles: {len(paths)} bundles of about {size / 1024:.0f} KB, "
            f"{per_bundle:.0f} rows each (made in {made:.1f} s), measured in turns of {TURN}"
        )
        targets = {"SQLite": sqlite_url(root / "council.sqlite3")}
        bases = {"SQLite": sqlite_url(root / "baseline.sqlite3")}
        if admin_url is not None:
            targets["PostgreSQL"] = _pg_database(admin_url, "council")
            bases["PostgreSQL"] = _pg_database(admin_url, "baseline")
        engines = {name: _baseline_engine(url) for name, url in bases.items()}
        stores = {name: Store.open(url, actor="bench") for name, url in targets.items()}
        opened = 0.0
        base = dict.fromkeys(targets, 0.0)
        took = dict.fromkeys(targets, 0.0)
        imported = dict.fromkeys(targets, 0)
        try:
            for first in range(0, len(paths), TURN):
                turn = paths[first : first + TURN]
                opened += _open_only(desk, turn)
                for name in targets:
                    base[name] += _baseline(engines[name], rows[first : first + TURN])
                    seconds, counts = _import(stores[name], desk, turn)
                    assert counts["imported"] == len(turn), counts
                    took[name] += seconds
                    imported[name] += counts["imported"]
        finally:
            for store in stores.values():
                store.close()
            for engine in engines.values():
                engine.dispose()
        print(_line("open and check only (no store)", opened, len(paths)))
        for name in targets:
            print(_line(f"{name}: raw insert of the rows (baseline)", base[name], len(paths)))
            print(_line(f"{name}: import_bundles", took[name], imported[name], base[name], opened))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else BUNDLES)
