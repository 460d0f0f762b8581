"""The import's bookkeeping copy of a record is audited by its SHA-256, not verbatim.

``imported_bundles.record_json`` holds the received record (about 170 KB for a meeting
with its plan); the audit trail logs ``sha256:<hex>`` of that text, so the row can be
checked against the log by hashing it (see docs/sync-design.md, "The audit trail").
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from cinchair.model import AuditEntry, ImportedBundle
from cinchair.record.format import canonical_json
from cinchair.store.audit import verify_chain
from cinchair.store.facade import Store, sqlite_url
from cinchair.sync.importer import import_bundles
from tests.sync_kit import EXPORTED, Council, Demo, edited


@pytest.fixture
def council_store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(sqlite_url(tmp_path / "council.sqlite3"), actor="admin") as store:
        yield store


def _digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _entries(session, action: str) -> list[AuditEntry]:
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == "imported_bundles", AuditEntry.action == action)
            .order_by(AuditEntry.seq)
        )
    )


def test_bookkeeping_record_is_logged_by_digest_and_the_chain_holds(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    laptop = council.laptop("Laptop 7")
    # Text in any script must survive into the row and be hashed as UTF-8.
    demo_record = edited(demo.planning)
    demo_record["case"]["child"]["given_name"] = "Zoë <&{{ }}> 李 🙂"
    bundle = council.bundle(demo_record, laptop, tmp_path / "in")
    summary = import_bundles(council_store, [bundle], desk=council.desk, imported_by="Ann")
    assert summary.counts["imported"] == 1, summary.lines()
    with council_store.reading() as session:
        row = session.scalars(select(ImportedBundle)).one()
        assert "Zoë <&{{ }}> 李 🙂" in row.record_json
        (entry,) = _entries(session, "insert")
        assert entry.entity_id == row.id
        assert entry.changes["record_json"] == [None, _digest(row.record_json)]
        # every other column is logged in full, as for any row
        assert entry.changes["fingerprint"] == [None, row.fingerprint]
        assert entry.changes["signatures_digest"] == [None, row.signatures_digest]
        assert verify_chain(session) == []


def test_a_later_export_is_kept_beside_the_first_and_logged_by_digest(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    laptop = council.laptop("Laptop 7")
    signed_later = edited(demo.planning)
    daniel = next(s for s in signed_later["signatures"] if s["status"] == "to-sign-later")
    daniel.update(status="signed", signed_at="2026-09-20T16:00:00Z", reason=None)
    daniel["strokes"] = [[[10.0, 10.0], [50.0, 40.0]]]
    first = council.bundle(demo.planning, laptop, tmp_path / "in")
    later = council.bundle(
        signed_later, laptop, tmp_path / "in", exported_at=EXPORTED + timedelta(days=5)
    )
    import_bundles(council_store, [first], desk=council.desk, imported_by="Ann")
    with council_store.reading() as session:
        before = session.scalars(select(ImportedBundle)).one().record_json
    summary = import_bundles(council_store, [later], desk=council.desk, imported_by="Ann")
    assert summary.items[0].outcome == "duplicate" and "took 1" in summary.items[0].note
    with council_store.reading() as session:
        # the later export is kept beside the first, never over it: the first laptop's
        # record stays as it came, and each is logged by its digest when it goes in
        rows = session.scalars(select(ImportedBundle).order_by(ImportedBundle.exported_at)).all()
        assert [row.record_json == before for row in rows] == [True, False]
        inserted = {e.entity_id: e.changes["record_json"] for e in _entries(session, "insert")}
        assert inserted == {row.id: [None, _digest(row.record_json)] for row in rows}
        assert all("record_json" not in e.changes for e in _entries(session, "update"))
        assert verify_chain(session) == []


def test_the_record_is_kept_exactly_as_the_laptop_sent_it(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    """record.json is filed as the bytes the signed manifest hashed, not re-encoded: a
    laptop that wrote it indented (an older or other version) is kept to the byte."""
    from cinchair.sync.bundle.inner_zip import write_inner_zip
    from cinchair.sync.bundle.manifest import (
        MANIFEST_NAME,
        RECORD_NAME,
        SIGNATURE_NAME,
        build_manifest,
    )
    from cinchair.sync.bundle.sealing import seal
    from tests.sync_kit import DOCUMENTS, attached_files

    laptop = council.laptop("Laptop 7")
    record = edited(demo.planning)
    record["case"]["child"]["given_name"] = "Zoë <&{{ }}> 李 🙂"
    text = json.dumps(record, indent=2, ensure_ascii=True)  # not the canonical form
    payload = {RECORD_NAME: text.encode("utf-8"), **DOCUMENTS, **attached_files(record)}
    manifest = canonical_json(
        build_manifest(
            record=record,
            payload=payload,
            device=laptop,
            council=council.desk.sealing.public,
            app_version="0.0.9",
            exported_at=EXPORTED,
        )
    )
    inner = {MANIFEST_NAME: manifest, SIGNATURE_NAME: laptop.sign(manifest), **payload}
    bundle = tmp_path / "indented.cinsync"
    bundle.write_bytes(seal(write_inner_zip(inner), council.desk.sealing.public))
    summary = import_bundles(council_store, [bundle], desk=council.desk, imported_by="Ann")
    assert summary.counts["imported"] == 1, summary.lines()
    with council_store.reading() as session:
        row = session.scalars(select(ImportedBundle)).one()
        assert row.record_json == text
        assert json.loads(row.record_json) == record
        (entry,) = _entries(session, "insert")
        assert entry.changes["record_json"] == [None, _digest(text)]
        assert verify_chain(session) == []
