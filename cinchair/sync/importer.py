"""The admin's import: bundle files in, meetings filed in the council's store.

``import_bundles`` takes files and folders, and for each bundle: opens the seal, checks
the signature against the trust list, every file's hash, the record against its schema
(all in ``open_bundle``), then files it in **one transaction**:

* the same record again (same meeting id and fingerprint) is a **duplicate**; a later
  export of it carrying more signatures adds those signatures and nothing else;
* a record whose ``previous_version_id`` names a filed meeting is filed as a **new
  version** linked to it;
* a record that clashes with a meeting already filed in the case (see
  ``cinchair.sync.conflicts``) is **held**: kept whole, with a conflict for a person to
  resolve. Nothing already filed is changed;
* anything wrong is **refused** with a reason, and nothing of it is written.

A record that builds on something the council has not received yet (an earlier version,
or the plan version it amends) waits until the end of the run and is tried again, so a
folder can be imported in any order; if it still cannot be filed it is refused with the
reason, and the laptop keeps it (no receipt names it).

Cancelling stops between bundles. Each bundle is its own transaction, so a cancelled run
leaves every bundle either fully filed or untouched. ``progress(done, total, name)`` and
``cancelled()`` are called between bundles, from the thread running the import (the
admin's window keeps itself answering from its progress callback). What the run did is
an ``ImportSummary`` (``cinchair.sync.import_summary``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from cinchair.app.files import CannotWrite, write_atomically
from cinchair.model import (
    Base,
    BundleStatus,
    Case,
    ConflictKind,
    ImportedBundle,
    Meeting,
    PlanVersion,
    utcnow,
)
from cinchair.store.facade import Store
from cinchair.sync.bookkeeping import bundle_row, hold, keep_held_files, received_row
from cinchair.sync.bundle.bundle import OpenedBundle, open_bundle
from cinchair.sync.bundle.refusals import BundleRefused
from cinchair.sync.conflicts import Clash, find_clash, held_version_of, identity_clash
from cinchair.sync.council import CouncilDesk
from cinchair.sync.import_summary import (
    CANNOT_FILE,
    CONFLICT,
    DUPLICATE,
    IMPORTED,
    REFUSED,
    STORE_BUSY,
    WAITING,
    ImportItem,
    ImportSummary,
    collect_bundle_files,
    read_bundle_file,
    shape_refusal,
)
from cinchair.sync.keys.trust_list import TrustList
from cinchair.sync.later_exports import take_later_export
from cinchair.sync.locking import lock_for_writing
from cinchair.sync.meeting_rows import RecordDoesNotFit
from cinchair.sync.receipts import signatures_digest, write_receipts
from cinchair.sync.restore import (
    find_case,
    new_case,
    plan_by_number,
    refresh_case,
    restore_meeting,
)

Progress = Callable[[int, int, str], None]
# How far ahead of the council's clock a laptop's claimed export time may be. Laptops are
# offline for weeks and their clocks drift by minutes, not hours; anything later than this
# is a clock set wrong (or a claim made up), and is refused with the reason.
CLOCK_SKEW_ALLOWANCE = timedelta(hours=1)
Cancelled = Callable[[], bool]

# --- the run -------------------------------------------------------------------------------


class _Waiting(Exception):
    """The record builds on something not received yet: try again later in the run."""


@dataclass
class _Context:
    store_source: Store | Callable[[], Store]
    desk: CouncilDesk
    trust: TrustList
    actor: str
    imported_by: str
    documents_dir: Path | None
    clock: Callable[[], datetime]
    opened_store: Store | None = None

    @property
    def store(self) -> Store:
        """The council store, opened the first time a bundle is to be filed."""
        if self.opened_store is None:
            source = self.store_source
            self.opened_store = source if isinstance(source, Store) else source()
        return self.opened_store


def import_bundles(
    store: Store | Callable[[], Store],
    paths: Sequence[Path | str],
    *,
    desk: CouncilDesk | Callable[[], CouncilDesk],
    imported_by: str,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    receipts_dir: Path | None = None,
    documents_dir: Path | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> ImportSummary:
    """Import every bundle in ``paths`` (files or folders) into ``store``.

    ``desk`` is the opened council key folder (its trust list is read once, at the start).
    ``imported_by`` names the admin in the audit trail (as ``import:<name>``) and in the
    bookkeeping. With ``receipts_dir``, a signed receipt per device is written there at the
    end (also after a cancel, for what was done). With ``documents_dir``, the minutes and
    plan each bundle carried are saved under ``<case reference>/<date>_<kind>_<id>/``.
    Raises only for problems with the whole run (a damaged trust list: ``KeyProblem``;
    receipts that cannot be written: ``CannotWrite``); every problem with a file is an item.

    Refuse before asking: ``desk`` and ``store`` may each be a function that opens them
    (asking for the council's passphrase, connecting to the store). Every file is first
    checked for the shape of a bundle, which needs no key; the desk is opened only if one
    passes, and the store only when a bundle passed every check and is to be filed. A run
    of files that are all refused asks for nothing and creates or migrates nothing.
    """
    if not imported_by or not imported_by.strip():
        raise ValueError("say who is importing: the audit trail records it")
    progress = progress or (lambda done, total, name: None)
    cancelled = cancelled or (lambda: False)
    files, skipped = collect_bundle_files(paths)
    summary = ImportSummary(skipped=[str(p) for p in skipped])
    results: dict[int, ImportItem] = {}
    misshapen = {i: r for i, path in enumerate(files) if (r := shape_refusal(path)) is not None}
    if len(misshapen) == len(files):
        summary.items = [misshapen[i] for i in sorted(misshapen)]
        progress(len(files), len(files), "")
        return summary
    desk = desk if isinstance(desk, CouncilDesk) else desk()
    context = _Context(
        store_source=store,
        desk=desk,
        trust=desk.trust_list(),
        actor=f"import:{imported_by.strip()}",
        imported_by=imported_by.strip(),
        documents_dir=documents_dir,
        clock=clock,
    )
    total, finished = len(files), 0
    pending = list(range(total))  # the misshapen too, in their place, so Cancel treats all alike
    while pending and not summary.cancelled:
        waiting: list[int] = []
        for position, index in enumerate(pending):
            if cancelled():
                summary.cancelled = True
                for left in pending[position:]:
                    results.pop(left, None)
                    summary.not_reached.append(str(files[left]))
                break
            progress(finished, total, files[index].name)
            results[index] = misshapen.get(index) or _import_file(context, files[index])
            if results[index].reason == WAITING:
                waiting.append(index)
            else:
                finished += 1
        if len(waiting) == len(pending):
            break  # a whole pass filed nothing: what still waits cannot be filed in this run
        pending = waiting
    summary.items = [results[i] for i in sorted(results)]
    progress(len(results), total, "")
    if receipts_dir is not None and summary.devices_kept():
        with context.store.reading() as session:
            summary.receipts = write_receipts(
                session,
                summary.devices_kept(),
                desk.receipts,
                desk.sealing.key_id,
                Path(receipts_dir),
                clock(),
            )
    return summary


def _import_file(context: _Context, path: Path) -> ImportItem:
    """One file, start to end. A record that builds on something not received yet comes
    back refused as ``waiting-for-earlier``, and the run tries it again later."""
    source = str(path)
    data = read_bundle_file(path)
    if isinstance(data, ImportItem):
        return data
    try:
        opened = open_bundle(
            data,
            council_private=context.desk.sealing,
            trust=context.trust,
            source=path.name,
        )
    except BundleRefused as refusal:
        return ImportItem(source, REFUSED, refusal.message, reason=refusal.reason)
    about = _about(source, opened, signatures_digest(opened.record))
    now = context.clock()
    if opened.exported_at > now + CLOCK_SKEW_ALLOWANCE:
        return _refused(
            about,
            "future-export",
            f"The laptop says it exported this on {opened.exported_at:%d %b %Y at %H:%M} UTC, "
            f"later than now ({now:%d %b %Y at %H:%M} UTC) by more than the "
            f"{CLOCK_SKEW_ALLOWANCE.total_seconds() / 3600:.0f} hour a laptop's clock may be "
            "out. Nothing of it was stored. Set the laptop's date and time right, export "
            "again and import the new bundle.",
        )
    _ = context.store  # opened here, not in the handling below: failing to open stops the run
    for attempt in range(3):
        try:
            outcome, message, note = _file_in_store(context, opened, about.signatures_digest)
            break
        except _Waiting as waiting:
            return _refused(about, WAITING, str(waiting))
        except IntegrityError as exc:
            # Another admin filed the same record between our check and our write (the lock
            # makes this rare), or the record's ids collide with different rows here.
            if _already_held(context.store, opened, about.signatures_digest):
                outcome, message, note = DUPLICATE, "already received (by another import)", ""
                break
            return _refused(about, CANNOT_FILE, _cannot_file(exc))
        except OperationalError as exc:
            if attempt < 2 and "locked" in str(exc).lower():
                continue
            return _refused(
                about,
                STORE_BUSY,
                "The store could not be written just now "
                f"({_first_line(exc)}); nothing of this bundle was stored. Import it again.",
            )
        except RecordDoesNotFit as exc:
            return _refused(about, CANNOT_FILE, f"This record cannot be filed: {exc}")
        except Exception as exc:  # one bad bundle must not stop the run (nor show a traceback)
            return _refused(
                about,
                CANNOT_FILE,
                f"This record could not be filed ({type(exc).__name__}: {_first_line(exc)}); "
                "nothing of it was stored. Keep the file and report the problem.",
            )
    item = _with(about, outcome=outcome, message=message, note=note)
    if context.documents_dir is not None and (outcome != DUPLICATE or note):
        item = _save_documents(context.documents_dir, opened, item)
    return item


def _about(source: str, opened: OpenedBundle, digest: str) -> ImportItem:
    record = opened.record
    meeting = record["meeting"]
    return ImportItem(
        source=source,
        outcome="",
        message="",
        meeting_id=meeting["id"],
        case_reference=record["case"]["reference"],
        held_on=meeting["held_on"],
        kind=meeting["kind"],
        chair=meeting["chair"]["name"],
        version=meeting["version"],
        device_id=opened.device_id,
        device_label=opened.device_label,
        fingerprint=opened.fingerprint,
        signatures_digest=digest,
    )


def _with(item: ImportItem, **changes: Any) -> ImportItem:
    return replace(item, **changes)


def _refused(about: ImportItem, reason: str, message: str) -> ImportItem:
    return _with(about, outcome=REFUSED, reason=reason, message=message)


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc)) or type(exc).__name__
    return text.strip().splitlines()[0][:200]


def _cannot_file(exc: IntegrityError) -> str:
    return (
        "The store refused this record because it would clash with rows already here "
        f"({_first_line(exc)}). Nothing of it was stored. Keep the file and ask for help: "
        "this should not happen with records made by cinchair."
    )


def _already_held(store: Store, opened: OpenedBundle, digest: str) -> bool:
    with store.reading() as session:
        found = received_row(session, opened.meeting_id, opened.fingerprint, digest)
        return found is not None


# --- filing one record ---------------------------------------------------------------------


def _file_in_store(context: _Context, opened: OpenedBundle, digest: str) -> tuple[str, str, str]:
    """``(outcome, message, note)`` after filing ``opened`` in one transaction.

    ``digest`` is the record's ``signatures_digest``, computed once per bundle by the caller.
    """
    with context.store.transaction() as session:
        session.info["actor"] = context.actor
        lock_for_writing(session)
        return _file(session, context, opened, digest)


def _file(
    session: Session, context: _Context, opened: OpenedBundle, digest: str
) -> tuple[str, str, str]:
    record = opened.record
    meeting = record["meeting"]
    meeting_id, fingerprint = opened.meeting_id, opened.fingerprint
    at = context.clock()
    same = received_row(session, meeting_id, fingerprint, digest)
    if same is not None:
        return _duplicate(session, same, opened)
    received = received_row(session, meeting_id, fingerprint)
    if received is not None and received.status is BundleStatus.IMPORTED:
        outcome, said = take_later_export(
            session, opened, digest, received, imported_by=context.imported_by, at=at
        )
        if outcome == CONFLICT:
            return CONFLICT, said, ""
        return DUPLICATE, _already(received), said
    case = find_case(session, record)
    if received is not None:  # another export of a record held as a conflict
        clash = Clash(
            ConflictKind.VERSION_OF_HELD,
            meeting_id,
            received.device_id,
            "This is another export, with other signatures, of a record held as a conflict; "
            "it is held with it until that conflict is resolved.",
        )
        return _hold(session, context, opened, digest, case, clash)
    earlier = session.scalars(
        select(ImportedBundle).where(ImportedBundle.meeting_id == meeting_id)
    ).first()
    if earlier is not None or session.get(Meeting, meeting_id) is not None:
        filed_device = earlier.device_id if earlier is not None else None
        clash = Clash(
            ConflictKind.CHANGED_CONTENT,
            meeting_id,
            filed_device,
            "This meeting was received before with different content. Signed minutes do not "
            "change, so the record already filed was kept and this one is held beside it.",
        )
        return _hold(session, context, opened, digest, case, clash)
    previous_id = meeting["previous_version_id"]
    if previous_id is not None and session.get(Meeting, previous_id) is None:
        held = held_version_of(session, previous_id)
        if held is not None:
            return _hold(session, context, opened, digest, case, held)
        raise _Waiting(
            f"This is version {meeting['version']} of a meeting whose earlier version "
            f"(meeting {previous_id[:8]}) the council has not received. Import the bundle of "
            "the earlier version first, then this one again."
        )
    plan = record["plan"]
    previous_plan_id = None
    if plan is not None and plan["previous_number"] is not None:
        before = plan_by_number(session, case.id, plan["previous_number"]) if case else None
        if before is None:
            raise _Waiting(
                f"This meeting amends plan version {plan['previous_number']} of case "
                f"{record['case']['reference']}, which the council has not received. Import "
                "the bundle of the meeting that made it first, then this one again."
            )
        previous_plan_id = before.id
    also: list[Base] = []  # new rows filed with the meeting, in its batch
    if case is None:
        case = new_case(session, record)
        also += [case, *case.circumstances]
    else:
        clashing = identity_clash(session, case, record) or find_clash(session, case, record)
        if clashing is not None:
            return _hold(session, context, opened, digest, case, clashing)
        newest = session.scalar(select(func.max(Meeting.held_on)).where(Meeting.case_id == case.id))
        if newest is None or meeting["held_on"] >= newest.isoformat():
            refresh_case(case, record)
    carried = plan is not None and session.get(PlanVersion, plan["id"]) is not None
    also.append(_bundle_row(context, opened, digest, case.id, BundleStatus.IMPORTED))
    restore_meeting(
        session,
        record,
        case.id,
        previous_plan_id,
        with_plan=not carried,
        files=opened.files,
        also=also,
    )
    where = f"filed in case {record['case']['reference']}"
    if previous_id is not None:
        return IMPORTED, f"{where} as version {meeting['version']}, linked to the earlier one", ""
    return IMPORTED, where, ""


def _bundle_row(
    context: _Context,
    opened: OpenedBundle,
    digest: str,
    case_id: str | None,
    status: BundleStatus,
) -> ImportedBundle:
    return bundle_row(
        opened,
        digest,
        case_id,
        status,
        imported_by=context.imported_by,
        imported_at=context.clock(),
    )


def _hold(
    session: Session,
    context: _Context,
    opened: OpenedBundle,
    digest: str,
    case: Case | None,
    clash: Clash,
) -> tuple[str, str, str]:
    at = context.clock()
    return (
        CONFLICT,
        hold(session, opened, digest, case, clash, imported_by=context.imported_by, at=at),
        "",
    )


def _already(row: ImportedBundle) -> str:
    return f"already received on {row.imported_at:%d %b %Y} (imported by {row.imported_by})"


def _duplicate(session: Session, row: ImportedBundle, opened: OpenedBundle) -> tuple[str, str, str]:
    """The very same record and signatures again: nothing new, except that a held
    record's files the council did not keep yet (held before it kept them) are kept now."""
    kept = keep_held_files(session, row, opened) if row.status is BundleStatus.CONFLICT else 0
    files_note = f"kept the {kept} file(s) the child gave, not kept before" if kept else ""
    return DUPLICATE, _already(row), files_note


def _save_documents(folder: Path, opened: OpenedBundle, item: ImportItem) -> ImportItem:
    """Write the documents the bundle carried; a failure is noted, the import stands."""
    from cinchair.documents.render import _slug

    meeting = opened.record["meeting"]
    target = (
        Path(folder)
        / _slug(opened.record["case"]["reference"])
        / f"{meeting['held_on']}_{meeting['kind']}_v{meeting['version']}_{meeting['id'][:8]}"
    )
    try:
        for name, content in sorted(opened.files.items()):
            write_atomically(target / name, content)
    except CannotWrite as exc:
        note = f"{item.note}; " if item.note else ""
        return _with(item, note=f"{note}documents not saved: {exc}")
    return item
