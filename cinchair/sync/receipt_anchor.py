"""The laptop's own audit chain anchored in the council's receipts.

Each bundle's signed manifest carries the laptop's chain head at export, and the council
keeps the manifest as it came. A receipt therefore names, for the laptop it is written to,
the newest of those heads the council holds (``device_audit_head``), signed with the
council's receipt key. The laptop keeps the last receipt it loaded beside its store
(``<store>.last-receipt``), so ``audit verify`` can check the laptop's chain against a
head that neither the laptop's database nor its own key can rewrite: cutting the trail
short or re-chaining it, even with the laptop's key in hand to re-sign the checkpoint,
shows against the council's word.

A kept receipt never moves back to an earlier head: a receipt naming an earlier head
than the one kept (an old receipt loaded again) leaves the kept one in place.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from cinchair.app.files import write_atomically
from cinchair.model import ImportedBundle
from cinchair.store.audit_anchor import ChainHead, head_problems

if TYPE_CHECKING:
    from cinchair.sync.council import CouncilPublic
    from cinchair.sync.receipts import Receipt

KEPT_RECEIPT_SUFFIX = ".last-receipt"


def device_head(session: Session, device_id: str) -> ChainHead | None:
    """The newest laptop chain head in the manifests the council keeps from ``device_id``."""
    newest: ChainHead | None = None
    manifests = session.scalars(
        select(ImportedBundle.manifest_json).where(
            ImportedBundle.device_id == device_id, ImportedBundle.manifest_json.is_not(None)
        )
    )
    for text in manifests:
        try:
            head = json.loads(text or "{}").get("audit_head")
            found = ChainHead(int(head["seq"]), str(head["hash"])) if head else None
        except (ValueError, TypeError, KeyError, AttributeError):
            continue  # a manifest from before heads were carried, or not a mapping
        if found is not None and (newest is None or found.seq > newest.seq):
            newest = found
    return newest


def kept_receipt_path(store_path: Path) -> Path:
    return Path(store_path).with_name(Path(store_path).name + KEPT_RECEIPT_SUFFIX)


def keep_receipt(store_path: Path, data: bytes, receipt: Receipt, council: CouncilPublic) -> bool:
    """Keep ``data`` (a checked receipt) beside the store unless the one kept names a later
    head of the laptop's chain; True when kept."""
    if receipt.device_head is None:
        return False
    path = kept_receipt_path(store_path)
    kept = _read_kept(path, council)
    kept_head = kept.device_head if kept is not None else None
    if kept_head is not None and kept_head.seq > receipt.device_head.seq:
        return False
    written = write_atomically(path, data)
    written.chmod(0o600)
    return True


def _read_kept(path: Path, council: CouncilPublic) -> Receipt | None:
    from cinchair.sync.receipts import ReceiptProblem, read_receipt

    try:
        return read_receipt(path.read_bytes(), council, str(path))
    except (OSError, ReceiptProblem):
        return None


def kept_receipt_problems(
    session: Session, store_path: Path, council: CouncilPublic, device_id: str
) -> list[str]:
    """Check the laptop's chain against the head the last kept receipt names."""
    from cinchair.sync.receipts import ReceiptProblem, read_receipt

    path = kept_receipt_path(store_path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        return [f"the kept receipt {path} cannot be read ({exc.strerror or exc})"]
    try:
        receipt = read_receipt(data, council, str(path))
    except ReceiptProblem as exc:
        return [f"the kept receipt cannot be used to check the audit trail: {exc}"]
    if receipt.device_id != device_id:
        return [f"the kept receipt {path} is for another laptop ({receipt.device_id})"]
    if receipt.device_head is None:
        return []
    where = f"the council's receipt of {receipt.issued_at:%d %b %Y %H:%M}"
    return head_problems(session, receipt.device_head, where)
