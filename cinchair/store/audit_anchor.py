"""Anchoring the audit chain outside the database, so cutting it short or re-chaining it shows.

The hash chain proves each entry follows the one before; it cannot prove the newest
entries were not deleted (the shortened chain is still a chain), nor that someone did not
edit an old entry and recompute every hash after it. Both are found by comparing the
chain with a head recorded *somewhere the database cannot reach*:

* **each bundle's signed manifest** carries the laptop's chain head at export (the
  council keeps the manifest, signed by the laptop's key);
* **each receipt** carries the council store's chain head, signed by the council's
  receipt key; the admin keeps the receipts folder and laptops keep what they load;
* **a signed checkpoint at each sign-off**: a small JSON file beside the chair's store
  (``<store>.audit-checkpoint``), signed with the laptop's device key. Beside the store,
  not inside it, because whoever can truncate the audit table can rewrite any row with
  it, and the file outlives that; written atomically (mode 0600) and never moved
  backwards by the app. Its signature ties it to this laptop's key: a file copied from
  another store, or written by hand, does not verify.

``head_problems`` then checks that the entry the anchor names is still in the chain with
the hash the anchor holds. Entries made after the newest anchor are covered by the chain
alone until the next one.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from cinchair.app.files import write_atomically
from cinchair.model import AuditEntry
from cinchair.model.audit import GENESIS_HASH

if TYPE_CHECKING:
    from cinchair.store.facade import Store

CHECKPOINT_SUFFIX = ".audit-checkpoint"
CHECKPOINT_FORMAT = "cinchair.audit-checkpoint"


@dataclass(frozen=True)
class ChainHead:
    """The newest audit entry: its sequence number and hash (0 and the genesis if none)."""

    seq: int
    hash: str

    def as_json(self) -> dict[str, object]:
        return {"seq": self.seq, "hash": self.hash}


def chain_head(session: Session) -> ChainHead:
    newest = session.execute(
        select(AuditEntry.seq, AuditEntry.entry_hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    return ChainHead(0, GENESIS_HASH) if newest is None else ChainHead(newest[0], newest[1])


def head_problems(session: Session, head: ChainHead, where: str) -> list[str]:
    """Why the chain does not hold the entry ``head`` names (``where`` says whose anchor)."""
    if head.seq == 0:
        return []
    found = session.scalar(select(AuditEntry.entry_hash).where(AuditEntry.seq == head.seq))
    if found is None:
        return [
            f"{where} names audit entry {head.seq}, which is no longer in the store: the "
            "audit trail was cut short"
        ]
    if found != head.hash:
        return [
            f"{where} names audit entry {head.seq} with another hash than the store's: the "
            "audit trail was rewritten (an entry changed and the chain recomputed)"
        ]
    return []


# --- the checkpoint beside the chair's store -----------------------------------------------


def checkpoint_path(store_path: Path) -> Path:
    return Path(store_path).with_name(Path(store_path).name + CHECKPOINT_SUFFIX)


def _signed_part(head: ChainHead, at: datetime, public_key: str) -> bytes:
    body = {
        "format": CHECKPOINT_FORMAT,
        "seq": head.seq,
        "hash": head.hash,
        "at": at.isoformat(),
        "public_key": public_key,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")


def write_checkpoint(
    store_path: Path,
    head: ChainHead,
    *,
    sign: Callable[[bytes], bytes],
    public_key: str,
    at: datetime,
) -> Path | None:
    """Write the signed checkpoint of ``head`` beside the store; None if it would go back.

    A checkpoint never moves to an earlier entry: if the file names a later one, the
    chain was cut since, and overwriting the file would hide it (``audit verify`` says so).
    """
    path = checkpoint_path(store_path)
    kept = read_checkpoint(path)
    if isinstance(kept, Checkpoint) and kept.head.seq > head.seq:
        return None
    signed = _signed_part(head, at, public_key)
    document = {
        "checkpoint": json.loads(signed),
        "signature": base64.b64encode(sign(signed)).decode("ascii"),
    }
    data = (json.dumps(document, indent=1, sort_keys=True) + "\n").encode("utf-8")
    written = write_atomically(path, data)
    written.chmod(0o600)
    return written


@dataclass(frozen=True)
class Checkpoint:
    head: ChainHead
    at: str
    public_key: str
    signed: bytes
    signature: bytes


def read_checkpoint(path: Path) -> Checkpoint | str | None:
    """The checkpoint in ``path``; None if there is none; a problem in words if unreadable."""
    try:
        document = json.loads(Path(path).read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        return f"the audit checkpoint {path} cannot be read ({exc})"
    try:
        body = document["checkpoint"]
        head = ChainHead(int(body["seq"]), str(body["hash"]))
        signature = base64.b64decode(document["signature"], validate=True)
        signed = _signed_part(head, datetime.fromisoformat(body["at"]), str(body["public_key"]))
        return Checkpoint(head, str(body["at"]), str(body["public_key"]), signed, signature)
    except (KeyError, TypeError, ValueError, binascii.Error):
        return f"the audit checkpoint {path} is damaged or was edited by hand"


def checkpoint_problems(
    session: Session,
    store_path: Path,
    *,
    public_key: str,
    verify: Callable[[bytes, bytes], bool],
) -> list[str]:
    """Check the store's chain against its checkpoint file (none yet: nothing to check)."""
    path = checkpoint_path(store_path)
    kept = read_checkpoint(path)
    if kept is None:
        return []
    if isinstance(kept, str):
        return [kept]
    if kept.public_key != public_key or not verify(kept.signature, kept.signed):
        return [
            f"the audit checkpoint {path} is not signed by this laptop's key: it was written "
            "by hand or copied from another store"
        ]
    when = datetime.fromisoformat(kept.at)
    return head_problems(session, kept.head, f"the checkpoint signed on {when:%d %b %Y at %H:%M}")


def anchor_at_sign_off(store: Store, store_path: Path, *, at: datetime) -> Path | None:
    """Write the signed checkpoint of ``store``'s chain head beside ``store_path``.

    Called with the backup every sign-off takes. Signed with the laptop's device key
    (kept inside the store; ``cinchair.sync.keys.device``), so ``audit verify`` can tell
    the laptop's own checkpoint from a file written by hand.
    """
    from cinchair.sync.keys.device import laptop_device_key

    device = laptop_device_key(store).key
    with store.reading() as session:
        head = chain_head(session)
    return write_checkpoint(
        store_path, head, sign=device.sign, public_key=device.public.base64, at=at
    )
