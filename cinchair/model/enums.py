"""The closed vocabularies of the record.

Values are stored as text (see ``enum_column``), so a council store on PostgreSQL
and a laptop on SQLite hold the same strings and a sync bundle can carry them as-is.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum as SAEnum


def enum_column(enum_cls: type[StrEnum], name: str) -> SAEnum:
    """A portable enum: VARCHAR plus a CHECK constraint, storing the value, not the name."""
    return SAEnum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda cls: [member.value for member in cls],
        validate_strings=True,
    )


class Circumstance(StrEnum):
    """Specific circumstances that change who chairs and how often (Derby's list)."""

    PRIVATE_FOSTERING = "private-fostering"
    SUPERVISION_ORDER = "supervision-order"
    LIVING_INDEPENDENTLY_16_17 = "living-independently-16-17"
    SHORT_BREAKS = "short-breaks"
    RISK_OF_EXPLOITATION = "risk-of-exploitation"
    COMPLEX_DISABILITY = "complex-disability"
    # Added with migration 0011, for the rules the councils' procedures set per case:
    DISABLED_CHILD = "disabled-child"  # Barnet: the allocated social worker chairs
    DISABILITY_CPM_CRITERIA = "disability-cpm-criteria"  # Derby: edge of care, DoLS...
    SHORT_BREAKS_RESIDENTIAL_S20 = "short-breaks-residential-s20"  # Derby: an IRO reviews
    MULTI_AGENCY_TEAM = "multi-agency-team"  # Derby: held in a MAT
    NRPF_ONLY = "nrpf-only"  # Derby: No Recourse to Public Funds is the only issue
    TRANSFERRED_IN = "transferred-in"  # since: the family became resident in the area
    COMPLEX_PACKAGE = "complex-package"  # Hillingdon: a complex package of support
    CWD_TEAM = "cwd-team"  # Hillingdon: meets the Children with Disabilities Team criteria
    # Added with migration 0015: Derby's other exceptions to escalation after 12 months.
    INVOLVED_IN_OFFENDING = "involved-in-offending"  # Derby: young people involved in offending
    YOUNG_CARER = "young-carer"  # Derby: young carers (needs not met by alternative service)


class MeetingKind(StrEnum):
    INITIAL_PLANNING = "initial-planning"
    REVIEW = "review"
    EARLY_REVIEW = "early-review"
    CLOSING = "closing"


class MeetingStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"


class ChairRole(StrEnum):
    SOCIAL_WORKER = "social-worker"
    SENIOR_PRACTITIONER = "senior-practitioner"
    ASSISTANT_TEAM_MANAGER = "assistant-team-manager"
    TEAM_MANAGER = "team-manager"
    CHILD_PROTECTION_MANAGER = "child-protection-manager"
    EARLY_HELP_MANAGER = "early-help-manager"
    OTHER = "other"


class ParticipantKind(StrEnum):
    CHILD = "child"
    PARENT_CARER = "parent-carer"
    FAMILY_NETWORK = "family-network"
    PROFESSIONAL = "professional"


class Attendance(StrEnum):
    PRESENT = "present"
    PART = "part"
    APOLOGIES = "apologies"
    REPORT_SENT = "report-sent"
    DID_NOT_ATTEND = "did-not-attend"


class ConsentStatus(StrEnum):
    GIVEN = "given"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class VoiceMethod(StrEnum):
    """How the child's wishes and feelings reached the meeting (Derby, 'Participation')."""

    ATTENDED = "attended"
    ATTENDED_PART = "attended-part"
    MET_CHAIR_BEFORE = "met-chair-before"
    MET_CHAIR_AFTER = "met-chair-after"
    WISHES_FEELINGS_FORM = "wishes-feelings-form"
    LETTER = "letter"
    OBSERVATION = "observation"
    OTHER = "other"


class AttachmentKind(StrEnum):
    """What the child gave before the meeting (the tools the councils name)."""

    WISHES_FEELINGS_FORM = "wishes-feelings-form"
    THREE_HOUSES = "three-houses"
    LETTER = "letter"
    OTHER = "other"


class ActionStatus(StrEnum):
    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    DROPPED = "dropped"


class SignatureStatus(StrEnum):
    SIGNED = "signed"
    DECLINED = "declined"
    TO_SIGN_LATER = "to-sign-later"


class SignedDocument(StrEnum):
    MINUTES = "minutes"
    PLAN = "plan"
