"""Meetings this laptop received from the council in a case pack, not held here.

A case pack (``cinchair.sync.packs``) brings a case's earlier meetings to a laptop so its
next review carries the plan forward as if they had been held there. They are the
council's, filed from other laptops: this laptop must never export them as its own (the
council would see a second sender of a meeting it already holds) and the sync list shows
them as received. One row per received meeting; it goes with the meeting.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from cinchair.model.base import Base, UTCDateTime


class ReceivedMeeting(Base):
    """A meeting filed on this laptop from a case pack: which pack, from which council."""

    __tablename__ = "received_meetings"

    meeting_id: Mapped[str] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    case_reference: Mapped[str] = mapped_column(String(64))
    # The record's content fingerprint as the council sent it.
    fingerprint: Mapped[str] = mapped_column(String(64))
    # SHA-256 of the pack's signed manifest: which pack brought it.
    pack_id: Mapped[str] = mapped_column(String(64))
    council_key_id: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
