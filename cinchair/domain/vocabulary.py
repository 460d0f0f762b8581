"""The record's closed vocabularies in the words a family or an agency reads.

Stored values are stable kebab-case strings (``did-not-attend``); documents and
screens show these phrases instead. Kept in one place so the minutes, the plan
and the app never describe the same thing two ways.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cinchair.model import (
    ActionStatus,
    AttachmentKind,
    Attendance,
    ChairRole,
    ConsentStatus,
    MeetingKind,
    ParticipantKind,
    SignatureStatus,
    VoiceMethod,
)
from cinchair.profiles import LeadsTo

# Who a point is said by when no one in particular is chosen: the meeting as a whole.
# One wording for the table cell, its picker and the minutes.
THE_MEETING = "The meeting"

MEETING_KIND = {
    MeetingKind.INITIAL_PLANNING: "Initial Child in Need planning meeting",
    MeetingKind.REVIEW: "Child in Need review",
    MeetingKind.EARLY_REVIEW: "Early Child in Need review",
    MeetingKind.CLOSING: "Closing Child in Need review",
}

CHAIR_ROLE = {
    ChairRole.SOCIAL_WORKER: "Social Worker",
    ChairRole.SENIOR_PRACTITIONER: "Senior Practitioner",
    ChairRole.ASSISTANT_TEAM_MANAGER: "Assistant Team Manager",
    ChairRole.TEAM_MANAGER: "Team Manager",
    ChairRole.CHILD_PROTECTION_MANAGER: "Child Protection Manager",
    ChairRole.EARLY_HELP_MANAGER: "Early Help Manager",
    ChairRole.OTHER: "Other",
}

PARTICIPANT_KIND = {
    ParticipantKind.CHILD: "Child",
    ParticipantKind.PARENT_CARER: "Parent or carer",
    ParticipantKind.FAMILY_NETWORK: "Family and network",
    ParticipantKind.PROFESSIONAL: "Professional",
}

ATTENDANCE = {
    Attendance.PRESENT: "Present",
    Attendance.PART: "Present for part",
    Attendance.APOLOGIES: "Apologies",
    Attendance.REPORT_SENT: "Report received",
    Attendance.DID_NOT_ATTEND: "Did not attend",
}

CONSENT = {
    ConsentStatus.GIVEN: "Consent given",
    ConsentStatus.REFUSED: "Consent refused",
    ConsentStatus.WITHDRAWN: "Consent withdrawn",
}

VOICE_METHOD = {
    VoiceMethod.ATTENDED: "Attended the meeting",
    VoiceMethod.ATTENDED_PART: "Attended part of the meeting",
    VoiceMethod.MET_CHAIR_BEFORE: "Met the chair before the meeting",
    VoiceMethod.MET_CHAIR_AFTER: "Met the chair after the meeting",
    VoiceMethod.WISHES_FEELINGS_FORM: "Wishes and feelings form",
    VoiceMethod.LETTER: "Letter",
    VoiceMethod.OBSERVATION: "Observation",
    VoiceMethod.OTHER: "Other",
}

ATTACHMENT_KIND = {
    AttachmentKind.WISHES_FEELINGS_FORM: "Wishes and feelings form",
    AttachmentKind.THREE_HOUSES: "Three Houses drawing",
    AttachmentKind.LETTER: "Letter",
    AttachmentKind.OTHER: "Something else the child gave",
}

ACTION_STATUS = {
    ActionStatus.NOT_STARTED: "Not started",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
    ActionStatus.DROPPED: "No longer needed",
}

SIGNATURE_STATUS = {
    SignatureStatus.SIGNED: "Signed",
    SignatureStatus.DECLINED: "Declined to sign",
    SignatureStatus.TO_SIGN_LATER: "To sign later",
}

LEADS_TO = {
    LeadsTo.PLAN_CLOSES: "The plan closes",
    LeadsTo.STEP_DOWN: "Step down to Early Help or a single agency, with a named lead professional",
    LeadsTo.PLAN_CONTINUES: "The plan continues, as amended",
    LeadsTo.STRATEGY_DISCUSSION: "A strategy discussion, and possibly Section 47 enquiries",
    LeadsTo.FURTHER_ASSESSMENT: "Further assessment",
}

# Field names of a plan action, for "changed (was ...)" notes.
ACTION_FIELD = {
    "what": "action",
    "owner_name": "who",
    "owner_role": "role",
    "due_on": "by when",
}


def label(table: Mapping[Any, str], value: str, default: str = "") -> str:
    """``table[value]`` for a stored string, or the string itself, readable, if unknown.

    A record from a newer version of the app may carry a value this one does not
    know; it is shown, not dropped.
    """
    if value in table:  # StrEnum keys hash and compare as their string values
        return table[value]
    return value.replace("-", " ").capitalize() if value else default
