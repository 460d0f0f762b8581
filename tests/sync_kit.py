"""Shared pieces for the sync tests: the demo's two meetings as records, a council key
folder, laptops, and bundles made straight from records (fast: no documents rendered).

Records for "another laptop" are made by giving every id in a record a fresh one, the way
a second laptop's own store would have numbered the same child's case.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from cinchair.model import AuditEntry, ImportedBundle, Meeting, SyncConflict
from cinchair.store.facade import Store, sqlite_url
from cinchair.sync import DeviceKey, make_bundle
from cinchair.sync.council import CouncilDesk

PASSPHRASE = "correct horse battery staple"
# Cheap scrypt for the many key folders tests make; the app always uses 2**17 (key_wrap).
KEY_WORK = 2**12
EXPORTED = datetime(2026, 11, 23, 10, 15, tzinfo=UTC)
DOCUMENTS = {"minutes-agencies.pdf": b"%PDF-1.7 minutes " * 50, "plan-agencies.pdf": b"%PDF plan"}
# The files the child gave in the demo, by SHA-256: records name them by hash, and a record
# given fresh ids names the same files under new names.
ATTACHED: dict[str, bytes] = {}
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass(frozen=True)
class Demo:
    """The demo laptop store (a template: copy it before changing it) and its records."""

    store_path: Path
    case_id: str
    planning_id: str
    review_id: str
    planning: dict[str, Any]
    review: dict[str, Any]


def build_demo_records(folder: Path) -> Demo:
    from cinchair.demo import build_demo
    from cinchair.record import attachment_files, build_record

    demo = build_demo(folder / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path)) as store, store.reading() as session:
        planning = build_record(session, demo.meeting_ids[0])
        review = build_record(session, demo.meeting_ids[1])
        for meeting_id in demo.meeting_ids:
            for content in attachment_files(session, meeting_id).values():
                ATTACHED[hashlib.sha256(content).hexdigest()] = content
    return Demo(demo.store_path, demo.case_id, *demo.meeting_ids, planning, review)


def fresh_ids(*records: dict[str, Any], keep: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Copies of ``records`` with every UUID replaced consistently (except ``keep``)."""
    mapping: dict[str, str] = {k: k for k in keep}

    def swap(match: re.Match[str]) -> str:
        return mapping.setdefault(match.group(0), str(uuid.uuid4()))

    return [json.loads(_UUID.sub(swap, json.dumps(r))) for r in records]


def edited(record: dict[str, Any], **meeting: Any) -> dict[str, Any]:
    """A deep copy with fields of ``record['meeting']`` changed."""
    out = copy.deepcopy(record)
    out["meeting"].update(meeting)
    return out


@dataclass
class Council:
    """A council key folder with a trust list, as the admin keeps it."""

    desk: CouncilDesk
    devices: dict[str, DeviceKey] = field(default_factory=dict)

    @classmethod
    def make(cls, folder: Path) -> Council:
        return cls(CouncilDesk.create(folder, PASSPHRASE, work=KEY_WORK))

    def laptop(self, label: str, *, trusted: bool = True) -> DeviceKey:
        device = DeviceKey.generate()
        if trusted:
            self.trust(device, label)
        self.devices[label] = device
        return device

    def trust(self, device: DeviceKey, label: str) -> None:
        trust = self.desk.trust_list()
        trust.trust(device.public_text(), label, EXPORTED - timedelta(days=90))
        trust.save(self.desk.trust_path)

    def revoke(self, device: DeviceKey, reason: str) -> None:
        trust = self.desk.trust_list()
        trust.revoke(device.device_id, reason, EXPORTED)
        trust.save(self.desk.trust_path)

    def bundle(
        self,
        record: dict[str, Any],
        device: DeviceKey,
        folder: Path,
        name: str | None = None,
        *,
        exported_at: datetime = EXPORTED,
        council: Any = None,
    ) -> Path:
        data = make_bundle(
            record=record,
            files=DOCUMENTS | attached_files(record),
            device=device,
            council=council or self.desk.sealing.public,
            app_version="0.1.0",
            exported_at=exported_at,
        )
        name = name or f"{record['meeting']['id'][:8]}-{exported_at:%Y%m%d%H%M%S}.cinsync"
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path


def attached_files(record: dict[str, Any]) -> dict[str, bytes]:
    """The attachment files a bundle of ``record`` carries beside it."""
    from cinchair.record import attachment_file_name

    return {attachment_file_name(a): ATTACHED[a["sha256"]] for a in record.get("attachments", [])}


def copy_store(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    return target


def counts(store: Store) -> dict[str, int]:
    """Rows that an import writes, to show a refused bundle wrote nothing."""
    with store.reading() as session:
        return {
            "meetings": session.scalar(select(func.count()).select_from(Meeting)),
            "bundles": session.scalar(select(func.count()).select_from(ImportedBundle)),
            "conflicts": session.scalar(select(func.count()).select_from(SyncConflict)),
            "audit": session.scalar(select(func.count()).select_from(AuditEntry)),
        }


# --- a PostgreSQL council store shared by a module, emptied between tests ------------------


@contextmanager
def shared_pg_store(postgres_url: str) -> Iterator[Store]:
    """One migrated database for a whole test module (making and migrating one per test
    costs more than the tests); ``emptied`` clears it between tests."""
    from sqlalchemy import create_engine, text

    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    name = f"sync_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        with Store.open(postgres_url.rsplit("/", 1)[0] + f"/{name}", actor="admin") as store:
            yield store
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


def emptied(store: Store) -> Store:
    from sqlalchemy import text

    from cinchair.model import Base

    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with store.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    return store
