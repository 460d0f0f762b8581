"""A record's meeting parts as model rows, and the ids rows get that the record leaves out.

Kept apart from ``restore.py`` because these builders touch no session: each turns one
part of a record (the meeting with its people, points, child's voice, scores and
decision; consents; the child's attachments; signatures) into unsaved rows. The
council's import files them (``restore.restore_meeting``), the record check compares
them with what a laptop holds, a later export brings signatures up to date with them,
and the import benchmark counts them, all without filing anything.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from cinchair.app.errors import ActionableError
from cinchair.model import (
    AttachmentKind,
    Attendance,
    ChairRole,
    ChildAttachment,
    ChildVoice,
    Consent,
    ConsentStatus,
    Contribution,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Participant,
    ParticipantKind,
    ReviewDecision,
    ScalingScore,
    Signature,
    SignatureStatus,
    SignedDocument,
    VoiceMethod,
)

# Fixed forever: derived ids must come out the same on every machine and every release.
_NAMESPACE = uuid.UUID("5b1f7a52-3c4e-4d0b-9a47-6f0c2a1e8d33")


def derived_id(*parts: str) -> str:
    """A stable UUID for a row the record carries without an id of its own."""
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


class RecordDoesNotFit(ActionableError, ValueError):
    """A valid record holding text longer than the store keeps (schemas set no lengths)."""


def day_from(text: str | None) -> date | None:
    """A record's ISO date as a date; None where the record has none."""
    return date.fromisoformat(text) if text else None


def moment_from(text: str | None) -> datetime | None:
    """A record's ISO moment ("Z" or an offset) as an aware datetime; None where it has none."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def meeting_from_record(record: dict[str, Any], case_id: str) -> Meeting:
    """The meeting as a draft with the parts that can go in with it (see ``restore_meeting``)."""
    m = record["meeting"]
    meeting_id = m["id"]
    meeting = Meeting(
        id=meeting_id,
        case_id=case_id,
        kind=MeetingKind(m["kind"]),
        held_on=date.fromisoformat(m["held_on"]),
        venue=m["venue"],
        chair_name=m["chair"]["name"],
        chair_role=ChairRole(m["chair"]["role"]),
        chair_team=m["chair"].get("team") or None,  # records made before teams have none
        profile_id=record["council"]["profile_id"],
        framework=record["council"]["framework"],
        status=MeetingStatus.DRAFT,
        version=m["version"],
        previous_version_id=m["previous_version_id"],
        correction_reason=m["correction_reason"],
    )
    meeting.participants = [
        _participant(p, meeting_id, order) for order, p in enumerate(record["participants"])
    ]
    meeting.child_voice = [
        ChildVoice(
            id=derived_id(meeting_id, "voice", str(i)),
            meeting_id=meeting_id,
            method=VoiceMethod(v["method"]),
            tool=v["tool"],
            content=v["content"],
            in_own_words=v["in_own_words"],
            confidential=v["confidential"],
            sort_order=i,
        )
        for i, v in enumerate(record["child_voice"])
    ]
    points = [(h["key"], p) for h in record["agenda"] for p in h["points"]]
    meeting.contributions = [
        Contribution(
            id=p["id"],
            meeting_id=meeting_id,
            heading_key=key,
            text=p["text"],
            participant_id=p["participant_id"],
            confidential=p["confidential"],
            sort_order=order,
        )
        for order, (key, p) in enumerate(points)
    ]
    scores = (record["scaling"] or {}).get("scores", [])
    meeting.scaling_scores = [
        ScalingScore(
            id=derived_id(meeting_id, "score", s["participant_id"]),
            meeting_id=meeting_id,
            participant_id=s["participant_id"],
            score=s["score"],
            reason=s["reason"],
        )
        for s in scores
    ]
    if record["decision"] is not None:
        meeting.decision = _decision(record["decision"], meeting_id)
    return meeting


def consents_from_record(record: dict[str, Any], meeting_id: str) -> list[Consent]:
    """The meeting's consents, with ids derived from the meeting (the record has none)."""
    return [
        Consent(
            id=derived_id(meeting_id, "consent", str(i)),
            meeting_id=meeting_id,
            status=ConsentStatus(c["status"]),
            participant_id=c["participant_id"],
            given_by=c["given_by"],
            recorded_on=date.fromisoformat(c["recorded_on"]),
            notes=c["notes"],
        )
        for i, c in enumerate(record["consents"])
    ]


def attachment_from_record(
    a: dict[str, Any], meeting_id: str, order: int, files: Mapping[str, bytes]
) -> ChildAttachment:
    """One thing the child gave, its file taken from the bundle's ``files``."""
    from cinchair.record.build import attachment_file_name

    name = attachment_file_name(a)
    if name not in files:
        raise RecordDoesNotFit(f"the file {name} the record lists did not come with it")
    picture = a["picture_jpeg"]
    return ChildAttachment(
        id=a["id"],
        meeting_id=meeting_id,
        kind=AttachmentKind(a["kind"]),
        title=a["title"],
        media_type=a["media_type"],
        size=a["size"],
        sha256=a["sha256"],
        data=bytes(files[name]),
        preview=base64.b64decode(picture) if picture else None,
        pages=a["pages"],
        child_agreed_to_share=a["child_agreed_to_share"],
        added_at=moment_from(a["added_at"]),
        sort_order=order,
    )


def _participant(p: dict[str, Any], meeting_id: str, order: int) -> Participant:
    return Participant(
        id=p["id"],
        meeting_id=meeting_id,
        name=p["name"],
        kind=ParticipantKind(p["kind"]),
        role=p["role"],
        agency=p["agency"],
        relationship_to_child=p["relationship_to_child"],
        attendance=Attendance(p["attendance"]),
        interpreter_language=p["interpreter_language"],
        advocate_needed=p["advocate_needed"],
        advocate_name=p["advocate_name"],
        communication_needs=p["communication_needs"],
        receives_copy=p["receives_copy"],
        sort_order=order,
    )


def _decision(d: dict[str, Any], meeting_id: str) -> ReviewDecision:
    return ReviewDecision(
        id=derived_id(meeting_id, "decision"),
        meeting_id=meeting_id,
        option_key=d["option_key"],
        option_label=d["option_label"],
        leads_to=d["leads_to"],
        rationale=d["rationale"],
        next_review_on=day_from(d["next_review_on"]),
        next_review_reason=d["next_review_reason"],
        step_down_lead_professional=d["step_down_lead_professional"],
        # an outcome recorded in addition (absent from records made before it could be)
        in_addition_key=(d.get("in_addition") or {}).get("option_key"),
        in_addition_label=(d.get("in_addition") or {}).get("option_label"),
        in_addition_leads_to=(d.get("in_addition") or {}).get("leads_to"),
        decided_on=date.fromisoformat(d["decided_on"]),
        decided_by=d["decided_by"],
    )


def signature_from_record(s: dict[str, Any], meeting_id: str) -> Signature:
    """One signature as a row, its image and pen strokes as the laptop captured them."""
    image = s["image_png"]
    return Signature(
        id=s["id"],
        meeting_id=meeting_id,
        participant_id=s["participant_id"],
        signer_name=s["signer_name"],
        signer_role=s["signer_role"],
        document=SignedDocument(s["document"]),
        status=SignatureStatus(s["status"]),
        signed_at=moment_from(s["signed_at"]),
        reason=s["reason"],
        content_sha256=s["content_sha256"],
        image_png=base64.b64decode(image) if image else None,
        strokes=s.get("strokes"),
    )


def update_signature(row: Signature, s: dict[str, Any]) -> bool:
    """Bring a stored signature up to a later export of it; True if anything changed.

    A person marked "to sign later" signs after the meeting: the same signature id comes
    back signed, with the mark and the time.
    """
    fresh = signature_from_record(s, row.meeting_id)
    changed = False
    for field in (
        "participant_id",
        "signer_name",
        "signer_role",
        "document",
        "status",
        "signed_at",
        "reason",
        "content_sha256",
        "image_png",
        "strokes",
    ):
        if getattr(row, field) != getattr(fresh, field):
            setattr(row, field, getattr(fresh, field))
            changed = True
    return changed
