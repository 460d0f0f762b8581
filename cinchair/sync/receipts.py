"""Receipts: the council's signed word that it holds a laptop's meetings.

Only a receipt lets a laptop mark a meeting synced, and only synced meetings may be
cleared from the laptop. A forged receipt would therefore let someone make a laptop
delete meetings the council never received, so receipts are signed with the council's
Ed25519 receipt key (see ``cinchair.sync.council``) and the laptop checks them against
the public key in its ``council.pub``.

A receipt is written per device after an import, named ``receipt-<device_id>.json``, and
lists *every* meeting the council holds from that device (filed or held as a conflict),
not just this run's: loading any later receipt is enough, and an old one loaded again
changes nothing. It holds ids and hashes only, no names, so it can travel unencrypted.

Each entry names the meeting, its content ``fingerprint`` and its ``signatures_digest``
(SHA-256 of the record's signing and signatures sections). The laptop acknowledges a
meeting only when both match what it last exported, so a signature added after the
export keeps the meeting unsynced until the later export reaches the council.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cinchair.app.errors import ActionableError
from cinchair.app.files import write_atomically
from cinchair.model import ImportedBundle, SyncState, utcnow
from cinchair.record.format import canonical_json
from cinchair.store.audit_anchor import ChainHead, chain_head, head_problems
from cinchair.sync.council import CouncilPublic, ReceiptSigningKey
from cinchair.sync.keys.keys import DeviceKey, iso_utc, parse_iso_utc

if TYPE_CHECKING:
    from cinchair.store.facade import Store

RECEIPT_FORMAT = "cinchair.sync-receipt"
RECEIPT_FORMAT_VERSION = 1
MAX_RECEIPT_BYTES = 16 * 1024 * 1024


class ReceiptProblem(ActionableError, ValueError):
    """A receipt the laptop will not act on; the message names the file and the reason."""


def signatures_digest(record: dict[str, Any]) -> str:
    """SHA-256 of who has signed so far: the part of a record the fingerprint leaves out."""
    part = {"signing": record["signing"], "signatures": record["signatures"]}
    return hashlib.sha256(canonical_json(part)).hexdigest()


def receipt_name(device_id: str) -> str:
    return f"receipt-{device_id}.json"


# --- the council writes --------------------------------------------------------------------


def receipt_for_device(
    session: Session,
    device_id: str,
    signer: ReceiptSigningKey,
    council_key_id: str,
    issued_at: datetime,
) -> bytes:
    """The signed receipt listing every meeting the council holds from ``device_id``."""
    rows = session.scalars(
        select(ImportedBundle)
        .where(ImportedBundle.device_id == device_id)
        .order_by(ImportedBundle.held_on, ImportedBundle.meeting_id, ImportedBundle.fingerprint)
    ).all()
    body = {
        "format": RECEIPT_FORMAT,
        "format_version": RECEIPT_FORMAT_VERSION,
        "council_key_id": council_key_id,
        "receipt_key_id": signer.public.key_id,
        "device_id": device_id,
        "issued_at": iso_utc(issued_at),
        # the council store's audit chain head, signed here and kept by the laptop and the
        # admin: a truncated or re-chained council audit trail no longer holds it
        "audit_head": chain_head(session).as_json(),
        # the laptop's own chain head as of its newest export the council holds (from the
        # manifests kept as they came), so the laptop can anchor its trail in this receipt
        **_device_head_field(session, device_id),
        "meetings": [
            {
                "meeting_id": row.meeting_id,
                "fingerprint": row.fingerprint,
                "signatures_digest": row.signatures_digest,
                "status": row.status.value,
                "received_at": iso_utc(row.imported_at),
            }
            for row in rows
        ],
    }
    signature = base64.b64encode(signer.sign(canonical_json(body))).decode("ascii")
    document = {"receipt": body, "signature": signature}
    return (json.dumps(document, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _device_head_field(session: Session, device_id: str) -> dict[str, Any]:
    from cinchair.sync.receipt_anchor import device_head

    head = device_head(session, device_id)
    return {} if head is None else {"device_audit_head": head.as_json()}


def write_receipts(
    session: Session,
    device_ids: Iterable[str],
    signer: ReceiptSigningKey,
    council_key_id: str,
    out_dir: Path,
    issued_at: datetime | None = None,
) -> list[Path]:
    """One ``receipt-<device_id>.json`` per device in ``out_dir`` (``CannotWrite`` on failure)."""
    issued_at = issued_at or utcnow()
    paths = []
    for device_id in sorted(set(device_ids)):
        data = receipt_for_device(session, device_id, signer, council_key_id, issued_at)
        paths.append(write_atomically(Path(out_dir) / receipt_name(device_id), data))
    return paths


# --- the laptop reads ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptEntry:
    meeting_id: str
    fingerprint: str
    signatures_digest: str
    status: str


@dataclass(frozen=True)
class Receipt:
    """A receipt whose signature checked out against the council's receipt key."""

    device_id: str
    issued_at: datetime
    entries: list[ReceiptEntry]
    council_head: ChainHead | None = None  # the council's audit chain head at issue
    device_head: ChainHead | None = None  # the laptop's chain head at its newest export held


def read_receipt(data: bytes, council: CouncilPublic, source: str = "the receipt") -> Receipt:
    """Check and parse a receipt; ``ReceiptProblem`` saying why it cannot be used."""
    if council.receipts is None:
        raise ReceiptProblem(
            f"{source}: this laptop's council key has no receipt key, so receipts cannot be "
            "checked; install the council.pub file the council admin sends now"
        )
    if not data:
        raise ReceiptProblem(f"{source} is empty; the copy probably failed")
    if len(data) > MAX_RECEIPT_BYTES:
        raise ReceiptProblem(f"{source} is too large to be a cinchair receipt")
    try:
        document = json.loads(data.decode("utf-8"))
        body, signature_text = document["receipt"], document["signature"]
        signature = base64.b64decode(signature_text.encode("ascii"), validate=True)
    except (UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError, binascii.Error):
        raise ReceiptProblem(f"{source} is not a cinchair receipt") from None
    if not isinstance(body, dict) or body.get("format") != RECEIPT_FORMAT:
        raise ReceiptProblem(f"{source} is not a cinchair receipt")
    if body.get("format_version") != RECEIPT_FORMAT_VERSION:
        raise ReceiptProblem(
            f"{source} was written by a different cinchair (receipt format "
            f"{body.get('format_version')!r}); update cinchair on this laptop"
        )
    if not council.receipts.verify(signature, canonical_json(body)):
        raise ReceiptProblem(
            f"{source} is not signed by this council's receipt key (key "
            f"{council.receipts.key_id}); it may be altered or from another council. "
            "Nothing was marked as synced."
        )
    try:
        entries = [
            ReceiptEntry(
                meeting_id=str(item["meeting_id"]),
                fingerprint=str(item["fingerprint"]),
                signatures_digest=str(item["signatures_digest"]),
                status=str(item["status"]),
            )
            for item in body["meetings"]
        ]
        head = body.get("audit_head")
        council_head = None if head is None else ChainHead(int(head["seq"]), str(head["hash"]))
        own = body.get("device_audit_head")
        device_head = None if own is None else ChainHead(int(own["seq"]), str(own["hash"]))
        return Receipt(
            str(body["device_id"]),
            parse_iso_utc(body["issued_at"]),
            entries,
            council_head,
            device_head,
        )
    except (KeyError, TypeError, ValueError):
        raise ReceiptProblem(f"{source} is signed but incomplete") from None


@dataclass
class ReceiptResult:
    """What loading a receipt changed on the laptop."""

    acknowledged: list[str] = field(default_factory=list)  # meeting ids newly synced
    already: list[str] = field(default_factory=list)  # synced before
    older: list[str] = field(default_factory=list)  # council holds an earlier export only
    unknown: int = 0  # entries naming meetings this laptop never exported

    def lines(self) -> list[str]:
        out = [f"{len(self.acknowledged)} meeting(s) now synced"]
        if self.already:
            out.append(f"{len(self.already)} already synced")
        if self.older:
            out.append(
                f"{len(self.older)} meeting(s) changed since their last export reached the "
                "council (for example a late signature): export again"
            )
        if self.unknown:
            out.append(f"{self.unknown} entry(ies) for meetings this laptop has no record of")
        return out


def apply_receipt(
    session: Session, receipt: Receipt, device: DeviceKey, now: datetime | None = None
) -> ReceiptResult:
    """Mark as synced the meetings whose last export the receipt acknowledges."""
    if receipt.device_id != device.device_id:
        raise ReceiptProblem(
            f"this receipt is for device {receipt.device_id}, not this laptop "
            f"({device.device_id}); load the receipt named receipt-{device.device_id}.json"
        )
    now = now or utcnow()
    result = ReceiptResult()
    states = {s.meeting_id: s for s in session.scalars(select(SyncState))}
    for entry in receipt.entries:
        state = states.get(entry.meeting_id)
        if state is None or state.exported_fingerprint is None:
            result.unknown += 1
            continue
        exported = (state.exported_fingerprint, state.exported_signatures)
        if (entry.fingerprint, entry.signatures_digest) != exported:
            if entry.meeting_id not in result.acknowledged:
                result.older.append(entry.meeting_id)
            continue
        if (state.acknowledged_fingerprint, state.acknowledged_signatures) == exported:
            result.already.append(entry.meeting_id)
            continue
        state.acknowledged_fingerprint, state.acknowledged_signatures = exported
        state.acknowledged_at = now
        result.acknowledged.append(entry.meeting_id)
        if entry.meeting_id in result.older:
            result.older.remove(entry.meeting_id)
    synced = set(result.acknowledged) | set(result.already)
    result.older = sorted(set(result.older) - synced)
    return result


def load_receipt_file(
    store: Store, path: Path, council: CouncilPublic, device: DeviceKey
) -> ReceiptResult:
    """Read, check and apply a receipt file to the laptop's store, in one transaction.

    The receipt is then kept beside a SQLite store (``receipt_anchor``): the laptop
    chain's head it names anchors ``audit verify`` outside the database.
    """
    from cinchair.store.backup import store_file
    from cinchair.sync.receipt_anchor import keep_receipt

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReceiptProblem(f"{path} cannot be read ({exc.strerror or exc})") from exc
    receipt = read_receipt(data, council, str(path))
    with store.transaction() as session:
        result = apply_receipt(session, receipt, device)
    store_path = store_file(store)
    if store_path is not None:
        keep_receipt(store_path, data, receipt, council)
    return result


def receipt_head_problems(session: Session, folder: Path, council: CouncilPublic) -> list[str]:
    """Check the council store's audit chain against the heads its receipts in ``folder``
    hold: a receipt outlives a truncated or re-chained audit trail, and its signature
    shows it was the council's own word."""
    problems: list[str] = []
    for path in sorted(Path(folder).glob("receipt-*.json")):
        try:
            receipt = read_receipt(path.read_bytes(), council, str(path))
        except (OSError, ReceiptProblem) as exc:
            problems.append(f"{path} cannot be used to check the audit trail ({exc})")
            continue
        if receipt.council_head is not None:
            where = f"the receipt {path.name} of {receipt.issued_at:%d %b %Y %H:%M}"
            problems += head_problems(session, receipt.council_head, where)
    return problems
