"""The laptop's export: each signed meeting not yet acknowledged, as one ``.cinsync`` file.

A bundle carries the meeting record (the documented JSON format) and the documents
rendered from it: minutes and plan, the agencies' and the family's copies, PDF and DOCX,
so the council has them exactly as the chair produced them.

Exporting is repeatable. Every export writes every signed meeting the council has not
acknowledged, to the same file name each time (so a folder never holds two copies of one
meeting), and the importer deduplicates on (meeting id, fingerprint), so the same meeting
exported twice imports as one. A meeting acknowledged by a receipt is not exported again,
unless a signature was added since (a "to sign later" person signed): then the later
export carries the new signature to the council.

``sync_state`` remembers, per meeting, the fingerprint and signatures last exported; a
receipt naming exactly those marks the meeting synced (``cinchair.sync.receipts``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cinchair import __version__
from cinchair.app.files import CannotWrite, write_atomically
from cinchair.model import Meeting, MeetingStatus, ReceivedMeeting, SyncState, utcnow
from cinchair.record import attachment_files, build_record, fingerprint
from cinchair.store.audit_anchor import chain_head
from cinchair.store.facade import Store
from cinchair.sync.bundle.bundle import BUNDLE_SUFFIX, make_bundle
from cinchair.sync.keys.keys import CouncilPublicKey, DeviceKey
from cinchair.sync.receipts import signatures_digest

Progress = Callable[[int, int, str], None]
Cancelled = Callable[[], bool]


def render_documents(record: dict[str, Any], produced_at: datetime) -> dict[str, bytes]:
    """Minutes and plan, both copies, PDF and DOCX, in memory under plain bundle names.

    Rendered to bytes, never to a temporary file: the documents are about a child, and a
    stray temporary file is exactly the leak the sealing exists to prevent.
    """
    from cinchair.documents import Copy, Document, build_context, template_for
    from cinchair.documents.pdf import render_pdf
    from cinchair.documents.word import render_docx

    files: dict[str, bytes] = {}
    for document in Document:
        if document is Document.PLAN and record["plan"] is None:
            continue
        template = template_for(record["council"]["profile_id"], document)
        for copy in Copy:
            context = build_context(record, document, copy, produced_at)
            stem = f"{document.value}-{copy.value}"
            files[f"{stem}.pdf"] = render_pdf(context)
            files[f"{stem}.docx"] = render_docx(context, template)
    return files


def bundle_name(record: dict[str, Any]) -> str:
    """``<case reference>_<date>_<meeting id start>.cinsync``: never the child's name, since
    file names show in folder listings and on USB sticks, outside the seal."""
    from cinchair.documents.render import _slug

    meeting = record["meeting"]
    return f"{_slug(record['case']['reference'])}_{meeting['held_on']}_{meeting['id'][:8]}" + (
        BUNDLE_SUFFIX
    )


# --- what to export ------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingSync:
    """Where one signed meeting stands on its way to the council (for the UI's list)."""

    meeting_id: str
    case_reference: str
    held_on: date
    state: str  # "not exported", "awaiting receipt", "synced", "signatures added", "cleared"
    exported_at: datetime | None
    acknowledged_at: datetime | None

    @property
    def synced(self) -> bool:
        return self.state == "synced"


def _state_of(record: dict[str, Any] | None, state: SyncState | None) -> str:
    if state is not None and state.cleared_at is not None:
        return "cleared"
    if state is None or state.exported_at is None:
        return "not exported"
    if state.acknowledged_at is None:
        return "awaiting receipt"
    if record is not None and signatures_digest(record) != state.acknowledged_signatures:
        return "signatures added"
    return "synced"


def sync_status(session: Session) -> list[MeetingSync]:
    """Every signed meeting on this laptop, and every cleared one, with its sync state."""
    states = {s.meeting_id: s for s in session.scalars(select(SyncState))}
    rows = []
    # Meetings a case pack brought are the council's already: never this laptop's to send.
    received = select(ReceivedMeeting.meeting_id)
    signed = session.scalars(
        select(Meeting)
        .where(Meeting.status == MeetingStatus.SIGNED, Meeting.id.not_in(received))
        .order_by(Meeting.held_on, Meeting.id)
    ).all()
    for meeting in signed:
        state = states.pop(meeting.id, None)
        # Only an acknowledged meeting needs its record: to see a signature added since.
        acknowledged = state is not None and state.acknowledged_at is not None
        record = build_record(session, meeting.id) if acknowledged else None
        rows.append(
            MeetingSync(
                meeting.id,
                meeting.case.case_ref,
                meeting.held_on,
                _state_of(record, state),
                state.exported_at if state else None,
                state.acknowledged_at if state else None,
            )
        )
    for state in states.values():  # cleared, or gone some other way
        rows.append(
            MeetingSync(
                state.meeting_id,
                state.case_reference,
                state.held_on,
                "cleared" if state.cleared_at else "gone",
                state.exported_at,
                state.acknowledged_at,
            )
        )
    return sorted(rows, key=lambda r: (r.held_on, r.meeting_id))


def meetings_to_export(session: Session) -> list[str]:
    """Signed meetings the council has not acknowledged (or that gained signatures since)."""
    return [
        row.meeting_id
        for row in sync_status(session)
        if row.state in ("not exported", "awaiting receipt", "signatures added")
    ]


# --- exporting -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportedBundle:
    meeting_id: str
    case_reference: str
    held_on: str
    path: Path
    fingerprint: str
    size: int


@dataclass
class ExportSummary:
    exported: list[ExportedBundle] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # plain words, one per meeting
    cancelled: bool = False
    not_reached: int = 0  # meetings a cancel or a full disk left for next time

    @property
    def folder(self) -> Path | None:
        """Where the bundles were written (one folder per export), None if none was."""
        return self.exported[0].path.parent if self.exported else None

    @property
    def next_step(self) -> str:
        """What the chair does with the bundles, in words: an export alone syncs nothing."""
        if not self.exported:
            return ""
        files = "this file" if len(self.exported) == 1 else "these files"
        return (
            f"Take {files} to your council's admin; when they send back a receipt, load it "
            "with Case > Load the council's receipt…"
        )

    def lines(self) -> list[str]:
        count = len(self.exported)
        out = [f"{count} meeting exported" if count == 1 else f"{count} meetings exported"]
        out += [f"  {b.path}" for b in self.exported]
        out += [f"not exported: {p}" for p in self.problems]
        if self.cancelled:
            out.append(f"cancelled: {self.not_reached} meeting(s) left for the next export")
        elif self.not_reached:
            out.append(f"stopped: {self.not_reached} meeting(s) left for the next export")
        return out


def export_meetings(
    store: Store,
    out_dir: Path,
    *,
    device: DeviceKey,
    council: CouncilPublicKey,
    meeting_ids: Sequence[str] | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> ExportSummary:
    """Write one sealed bundle per meeting into ``out_dir``; by default every meeting due.

    Each bundle is written atomically before ``sync_state`` records it, so a crash or a
    pulled USB stick leaves either a whole bundle or none, and at worst a meeting exported
    again next time (harmless: it imports as one). A full or read-only disk stops the run
    with the reason; what was written stays valid.
    """
    progress = progress or (lambda done, total, name: None)
    cancelled = cancelled or (lambda: False)
    with store.reading() as session:
        ids = list(meeting_ids) if meeting_ids is not None else meetings_to_export(session)
    summary = ExportSummary()
    for done, meeting_id in enumerate(ids):
        if cancelled():
            summary.cancelled, summary.not_reached = True, len(ids) - done
            break
        progress(done, len(ids), meeting_id[:8])
        try:
            summary.exported.append(_export_one(store, out_dir, meeting_id, device, council, clock))
        except CannotWrite as exc:
            summary.problems.append(str(exc))
            summary.not_reached = len(ids) - done - 1
            break
        except _NotExportable as exc:
            summary.problems.append(str(exc))
    progress(len(ids) - summary.not_reached, len(ids), "")
    return summary


class _NotExportable(ValueError):
    pass


def _export_one(
    store: Store,
    out_dir: Path,
    meeting_id: str,
    device: DeviceKey,
    council: CouncilPublicKey,
    clock: Callable[[], datetime],
) -> ExportedBundle:
    from cinchair.documents import TemplateProblem

    with store.reading() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise _NotExportable(f"meeting {meeting_id[:8]}: there is no such meeting")
        if session.get(ReceivedMeeting, meeting_id) is not None:
            raise _NotExportable(
                f"the {meeting.kind.value} of {meeting.held_on:%d %b %Y} (case "
                f"{meeting.case.case_ref}) came from the council in a case pack; the council "
                "has it already, so it is not sent back"
            )
        if meeting.status is not MeetingStatus.SIGNED:
            raise _NotExportable(
                f"the {meeting.kind.value} of {meeting.held_on:%d %b %Y} (case "
                f"{meeting.case.case_ref}) is not signed yet; only signed minutes are sent"
            )
        record = build_record(session, meeting_id)
        attached = attachment_files(session, meeting_id)
    now = clock().replace(microsecond=0)
    try:
        files = render_documents(record, now)
    except TemplateProblem as exc:
        raise _NotExportable(f"case {record['case']['reference']}: {exc}") from exc
    files.update(attached)  # what the child gave, byte for byte, beside the record
    with store.reading() as session:  # the chain head, anchored in the signed manifest
        head = chain_head(session)
    data = make_bundle(
        record=record,
        files=files,
        device=device,
        council=council,
        app_version=__version__,
        exported_at=now,
        audit_head=head.as_json(),
    )
    path = write_atomically(Path(out_dir) / bundle_name(record), data)
    with store.transaction() as session:
        state = session.get(SyncState, meeting_id)
        if state is None:
            state = SyncState(
                meeting_id=meeting_id,
                case_reference=record["case"]["reference"],
                held_on=date.fromisoformat(record["meeting"]["held_on"]),
            )
            session.add(state)
        state.exported_fingerprint = fingerprint(record)
        state.exported_signatures = signatures_digest(record)
        state.exported_at = now
    return ExportedBundle(
        meeting_id,
        record["case"]["reference"],
        record["meeting"]["held_on"],
        path,
        fingerprint(record),
        len(data),
    )
