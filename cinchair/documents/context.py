"""The one document context: a meeting record turned into what a reader sees.

Both renderers (DOCX through a council-editable template, PDF through reportlab)
take this context and nothing else, so the two formats cannot disagree. Every
value is display-ready text (dates in words, enums in plain English), already
cleaned of characters no document format can hold, and the family's copy has
had its confidential points taken out here, once, before either renderer runs.

The plan's section is built in ``plan_context.py`` and the sections that carry
images (what the child gave, the scaling chart, signatures) in ``picture_context.py``.

The keys are the placeholders a council's DOCX template may use; they are listed
in ``templates/README.md``. Change them only together with that list.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from cinchair.documents.picture_context import attachment, scaling_chart, signature
from cinchair.documents.plan_context import owner, plan_context
from cinchair.documents.procedure import procedure_duties
from cinchair.documents.type_size import family_body_pt
from cinchair.documents.values import clean, day_words, moment_words, shortened, typed
from cinchair.domain import vocabulary as words
from cinchair.domain.bidi import plain
from cinchair.domain.dates import format_day, uk_zone
from cinchair.record import fingerprint, short_fingerprint

# The procedures send the record to "the child (if old enough)" without an age;
# a council can say otherwise in its template text. Below this age the chair
# shares the plan with the child in person instead.
CHILD_COPY_FROM_AGE = 12

# The label on each confidential point in the agencies' copy, in both formats.
CONFIDENTIAL = "CONFIDENTIAL"


class Document(StrEnum):
    MINUTES = "minutes"
    PLAN = "plan"


class Copy(StrEnum):
    """Who a copy is for: the family's leaves out the confidential points."""

    FAMILY = "family"
    AGENCIES = "agencies"


COPY_LABEL = {Copy.FAMILY: "Family copy", Copy.AGENCIES: "Agencies' copy"}


def build_context(
    record: dict[str, Any],
    document: Document,
    copy: Copy,
    produced_at: datetime | None = None,
) -> dict[str, Any]:
    """The context for ``document`` (minutes or plan) in ``copy`` (family or agencies)."""
    produced_at = (produced_at or datetime.now().astimezone()).astimezone(uk_zone())
    family = copy is Copy.FAMILY
    people = {p["id"]: p for p in record["participants"]}
    meeting, case, council = record["meeting"], record["case"], record["council"]
    child = case["child"]
    child_name = typed(f"{child['given_name']} {child['family_name']}")
    signed = record["signing"]["status"] == "signed"
    plan = record["plan"]

    def who(participant_id: str | None) -> str:
        person = people.get(participant_id or "")
        if person is None:
            return words.THE_MEETING
        role = typed(person["role"])
        return f"{typed(person['name'])} ({role})" if role else typed(person["name"])

    # Confidential points are only in the minutes: the family's copy of the minutes
    # leaves them out, the agencies' copy labels and counts them.
    minutes = document is Document.MINUTES
    left_out = marked = 0
    headings = []
    for heading in record["agenda"]:
        points = []
        for point in heading["points"]:
            if family and point["confidential"]:
                left_out += minutes
                continue
            marked += minutes and point["confidential"]
            points.append(
                {
                    "who": who(point["participant_id"]),
                    "text": typed(point["text"]),
                    "confidential": point["confidential"],
                }
            )
        headings.append({"title": typed(heading["heading"]), "points": points})

    voice = []
    for item in record["child_voice"]:
        if family and item["confidential"]:
            left_out += minutes
            continue
        marked += minutes and item["confidential"]
        text = typed(item["content"])
        method = words.label(words.VOICE_METHOD, item["method"])
        tool = typed(item["tool"])
        # The child's own words are quoted and said to be theirs; an observation is not.
        whose = (
            f"in {typed(child['given_name']) or 'the child'}'s own words"
            if item["in_own_words"]
            else ""
        )
        voice.append(
            {
                "method": method,
                "tool": tool,
                "text": text,
                "own_words": item["in_own_words"],
                "quoted": f"“{text}”" if item["in_own_words"] else text,
                "attribution": whose,
                "label": f"{method}{f' ({tool})' if tool else ''}{f', {whose}' if whose else ''}:",
                "confidential": item["confidential"],
            }
        )

    if document is Document.MINUTES:
        version = f"Minutes version {meeting['version']}, {'signed' if signed else 'draft'}"
        title = words.label(words.MEETING_KIND, meeting["kind"]) + ": record of the meeting"
    else:
        number = plan["number"] if plan else 0
        version = f"Plan version {number}" + ("" if plan and plan["agreed_at"] else ", draft")
        title = "Child in Need plan" + (
            f" (amended: version {number})" if plan and plan["previous_number"] else ""
        )

    # Signers in the order people are listed in the meeting, whatever order they signed in.
    order = {p["id"]: i for i, p in enumerate(record["participants"])}
    doc_signatures = sorted(
        (s for s in record["signatures"] if s["document"] == document.value),
        key=lambda s: order.get(s["participant_id"] or "", len(order)),
    )
    full_print = fingerprint(record)
    attendance = _attendance(record["participants"])
    context: dict[str, Any] = {
        "doc": {
            "kind": document.value,
            "title": title,
            "copy_kind": copy.value,
            # the family's copy at the council's chosen size; the agencies' stays compact
            "body_pt": family_body_pt(council["profile_id"]) if copy is Copy.FAMILY else None,
            "copy_label": COPY_LABEL[copy],
            "copy_note": _copy_note(copy, document, left_out, marked),
            "confidential_label": CONFIDENTIAL,
            "meta_title": _meta_title(title, case, meeting),
            "marking": _marking(record, council),
            "version": version,
            "produced": f"{format_day(produced_at.date())} {produced_at:%H:%M}",
            "produced_iso": produced_at.astimezone(UTC).isoformat(),
            "fingerprint": short_fingerprint(full_print),
            "fingerprint_full": full_print,
            "status": "Signed" if signed else "Draft: not yet signed",
            "correction": typed(meeting["correction_reason"]),
        },
        "council": {
            "name": typed(council["name"]),
            "framework_name": typed(council["framework_name"]),
        },
        "child": {
            "name": child_name,
            "short_name": shortened(child_name),
            "short_reference": shortened(typed(case["reference"]), 40),
            "preferred_name": typed(child["preferred_name"]),
            "date_of_birth": day_words(child["date_of_birth"], "not recorded"),
            "age": "" if child["age_at_meeting"] is None else str(child["age_at_meeting"]),
            "reference": typed(case["reference"]),
            "first_language": typed(child["first_language"]),
        },
        "meeting": {
            "kind": words.label(words.MEETING_KIND, meeting["kind"]),
            "date": day_words(meeting["held_on"]),
            "venue": typed(meeting["venue"]) or "not recorded",
            "chair": typed(meeting["chair"]["name"]),
            "chair_role": words.label(words.CHAIR_ROLE, meeting["chair"]["role"]),
        },
        "attendance": attendance,
        "people": [
            person | {"attendance": group["label"]}
            for group in attendance
            for person in group["people"]
        ],
        "access": _access(record["participants"]),
        "consents": [
            {
                "who": typed(c["given_by"]),
                "status": words.label(words.CONSENT, c["status"]),
                "date": day_words(c["recorded_on"]),
                "notes": typed(c["notes"]),
            }
            for c in record["consents"]
        ],
        "voice": voice,
        "attachments": [attachment(a, child) for a in record.get("attachments", [])],
        "scaling_chart": scaling_chart(record.get("scaling_history")),
        "headings": headings,
        "scaling": _scaling(record["scaling"], who),
        "progress": [_progress_row(a) for a in record["progress"]],
        "decision": _decision(record["decision"]),
        "next_review": _next_review(record["decision"]),
        "distribution": _distribution(record, document),
        # who must receive this document and by when, by the council's procedure
        "procedure_distribution": procedure_duties(record, document.value),
        "signatures": [signature(s, full_print) for s in doc_signatures],
        "plan": plan_context(plan, record["decision"], day_words, moment_words) if plan else None,
        "left_out": left_out,
        "confidential_count": marked,
    }
    return context


def _copy_note(copy: Copy, document: Document, left_out: int, marked: int) -> str:
    """Which copy this is, and what a reader must know about confidential points.

    The family's copy mentions points it leaves out only where it leaves them out (the
    minutes); the agencies' copy counts the points it marks, so none is missed.
    """
    what = "minutes" if document is Document.MINUTES else "plan"
    if copy is Copy.AGENCIES:
        if not marked:
            return f"Agencies' copy. Nothing in these {what} is marked confidential."
        points = f"{marked} point{'s' if marked != 1 else ''}"
        return (
            f"Agencies' copy. {points} marked {CONFIDENTIAL}: do not share with the family. "
            f"Each is labelled {CONFIDENTIAL} and shaded where it appears; the family's "
            "copy leaves them out."
        )
    if left_out:
        return (
            f"Family copy. {left_out} point{'s' if left_out != 1 else ''} recorded at the "
            f"meeting {'are' if left_out != 1 else 'is'} kept in the agencies' copy only."
        )
    return "Family copy."


def _meta_title(title: str, case: dict[str, Any], meeting: dict[str, Any]) -> str:
    """The file's title: the document, its date and case reference (not the child's name,
    which file lists and previews would show away from the protective marking)."""
    return f"{title}, {day_words(meeting['held_on'])}, {plain(clean(case['reference']))}"


def _role_line(p: dict[str, Any]) -> str:
    parts = [typed(p["role"]), typed(p["agency"])]
    return ", ".join(part for part in parts if part)


def _attendance(participants: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Participants grouped by attendance, in the order a reader expects."""
    groups = []
    for status, label in words.ATTENDANCE.items():
        people = [
            {
                "name": typed(p["name"]),
                "role": _role_line(p),
                "interpreter": typed(p["interpreter_language"]),
                "advocate": typed(p["advocate_name"]) or ("needed" if p["advocate_needed"] else ""),
            }
            for p in participants
            if p["attendance"] == status.value
        ]
        if people:
            groups.append({"label": label, "people": people})
    return groups


def _access(participants: list[dict[str, Any]]) -> list[str]:
    """Interpreter, advocate and communication needs, one line per person with any."""
    lines = []
    for p in participants:
        needs = []
        if p["interpreter_language"]:
            needs.append(f"interpreter ({typed(p['interpreter_language'])})")
        if p["advocate_needed"] or p["advocate_name"]:
            needs.append(
                f"advocate ({typed(p['advocate_name'])})" if p["advocate_name"] else "advocate"
            )
        if p["communication_needs"]:
            needs.append(typed(p["communication_needs"]))
        if needs:
            lines.append(f"{typed(p['name'])}: {'; '.join(needs)}")
    return lines


def _scaling(scaling: dict[str, Any] | None, who: Any) -> dict[str, Any] | None:
    if scaling is None:
        return None
    rows = []
    for s in scaling["scores"]:
        previous = "" if s["previous_score"] is None else str(s["previous_score"])
        rows.append(
            {
                "who": who(s["participant_id"]),
                "score": str(s["score"]),
                "reason": typed(s["reason"]),
                "previous": previous or "–",
            }
        )
    return {
        "question": typed(scaling["question"]),
        "previous_date": day_words(scaling["previous_meeting_on"]),
        "rows": rows,
    }


def _progress_row(action: dict[str, Any]) -> dict[str, str]:
    status = words.label(words.ACTION_STATUS, action["status"])
    return {
        "what": typed(action["what"]),
        "owner": owner(action),
        "due": day_words(action["due_on"], "no date"),
        "status": "Removed from the plan" if action["removed"] else status,
        "note": typed(action["progress_note"]),
    }


def _decision(decision: dict[str, Any] | None) -> dict[str, str] | None:
    if decision is None:
        return None
    # An outcome recorded in addition to the chosen one (Hillingdon's outcome 3) is
    # printed with it, in both renderers and any council's template, and on its own.
    extra = decision.get("in_addition") or {}
    outcome = typed(decision["option_label"])
    leads_to = words.label(words.LEADS_TO, decision["leads_to"])
    if extra:
        outcome += "; in addition: " + typed(extra["option_label"])
        leads_to += "; and " + words.label(words.LEADS_TO, extra["leads_to"]).lower()
    return {
        "outcome": outcome,
        "rationale": typed(decision["rationale"]),
        "leads_to": leads_to,
        "decided_on": day_words(decision["decided_on"]),
        "decided_by": typed(decision["decided_by"]),
        "step_down_lead": typed(decision["step_down_lead_professional"]),
        "in_addition": typed(extra.get("option_label") or ""),
    }


def _next_review(decision: dict[str, Any] | None) -> dict[str, str]:
    if decision is None or not decision["next_review_on"]:
        return {"date": "none set", "reason": typed(decision and decision["next_review_reason"])}
    return {
        "date": day_words(decision["next_review_on"]),
        "reason": typed(decision["next_review_reason"]),
    }


def _distribution(record: dict[str, Any], document: Document) -> dict[str, Any]:
    """Who receives a copy: everyone marked to, the child only when old enough."""
    age = record["case"]["child"]["age_at_meeting"]
    people, note = [], ""
    for p in record["participants"]:
        if not p["receives_copy"]:
            continue
        if p["kind"] == "child" and (age is None or age < CHILD_COPY_FROM_AGE):
            given = typed(record["case"]["child"]["given_name"]) or typed(p["name"])
            note = (
                f"{typed(p['name'])} is not sent a copy (under {CHILD_COPY_FROM_AGE}); "
                f"the {'plan' if document is Document.PLAN else 'outcome'} is explained "
                f"to {given} in person."
            )
            continue
        copy = "Family copy" if p["kind"] != "professional" else "Agencies' copy"
        people.append({"name": typed(p["name"]), "role": _role_line(p), "gets": copy})
    return {"people": people, "note": note}


def _marking(record: dict[str, Any], council: dict[str, Any]) -> str:
    """The protective marking on every page; practice data says so before it, so a
    printed page of the demo is never taken for a real family's."""
    marking = clean(council["protective_marking"]) or "OFFICIAL-SENSITIVE"
    if record.get("practice") is True:
        from cinchair.demo.practice import PRACTICE_WORDS

        return f"{PRACTICE_WORDS} · {marking}"
    return marking
