"""A meeting and everything said, decided and signed in it."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cinchair.model.base import Base, IdMixin, TimestampMixin, UTCDateTime
from cinchair.model.enums import (
    AttachmentKind,
    Attendance,
    ChairRole,
    ConsentStatus,
    MeetingKind,
    MeetingStatus,
    ParticipantKind,
    SignatureStatus,
    SignedDocument,
    VoiceMethod,
    enum_column,
)

if TYPE_CHECKING:
    from cinchair.model.case import Case
    from cinchair.model.plan import PlanVersion


class Meeting(IdMixin, TimestampMixin, Base):
    """An initial planning meeting, a review, an early review or a closing review.

    ``profile_id`` and ``framework`` are copied from the case when the meeting
    starts, so a later change of council rules never rewrites an old record.
    A correction to signed minutes is a new row pointing at ``previous_version_id``.
    """

    __tablename__ = "meetings"
    __table_args__ = (CheckConstraint("version >= 1", name="version_positive"),)

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind, "meeting_kind"))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    venue: Mapped[str | None] = mapped_column(String(300))
    chair_name: Mapped[str] = mapped_column(String(200))
    chair_role: Mapped[ChairRole] = mapped_column(enum_column(ChairRole, "chair_role"))
    # The chair's team ("North locality"), from the chair's settings; None when not given.
    chair_team: Mapped[str | None] = mapped_column(String(200))
    profile_id: Mapped[str] = mapped_column(String(64))
    framework: Mapped[str] = mapped_column(String(32))
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus, "meeting_status"), default=MeetingStatus.DRAFT
    )
    version: Mapped[int] = mapped_column(Integer, default=1)
    previous_version_id: Mapped[str | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL")
    )
    correction_reason: Mapped[str | None] = mapped_column(Text)
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The record's "case" section as signed: a later correction of the child's details
    # changes the case, never what signed minutes say (see cinchair.record.build).
    case_at_signing: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    case: Mapped[Case] = relationship(back_populates="meetings")
    participants: Mapped[list[Participant]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Participant.sort_order"
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Consent.recorded_on"
    )
    contributions: Mapped[list[Contribution]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Contribution.sort_order"
    )
    scaling_scores: Mapped[list[ScalingScore]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )
    child_voice: Mapped[list[ChildVoice]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="ChildVoice.sort_order"
    )
    attachments: Mapped[list[ChildAttachment]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        order_by="(ChildAttachment.sort_order, ChildAttachment.id)",
    )
    decision: Mapped[ReviewDecision | None] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", uselist=False
    )
    signatures: Mapped[list[Signature]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Signature.signed_at"
    )
    plan_version: Mapped[PlanVersion | None] = relationship(
        back_populates="made_at_meeting", uselist=False, viewonly=True
    )

    def contributions_under(self, heading_key: str) -> list[Contribution]:
        return [c for c in self.contributions if c.heading_key == heading_key]


class Participant(IdMixin, Base):
    """Someone invited: present, there for part, sending apologies or a report, or absent."""

    __tablename__ = "participants"

    meeting_id: Mapped[str] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[ParticipantKind] = mapped_column(enum_column(ParticipantKind, "participant_kind"))
    role: Mapped[str | None] = mapped_column(String(200))  # "Class teacher", "Mother"
    agency: Mapped[str | None] = mapped_column(String(200))  # "Riverside Primary School"
    relationship_to_child: Mapped[str | None] = mapped_column(String(200))
    attendance: Mapped[Attendance] = mapped_column(
        enum_column(Attendance, "attendance"), default=Attendance.PRESENT
    )
    interpreter_language: Mapped[str | None] = mapped_column(String(100))  # set = needed
    advocate_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    advocate_name: Mapped[str | None] = mapped_column(String(200))
    communication_needs: Mapped[str | None] = mapped_column(Text)
    receives_copy: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    meeting: Mapped[Meeting] = relationship(back_populates="participants")

    @property
    def needs_interpreter(self) -> bool:
        return bool(self.interpreter_language)


class Consent(IdMixin, Base):
    """Parents' (and an older young person's) agreement to CIN work; a refusal is recorded too."""

    __tablename__ = "consents"

    meeting_id: Mapped[str] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[ConsentStatus] = mapped_column(enum_column(ConsentStatus, "consent_status"))
    participant_id: Mapped[str | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL")
    )
    given_by: Mapped[str] = mapped_column(String(200))
    recorded_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="consents")


class Contribution(IdMixin, Base):
    """One point under an agenda heading (``heading_key`` from the council's profile).

    ``confidential`` points (a third party's address, something a parent must not
    see) stay in the agencies' copy and out of the family's.
    """

    __tablename__ = "contributions"

    meeting_id: Mapped[str] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    heading_key: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    participant_id: Mapped[str | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL")
    )
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    meeting: Mapped[Meeting] = relationship(back_populates="contributions")
    participant: Mapped[Participant | None] = relationship()


class ScalingScore(IdMixin, Base):
    """A participant's answer to the scaling question, 0 to 10, with their reason."""

    __tablename__ = "scaling_scores"
    __table_args__ = (
        UniqueConstraint("meeting_id", "participant_id"),
        CheckConstraint("score >= 0 AND score <= 10", name="score_range"),
    )

    meeting_id: Mapped[str] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    score: Mapped[int | None] = mapped_column(Integer)  # None: not yet scored
    reason: Mapped[str | None] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="scaling_scores")
    participant: Mapped[Participant] = relationship()


class ChildVoice(IdMixin, Base):
    """How the child's wishes and feelings were gathered, and what they said or showed."""

    __tablename__ = "child_voice"

    meeting_id: Mapped[str] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    method: Mapped[VoiceMethod] = mapped_column(enum_column(VoiceMethod, "voice_method"))
    tool: Mapped[str | None] = mapped_column(String(200))  # e.g. "Three Houses"
    content: Mapped[str] = mapped_column(Text)
    # True when ``content`` is the child's own words (quoted), False for an observation.
    in_own_words: Mapped[bool] = mapped_column(Boolean, default=True)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    meeting: Mapped[Meeting] = relationship(back_populates="child_voice")


class ChildAttachment(IdMixin, Base):
    """Something the child gave before the meeting: a form, a drawing, a letter.

    The file lives *inside* the store (``data``), so it is encrypted with the rest of
    the record and never sits on the laptop's disk in clear. Images are re-encoded when
    added (``cinchair.meetings.attachments``), which drops EXIF and GPS: a photo of a drawing
    taken in the family home says where the home is. ``preview`` is a JPEG of the image
    or of a PDF's first page, made once when added, so the minutes and the record show
    the same picture on every machine. ``child_agreed_to_share`` is the child's say on
    whether the picture goes into the minutes; it is listed there either way.
    """

    __tablename__ = "child_attachments"
    __table_args__ = (CheckConstraint("size >= 0", name="size_not_negative"),)

    meeting_id: Mapped[str] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[AttachmentKind] = mapped_column(enum_column(AttachmentKind, "attachment_kind"))
    title: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(64))  # image/png, image/jpeg, application/pdf
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # loaded when read
    preview: Mapped[bytes | None] = mapped_column(LargeBinary)
    pages: Mapped[int | None] = mapped_column(Integer)  # a PDF's page count
    child_agreed_to_share: Mapped[bool] = mapped_column(Boolean, default=False)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    meeting: Mapped[Meeting] = relationship(back_populates="attachments")


class ReviewDecision(IdMixin, Base):
    """The outcome chosen from the council's options, with reasons, dated and attributed.

    ``leads_to`` is copied from the profile at the time, so the record keeps its
    meaning if a profile is later edited.
    """

    __tablename__ = "review_decisions"

    meeting_id: Mapped[str] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), unique=True
    )
    option_key: Mapped[str] = mapped_column(String(64))
    option_label: Mapped[str] = mapped_column(Text)
    leads_to: Mapped[str] = mapped_column(String(32))
    rationale: Mapped[str] = mapped_column(Text)
    next_review_on: Mapped[date | None] = mapped_column(Date)
    next_review_reason: Mapped[str | None] = mapped_column(Text)
    step_down_lead_professional: Mapped[str | None] = mapped_column(String(200))
    # An outcome the council records in addition to the one chosen (Hillingdon's
    # outcome 3: at risk of significant harm, a strategy discussion), copied likewise.
    in_addition_key: Mapped[str | None] = mapped_column(String(64))
    in_addition_label: Mapped[str | None] = mapped_column(Text)
    in_addition_leads_to: Mapped[str | None] = mapped_column(String(32))
    decided_on: Mapped[date] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(String(200))

    meeting: Mapped[Meeting] = relationship(back_populates="decision")


class Signature(IdMixin, Base):
    """A signature on the minutes or the plan, or a recorded refusal or deferral.

    ``content_sha256`` fingerprints exactly what was signed, so a later change to
    the record shows up against the signature.
    """

    __tablename__ = "signatures"

    meeting_id: Mapped[str] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[str | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL")
    )
    signer_name: Mapped[str] = mapped_column(String(200))
    signer_role: Mapped[str] = mapped_column(String(200))
    document: Mapped[SignedDocument] = mapped_column(enum_column(SignedDocument, "signed_document"))
    status: Mapped[SignatureStatus] = mapped_column(
        enum_column(SignatureStatus, "signature_status")
    )
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(Text)  # why declined or deferred
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    image_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    strokes: Mapped[list[Any] | None] = mapped_column(JSON)

    meeting: Mapped[Meeting] = relationship(back_populates="signatures")
