"""The whole journey: laptop store, export, import (SQLite and PostgreSQL), the receipt back
on the laptop, clearing synced meetings, and the next review still syncing after that.

The demo laptop is exported once per module (rendering the documents is the slow part);
each test works on its own copy of the exported laptop's store.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from cinchair.meetings import lifecycle as meetings
from cinchair.meetings.ink import scribble, strokes_to_png
from cinchair.meetings.plans import start_version
from cinchair.model import (
    Case,
    Meeting,
    MeetingKind,
    PlanVersion,
    Signature,
    SignatureStatus,
    SyncState,
    utcnow,
)
from cinchair.profiles import get_profile
from cinchair.store.audit import verify_chain
from cinchair.store.facade import Store, sqlite_url
from cinchair.sync import DeviceKey
from cinchair.sync.clear import NotSynced, clear_synced
from cinchair.sync.council import CouncilDesk, ReceiptSigningKey
from cinchair.sync.export import export_meetings, meetings_to_export, sync_status
from cinchair.sync.importer import import_bundles
from cinchair.sync.receipts import (
    ReceiptProblem,
    apply_receipt,
    load_receipt_file,
    read_receipt,
    receipt_name,
)
from tests.sync_kit import Council, copy_store


@dataclass(frozen=True)
class Exported:
    laptop_template: Path  # the laptop's store just after the export
    device: DeviceKey
    council: Council
    bundles: Path
    meeting_ids: tuple[str, ...]
    case_id: str


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Exported:
    from cinchair.demo import build_demo

    root = tmp_path_factory.mktemp("roundtrip")
    demo = build_demo(root / "laptop.sqlite3")
    council = Council.make(root / "keys")
    device = DeviceKey.generate()
    council.trust(device, "Priya Shah, laptop 7")
    with Store.open(sqlite_url(demo.store_path), actor="chair") as laptop:
        with laptop.reading() as session:
            assert meetings_to_export(session) == sorted(demo.meeting_ids, key=_held_on(session))
        summary = export_meetings(
            laptop, root / "usb", device=device, council=council.desk.sealing.public
        )
    assert len(summary.exported) == 2 and not summary.problems
    return Exported(demo.store_path, device, council, root / "usb", demo.meeting_ids, demo.case_id)


def _held_on(session):
    return lambda meeting_id: session.get(Meeting, meeting_id).held_on


@pytest.fixture
def laptop(exported: Exported, tmp_path: Path) -> Iterator[Store]:
    path = copy_store(exported.laptop_template, tmp_path / "laptop.sqlite3")
    with Store.open(sqlite_url(path), actor="chair") as store:
        yield store


def _states(store: Store) -> dict[str, str]:
    with store.reading() as session:
        return {row.meeting_id: row.state for row in sync_status(session)}


# --- the journey ---------------------------------------------------------------------------


@pytest.mark.slow
def test_export_import_receipt_clear_and_the_next_review(
    exported: Exported, laptop: Store, council_store: Store, tmp_path: Path
) -> None:
    desk = exported.council.desk
    planning_id, review_id = exported.meeting_ids
    assert _states(laptop) == {planning_id: "awaiting receipt", review_id: "awaiting receipt"}
    # Nothing can be cleared before the council has acknowledged it.
    with pytest.raises(NotSynced, match="awaiting receipt"):
        clear_synced(laptop, meeting_ids=[planning_id])
    assert clear_synced(laptop).kept_unsynced == [planning_id, review_id]

    summary = import_bundles(
        council_store,
        [exported.bundles],
        desk=desk,
        imported_by="Ann Admin",
        receipts_dir=tmp_path / "receipts",
    )
    assert summary.counts["imported"] == 2, summary.lines()
    [receipt] = summary.receipts
    assert receipt.name == receipt_name(exported.device.device_id)
    assert "Amelia" not in receipt.read_text()  # ids and hashes only

    result = load_receipt_file(laptop, receipt, desk.public, exported.device)
    assert sorted(result.acknowledged) == sorted([planning_id, review_id])
    assert set(_states(laptop).values()) == {"synced"}
    again = load_receipt_file(laptop, receipt, desk.public, exported.device)
    assert again.acknowledged == [] and len(again.already) == 2
    with laptop.reading() as session:
        assert meetings_to_export(session) == []

    cleared = clear_synced(laptop)
    assert cleared.cleared == [planning_id, review_id] and cleared.plans_kept == 1
    with laptop.reading() as session:
        assert session.scalars(select(Meeting)).all() == []
        case = session.get(Case, exported.case_id)
        assert case is not None  # open case: kept, with the plan the next review amends
        [kept] = session.scalars(select(PlanVersion)).all()
        assert kept.number == 2 and kept.previous_id is None
        assert {s.cleared_at is not None for s in session.scalars(select(SyncState))} == {True}
        assert verify_chain(session) == []
    assert set(_states(laptop).values()) == {"cleared"}

    # The next review on the cleared laptop amends plan 2 as plan 3, and syncs.
    next_id = _hold_next_review(laptop, exported.case_id)
    second = export_meetings(
        laptop, tmp_path / "usb2", device=exported.device, council=desk.sealing.public
    )
    assert [b.meeting_id for b in second.exported] == [next_id]
    filed = import_bundles(council_store, [tmp_path / "usb2"], desk=desk, imported_by="Ann")
    assert [i.outcome for i in filed.items] == ["imported"], filed.lines()
    with council_store.reading() as session:
        plan = session.scalars(select(PlanVersion).where(PlanVersion.number == 3)).one()
        assert plan.previous.made_at_meeting_id == review_id
        assert len(session.get(Case, exported.case_id).meetings) == 3
        assert verify_chain(session) == []


def _hold_next_review(laptop: Store, case_id: str) -> str:
    """A short signed review with an amended plan, as the chair would make next time."""
    with laptop.transaction() as session:
        case = session.get(Case, case_id)
        profile = get_profile(case.profile_id)
        review = meetings.start_meeting(
            session,
            case,
            profile,
            kind=MeetingKind.REVIEW,
            held_on=date(2026, 11, 30),
            chair_name="Priya Shah",
            chair_role="social-worker",
        ).meeting
        session.flush()
        plan = start_version(session, case, review, starts_on=review.held_on)
        assert plan.number == 3
        plan.agreed_at = utcnow()
        meetings.record_decision(
            review, profile, option_key="continue", rationale="Going well.", decided_by="PS"
        )
        meetings.sign_minutes(review)
        return review.id


def test_exporting_again_imports_as_one(exported: Exported, laptop: Store, tmp_path: Path) -> None:
    desk = exported.council.desk
    council_store = Store.open(sqlite_url(tmp_path / "council.sqlite3"), actor="admin")
    again = export_meetings(
        laptop,
        tmp_path / "again",
        device=exported.device,
        council=desk.sealing.public,
        clock=lambda: utcnow() + timedelta(hours=1),
    )
    assert sorted(p.path.name for p in again.exported) == sorted(
        p.name for p in exported.bundles.iterdir()
    )
    summary = import_bundles(
        council_store, [exported.bundles, tmp_path / "again"], desk=desk, imported_by="Ann"
    )
    assert [i.outcome for i in summary.items] == ["imported", "imported", "duplicate", "duplicate"]
    council_store.close()


def test_a_late_signature_keeps_the_meeting_unsynced_until_it_reaches_the_council(
    exported: Exported, laptop: Store, tmp_path: Path
) -> None:
    desk = exported.council.desk
    planning_id = exported.meeting_ids[0]
    council = Store.open(sqlite_url(tmp_path / "council.sqlite3"), actor="admin")
    first = import_bundles(
        council, [exported.bundles], desk=desk, imported_by="Ann", receipts_dir=tmp_path / "r1"
    )
    load_receipt_file(laptop, first.receipts[0], desk.public, exported.device)
    # Daniel, "to sign later", signs the planning meeting's minutes at home.
    with laptop.transaction() as session:
        late = session.scalars(
            select(Signature).where(
                Signature.meeting_id == planning_id,
                Signature.status == SignatureStatus.TO_SIGN_LATER,
            )
        ).first()
        strokes = scribble(late.signer_name)
        late.status, late.signed_at = SignatureStatus.SIGNED, utcnow()
        late.strokes = [[list(p) for p in s] for s in strokes]
        late.image_png = strokes_to_png(strokes)
        signature_id = late.id
    assert _states(laptop)[planning_id] == "signatures added"
    with pytest.raises(NotSynced, match="signatures added"):
        clear_synced(laptop, meeting_ids=[planning_id])
    # An old receipt loaded again does not mark it synced.
    stale = load_receipt_file(laptop, first.receipts[0], desk.public, exported.device)
    assert stale.acknowledged == []
    assert _states(laptop)[planning_id] == "signatures added"

    later = export_meetings(
        laptop, tmp_path / "later", device=exported.device, council=desk.sealing.public
    )
    assert [b.meeting_id for b in later.exported] == [planning_id]
    # Not yet acknowledged: the receipt still names the earlier export.
    assert load_receipt_file(laptop, first.receipts[0], desk.public, exported.device).older
    second = import_bundles(
        council, [tmp_path / "later"], desk=desk, imported_by="Ann", receipts_dir=tmp_path / "r2"
    )
    assert second.items[0].outcome == "duplicate"
    assert "took 1 late signature" in second.items[0].note
    with council.reading() as session:
        assert session.get(Signature, signature_id).status is SignatureStatus.SIGNED
    load_receipt_file(laptop, second.receipts[0], desk.public, exported.device)
    assert _states(laptop)[planning_id] == "synced"
    assert clear_synced(laptop, meeting_ids=[planning_id]).cleared == [planning_id]
    council.close()


# --- receipts that must not be believed ----------------------------------------------------


@pytest.fixture
def receipt(exported: Exported, tmp_path: Path) -> Path:
    with Store.open(sqlite_url(tmp_path / "council.sqlite3"), actor="admin") as council:
        summary = import_bundles(
            council,
            [exported.bundles],
            desk=exported.council.desk,
            imported_by="Ann",
            receipts_dir=tmp_path / "receipts",
        )
    return summary.receipts[0]


def test_a_forged_or_altered_receipt_marks_nothing(
    exported: Exported, laptop: Store, receipt: Path, tmp_path: Path
) -> None:
    public = exported.council.desk.public
    document = json.loads(receipt.read_text())
    # Altered: an entry added for a meeting the council never received.
    altered = json.loads(json.dumps(document))
    altered["receipt"]["meetings"].append(dict(altered["receipt"]["meetings"][0]))
    altered["receipt"]["meetings"][-1]["meeting_id"] = "not-received"
    (tmp_path / "altered.json").write_text(json.dumps(altered))
    # Forged: signed, but with a key that is not the council's.
    from cinchair.record import canonical_json

    forger = ReceiptSigningKey.generate()
    forged = {"receipt": document["receipt"], "signature": ""}
    import base64

    forged["signature"] = base64.b64encode(forger.sign(canonical_json(forged["receipt"]))).decode()
    (tmp_path / "forged.json").write_text(json.dumps(forged))
    (tmp_path / "empty.json").write_bytes(b"")
    (tmp_path / "junk.json").write_text("{not json")
    for name, why in [
        ("altered.json", "not signed by this council"),
        ("forged.json", "not signed by this council"),
        ("empty.json", "empty"),
        ("junk.json", "not a cinchair receipt"),
    ]:
        with pytest.raises(ReceiptProblem, match=why) as caught:
            load_receipt_file(laptop, tmp_path / name, public, exported.device)
        assert name in str(caught.value)
    assert set(_states(laptop).values()) == {"awaiting receipt"}


def test_a_receipt_for_another_laptop_or_from_another_council_is_refused(
    exported: Exported, laptop: Store, receipt: Path, tmp_path: Path
) -> None:
    with pytest.raises(ReceiptProblem, match="not this laptop"):
        load_receipt_file(laptop, receipt, exported.council.desk.public, DeviceKey.generate())
    other = CouncilDesk.create(tmp_path / "other", "another long passphrase", work=2**12)
    with pytest.raises(ReceiptProblem, match="not signed by this council"):
        read_receipt(receipt.read_bytes(), other.public)
    parsed = read_receipt(receipt.read_bytes(), exported.council.desk.public)
    with laptop.transaction() as session, pytest.raises(ReceiptProblem):
        apply_receipt(session, parsed, DeviceKey.generate())
    assert set(_states(laptop).values()) == {"awaiting receipt"}


# --- export problems -----------------------------------------------------------------------


def test_export_to_an_unwritable_place_says_why_and_records_nothing(
    exported: Exported, laptop: Store, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    with laptop.reading() as session:
        before = {s.meeting_id: s.exported_at for s in session.scalars(select(SyncState))}
    summary = export_meetings(
        laptop,
        blocker / "usb",
        device=exported.device,
        council=exported.council.desk.sealing.public,
    )
    assert summary.exported == [] and summary.not_reached == 1
    assert "could not write" in summary.problems[0] and str(blocker) in summary.problems[0]
    with laptop.reading() as session:
        after = {s.meeting_id: s.exported_at for s in session.scalars(select(SyncState))}
    assert after == before


def test_only_signed_meetings_are_exported(exported: Exported, laptop: Store, tmp_path: Path):
    with laptop.transaction() as session:
        case = session.get(Case, exported.case_id)
        draft = meetings.start_meeting(
            session,
            case,
            get_profile(case.profile_id),
            kind=MeetingKind.REVIEW,
            held_on=date(2026, 11, 30),
            chair_name="Priya Shah",
            chair_role="social-worker",
        ).meeting
        session.flush()
        draft_id = draft.id
    with laptop.reading() as session:
        assert draft_id not in meetings_to_export(session)
    summary = export_meetings(
        laptop,
        tmp_path / "out",
        device=exported.device,
        council=exported.council.desk.sealing.public,
        meeting_ids=[draft_id],
    )
    assert summary.exported == [] and "not signed yet" in summary.problems[0]
