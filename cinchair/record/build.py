"""Building a meeting's record from the store.

The record is self-contained: it copies the council's wording (agenda headings,
the scaling question, the outcome chosen) and works out what needs the case's
history (last time's scaling scores, progress on the previous plan, the marks on
an amended plan), so a record file renders the same documents on any machine,
with or without the store it came from.
"""

from __future__ import annotations

import base64
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cinchair.meetings.plans import CLOSED_STATUSES, action_changes, latest_agreed
from cinchair.meetings.scaling_history import case_history
from cinchair.model import (
    ChildAttachment,
    Meeting,
    MeetingStatus,
    Participant,
    PlanAction,
    PlanVersion,
    ScalingScore,
)
from cinchair.profiles import Profile, ProfileError, get_profile
from cinchair.record.format import FORMAT, FORMAT_VERSION, fingerprint


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _moment(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def build_record(session: Session, meeting_id: str) -> dict[str, Any]:
    """The whole record of one stored meeting, as plain JSON-ready values."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise KeyError(f"no meeting with id {meeting_id}")
    profile = _profile(meeting)
    plan = meeting.plan_version
    record: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "council": {
            "profile_id": meeting.profile_id,
            "name": profile.council if profile else meeting.profile_id,
            "framework": meeting.framework,
            "framework_name": profile.framework_name if profile else meeting.framework,
            "protective_marking": profile.protective_marking if profile else "OFFICIAL-SENSITIVE",
        },
        "case": case_section(meeting),
        "meeting": {
            "id": meeting.id,
            "kind": meeting.kind.value,
            "held_on": meeting.held_on.isoformat(),
            "venue": meeting.venue,
            "chair": _chair(meeting),
            "version": meeting.version,
            "previous_version_id": meeting.previous_version_id,
            "correction_reason": meeting.correction_reason,
        },
        "participants": [_participant(p) for p in meeting.participants],
        "consents": [
            {
                "status": c.status.value,
                "participant_id": c.participant_id,
                "given_by": c.given_by,
                "recorded_on": c.recorded_on.isoformat(),
                "notes": c.notes,
            }
            for c in meeting.consents
        ],
        "child_voice": [
            {
                "method": v.method.value,
                "tool": v.tool,
                "content": v.content,
                "in_own_words": v.in_own_words,
                "confidential": v.confidential,
            }
            for v in meeting.child_voice
        ],
        "agenda": _agenda(meeting, profile),
        "scaling": _scaling(session, meeting, profile),
        "progress": _progress(session, meeting, plan),
        "decision": _decision(meeting),
        "plan": _plan(plan) if plan is not None else None,
        "signing": {"status": meeting.status.value, "signed_at": _moment(meeting.signed_at)},
        "signatures": [
            {
                "id": s.id,
                "participant_id": s.participant_id,
                "signer_name": s.signer_name,
                "signer_role": s.signer_role,
                "document": s.document.value,
                "status": s.status.value,
                "signed_at": _moment(s.signed_at),
                "reason": s.reason,
                "content_sha256": s.content_sha256,
                "image_png": base64.b64encode(s.image_png).decode() if s.image_png else None,
                # The pen strokes are the evidence (the PNG is only their picture); they
                # travel so the council keeps them after the laptop clears the meeting.
                "strokes": s.strokes,
            }
            for s in meeting.signatures
        ],
    }
    # Both only when there is something to say, so a record without them keeps the
    # shape (and fingerprint) it had before they existed.
    if meeting.attachments:
        record["attachments"] = [_attachment(a) for a in meeting.attachments]
    history = case_history(session, meeting.case_id, up_to=meeting.id)
    if history.worth_drawing:
        record["scaling_history"] = history.to_record()
    from cinchair.demo.practice import is_practice

    if is_practice(session):  # the demo's store: said in the record, so everywhere it goes
        record["practice"] = True
    return record


def case_section(meeting: Meeting) -> dict[str, Any]:
    """The child and case as the record tells them: as signed, once the minutes are signed.

    A signed meeting keeps the copy taken when the chair signed off, so correcting a
    misspelt name later never changes signed minutes or breaks their signatures'
    fingerprints; a draft shows the case as it stands.
    """
    if meeting.case_at_signing is not None:
        return dict(meeting.case_at_signing)
    case = meeting.case
    section: dict[str, Any] = {
        "id": case.id,
        "reference": case.case_ref,
        "child": {
            "given_name": case.child_given_name,
            "family_name": case.child_family_name,
            "preferred_name": case.child_preferred_name,
            "date_of_birth": _day(case.date_of_birth),
            "age_at_meeting": case.age_on(meeting.held_on),
            "gender": case.gender,
            "first_language": case.first_language,
        },
        "circumstances": sorted(c.value for c in case.active_circumstances(meeting.held_on)),
    }
    # Only where the case holds any, so a case without them makes the record it always did.
    dates = {name: _day(getattr(case, name)) for name in CASE_DATES}
    if any(dates.values()):
        section["dates"] = dates
    return section


# The case's own dates the record carries (``case.dates``), read back by the import and
# by a case pack's receipt: the events the councils' clocks start from (the assessment
# completed, the decision, e.g. Derby's VCM), then those added with migration 0015.
CASE_DATES = (
    "assessment_completed_on",
    "decision_on",
    "opened_on",
    "allocated_on",
    "first_visit_on",
    "cre_risk_assessed_on",
)


def keep_case_as_signed(meeting: Meeting) -> None:
    """Copy the case section into a signed meeting that has no copy yet (signed earlier)."""
    if meeting.status is MeetingStatus.SIGNED and meeting.case_at_signing is None:
        meeting.case_at_signing = case_section(meeting)


def attachment_file_name(attachment: dict[str, Any]) -> str:
    """The name the file travels under in a sync bundle: from its id, never its title."""
    extension = {"image/png": "png", "image/jpeg": "jpg", "application/pdf": "pdf"}
    return f"attachment-{attachment['id']}.{extension.get(attachment['media_type'], 'bin')}"


def attachment_files(session: Session, meeting_id: str) -> dict[str, bytes]:
    """The files the child gave, under the names a sync bundle carries them by."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise KeyError(f"no meeting with id {meeting_id}")
    return {
        attachment_file_name({"id": a.id, "media_type": a.media_type}): bytes(a.data)
        for a in meeting.attachments
    }


def _attachment(a: ChildAttachment) -> dict[str, Any]:
    """What the child gave, described; the file itself travels beside the record.

    The preview (a JPEG of the picture or the PDF's first page) is carried only where
    the child agreed it may be in the minutes, since that is all the minutes show.
    """
    picture = a.preview if a.child_agreed_to_share and a.preview else None
    return {
        "id": a.id,
        "kind": a.kind.value,
        "title": a.title,
        "media_type": a.media_type,
        "size": a.size,
        "sha256": a.sha256,
        "pages": a.pages,
        "child_agreed_to_share": a.child_agreed_to_share,
        "added_at": _moment(a.added_at),
        "picture_jpeg": base64.b64encode(picture).decode() if picture else None,
    }


def content_fingerprint(session: Session, meeting_id: str) -> str:
    """What a signature made now would fingerprint: the record's content as it stands."""
    session.flush()
    return fingerprint(build_record(session, meeting_id))


def _profile(meeting: Meeting) -> Profile | None:
    """The council's profile, if this machine has it; the record copies what it needs."""
    try:
        return get_profile(meeting.profile_id)
    except (KeyError, ProfileError):
        return None


def _chair(meeting: Meeting) -> dict[str, Any]:
    """The chair; the team only when given, so a record without one reads (and hashes)
    exactly as records made before teams existed."""
    chair: dict[str, Any] = {"name": meeting.chair_name, "role": meeting.chair_role.value}
    if meeting.chair_team:
        chair["team"] = meeting.chair_team
    return chair


def _participant(p: Participant) -> dict[str, Any]:
    return {
        "id": p.id,
        "name": p.name,
        "kind": p.kind.value,
        "role": p.role,
        "agency": p.agency,
        "relationship_to_child": p.relationship_to_child,
        "attendance": p.attendance.value,
        "interpreter_language": p.interpreter_language,
        "advocate_needed": p.advocate_needed,
        "advocate_name": p.advocate_name,
        "communication_needs": p.communication_needs,
        "receives_copy": p.receives_copy,
    }


def _agenda(meeting: Meeting, profile: Profile | None) -> list[dict[str, Any]]:
    """Each heading in the council's order and wording, with its points.

    Points under a heading the profile no longer has are kept, under their key,
    after the council's headings: a record never loses what was said.
    """
    headings = [(h.key, h.heading) for h in profile.agenda] if profile else []
    known = {key for key, _ in headings}
    for c in meeting.contributions:
        if c.heading_key not in known:
            headings.append((c.heading_key, c.heading_key.replace("-", " ").capitalize()))
            known.add(c.heading_key)
    return [
        {
            "key": key,
            "heading": title,
            "points": [
                {
                    "id": c.id,
                    "participant_id": c.participant_id,
                    "text": c.text,
                    "confidential": c.confidential,
                }
                for c in meeting.contributions_under(key)
            ],
        }
        for key, title in headings
    ]


def _previous_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    return session.scalars(
        select(Meeting)
        .where(
            Meeting.case_id == meeting.case_id,
            Meeting.held_on < meeting.held_on,
            Meeting.id != meeting.id,
        )
        .order_by(Meeting.held_on.desc())
        .limit(1)
    ).first()


def _scaling(session: Session, meeting: Meeting, profile: Profile | None) -> dict[str, Any] | None:
    """This meeting's scores, each beside the same person's score last time (matched by name)."""
    if not meeting.scaling_scores and (profile is None or profile.scaling is None):
        return None
    previous = _previous_meeting(session, meeting)
    before: dict[str, ScalingScore] = {}
    if previous is not None:
        before = {
            s.participant.name.casefold(): s for s in previous.scaling_scores if s.score is not None
        }
    order = {p.id: p.sort_order for p in meeting.participants}
    scores = []
    # a row not yet scored (a draft's) is no score: the record holds the scores given
    given = [s for s in meeting.scaling_scores if s.score is not None]
    for s in sorted(given, key=lambda s: order.get(s.participant_id, 0)):
        last = before.get(s.participant.name.casefold())
        scores.append(
            {
                "participant_id": s.participant_id,
                "score": s.score,
                "reason": s.reason,
                "previous_score": last.score if last else None,
                "previous_reason": last.reason if last else None,
            }
        )
    scaling = profile.scaling if profile else None
    return {
        "question": scaling.question if scaling else None,
        "zero_means": scaling.zero_means if scaling else None,
        "ten_means": scaling.ten_means if scaling else None,
        "previous_meeting_on": _day(previous.held_on) if previous else None,
        "scores": scores,
    }


def _action(action: PlanAction) -> dict[str, Any]:
    return {
        "lineage_id": action.lineage_id,
        "outcome": action.outcome.outcome,
        "what": action.what,
        "owner_name": action.owner_name,
        "owner_role": action.owner_role,
        "due_on": _day(action.due_on),
        "status": action.status.value,
        "progress_note": action.progress_note,
    }


def _progress(session: Session, meeting: Meeting, plan: PlanVersion | None) -> list[dict[str, Any]]:
    """Every open action of the plan under review, with where it stands now.

    With an amended plan, status and notes come from its carried-forward copy; an
    action left out of the new plan is reported as removed, never silently lost.
    """
    if plan is not None:
        reviewed = plan.previous
    else:
        reviewed = latest_agreed(session, meeting.case)
        if reviewed is not None and reviewed.made_at_meeting_id == meeting.id:
            reviewed = None
    if reviewed is None:
        return []
    now = {a.lineage_id: a for a in plan.actions} if plan is not None else {}
    rows = []
    for old in reviewed.actions:
        if old.status in CLOSED_STATUSES:
            continue
        if plan is None:
            rows.append(_action(old) | {"removed": False})
        elif old.lineage_id in now:
            rows.append(_action(now[old.lineage_id]) | {"removed": False})
        else:
            rows.append(_action(old) | {"removed": True})
    return rows


def _decision(meeting: Meeting) -> dict[str, Any] | None:
    d = meeting.decision
    if d is None:
        return None
    return {
        "option_key": d.option_key,
        "option_label": d.option_label,
        "leads_to": d.leads_to,
        "rationale": d.rationale,
        "next_review_on": _day(d.next_review_on),
        "next_review_reason": d.next_review_reason,
        "step_down_lead_professional": d.step_down_lead_professional,
        "in_addition": (
            {
                "option_key": d.in_addition_key,
                "option_label": d.in_addition_label,
                "leads_to": d.in_addition_leads_to,
            }
            if d.in_addition_key
            else None
        ),
        "decided_on": d.decided_on.isoformat(),
        "decided_by": d.decided_by,
    }


def _plan(plan: PlanVersion) -> dict[str, Any]:
    changes = {c.action.id: c for c in action_changes(plan)}
    outcomes = []
    for o in plan.outcomes:
        actions = []
        for a in o.actions:
            change = changes[a.id]
            actions.append(
                _action(a) | {"mark": change.mark.value, "was": dict(sorted(change.was.items()))}
            )
        outcomes.append(
            {
                "lineage_id": o.lineage_id,
                "need": o.need,
                "outcome": o.outcome,
                "progress_measure": o.progress_measure,
                "actions": actions,
            }
        )
    removed = [_action(c.action) for c in changes.values() if c.removed]
    return {
        "id": plan.id,
        "number": plan.number,
        "previous_number": plan.previous.number if plan.previous else None,
        "agreed_at": _moment(plan.agreed_at),
        "starts_on": plan.starts_on.isoformat(),
        "lead_professional": {
            "name": plan.lead_professional_name,
            "role": plan.lead_professional_role,
        },
        "visit_every_days": plan.visit_every_days,
        "visit_arrangements": plan.visit_arrangements,
        "contingency_plan": plan.contingency_plan,
        "plan_end_target": _day(plan.plan_end_target),
        "length_reason": plan.length_reason,
        "outcomes": outcomes,
        "removed_actions": removed,
    }
