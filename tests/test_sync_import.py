"""The council's import: filing, duplicates, versions, conflicts, and every refusal.

Bundles are made straight from the demo's records (no documents rendered, so each takes
milliseconds); the whole laptop-to-council round trip through ``export_meetings`` is in
``test_sync_roundtrip.py``. Tests taking ``council_store`` run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from cinchair.model import (
    AuditEntry,
    BundleStatus,
    Case,
    ConflictKind,
    ImportedBundle,
    Meeting,
    MeetingStatus,
    PlanVersion,
    Signature,
    SignatureStatus,
    SyncConflict,
)
from cinchair.record import build_record
from cinchair.store.audit import verify_chain
from cinchair.store.facade import Store
from cinchair.sync import CouncilKeys
from cinchair.sync.import_summary import collect_bundle_files
from cinchair.sync.importer import import_bundles
from tests.sync_kit import (
    ATTACHED,
    EXPORTED,
    Council,
    Demo,
    counts,
    edited,
    fresh_ids,
)


def _import(store: Store, council: Council, *paths: Path, **options) -> object:
    return import_bundles(store, list(paths), desk=council.desk, imported_by="Ann Admin", **options)


def same_record(rebuilt: dict, sent: dict) -> bool:
    """Equal, but for the order of signatures: the model orders them by ``signed_at`` alone,
    and PostgreSQL puts the unsigned (NULL) ones last where SQLite puts them first."""

    def key(record: dict) -> dict:
        return {**record, "signatures": sorted(record["signatures"], key=lambda s: s["id"])}

    return key(rebuilt) == key(sent)


def _outcomes(summary) -> list[tuple[str, str]]:
    return [(Path(i.source).name, i.outcome) for i in summary.items]


# --- filing --------------------------------------------------------------------------------


def test_import_files_both_meetings_with_the_laptop_ids(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    laptop = council.laptop("Priya Shah, laptop 7")
    first = council.bundle(demo.planning, laptop, tmp_path / "in")
    second = council.bundle(demo.review, laptop, tmp_path / "in")
    summary = _import(council_store, council, first, second)
    assert summary.counts == {"imported": 2, "duplicate": 0, "conflict": 0, "refused": 0}
    assert summary.items[0].device_label == "Priya Shah, laptop 7"
    with council_store.reading() as session:
        # Rebuilt from the council's rows, each record is the one the laptop signed.
        assert same_record(build_record(session, demo.planning_id), demo.planning)
        assert same_record(build_record(session, demo.review_id), demo.review)
        case = session.get(Case, demo.case_id)
        assert case.case_ref == "LCS-482913" and [p.number for p in case.plan_versions] == [1, 2]
        assert case.plan_versions[1].previous_id == case.plan_versions[0].id
        assert session.get(Meeting, demo.review_id).status is MeetingStatus.SIGNED
        rows = session.scalars(select(ImportedBundle)).all()
        assert {r.status for r in rows} == {BundleStatus.IMPORTED}
        assert {r.imported_by for r in rows} == {"Ann Admin"}
        assert verify_chain(session) == []
        actors = set(session.scalars(select(AuditEntry.actor)))
        assert actors == {"import:Ann Admin"}


def test_what_the_child_gave_is_filed_with_the_meeting_byte_for_byte(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    laptop = council.laptop("Laptop 7")
    first = council.bundle(demo.planning, laptop, tmp_path / "in")
    second = council.bundle(demo.review, laptop, tmp_path / "in")
    assert _import(council_store, council, first, second).counts["imported"] == 2
    sent = demo.review["attachments"]
    assert [a["kind"] for a in sent] == ["three-houses", "letter"]
    with council_store.reading() as session:
        filed = session.get(Meeting, demo.review_id).attachments
        assert [(a.id, a.title, a.sha256) for a in filed] == [
            (a["id"], a["title"], a["sha256"]) for a in sent
        ]
        assert [bytes(a.data) for a in filed] == [ATTACHED[a["sha256"]] for a in sent]
        assert [a.child_agreed_to_share for a in filed] == [True, False]
        # the audit trail fingerprints the files; it does not hold a second copy
        inserted = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "child_attachments")
        ).all()
        assert len(inserted) == 2
        assert all(e.changes["data"][1] == f"sha256:{e.changes['sha256'][1]}" for e in inserted)


def test_same_bundle_twice_and_a_later_export_are_duplicates(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    laptop = council.laptop("Laptop 7")
    bundle = council.bundle(demo.planning, laptop, tmp_path / "in")
    again = council.bundle(
        demo.planning, laptop, tmp_path / "in", exported_at=EXPORTED + timedelta(days=2)
    )
    assert bundle.read_bytes() != again.read_bytes()
    assert _outcomes(_import(council_store, council, bundle)) == [(bundle.name, "imported")]
    before = counts(council_store)
    summary = _import(council_store, council, bundle, again)
    assert [o for _, o in _outcomes(summary)] == ["duplicate", "duplicate"]
    assert "already received" in summary.items[0].message
    assert counts(council_store) == before


def test_order_in_a_folder_does_not_matter(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    """The review (amending plan 1) sorts before the meeting that made plan 1: it waits."""
    laptop = council.laptop("Laptop 7")
    council.bundle(demo.review, laptop, tmp_path / "in", "a-review.cinsync")
    council.bundle(demo.planning, laptop, tmp_path / "in", "b-planning.cinsync")
    seen: list[tuple[int, int, str]] = []
    summary = _import(council_store, council, tmp_path / "in", progress=lambda *a: seen.append(a))
    assert _outcomes(summary) == [
        ("a-review.cinsync", "imported"),
        ("b-planning.cinsync", "imported"),
    ]
    assert seen[0] == (0, 2, "a-review.cinsync") and seen[-1] == (2, 2, "")


def test_review_without_its_earlier_plan_is_refused_and_nothing_written(
    sqlite_council: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    laptop = council.laptop("Laptop 7")
    review = council.bundle(demo.review, laptop, tmp_path / "in")
    before = counts(sqlite_council)
    summary = _import(sqlite_council, council, review)
    [item] = summary.items
    assert (item.outcome, item.reason) == ("refused", "waiting-for-earlier")
    assert "amends plan version 1 of case LCS-482913" in item.message
    assert counts(sqlite_council) == before
    assert not summary.devices_kept()  # so no receipt names it: the laptop keeps it


def test_a_correction_is_filed_as_a_new_version_linked_to_the_old(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    laptop = council.laptop("Laptop 7")
    correction = edited(
        fresh_ids(demo.planning, keep=(demo.case_id,))[0],
        version=2,
        previous_version_id=demo.planning_id,
        correction_reason="The interpreter's name was misspelt.",
    )
    correction["plan"] = None  # a correction of the minutes only
    paths = [
        council.bundle(demo.planning, laptop, tmp_path / "in"),
        council.bundle(correction, laptop, tmp_path / "in"),
    ]
    summary = _import(council_store, council, *paths)
    assert [i.outcome for i in summary.items] == ["imported", "imported"]
    assert "as version 2, linked to the earlier one" in summary.items[1].message
    with council_store.reading() as session:
        stored = session.get(Meeting, correction["meeting"]["id"])
        assert stored.previous_version_id == demo.planning_id and stored.version == 2
        assert session.scalars(select(SyncConflict)).all() == []


def test_a_version_arriving_before_its_original_waits_for_it(
    sqlite_council: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    laptop = council.laptop("Laptop 7")
    correction = edited(
        fresh_ids(demo.planning, keep=(demo.case_id,))[0],
        version=2,
        previous_version_id=demo.planning_id,
        correction_reason="Typo",
    )
    correction["plan"] = None
    late = council.bundle(correction, laptop, tmp_path / "in", "a.cinsync")
    summary = _import(sqlite_council, council, late)
    assert summary.items[0].reason == "waiting-for-earlier"
    assert "earlier version" in summary.items[0].message
    original = council.bundle(demo.planning, laptop, tmp_path / "in", "b.cinsync")
    assert [i.outcome for i in _import(sqlite_council, council, late, original).items] == [
        "imported",
        "imported",
    ]


def test_late_signatures_from_a_later_export_are_taken(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    """Daniel was 'to sign later'; he signs after the first export, and it is re-exported."""
    laptop = council.laptop("Laptop 7")
    signed_later = edited(demo.planning)
    daniel = next(s for s in signed_later["signatures"] if s["status"] == "to-sign-later")
    daniel.update(
        status="signed",
        signed_at="2026-09-20T16:00:00Z",
        reason=None,
        strokes=[[[10.0, 10.0], [50.0, 40.0]]],
    )
    first = council.bundle(demo.planning, laptop, tmp_path / "in")
    later = council.bundle(
        signed_later, laptop, tmp_path / "in", exported_at=EXPORTED + timedelta(days=5)
    )
    summary = _import(council_store, council, first, later)
    assert [i.outcome for i in summary.items] == ["imported", "duplicate"]
    assert "took 1 late signature" in summary.items[1].note
    with council_store.reading() as session:
        row = session.get(Signature, daniel["id"])
        assert row.status is SignatureStatus.SIGNED and row.strokes == daniel["strokes"]
        assert same_record(build_record(session, demo.planning_id), signed_later)
        assert verify_chain(session) == []
    # The earlier export arriving last changes nothing.
    again = _import(council_store, council, first)
    assert again.items[0].outcome == "duplicate"
    with council_store.reading() as session:
        assert session.get(Signature, daniel["id"]).status is SignatureStatus.SIGNED


# --- conflicts -----------------------------------------------------------------------------


def test_two_laptops_reviewing_the_same_case_are_both_kept_and_flagged(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    laptop_a, laptop_b = council.laptop("Laptop A"), council.laptop("Laptop B")
    # Laptop B holds its own copy of the case (its own ids) and reviewed it the same day.
    b_planning, b_review = fresh_ids(demo.planning, demo.review)
    paths = [
        council.bundle(demo.planning, laptop_a, tmp_path / "in", "1.cinsync"),
        council.bundle(demo.review, laptop_a, tmp_path / "in", "2.cinsync"),
        council.bundle(b_review, laptop_b, tmp_path / "in", "3.cinsync"),
        council.bundle(b_planning, laptop_b, tmp_path / "in", "4.cinsync"),
    ]
    summary = _import(council_store, council, *paths)
    assert [i.outcome for i in summary.items] == ["imported", "imported", "conflict", "conflict"]
    assert "held for a person" in summary.items[2].message
    with council_store.reading() as session:
        conflicts = session.scalars(select(SyncConflict).order_by(SyncConflict.found_at)).all()
        assert {c.kind for c in conflicts} == {ConflictKind.SAME_DAY}
        by_held = {c.held_meeting_id: c for c in conflicts}
        review_conflict = by_held[b_review["meeting"]["id"]]
        assert review_conflict.filed_meeting_id == demo.review_id
        assert review_conflict.filed_device_id == laptop_a.device_id
        assert review_conflict.held_device_id == laptop_b.device_id
        # Both kept: A's filed, B's held whole and unaltered; one case, A's meetings only.
        assert session.scalars(select(Case)).all()[0].id == demo.case_id
        assert session.get(Meeting, b_review["meeting"]["id"]) is None
        held = session.scalars(
            select(ImportedBundle).where(ImportedBundle.status == BundleStatus.CONFLICT)
        ).all()
        assert len(held) == 2 and all(h.case_id == demo.case_id for h in held)
        assert same_record(build_record(session, demo.review_id), demo.review)
    # Importing the same again finds the held records: duplicates, no second conflict.
    again = _import(council_store, council, *paths)
    assert [i.outcome for i in again.items] == ["duplicate"] * 4
    assert counts(council_store)["conflicts"] == 2


def test_two_laptops_amending_the_same_plan_on_different_days_conflict(
    sqlite_council: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    laptop_a, laptop_b = council.laptop("Laptop A"), council.laptop("Laptop B")
    [b_review] = fresh_ids(demo.review)
    b_review = edited(b_review, held_on="2026-10-21")
    paths = [
        council.bundle(demo.planning, laptop_a, tmp_path / "in"),
        council.bundle(demo.review, laptop_a, tmp_path / "in"),
        council.bundle(b_review, laptop_b, tmp_path / "in"),
    ]
    summary = _import(sqlite_council, council, *paths)
    assert [i.outcome for i in summary.items] == ["imported", "imported", "conflict"]
    with sqlite_council.reading() as session:
        [conflict] = session.scalars(select(SyncConflict)).all()
        assert conflict.kind is ConflictKind.SAME_PLAN_NUMBER
        assert "plan version 2" in conflict.detail
        assert [p.number for p in session.scalars(select(PlanVersion))] == [1, 2]


def test_same_meeting_with_changed_content_is_held_not_overwritten(
    sqlite_council: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    laptop = council.laptop("Laptop 7")
    altered = edited(demo.planning, venue="Somewhere else")
    paths = [
        council.bundle(demo.planning, laptop, tmp_path / "in"),
        council.bundle(altered, laptop, tmp_path / "in", exported_at=EXPORTED + timedelta(1)),
    ]
    summary = _import(sqlite_council, council, *paths)
    assert [i.outcome for i in summary.items] == ["imported", "conflict"]
    with sqlite_council.reading() as session:
        assert session.get(Meeting, demo.planning_id).venue == demo.planning["meeting"]["venue"]
        [conflict] = session.scalars(select(SyncConflict)).all()
        assert conflict.kind is ConflictKind.CHANGED_CONTENT


# --- refusals ------------------------------------------------------------------------------


def test_a_folder_mixing_good_and_bad_files(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    """Good bundles are filed; each bad one is refused with its reason and writes nothing."""
    trusted = council.laptop("Laptop 7")
    stranger = council.laptop("Unknown laptop", trusted=False)
    stolen = council.laptop("Stolen laptop")
    council.revoke(stolen, "laptop stolen from a car")
    other_council = CouncilKeys.generate()
    folder = tmp_path / "usb"
    council.bundle(demo.planning, trusted, folder, "01-good.cinsync")
    (folder / "02-empty.cinsync").write_bytes(b"")
    (folder / "03-not-a-bundle.cinsync").write_bytes(b"PK\x03\x04 a zip, not a bundle")
    council.bundle(demo.review, stranger, folder, "04-unknown.cinsync")
    council.bundle(demo.review, stolen, folder, "05-revoked.cinsync")
    council.bundle(demo.review, trusted, folder, "06-other.cinsync", council=other_council.public)
    council.bundle(demo.review, trusted, folder / "sub", "07-good.cinsync")
    (folder / "notes.txt").write_text("not a bundle, not named like one")
    (folder / ".hidden.cinsync").write_bytes(b"ignored")

    summary = _import(council_store, council, folder)
    assert [(Path(i.source).name, i.outcome, i.reason) for i in summary.items] == [
        ("01-good.cinsync", "imported", ""),
        ("02-empty.cinsync", "refused", "empty"),
        ("03-not-a-bundle.cinsync", "refused", "not-a-bundle"),
        ("04-unknown.cinsync", "refused", "unknown-device"),
        ("05-revoked.cinsync", "refused", "revoked-device"),
        ("06-other.cinsync", "refused", "other-council"),
        ("07-good.cinsync", "imported", ""),
    ]
    by_name = {Path(i.source).name: i for i in summary.items}
    assert "empty" in by_name["02-empty.cinsync"].message
    assert "ordinary zip" in by_name["03-not-a-bundle.cinsync"].message
    assert "laptop stolen from a car" in by_name["05-revoked.cinsync"].message
    assert "not this council's key" in by_name["06-other.cinsync"].message
    assert summary.skipped == [str(folder / "notes.txt")]
    assert counts(council_store)["meetings"] == 2
    # Only the good files' rows exist; bad ones left nothing, not even audit entries.
    with council_store.reading() as session:
        assert {r.meeting_id for r in session.scalars(select(ImportedBundle))} == {
            demo.planning_id,
            demo.review_id,
        }
        assert verify_chain(session) == []


def test_each_bad_file_alone_changes_nothing(
    sqlite_council: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    council.bundle(demo.planning, council.laptop("Laptop 7"), tmp_path / "in", "good.cinsync")
    _import(sqlite_council, council, tmp_path / "in" / "good.cinsync")
    before = counts(sqlite_council)
    (tmp_path / "empty.cinsync").write_bytes(b"")
    (tmp_path / "garbage.bin").write_bytes(b"\x00" * 300)
    stranger = council.bundle(
        demo.review, council.laptop("?", trusted=False), tmp_path, "stranger.cinsync"
    )
    for path in (tmp_path / "empty.cinsync", tmp_path / "garbage.bin", stranger):
        [item] = _import(sqlite_council, council, path).items
        assert item.outcome == "refused" and item.message
        assert counts(sqlite_council) == before
    [missing] = _import(sqlite_council, council, tmp_path / "nowhere.cinsync").items
    assert missing.reason == "not-found"


def test_text_longer_than_the_store_keeps_is_refused_alike_everywhere(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    """PostgreSQL would refuse it at insert and SQLite keep it; both refuse it up front."""
    laptop = council.laptop("Laptop 7")
    long_chair = edited(demo.planning)
    long_chair["meeting"]["chair"]["name"] = "Priya " * 50
    [item] = _import(council_store, council, council.bundle(long_chair, laptop, tmp_path)).items
    assert (item.outcome, item.reason) == ("refused", "cannot-file")
    assert "meetings.chair_name is 300 characters long" in item.message
    assert counts(council_store)["meetings"] == 0


def test_cancel_between_bundles_leaves_nothing_half_done(
    sqlite_council: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    laptop = council.laptop("Laptop 7")
    a = council.bundle(demo.planning, laptop, tmp_path / "in", "a.cinsync")
    b = council.bundle(demo.review, laptop, tmp_path / "in", "b.cinsync")
    calls = iter([False, True])
    summary = _import(sqlite_council, council, a, b, cancelled=lambda: next(calls))
    assert summary.cancelled and summary.not_reached == [str(b)]
    assert _outcomes(summary) == [("a.cinsync", "imported")]
    assert "cancelled, 1 file(s) not imported" in summary.headline()
    with sqlite_council.reading() as session:
        assert session.get(Meeting, demo.review_id) is None
        assert session.get(Meeting, demo.planning_id) is not None
    assert [i.outcome for i in _import(sqlite_council, council, a, b).items] == [
        "duplicate",
        "imported",
    ]


# --- summary, documents, files -------------------------------------------------------------


def test_summary_csv_and_saved_documents(
    sqlite_council: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    laptop = council.laptop("Laptop 7")
    good = council.bundle(demo.planning, laptop, tmp_path / "in", "good.cinsync")
    (tmp_path / "in" / "bad.cinsync").write_bytes(b"")
    summary = _import(sqlite_council, council, tmp_path / "in", documents_dir=tmp_path / "docs")
    path = summary.write_csv(tmp_path / "summary.csv")
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["file"], r["outcome"], r["reason"]) for r in rows] == [
        (str(tmp_path / "in" / "bad.cinsync"), "refused", "empty"),
        (str(good), "imported", ""),
    ]
    assert rows[1]["case_reference"] == "LCS-482913" and rows[1]["meeting_id"]
    assert "Amelia" not in text  # no child's name in a file that may be emailed
    saved = list((tmp_path / "docs" / "LCS-482913").glob("*/minutes-agencies.pdf"))
    assert len(saved) == 1 and saved[0].read_bytes().startswith(b"%PDF")
    assert summary.lines()[0] == "1 imported, 0 duplicate, 0 conflict, 1 refused"


def test_summary_csv_cells_cannot_run_as_formulas(tmp_path: Path) -> None:
    from cinchair.sync.import_summary import ImportItem, ImportSummary

    summary = ImportSummary(items=[ImportItem("=HYPERLINK(1)", "refused", "@x", reason="empty")])
    text = summary.csv_bytes().decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "'@x" in text


def test_collect_takes_named_files_whatever_their_name(tmp_path: Path) -> None:
    (tmp_path / "f").mkdir()
    (tmp_path / "f" / "x.CINSYNC").write_bytes(b"1")
    (tmp_path / "f" / "y.txt").write_bytes(b"1")
    files, skipped = collect_bundle_files(
        [tmp_path / "f", tmp_path / "renamed.dat", tmp_path / "f"]
    )
    assert files == [tmp_path / "f" / "x.CINSYNC", tmp_path / "renamed.dat"]
    assert skipped == [tmp_path / "f" / "y.txt"]


def test_receipts_written_per_device(
    sqlite_council: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    a, b = council.laptop("Laptop A"), council.laptop("Laptop B")
    [b_planning] = fresh_ids(demo.planning)
    b_planning["case"]["reference"] = "LCS-000001"
    paths = [
        council.bundle(demo.planning, a, tmp_path / "in"),
        council.bundle(b_planning, b, tmp_path / "in"),
    ]
    summary = _import(sqlite_council, council, *paths, receipts_dir=tmp_path / "receipts")
    assert sorted(p.name for p in summary.receipts) == sorted(
        [f"receipt-{a.device_id}.json", f"receipt-{b.device_id}.json"]
    )
