"""The council's bookkeeping of what it received: one row per bundle that said something new.

Every bundle filed, held or taken as a later export becomes an ``imported_bundles`` row
keeping the record, the manifest and the laptop's signature exactly as they came
(``record_json``, ``manifest_json``, ``manifest_sig``), so provenance can be checked
again at any time (``cinchair.sync.provenance``). A row is never rewritten by a later
bundle: a later export of the same meeting is a row of its own.

A held record (one that clashes with what is filed) also keeps the files the child gave:
it has no meeting to file them under, and the laptop may clear its copy once the receipt
names the record.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cinchair.model import (
    BundleStatus,
    Case,
    HeldAttachment,
    ImportedBundle,
    SyncConflict,
)
from cinchair.sync.bundle.bundle import OpenedBundle
from cinchair.sync.conflicts import Clash


def received_row(
    session: Session, meeting_id: str, fingerprint: str, digest: str | None = None
) -> ImportedBundle | None:
    """The row of a record already received: the same content and, if given, the same
    signatures (``digest``); without ``digest``, the filed row first if there is one."""
    query = select(ImportedBundle).where(
        ImportedBundle.meeting_id == meeting_id, ImportedBundle.fingerprint == fingerprint
    )
    if digest is not None:
        query = query.where(ImportedBundle.signatures_digest == digest)
    rows = session.scalars(query).all()
    filed = [r for r in rows if r.status is BundleStatus.IMPORTED]
    first = filed or list(rows)
    return first[0] if first else None


def bundle_row(
    opened: OpenedBundle,
    digest: str,
    case_id: str | None,
    status: BundleStatus,
    *,
    imported_by: str,
    imported_at: datetime,
) -> ImportedBundle:
    """The bookkeeping row of ``opened``, keeping what arrived as it arrived."""
    record = opened.record
    meeting = record["meeting"]
    return ImportedBundle(
        meeting_id=opened.meeting_id,
        fingerprint=opened.fingerprint,
        signatures_digest=digest,
        version=meeting["version"],
        previous_version_id=meeting["previous_version_id"],
        case_id=case_id,
        case_reference=record["case"]["reference"],
        profile_id=record["council"]["profile_id"],
        held_on=datetime.fromisoformat(meeting["held_on"]).date(),
        kind=meeting["kind"],
        chair_name=meeting["chair"]["name"],
        device_id=opened.device_id,
        device_label=opened.device_label,
        exported_at=opened.exported_at,
        imported_at=imported_at,
        imported_by=imported_by,
        status=status,
        record_json=opened.record_text,
        manifest_json=opened.manifest_text or None,
        manifest_sig=opened.manifest_signature or None,
    )


def hold(
    session: Session,
    opened: OpenedBundle,
    digest: str,
    case: Case | None,
    clash: Clash,
    *,
    imported_by: str,
    at: datetime,
) -> str:
    """Keep ``opened`` whole beside what is filed, with a conflict for a person; the
    message for the summary. Nothing filed is changed."""
    case_id = case.id if case is not None else None
    row = bundle_row(
        opened, digest, case_id, BundleStatus.CONFLICT, imported_by=imported_by, imported_at=at
    )
    row.note = clash.detail
    session.add(row)
    session.flush()
    session.add(
        SyncConflict(
            case_id=case_id,
            case_reference=opened.record["case"]["reference"],
            kind=clash.kind,
            filed_meeting_id=clash.filed_meeting_id,
            filed_device_id=clash.filed_device_id,
            held_bundle_id=row.id,
            held_meeting_id=opened.meeting_id,
            held_device_id=opened.device_id,
            detail=clash.detail,
            found_at=at,
            found_by=imported_by,
        )
    )
    kept = keep_held_files(session, row, opened)
    session.flush()
    given = f", with the {kept} file(s) the child gave" if kept else ""
    return f"held for a person to resolve{given}: {clash.detail}"


def keep_held_files(session: Session, row: ImportedBundle, opened: OpenedBundle) -> int:
    """Keep the files the child gave that a held record carries; how many were new.

    ``open_bundle`` has checked each against the record's list (name, size, SHA-256).
    Files already kept for ``row`` are left alone: the same record again stores nothing
    twice, and one held before the council kept files (before migration 0006) gets them
    from a re-import.
    """
    from cinchair.record.build import attachment_file_name

    have = set(
        session.scalars(
            select(HeldAttachment.file_name).where(HeldAttachment.held_bundle_id == row.id)
        )
    )
    added = 0
    for listed in opened.record.get("attachments", []):
        name = attachment_file_name(listed)
        if name in have:
            continue
        have.add(name)
        session.add(
            HeldAttachment(
                held_bundle_id=row.id,
                attachment_id=listed["id"],
                file_name=name,
                sha256=listed["sha256"],
                data=bytes(opened.files[name]),
            )
        )
        added += 1
    return added
