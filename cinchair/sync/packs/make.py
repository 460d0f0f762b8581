"""The council's side of a case pack: choosing cases, and making the pack for one laptop.

Two plain functions for the command line and the admin's window alike:

* ``cases_for_pack(store, selection)``: the cases a selection finds in the council store
  (named case references, the cases a chair last chaired, the cases of a team (the team
  of the chair of the case's latest filed meeting), or the reviews due within N weeks:
  the admin report's own list), as plain rows to show and tick;
* ``pack_teams(store)``: the teams a selection by team can name, for a list to choose from;
* ``make_case_pack(store, desk, laptop, case_refs)``: the sealed pack's bytes.

What a case carries: every signed meeting the council holds for it, as the record the
council would render (``build_record``), with the files the child gave. From those the
laptop has the case and the child, the last signed plan with its open actions, the people
of the last meeting and the scaling history, with the same ids as everywhere else, so its
next review carries the plan forward as if the meetings had been held on it.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cinchair.app.errors import ActionableError
from cinchair.app.files import write_atomically
from cinchair.model import Case, Meeting, MeetingStatus, utcnow
from cinchair.record.build import CASE_DATES, attachment_files, build_record
from cinchair.record.format import canonical_json, fingerprint
from cinchair.store.facade import Store
from cinchair.sync.bundle.inner_zip import write_inner_zip
from cinchair.sync.council import CouncilDesk
from cinchair.sync.keys.keys import KeyProblem, iso_utc, key_id
from cinchair.sync.packs.format import (
    MANIFEST_NAME,
    MAX_PACK_BYTES,
    PACK_FORMAT,
    PACK_FORMAT_VERSION,
    PACK_FORMAT_VERSION_WITHOUT_DATES,
    PACK_LIMITS,
    PACK_SUFFIX,
    SIGNATURE_NAME,
    record_file_name,
)
from cinchair.sync.packs.sealing import seal_to_laptop


class PackProblem(ActionableError, ValueError):
    """A pack that cannot be made, in words the admin can act on; nothing was written."""


class PackCancelled(PackProblem):
    """The admin cancelled between cases; nothing was written."""


@dataclass(frozen=True)
class PackSelection:
    """Which cases to pack: named references, a chair's cases, a team's, or reviews due soon.

    Give one kind (the command line and the window ask for one). ``today`` anchors
    ``due_within_weeks`` (the admin report's idea of due and overdue). A case belongs to
    the team of the chair of its latest filed meeting: the team that holds it now, as the
    admin report's Team column says (a case moves team when another team's chair holds
    its next review).
    """

    case_refs: tuple[str, ...] = ()
    chair: str | None = None
    team: str | None = None
    due_within_weeks: int | None = None
    today: date | None = None


@dataclass(frozen=True)
class PackCase:
    """One case a selection found, as the admin sees it before packing."""

    reference: str
    profile_id: str
    signed_meetings: int
    last_meeting: date | None
    last_chair: str | None
    next_due: date | None
    state: str
    last_team: str | None = None


def cases_for_pack(store: Store, selection: PackSelection) -> list[PackCase]:
    """The cases ``selection`` finds in the council store, most urgent review first.

    ``PackProblem`` for a named case the store does not hold, or a selection that names
    nothing; an empty list where a chair or a period simply finds no case.
    """
    chosen = [bool(selection.case_refs), selection.chair is not None]
    chosen += [selection.team is not None, selection.due_within_weeks is not None]
    if sum(chosen) != 1:
        raise PackProblem(
            "choose the cases one way: by case reference, by chair, by team, or the reviews "
            "due within a number of weeks"
        )
    if selection.due_within_weeks is not None and selection.due_within_weeks < 0:
        raise PackProblem("the number of weeks must be 0 or more")
    today = selection.today or date.today()
    rows = _all_rows(store, today)
    if selection.case_refs:
        wanted = list(dict.fromkeys(selection.case_refs))
        unknown = [ref for ref in wanted if ref not in {r.reference for r in rows}]
        if unknown:
            raise PackProblem(
                f"the council store holds no case {', '.join(unknown)}: check the reference"
            )
        return [r for r in rows if r.reference in wanted]
    if selection.chair is not None:
        name = selection.chair.strip().casefold()
        if not name:
            raise PackProblem("give the chair's name")
        return [r for r in rows if (r.last_chair or "").strip().casefold() == name]
    if selection.team is not None:
        team = selection.team.strip().casefold()
        if not team:
            raise PackProblem("give the team's name")
        return [r for r in rows if (r.last_team or "").strip().casefold() == team]
    weeks = selection.due_within_weeks or 0
    horizon = today + timedelta(weeks=weeks)
    due = [r for r in rows if r.next_due is not None and r.next_due <= horizon]
    due = [r for r in due if r.state != "closed"]
    return sorted(due, key=lambda r: (r.next_due or date.max, r.reference))


def pack_teams(store: Store, today: date | None = None) -> list[str]:
    """The teams that hold a case (as a selection by team counts them), sorted by name."""
    rows = _all_rows(store, today or date.today())
    teams = {r.last_team.strip(): None for r in rows if r.last_team and r.last_team.strip()}
    return sorted(teams, key=str.casefold)


def _all_rows(store: Store, today: date) -> list[PackCase]:
    from cinchair.cases.report import admin_report

    with store.reading() as session:
        report = {line.case_reference: line for line in admin_report(session, today).cases}
        cases = session.scalars(select(Case).order_by(Case.case_ref)).all()
        return [_row(session, case, report.get(case.case_ref)) for case in cases]


def _row(session: Session, case: Case, line: Any) -> PackCase:
    signed = _signed_meetings(session, case)
    last = signed[-1] if signed else None
    return PackCase(
        reference=case.case_ref,
        profile_id=case.profile_id,
        signed_meetings=len(signed),
        last_meeting=last.held_on if last else None,
        last_chair=last.chair_name if last else None,
        last_team=last.chair_team if last else None,
        next_due=line.next_due if line is not None else None,
        state=line.state if line is not None else "unknown",
    )


def _signed_meetings(session: Session, case: Case) -> list[Meeting]:
    return list(
        session.scalars(
            select(Meeting)
            .where(Meeting.case_id == case.id, Meeting.status == MeetingStatus.SIGNED)
            .order_by(Meeting.held_on, Meeting.version, Meeting.id)
        )
    )


def make_case_pack(
    store: Store,
    desk: CouncilDesk,
    laptop_device_id: str,
    case_refs: Sequence[str],
    *,
    made_by: str,
    app_version: str | None = None,
    now: datetime | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> bytes:
    """The sealed case pack of ``case_refs`` for one laptop; ``PackProblem`` in words.

    The laptop must be on the council's trust list with a sealing key (trusted from the
    full line ``cinchair keys device`` prints). Each case must hold at least one signed
    meeting: a pack brings what was decided, never a draft.

    ``progress(done, total, reference)`` is told before each case; ``cancelled()`` is
    asked between cases (``PackCancelled``): the pack is built in memory and written by
    the caller, so stopping anywhere before the end leaves nothing behind.
    """
    from cinchair import __version__

    if not case_refs:
        raise PackProblem("choose at least one case to pack")
    try:
        entry, sealing_raw = desk.trust_list().sealing_key_for(laptop_device_id)
    except KeyProblem as exc:
        raise PackProblem(str(exc)) from exc
    payload: dict[str, bytes] = {}
    cases: list[dict[str, Any]] = []
    wanted = list(dict.fromkeys(case_refs))
    with store.reading() as session:
        for done, ref in enumerate(wanted):
            if cancelled is not None and cancelled():
                raise PackCancelled(f"cancelled after {done} of {len(wanted)} case(s)")
            if progress is not None:
                progress(done, len(wanted), ref)
            cases.append(_pack_case(session, ref, payload))
    if progress is not None:
        progress(len(wanted), len(wanted), "sealing the pack")
    manifest = {
        "format": PACK_FORMAT,
        "format_version": (
            PACK_FORMAT_VERSION
            if any("dates" in case for case in cases)
            else PACK_FORMAT_VERSION_WITHOUT_DATES
        ),
        "app_version": app_version or __version__,
        "pack_id": str(uuid.uuid4()),
        "made_at": iso_utc(now or utcnow()),
        "made_by": (made_by or "council admin").strip()[:300],
        "council_key_id": desk.sealing.key_id,
        "signing_key_id": desk.receipts.public.key_id,
        "laptop": {"device_id": entry.device_id, "sealing_key_id": key_id(sealing_raw)},
        "cases": cases,
        "files": {
            name: {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
            for name, content in sorted(payload.items())
        },
    }
    _check_within_limits(payload)
    manifest_bytes = canonical_json(manifest)
    inner = write_inner_zip(
        {MANIFEST_NAME: manifest_bytes, SIGNATURE_NAME: desk.receipts.sign(manifest_bytes)}
        | payload
    )
    sealed = seal_to_laptop(inner, sealing_raw)
    if len(sealed) > MAX_PACK_BYTES:
        raise PackProblem(
            f"the pack would be {len(sealed):,} bytes, over the {MAX_PACK_BYTES:,} limit: "
            "pack fewer cases at a time"
        )
    return sealed


def _pack_case(session: Session, reference: str, payload: dict[str, bytes]) -> dict[str, Any]:
    found = session.scalars(select(Case).where(Case.case_ref == reference)).all()
    if not found:
        raise PackProblem(f"the council store holds no case {reference}: check the reference")
    if len(found) > 1:
        councils = ", ".join(sorted(c.profile_id for c in found))
        raise PackProblem(
            f"case reference {reference} is held under more than one council ({councils}); "
            "this store should hold one council's cases"
        )
    case = found[0]
    meetings = _signed_meetings(session, case)
    if not meetings:
        raise PackProblem(
            f"case {reference} has no signed meeting at the council yet: there is nothing to "
            "carry forward"
        )
    listed = []
    for meeting in meetings:
        record = build_record(session, meeting.id)
        name = record_file_name(meeting.id)
        payload[name] = canonical_json(record)
        payload.update(attachment_files(session, meeting.id))
        listed.append(
            {
                "meeting_id": meeting.id,
                "version": meeting.version,
                "previous_version_id": meeting.previous_version_id,
                "held_on": meeting.held_on.isoformat(),
                "fingerprint": fingerprint(record),
                "file": name,
            }
        )
    packed: dict[str, Any] = {
        "reference": case.case_ref,
        "profile_id": case.profile_id,
        "meetings": listed,
    }
    # The council's own dates for the case: a signed record keeps the case as it was at
    # signing, so a date filed from a later record or set here travels only this way.
    dates = {name: _iso(getattr(case, name)) for name in CASE_DATES}
    if any(dates.values()):
        packed["dates"] = dates
    return packed


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _check_within_limits(payload: dict[str, bytes]) -> None:
    """Refuse to make what the laptop would refuse to open."""
    if len(payload) + 2 > PACK_LIMITS.max_entries:
        raise PackProblem(
            f"the pack would hold {len(payload)} files, more than a laptop opens "
            f"({PACK_LIMITS.max_entries - 2}): pack fewer cases at a time"
        )
    for name, content in payload.items():
        if len(content) > PACK_LIMITS.max_file_bytes:
            raise PackProblem(f"{name} is over the {PACK_LIMITS.max_file_bytes:,}-byte limit")
    if sum(len(c) for c in payload.values()) > PACK_LIMITS.max_total_bytes:
        raise PackProblem("the cases together are too large for one pack: pack fewer at a time")


def pack_file_name(laptop_device_id: str, made_at: datetime) -> str:
    """``cases-for-<device>-<yyyymmdd-hhmmss>.cinpack``: no child's name in a file name."""
    return f"cases-for-{laptop_device_id}-{made_at:%Y%m%d-%H%M%S}{PACK_SUFFIX}"


def write_case_pack(path: Path, sealed: bytes) -> Path:
    """Write the pack all or nothing (a full disk leaves no half file)."""
    return write_atomically(Path(path), sealed)
