"""Who sent what the council holds: every received bundle proved again against the trust list.

The council keeps each received bundle's record, manifest and the laptop's signature
exactly as they came (``cinchair.sync.bookkeeping``). ``verify_filed`` re-checks each,
at any time, with nothing but the trust list:

* the manifest is signed by the key the trust list holds for the device it names, and
  that device is the one the bookkeeping credits;
* the record kept is byte for byte the ``record.json`` the manifest lists (size and
  SHA-256), for the meeting and content fingerprint the bookkeeping says.

So a record edited in the store, a row credited to another laptop, or a manifest swapped
is found, long after the import. A device revoked since still proves what it sent before
(the signature is as good as the day it was made); this is said beside the result.
Bundles received before the council kept manifests cannot be proved again: they are
counted, not failed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cinchair.model import ImportedBundle
from cinchair.sync.bundle.manifest import RECORD_NAME
from cinchair.sync.keys.keys import KeyProblem
from cinchair.sync.keys.trust_list import TrustList


@dataclass(frozen=True)
class FiledCheck:
    """One received bundle re-checked: ``problem`` is None when it is proved."""

    bundle_id: str
    meeting_id: str
    case_reference: str
    status: str
    device_id: str
    device_label: str
    problem: str | None
    note: str = ""  # e.g. the device was revoked since, or nothing kept to prove it by

    @property
    def proved(self) -> bool:
        return self.problem is None and not self.note.startswith("not provable")


def verify_filed(session: Session, trust: TrustList) -> list[FiledCheck]:
    """Every received bundle, oldest first, proved again (or why not)."""
    rows = session.scalars(
        select(ImportedBundle).order_by(ImportedBundle.imported_at, ImportedBundle.id)
    )
    return [_check(row, trust) for row in rows]


def _check(row: ImportedBundle, trust: TrustList) -> FiledCheck:
    def result(problem: str | None, note: str = "") -> FiledCheck:
        return FiledCheck(
            bundle_id=row.id,
            meeting_id=row.meeting_id,
            case_reference=row.case_reference,
            status=row.status.value,
            device_id=row.device_id,
            device_label=row.device_label,
            problem=problem,
            note=note,
        )

    if row.manifest_json is None or row.manifest_sig is None:
        return result(
            None,
            "not provable: received before the council kept each bundle's manifest and signature",
        )
    manifest_bytes = row.manifest_json.encode("utf-8")
    try:
        manifest = json.loads(manifest_bytes)
        device_id = manifest["device_id"]
        listed = manifest["records"][0]
        record_entry = manifest["files"][RECORD_NAME]
    except (ValueError, KeyError, IndexError, TypeError):
        return result("the kept manifest is not readable: the store was changed")
    if device_id != row.device_id:
        return result(
            f"the kept manifest was signed for device {str(device_id)[:16]}, but the record "
            f"is credited to device {row.device_id}"
        )
    entry = trust.lookup(row.device_id)
    if entry is None:
        return result(f"device {row.device_id} is not in the trust list, so nothing proves it")
    try:
        public = entry.public()
    except KeyProblem as exc:
        return result(f"the trust list's key for device {row.device_id} is damaged ({exc})")
    if not public.verify(bytes(row.manifest_sig), manifest_bytes):
        return result(
            f"the kept manifest is not signed by {entry.label}'s key (device {row.device_id}): "
            "the manifest or its signature was changed in the store"
        )
    record_bytes = row.record_json.encode("utf-8")
    if len(record_bytes) != record_entry.get("size") or hashlib.sha256(
        record_bytes
    ).hexdigest() != record_entry.get("sha256"):
        return result("the kept record is not the one the laptop signed: it was changed here")
    if (listed.get("meeting_id"), listed.get("fingerprint")) != (row.meeting_id, row.fingerprint):
        return result("the bookkeeping names another meeting or content than the signed manifest")
    note = f"{entry.label} was revoked since ({entry.revoked_at})" if entry.revoked else ""
    return result(None, note)
