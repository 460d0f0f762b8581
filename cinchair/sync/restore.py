"""A meeting record turned back into model rows: the inverse of ``build_record``.

The council files a received meeting with the *same* ids the laptop gave it (meeting,
participants, points, signatures, plan version), so importing the same record again finds
what is already there, and a receipt can name meetings by the laptop's own ids. Rows the
record carries without an id (consents, the child's voice, scores, the decision, plan
outcomes and actions) get ids derived from their owner's id and their place or lineage,
so they too come out the same on every import.

The case is the exception: each laptop makes its own case row, so two chairs of one child
hold two case ids. The council matches cases by (profile, case reference), the key its
own case system uses, and keeps the first laptop's id.

Nothing here decides *whether* to file a record (duplicates, versions, conflicts): that is
``cinchair.sync.importer``. This module finds or makes the case, files the meeting with
its parts (``restore_meeting``) and builds the plan; the meeting's parts are built, and
the derived ids made, in ``meeting_rows``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from cinchair.model import (
    ActionStatus,
    Base,
    Case,
    CaseCircumstance,
    Circumstance,
    Meeting,
    MeetingStatus,
    PlanAction,
    PlanOutcome,
    PlanVersion,
)
from cinchair.record.build import CASE_DATES
from cinchair.store.direct_writes import BulkWriter
from cinchair.sync.meeting_rows import (
    RecordDoesNotFit,
    attachment_from_record,
    consents_from_record,
    day_from,
    derived_id,
    meeting_from_record,
    moment_from,
    signature_from_record,
)


@cache
def _limited_columns(mapper: Any) -> tuple[tuple[Any, str, int], ...]:
    """A model's columns of limited length: (column, attribute key, length)."""
    return tuple(
        (column, mapper.get_property_by_column(column).key, column.type.length)
        for column in mapper.columns
        if getattr(column.type, "length", None)
    )


def check_fits(*objects: Any) -> None:
    """Refuse text longer than its column, on every database alike.

    PostgreSQL refuses it at insert, SQLite silently keeps it: checking here gives one
    answer, with the field named, before anything is written.
    """
    for obj in objects:
        for column, key, length in _limited_columns(inspect(obj).mapper):
            value = getattr(obj, key)
            if isinstance(value, str) and len(value) > length:
                raise RecordDoesNotFit(
                    f"{column.table.name}.{column.name} is {len(value)} characters long; the "
                    f"store keeps at most {length}. Shorten it on the laptop (as a correction "
                    "if the meeting is signed) and export again."
                )


# --- the case ------------------------------------------------------------------------------


def find_case(session: Session, record: dict[str, Any]) -> Case | None:
    """The council's case for this record: same council profile, same case reference."""
    return session.scalars(
        select(Case).where(
            Case.profile_id == record["council"]["profile_id"],
            Case.case_ref == record["case"]["reference"],
        )
    ).first()


def new_case(session: Session, record: dict[str, Any]) -> Case:
    """A case made from the record, keeping the laptop's case id unless it is taken.

    Not added to the session: it goes in with its first meeting (``restore_meeting``'s
    ``also``), in the same batch.
    """
    wanted = record["case"]["id"]
    case_id = wanted if session.get(Case, wanted) is None else derived_id("case", wanted)
    child = record["case"]["child"]
    case = Case(
        id=case_id,
        case_ref=record["case"]["reference"],
        profile_id=record["council"]["profile_id"],
        child_given_name=child["given_name"],
        child_family_name=child["family_name"],
        child_preferred_name=child["preferred_name"],
        date_of_birth=day_from(child["date_of_birth"]),
        gender=child["gender"],
        first_language=child["first_language"],
    )
    _case_dates(case, record)
    for value in record["case"]["circumstances"]:
        case.circumstances.append(
            CaseCircumstance(
                id=derived_id(case_id, "circumstance", value, record["meeting"]["held_on"]),
                case_id=case_id,
                circumstance=Circumstance(value),
                since=None,  # known at this meeting; when it began is not in the record
                notes="Recorded at the meeting this was imported from.",
            )
        )
    check_fits(case)
    return case


def _case_dates(case: Case, record: dict[str, Any]) -> None:
    """The case's own dates (``CASE_DATES``) the record carries, each by name: a record
    made before a date travelled does not name it, and leaves the case's as it is."""
    dates = record["case"].get("dates") or {}
    for name in CASE_DATES:
        if name in dates:
            setattr(case, name, day_from(dates[name]))


def refresh_case(case: Case, record: dict[str, Any]) -> None:
    """Bring the case's child details and circumstances up to this (newest) record.

    Only the newest meeting of a case speaks for how things stand now; the caller decides
    which that is. A circumstance the record no longer lists is ended the day before the
    meeting, never deleted: the dates drive the schedule and the chair rules.
    """
    child = record["case"]["child"]
    case.child_given_name = child["given_name"]
    case.child_family_name = child["family_name"]
    case.child_preferred_name = child["preferred_name"]
    case.date_of_birth = day_from(child["date_of_birth"])
    case.gender = child["gender"]
    case.first_language = child["first_language"]
    _case_dates(case, record)
    held_on = date.fromisoformat(record["meeting"]["held_on"])
    listed = {Circumstance(v) for v in record["case"]["circumstances"]}
    active = case.active_circumstances(held_on)
    for row in case.circumstances:
        ended = row.circumstance not in listed and row.circumstance in active
        if ended and (row.since is None or row.since < held_on):
            row.until = held_on - timedelta(days=1)
    for value in sorted(listed - active):
        case.circumstances.append(
            CaseCircumstance(
                id=derived_id(case.id, "circumstance", value.value, held_on.isoformat()),
                case_id=case.id,
                circumstance=value,
                since=held_on,
                notes="Recorded at the meeting this was imported from.",
            )
        )


# --- the meeting ---------------------------------------------------------------------------


def restore_meeting(
    session: Session,
    record: dict[str, Any],
    case_id: str,
    previous_plan_id: str | None,
    *,
    with_plan: bool = True,
    files: Mapping[str, bytes] | None = None,
    also: Sequence[Base] = (),
) -> None:
    """Add the record's meeting, with every part, and the plan it made; written.

    In two steps, for a reason: a signed meeting refuses new parts once stored
    (``cinchair.store.finality``). So the meeting is filed as a draft with its parts and plan;
    then it is marked signed as the record says, and its consents and signatures go in.
    The audit trail shows exactly that: the import filing the meeting, then marking it
    signed. The rows go in with ``BulkWriter`` (each row audited as a flush would; all
    written together at the end, so the marking is made to the meeting's row before it
    is written), not through the session: a flush of forty-odd objects cost more than
    opening and checking the whole bundle. They are not in the session's identity map:
    read them back with a query. ``with_plan=False`` when the plan is already filed (a
    correction carrying the plan of the version it corrects). ``files`` are the bundle's
    files: the child's attachments are among them (``open_bundle`` has checked each
    against the record). ``also``: other new rows that go in with the meeting (a new
    case, the import's bookkeeping row), written and audited in the same batch.
    """
    meeting = meeting_from_record(record, case_id)
    meeting.attachments = [
        attachment_from_record(a, meeting.id, order, files or {})
        for order, a in enumerate(record.get("attachments", []))
    ]
    plan = plan_from_record(record, case_id, previous_plan_id) if with_plan else None
    consents = consents_from_record(record, meeting.id)
    signatures = [signature_from_record(s, meeting.id) for s in record["signatures"]]
    parts = [*meeting.participants, *meeting.child_voice, *meeting.contributions]
    parts += meeting.attachments
    parts += [*meeting.scaling_scores, *([meeting.decision] if meeting.decision else [])]
    if plan is not None:
        parts += [plan, *plan.outcomes, *(a for o in plan.outcomes for a in o.actions)]
    check_fits(meeting, *parts, *consents, *signatures)
    writer = BulkWriter(session)
    writer.insert([*also, meeting, *parts])
    status = MeetingStatus(record["signing"]["status"])
    writer.update(
        Meeting,
        meeting.id,
        status=status,
        signed_at=moment_from(record["signing"]["signed_at"]),
        # the case as it was signed, from the record itself: a case corrected here later
        # (or refreshed by a newer meeting's record) never changes what this one shows
        case_at_signing=copy.deepcopy(record["case"]) if status is MeetingStatus.SIGNED else None,
    )
    writer.insert([*consents, *signatures])
    writer.finish()


# --- the plan ------------------------------------------------------------------------------


def plan_from_record(
    record: dict[str, Any], case_id: str, previous_id: str | None
) -> PlanVersion | None:
    """The plan version the meeting made, or None; ``previous_id`` is the council's row
    for ``plan.previous_number`` (the record names the previous version by number)."""
    p = record["plan"]
    if p is None:
        return None
    plan_id = p["id"]
    plan = PlanVersion(
        id=plan_id,
        case_id=case_id,
        number=p["number"],
        previous_id=previous_id,
        made_at_meeting_id=record["meeting"]["id"],
        agreed_at=moment_from(p["agreed_at"]),
        starts_on=date.fromisoformat(p["starts_on"]),
        lead_professional_name=p["lead_professional"]["name"],
        lead_professional_role=p["lead_professional"]["role"],
        visit_every_days=p["visit_every_days"],
        visit_arrangements=p["visit_arrangements"],
        contingency_plan=p["contingency_plan"],
        plan_end_target=day_from(p["plan_end_target"]),
        length_reason=p["length_reason"],
    )
    for order, o in enumerate(p["outcomes"]):
        outcome_id = derived_id(plan_id, "outcome", o["lineage_id"], str(order))
        outcome = PlanOutcome(
            id=outcome_id,
            plan_version_id=plan_id,
            lineage_id=o["lineage_id"],
            need=o["need"],
            outcome=o["outcome"],
            progress_measure=o["progress_measure"],
            sort_order=order,
        )
        outcome.actions = [
            PlanAction(
                id=derived_id(plan_id, "action", a["lineage_id"], str(i)),
                outcome_id=outcome_id,
                lineage_id=a["lineage_id"],
                what=a["what"],
                owner_name=a["owner_name"],
                owner_role=a["owner_role"],
                due_on=day_from(a["due_on"]),
                status=ActionStatus(a["status"]),
                progress_note=a["progress_note"],
                sort_order=i,
            )
            for i, a in enumerate(o["actions"])
        ]
        plan.outcomes.append(outcome)
    return plan


def plan_by_number(session: Session, case_id: str, number: int) -> PlanVersion | None:
    return session.scalars(
        select(PlanVersion).where(PlanVersion.case_id == case_id, PlanVersion.number == number)
    ).first()
