"""The domain model: SQLAlchemy 2.0 typed mapped classes shared by every store."""

from cinchair.model.audit import AuditEntry
from cinchair.model.base import Base, new_id, utcnow
from cinchair.model.case import Case, CaseCircumstance
from cinchair.model.device import StoredDeviceKey
from cinchair.model.enums import (
    ActionStatus,
    AttachmentKind,
    Attendance,
    ChairRole,
    Circumstance,
    ConsentStatus,
    MeetingKind,
    MeetingStatus,
    ParticipantKind,
    SignatureStatus,
    SignedDocument,
    VoiceMethod,
)
from cinchair.model.meeting import (
    ChildAttachment,
    ChildVoice,
    Consent,
    Contribution,
    Meeting,
    Participant,
    ReviewDecision,
    ScalingScore,
    Signature,
)
from cinchair.model.personal_dictionary import OwnWord
from cinchair.model.plan import PlanAction, PlanOutcome, PlanVersion
from cinchair.model.received import ReceivedMeeting
from cinchair.model.sync import (
    BundleStatus,
    ConflictKind,
    HeldAttachment,
    ImportedBundle,
    SyncConflict,
    SyncState,
)

__all__ = [
    "ActionStatus",
    "AttachmentKind",
    "Attendance",
    "AuditEntry",
    "Base",
    "BundleStatus",
    "Case",
    "CaseCircumstance",
    "ChairRole",
    "ChildAttachment",
    "ChildVoice",
    "Circumstance",
    "ConflictKind",
    "Consent",
    "ConsentStatus",
    "Contribution",
    "HeldAttachment",
    "ImportedBundle",
    "Meeting",
    "MeetingKind",
    "MeetingStatus",
    "OwnWord",
    "Participant",
    "ParticipantKind",
    "PlanAction",
    "PlanOutcome",
    "PlanVersion",
    "ReceivedMeeting",
    "ReviewDecision",
    "ScalingScore",
    "Signature",
    "SignatureStatus",
    "SignedDocument",
    "StoredDeviceKey",
    "SyncConflict",
    "SyncState",
    "VoiceMethod",
    "new_id",
    "utcnow",
]
