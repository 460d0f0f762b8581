"""Sync bookkeeping: what the council received, what clashed, and what the laptop sent.

Four tables, one per question a person asks:

* ``imported_bundles`` (council): *which meeting records have we received, from which
  laptop, and is each filed in its case or held as a conflict?* It keeps each record
  exactly as received (``record_json``), so nothing a laptop sent is lost even when it
  could not be filed, and ``UNIQUE(meeting_id, fingerprint)`` makes a second copy of the
  same record a duplicate however many admins import it at once.
* ``sync_conflicts`` (council): *which records clash with one already filed and wait for
  a person?*
* ``held_attachments`` (council): *what did the child give with a held record?* A filed
  record's files become ``child_attachments`` rows of its meeting; a held one has no
  meeting, so its files are kept here, tied to its ``imported_bundles`` row. Without
  them, once the laptop cleared its copy, the child's drawing would exist nowhere.
* ``sync_state`` (laptop): *which signed meetings have I exported, which has the council
  acknowledged, and which have I cleared?* Keyed by meeting id without a foreign key,
  because it must outlive the meeting once cleared.

Both sides share one schema (one model, many stores); each side leaves the other's
tables empty.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from cinchair.model.base import Base, IdMixin, UTCDateTime
from cinchair.model.enums import enum_column


class BundleStatus(StrEnum):
    """Where a received record went."""

    IMPORTED = "imported"  # filed in its case: meeting, plan, signatures are rows
    CONFLICT = "conflict"  # kept whole in ``record_json``, waiting for a person
    # a later export of a filed meeting from the laptop that filed it: its forward
    # signature steps (to sign later -> signed or declined) were taken, nothing else
    SIGNATURES = "signatures"


class ConflictKind(StrEnum):
    """Why a received record could not be filed beside what the case already holds."""

    SAME_DAY = "same-day"  # another meeting of the case on the same day, not a version of it
    SAME_PLAN_NUMBER = "same-plan-number"  # both made plan version N of the case
    CHANGED_CONTENT = "changed-content"  # the same meeting arrived with different content
    VERSION_OF_HELD = "version-of-held"  # a later version of a record already held
    # a filed meeting's signatures changed other than forward, or by another laptop
    SIGNATURES_REWRITTEN = "signatures-rewritten"
    # the case reference matches but the child's name or date of birth differs
    CHILD_IDENTITY = "child-identity"


class ImportedBundle(IdMixin, Base):
    """One meeting record received at the council, as it arrived."""

    __tablename__ = "imported_bundles"
    # one row per export that said something new: the same content with other signatures
    # is another row, so what each laptop sent is kept as it came, never rewritten
    __table_args__ = (UniqueConstraint("meeting_id", "fingerprint", "signatures_digest"),)

    meeting_id: Mapped[str] = mapped_column(String(36), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    # SHA-256 of the record's signing and signatures sections: which signatures it carried.
    signatures_digest: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    previous_version_id: Mapped[str | None] = mapped_column(String(36))
    case_id: Mapped[str | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), index=True
    )
    case_reference: Mapped[str] = mapped_column(String(64))
    profile_id: Mapped[str] = mapped_column(String(64))
    held_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32))
    chair_name: Mapped[str] = mapped_column(String(200))
    device_id: Mapped[str] = mapped_column(String(64), index=True)
    device_label: Mapped[str] = mapped_column(String(200))
    exported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    imported_by: Mapped[str] = mapped_column(String(200))
    status: Mapped[BundleStatus] = mapped_column(enum_column(BundleStatus, "bundle_status"))
    # canonical_json(record) as text: the record exactly as the laptop signed and sent it.
    record_json: Mapped[str] = mapped_column(Text)
    # manifest.json and manifest.sig exactly as received (None for bundles filed before
    # migration 0009): with the trust list they prove again, at any time, which laptop
    # sent ``record_json`` (``cinchair verify-filed``)
    manifest_json: Mapped[str | None] = mapped_column(Text)
    manifest_sig: Mapped[bytes | None] = mapped_column(LargeBinary)
    note: Mapped[str | None] = mapped_column(Text)


class SyncConflict(IdMixin, Base):
    """A received record held beside the meeting it clashes with, until a person decides."""

    __tablename__ = "sync_conflicts"

    case_id: Mapped[str | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), index=True
    )
    case_reference: Mapped[str] = mapped_column(String(64))
    kind: Mapped[ConflictKind] = mapped_column(enum_column(ConflictKind, "conflict_kind"))
    # The meeting already filed in the case, and the laptop it came from (None if unknown).
    filed_meeting_id: Mapped[str] = mapped_column(String(36))
    filed_device_id: Mapped[str | None] = mapped_column(String(64))
    # The record held instead of filed.
    held_bundle_id: Mapped[str] = mapped_column(
        ForeignKey("imported_bundles.id", ondelete="CASCADE"), index=True
    )
    held_meeting_id: Mapped[str] = mapped_column(String(36))
    held_device_id: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text)
    found_at: Mapped[datetime] = mapped_column(UTCDateTime())
    found_by: Mapped[str] = mapped_column(String(200))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)


class HeldAttachment(IdMixin, Base):
    """A file the child gave, carried by a record held as a conflict, kept byte for byte.

    The bundle's own check (``open_bundle``) proved the file is the one the record lists
    (its SHA-256 is inside the fingerprint the laptop signed), so it is kept as carried:
    under the bundle's name for it, ``attachment-<id>.<ext>``, which is also where
    ``cinchair conflicts show --out`` writes it and ``cinchair render --record`` finds
    it. Once per held record and name (a held record imported again stores nothing).
    """

    __tablename__ = "held_attachments"
    __table_args__ = (UniqueConstraint("held_bundle_id", "file_name"),)

    held_bundle_id: Mapped[str] = mapped_column(
        ForeignKey("imported_bundles.id", ondelete="CASCADE"), index=True
    )
    # The attachment's id in the held record (no foreign key: the record is not filed);
    # as long as the record schema allows an id, and the name as long as a bundle's.
    attachment_id: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(100))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class SyncState(Base):
    """The laptop's memory of one signed meeting's journey to the council."""

    __tablename__ = "sync_state"

    meeting_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_reference: Mapped[str] = mapped_column(String(64))
    held_on: Mapped[date] = mapped_column(Date)
    exported_fingerprint: Mapped[str | None] = mapped_column(String(64))
    exported_signatures: Mapped[str | None] = mapped_column(String(64))
    exported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_fingerprint: Mapped[str | None] = mapped_column(String(64))
    acknowledged_signatures: Mapped[str | None] = mapped_column(String(64))
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None
