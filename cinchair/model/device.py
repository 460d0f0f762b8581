"""This laptop's device signing key, kept inside the (encrypted) store.

The device key signs every sync bundle the laptop exports, so whoever holds it can send
bundles the council accepts as this laptop's. It used to sit beside the store as a clear
``device-key.pem``; a stolen laptop handed that over with no passphrase asked. Kept here,
it is as safe as the records it signs for: without the chair's passphrase there is no key.

At most one row (``slot`` is always 1, which the check enforces): a store signs as one
laptop. ``cinchair.sync.keys.device`` reads and writes it; nothing else should.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from cinchair.model.base import Base, UTCDateTime, utcnow

THE_SLOT = 1  # the only value ``slot`` takes: one device key per store
RAW_KEY_BYTES = 32  # an Ed25519 (signing) or X25519 (sealing) private key, raw
DEVICE_ID_LENGTH = 16  # ``cinchair.sync.keys.keys.key_id``: 16 hex digits


class StoredDeviceKey(Base):
    """The store's one device key: the raw private key, its device id, when it was made.

    The device id is kept beside the key (it follows from it) so that a damaged row shows
    as a mismatch when read, instead of signing as a laptop the council never trusted.
    Not part of any child's record, so not audited (see ``cinchair.sync.keys.device``).
    """

    __tablename__ = "device_key"
    __table_args__ = (CheckConstraint(f"slot = {THE_SLOT}", name="one_row"),)

    slot: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    private_key: Mapped[bytes] = mapped_column(LargeBinary(RAW_KEY_BYTES))
    device_id: Mapped[str] = mapped_column(String(DEVICE_ID_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The laptop's X25519 key that opens case packs sealed to it (migration 0010); None in
    # a store made before, until first asked for (``cinchair.sync.keys.device``).
    sealing_key: Mapped[bytes | None] = mapped_column(LargeBinary(RAW_KEY_BYTES))

    def __repr__(self) -> str:  # never show key material, even by accident in a log
        return f"StoredDeviceKey(device_id={self.device_id!r})"
