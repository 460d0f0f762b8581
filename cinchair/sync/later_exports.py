"""A later export of a meeting the council has filed: what it may change, and nothing more.

A signed meeting is final, but a person marked *to sign later* can still answer after
the meeting, so a laptop exports the same minutes again with that answer. The council
takes such an export only when both hold:

* it comes from **the laptop that filed the meeting** (the device of its ``imported``
  bookkeeping row). Another trusted laptop holding a copy of the record has no say over
  who signed what in the room: its export is held as a conflict;
* every difference is a **forward step**: a signature *to sign later* answered as
  *signed* or *declined*. A signature already answered that comes back still *to sign
  later* is an older export and changes nothing; anything else (an answer changed, a
  signer renamed, a signature added or missing) is held as a conflict, and nothing filed
  changes.

The export time a laptop claims plays no part: it is written by the laptop itself.
Signatures are matched by who signed and which document (the participant, or the name
where there is none), because the laptop records a late answer as a new signature row
in place of the *to sign later* one.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cinchair.model import (
    BundleStatus,
    Case,
    ConflictKind,
    ImportedBundle,
    Signature,
    SignatureStatus,
)
from cinchair.sync.bookkeeping import bundle_row, hold
from cinchair.sync.bundle.bundle import OpenedBundle
from cinchair.sync.conflicts import Clash
from cinchair.sync.meeting_rows import signature_from_record
from cinchair.sync.restore import check_fits

ANSWERED = frozenset({SignatureStatus.SIGNED, SignatureStatus.DECLINED})
_COMPARED = (
    "id",
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
)


@dataclass
class SignatureSteps:
    """How a later export's signatures stand against the filed ones."""

    # (the filed *to sign later* row, the answer that replaces it)
    forward: list[tuple[Signature, Signature]] = field(default_factory=list)
    behind: int = 0  # answered here, still *to sign later* in the export: an older export
    rewritten: list[str] = field(default_factory=list)  # each change that is not allowed


def _signer(row: Signature) -> tuple[str, str]:
    who = f"participant {row.participant_id}" if row.participant_id else row.signer_name
    return who, row.document.value


def _same(filed: Signature, sent: Signature) -> bool:
    return all(getattr(filed, name) == getattr(sent, name) for name in _COMPARED)


def signature_steps(
    filed: Sequence[Signature], sent_records: Sequence[dict[str, Any]], meeting_id: str
) -> SignatureSteps:
    """Compare the filed signatures of a meeting with those a later export carries."""
    steps = SignatureSteps()
    by_signer: dict[tuple[str, str], list[Signature]] = defaultdict(list)
    for row in filed:
        by_signer[_signer(row)].append(row)
    sent_by_signer: dict[tuple[str, str], list[Signature]] = defaultdict(list)
    for record in sent_records:
        row = signature_from_record(record, meeting_id)
        sent_by_signer[_signer(row)].append(row)
    for key in sorted(set(by_signer) | set(sent_by_signer)):
        here, sent = by_signer.get(key, []), sent_by_signer.get(key, [])
        who = f"{key[0]} on the {key[1]}"
        if len(here) != 1 or len(sent) != 1:
            if not here:
                steps.rewritten.append(f"a signature by {who} that the filed meeting lacks")
            elif not sent:
                steps.rewritten.append(f"the signature by {who} is missing")
            else:
                steps.rewritten.append(f"the signatures by {who} differ in number")
            continue
        old, new = here[0], sent[0]
        if _same(old, new):
            continue
        if old.status is SignatureStatus.TO_SIGN_LATER and new.status in ANSWERED:
            steps.forward.append((old, new))
        elif old.status in ANSWERED and new.status is SignatureStatus.TO_SIGN_LATER:
            steps.behind += 1
        else:
            steps.rewritten.append(
                f"{who}: filed as {old.status.value} ({old.signer_name}), sent as "
                f"{new.status.value} ({new.signer_name})"
            )
    return steps


def take_later_export(
    session: Session,
    opened: OpenedBundle,
    digest: str,
    filed: ImportedBundle,
    *,
    imported_by: str,
    at: datetime,
) -> tuple[str, str]:
    """File a later export of the meeting ``filed`` records: ``("duplicate" | "conflict",
    the words for the summary's note or message)``.

    Taken (its forward steps applied, kept as a ``signatures`` row) only from the laptop
    that filed the meeting and only when every difference is a forward step; otherwise
    held, and the filed meeting is left exactly as it was.
    """
    case = session.get(Case, filed.case_id) if filed.case_id else None
    if opened.device_id != filed.device_id:
        clash = Clash(
            ConflictKind.SIGNATURES_REWRITTEN,
            filed.meeting_id,
            filed.device_id,
            f"{opened.device_label} (device {opened.device_id}) sent signatures for a meeting "
            f"filed from {filed.device_label} (device {filed.device_id}). Only the laptop "
            "that filed a meeting may add its late signatures, so the filed signatures were "
            "kept and this export is held beside them.",
        )
        return "conflict", hold(
            session, opened, digest, case, clash, imported_by=imported_by, at=at
        )
    rows = session.scalars(select(Signature).where(Signature.meeting_id == filed.meeting_id))
    steps = signature_steps(list(rows), opened.record["signatures"], filed.meeting_id)
    if json.loads(filed.record_json)["signing"] != opened.record["signing"]:
        steps.rewritten.append("the minutes' own sign-off (status or time) differs")
    if steps.rewritten:
        clash = Clash(
            ConflictKind.SIGNATURES_REWRITTEN,
            filed.meeting_id,
            filed.device_id,
            "This export changes the filed meeting's signatures in a way a late signature "
            f"cannot ({'; '.join(steps.rewritten)[:600]}). Signed minutes do not change, so "
            "the filed signatures were kept and this export is held beside them.",
        )
        return "conflict", hold(
            session, opened, digest, case, clash, imported_by=imported_by, at=at
        )
    for old, new in steps.forward:
        check_fits(new)
        if old.id == new.id:
            for name in _COMPARED[1:]:
                setattr(old, name, getattr(new, name))
        else:
            session.delete(old)
            session.add(new)
    row = bundle_row(
        opened,
        digest,
        filed.case_id,
        BundleStatus.SIGNATURES,
        imported_by=imported_by,
        imported_at=at,
    )
    taken = (
        f"took {len(steps.forward)} late signature(s) from this later export"
        if steps.forward
        else ""
    )
    older = (
        f"{steps.behind} signature(s) in it are older than those filed (an earlier export); "
        "the council keeps the answers it has"
        if steps.behind
        else ""
    )
    said = "; ".join(n for n in (taken, older) if n) or "no signature in it differs"
    row.note = said
    session.add(row)
    session.flush()
    return "duplicate", said
