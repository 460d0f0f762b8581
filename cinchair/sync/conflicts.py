"""When two records of one case cannot both be filed, and what a person does about it.

The rule, kept simple so an admin can predict it: a received meeting **clashes** with a
meeting already filed in its case when it is not a version of that meeting (neither
lies on the other's ``previous_version_id`` chain) and

* it was held on the **same day** (two corrections of one meeting count: only one can
  be the next version), or
* it made the **same plan version number** (both amend plan version N-1, or both start
  a first plan: the laptops did not know of each other's meeting).

A case's own laptop numbers its plans in order and never holds two meetings on one day,
so a clash means two laptops (or a laptop rebuilt from scratch) worked on one child
without each other's record. Neither is "right" by arrival order, so the first to arrive
stays filed, the second is **held**, and a ``sync_conflicts`` row waits for a person.
Nothing filed is ever overwritten: signed minutes are final.

What is held is everything the laptop sent that matters, because the receipt names a held
record as received and the laptop may then clear its copy:

* the record, verbatim, in ``imported_bundles.record_json`` (``held_record``);
* the files the child gave (drawings, forms, letters), byte for byte as the bundle
  carried them and ``open_bundle`` checked them against the record, in
  ``held_attachments`` under their bundle names ``attachment-<id>.<ext>``
  (``held_files``). A held record imported again stores none of them twice.

The rendered documents the bundle carried are not kept: they are re-made from the record.
``cinchair conflicts show ID --out FILE`` writes the record and, in the folder
``<FILE's name>-attachments`` beside it, the child's files, where ``cinchair render
--record FILE`` looks for them.

Resolving records who decided what and why. If the held record is the right one, the
chair records a correction of the filed meeting (a new, linked version) on the laptop;
that arrives as an ordinary new version.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cinchair.app.errors import ActionableError
from cinchair.model import (
    BundleStatus,
    Case,
    ConflictKind,
    HeldAttachment,
    ImportedBundle,
    Meeting,
    SyncConflict,
    utcnow,
)
from cinchair.store.id_start import IdNotFound, id_from_start
from cinchair.sync.locking import lock_for_writing
from cinchair.sync.restore import plan_by_number

if TYPE_CHECKING:
    from cinchair.store.facade import Store


@dataclass(frozen=True)
class Clash:
    kind: ConflictKind
    filed_meeting_id: str
    filed_device_id: str | None
    detail: str


def _filed_device(session: Session, meeting_id: str) -> str | None:
    return session.scalar(
        select(ImportedBundle.device_id).where(
            ImportedBundle.meeting_id == meeting_id,
            ImportedBundle.status == BundleStatus.IMPORTED,
        )
    )


def version_chain(session: Session, meeting_id: str | None) -> set[str]:
    """``meeting_id`` and every earlier version of it filed here."""
    chain: set[str] = set()
    while meeting_id is not None and meeting_id not in chain:
        chain.add(meeting_id)
        meeting_id = session.scalar(
            select(Meeting.previous_version_id).where(Meeting.id == meeting_id)
        )
    return chain


def find_clash(session: Session, case: Case, record: dict[str, Any]) -> Clash | None:
    """The filed meeting this record clashes with, if any (see the module's rule)."""
    meeting = record["meeting"]
    held_on = date.fromisoformat(meeting["held_on"])
    family = version_chain(session, meeting["previous_version_id"])
    same_day = session.scalars(
        select(Meeting).where(Meeting.case_id == case.id, Meeting.held_on == held_on)
    ).all()
    for other in same_day:
        if other.id in family:
            continue  # an earlier version of this very meeting
        return Clash(
            ConflictKind.SAME_DAY,
            other.id,
            _filed_device(session, other.id),
            f"The case already has a {other.kind.value} meeting on {held_on.isoformat()} "
            f"(chair {other.chair_name}) that this record is not a version of.",
        )
    plan = record["plan"]
    if plan is not None:
        taken = plan_by_number(session, case.id, plan["number"])
        # A correction may carry the very plan of the version it corrects: no clash.
        same_plan = taken is not None and taken.id == plan["id"]
        if taken is not None and not (same_plan and taken.made_at_meeting_id in family):
            filed_meeting = taken.made_at_meeting_id or ""
            return Clash(
                ConflictKind.SAME_PLAN_NUMBER,
                filed_meeting,
                _filed_device(session, filed_meeting) if filed_meeting else None,
                f"The case already has plan version {plan['number']}, made at another "
                "meeting: the two laptops each amended the plan without the other's record.",
            )
    return None


def _same_name(a: str | None, b: str | None) -> bool:
    """Names compared as a person reads them: capitals and spacing aside."""
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


def identity_clash(session: Session, case: Case, record: dict[str, Any]) -> Clash | None:
    """A clash if the record's child is not the case's child (name or date of birth).

    A case reference typed wrong on a laptop, or reused, must never move a child's
    record into another child's case, nor change whose case it is: the record is held as
    a ``child-identity`` conflict and the case is left as it is. A preferred name may
    change from one review to the next; the legal names and the date of birth may not
    (a true correction is for a person to decide).
    """
    child = record["case"]["child"]
    differences = []
    for label, filed, sent in (
        ("given name", case.child_given_name, child["given_name"]),
        ("family name", case.child_family_name, child["family_name"]),
    ):
        if not _same_name(filed, sent):
            differences.append(f"{label} {filed!r} here, {sent!r} in the record")
    sent_birth = child["date_of_birth"]
    filed_birth = case.date_of_birth.isoformat() if case.date_of_birth else None
    if filed_birth is not None and sent_birth != filed_birth:  # a date first learnt is no clash
        differences.append(
            f"date of birth {filed_birth} here, {sent_birth or 'none'} in the record"
        )
    if not differences:
        return None
    newest = session.scalars(
        select(Meeting.id)
        .where(Meeting.case_id == case.id)
        .order_by(Meeting.held_on.desc(), Meeting.created_at.desc())
        .limit(1)
    ).first()
    return Clash(
        ConflictKind.CHILD_IDENTITY,
        newest or "",
        _filed_device(session, newest) if newest else None,
        f"Case {case.case_ref} is about another child: {'; '.join(differences)}. The case "
        "was left as it is and this record is held; check the case reference on the laptop.",
    )


def held_version_of(session: Session, meeting_id: str) -> Clash | None:
    """A clash if ``meeting_id`` is only held (as a conflict), not filed."""
    held = session.scalars(
        select(ImportedBundle).where(
            ImportedBundle.meeting_id == meeting_id,
            ImportedBundle.status == BundleStatus.CONFLICT,
        )
    ).first()
    if held is None:
        return None
    return Clash(
        ConflictKind.VERSION_OF_HELD,
        meeting_id,
        held.device_id,
        "This is a later version of a record that is itself held as a conflict; it is held "
        "with it until that conflict is resolved.",
    )


# --- listing and resolving -----------------------------------------------------------------


@dataclass(frozen=True)
class ConflictRow:
    id: str
    case_reference: str
    kind: str
    detail: str
    found_at: datetime
    found_by: str
    filed_meeting_id: str
    filed_device_id: str | None
    held_meeting_id: str
    held_device_id: str
    held_on: date | None
    resolved_at: datetime | None
    resolved_by: str | None
    note: str | None


def list_conflicts(session: Session, *, waiting_only: bool = True) -> list[ConflictRow]:
    query = (
        select(SyncConflict, ImportedBundle.held_on)
        .join(ImportedBundle, ImportedBundle.id == SyncConflict.held_bundle_id)
        .order_by(SyncConflict.found_at, SyncConflict.id)
    )
    if waiting_only:
        query = query.where(SyncConflict.resolved_at.is_(None))
    return [
        ConflictRow(
            id=c.id,
            case_reference=c.case_reference,
            kind=c.kind.value,
            detail=c.detail,
            found_at=c.found_at,
            found_by=c.found_by,
            filed_meeting_id=c.filed_meeting_id,
            filed_device_id=c.filed_device_id,
            held_meeting_id=c.held_meeting_id,
            held_device_id=c.held_device_id,
            held_on=held_on,
            resolved_at=c.resolved_at,
            resolved_by=c.resolved_by,
            note=c.note,
        )
        for c, held_on in session.execute(query)
    ]


class ConflictProblem(ActionableError, ValueError):
    """A conflict that cannot be resolved as asked; the message says why."""


def held_record(session: Session, conflict_id: str) -> str:
    """The held record's JSON text, exactly as received (for rendering or reading)."""
    conflict = _conflict(session, conflict_id)
    bundle = session.get(ImportedBundle, conflict.held_bundle_id)
    assert bundle is not None  # the foreign key guarantees it
    return bundle.record_json


def held_files(session: Session, conflict_id: str) -> dict[str, bytes]:
    """The files the child gave with the held record, by the names the bundle carried.

    In the order the record lists them. Each is checked against the SHA-256 it was kept
    with, so a damaged store is said out loud rather than handed on as the child's file.
    """
    conflict = _conflict(session, conflict_id)
    rows = {
        row.file_name: row
        for row in session.scalars(
            select(HeldAttachment).where(HeldAttachment.held_bundle_id == conflict.held_bundle_id)
        )
    }
    order = listed_file_names(held_record(session, conflict.id))
    files: dict[str, bytes] = {}
    for name in sorted(rows, key=lambda n: (order.index(n) if n in order else len(order), n)):
        data = bytes(rows[name].data)
        if hashlib.sha256(data).hexdigest() != rows[name].sha256:
            raise ConflictProblem(
                f"the kept file {name} of conflict {conflict.id[:8]} no longer matches its "
                "SHA-256: the store is damaged. Restore the store from a backup, or import "
                "the held record's bundle again into a fresh store."
            )
        files[name] = data
    return files


def listed_file_names(record_text: str) -> list[str]:
    """The names of the files the child gave that a record lists, in its order."""
    from cinchair.record.build import attachment_file_name

    record = json.loads(record_text)
    return [attachment_file_name(a) for a in record.get("attachments", [])]


def _conflict(session: Session, conflict_id: str) -> SyncConflict:
    try:
        return session.get_one(
            SyncConflict, id_from_start(session, SyncConflict.id, conflict_id, "conflict")
        )
    except IdNotFound as exc:
        raise ConflictProblem(str(exc)) from None


def resolve_conflict(
    store: Store,
    conflict_id: str,
    *,
    resolved_by: str,
    note: str,
    at: datetime | None = None,
) -> ConflictRow:
    """Mark a conflict resolved, saying who decided and what (the held record stays)."""
    if not resolved_by.strip():
        raise ConflictProblem("say who resolved the conflict")
    if not note.strip():
        raise ConflictProblem(
            "say what was decided (for example 'the review on laptop 7 is right')"
        )
    with store.transaction() as session:
        session.info["actor"] = f"admin:{resolved_by.strip()}"
        lock_for_writing(session)
        conflict = _conflict(session, conflict_id)
        if conflict.resolved_at is not None:
            raise ConflictProblem(
                f"conflict {conflict.id[:8]} was resolved on "
                f"{conflict.resolved_at:%d %b %Y} by {conflict.resolved_by}"
            )
        conflict.resolved_at = at or utcnow()
        conflict.resolved_by = resolved_by.strip()
        conflict.note = note.strip()
        session.flush()
        conflict_id = conflict.id
    with store.reading() as session:
        return next(c for c in list_conflicts(session, waiting_only=False) if c.id == conflict_id)
