"""The append-only audit trail.

Each entry records who changed what, with the values before and after, and is
chained to the one before by SHA-256 so a removed or altered entry is detectable.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from cinchair.model.base import Base, EncodedJSON, UTCDateTime, canonical_json_text

GENESIS_HASH = "0" * 64


class AuditEntry(Base):
    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(16))  # insert, update, delete
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64), index=True)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)

    def compute_hash(self) -> str:
        return chain_hash(
            self.prev_hash,
            self.at,
            self.actor,
            self.action,
            self.entity,
            self.entity_id,
            self.changes,
        )


def chain_hash(
    prev_hash: str,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    changes: dict[str, Any] | EncodedJSON,
) -> str:
    """SHA-256 of the entry's canonical JSON ``[prev, at, actor, action, entity, id, changes]``.

    ``changes`` may come already encoded (``canonical_json_text``): a JSON array is its
    items joined by commas, so the body is the same text either way and so is the hash.
    """
    if not isinstance(changes, EncodedJSON):
        changes = canonical_json_text(changes)
    head = json.dumps(
        [prev_hash, at.isoformat(), actor, action, entity, entity_id],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    body = f"{head[:-1]},{changes}]"
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
