"""A case moves between chairs through the council, on PostgreSQL, end to end.

Laptop A holds and signs the demo's two meetings, exports them, and the council files
them. The admin packs the case for laptop B (whose keys the council trusts from the line
``keys device`` prints). B takes the pack in, holds the next review (carrying A's plan
forward, with progress on A's actions), signs and exports it; the council files it as the
case's next meeting, amending A's plan. Receipts then clear both laptops. The admin report
is printed before and after (run with ``-s`` to read it).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from cinchair.cases.report import admin_report
from cinchair.meetings import lifecycle as meetings
from cinchair.meetings.plans import start_version
from cinchair.meetings.scaling_history import case_history
from cinchair.model import ActionStatus, Case, Meeting, MeetingKind, PlanVersion, utcnow
from cinchair.profiles import get_profile
from cinchair.record.build import build_record
from cinchair.store.audit import verify_chain
from cinchair.store.facade import Store, sqlite_url
from cinchair.sync.clear import clear_synced
from cinchair.sync.export import export_meetings, sync_status
from cinchair.sync.importer import import_bundles
from cinchair.sync.keys.device import laptop_device_key, laptop_public
from cinchair.sync.packs.laptop_receive import receive_pack_file
from cinchair.sync.packs.make import PackSelection, cases_for_pack, make_case_pack
from cinchair.sync.receipts import load_receipt_file, receipt_name
from tests.sync_kit import EXPORTED, Council

TODAY = date(2026, 12, 3)
NEXT_REVIEW = date(2026, 12, 2)


def _report(store: Store, when: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    with store.reading() as session:
        lines = admin_report(session, TODAY).lines()
    with capsys.disabled():
        print(f"\n--- cinchair report, {when} ---")
        print("\n".join(lines))
    return lines


def _trust(council: Council, laptop: Store, label: str) -> str:
    trust = council.desk.trust_list()
    entry = trust.trust(laptop_public(laptop).public_text(), label, EXPORTED)
    trust.save(council.desk.trust_path)
    return entry.device_id


def _hold_next_review_carrying_the_plan(laptop: Store, reference: str) -> tuple[str, str]:
    """B's review: A's plan carried forward as the next version, progress on its actions."""
    with laptop.transaction() as session:
        case = session.scalars(select(Case).where(Case.case_ref == reference)).one()
        profile = get_profile(case.profile_id)
        review = meetings.start_meeting(
            session,
            case,
            profile,
            kind=MeetingKind.REVIEW,
            held_on=NEXT_REVIEW,
            chair_name="Dev Patel",
            chair_role="team-manager",
        ).meeting
        session.flush()
        plan = start_version(session, case, review, starts_on=review.held_on)
        progressed = next(a for a in plan.actions if a.status is not ActionStatus.DONE)
        progressed.status = ActionStatus.DONE
        progressed.progress_note = "Done since the last review, seen by Dev Patel."
        plan.agreed_at = utcnow()
        meetings.record_decision(
            review, profile, option_key="continue", rationale="Going well.", decided_by="DP"
        )
        meetings.sign_minutes(review)
        return review.id, progressed.lineage_id


@pytest.mark.slow
@pytest.mark.postgres
def test_a_case_moves_from_laptop_a_to_laptop_b_through_the_council(
    pg_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cinchair.demo import build_demo

    council = Council.make(tmp_path / "keys")
    desk = council.desk
    demo = build_demo(tmp_path / "laptop-a.sqlite3")
    with (
        Store.open(sqlite_url(demo.store_path), actor="Priya Shah") as laptop_a,
        Store.open(sqlite_url(tmp_path / "laptop-b.sqlite3"), actor="Dev Patel") as laptop_b,
    ):
        # laptop A: sign (the demo did), export; the council imports
        a_device = laptop_device_key(laptop_a).key
        a_id = _trust(council, laptop_a, "Priya Shah, laptop 7")
        b_id = _trust(council, laptop_b, "Dev Patel, laptop 12")
        first = export_meetings(
            laptop_a, tmp_path / "usb-a", device=a_device, council=desk.public.sealing
        )
        assert len(first.exported) == 2 and not first.problems
        filed = import_bundles(
            pg_store,
            [tmp_path / "usb-a"],
            desk=desk,
            imported_by="Ann Admin",
            receipts_dir=tmp_path / "receipts",
        )
        assert filed.counts["imported"] == 2, filed.lines()
        before = _report(pg_store, "before (laptop A's meetings filed)", capsys)

        # the admin packs the case for laptop B: the reviews due soon include it
        with pg_store.reading() as session:
            reference = session.scalars(select(Case.case_ref)).one()
        due = cases_for_pack(pg_store, PackSelection(due_within_weeks=26, today=TODAY))
        assert reference in [c.reference for c in due]
        pack = make_case_pack(pg_store, desk, b_id, [reference], made_by="Ann Admin")
        pack_path = tmp_path / "for-b.cinpack"
        pack_path.write_bytes(pack)
        assert b"Amelia" not in pack  # sealed

        # laptop B takes it in: the case is new there, with both meetings, nothing clashes
        received = receive_pack_file(laptop_b, pack_path, council=desk.public)
        assert [c.reference for c in received.new_cases] == [reference]
        assert not received.clashes and len(received.cases[0].added) == 2
        with laptop_b.reading() as session:
            assert sync_status(session) == []  # received meetings are never B's to send

        # B holds the next review, carrying A's plan forward, and signs it
        review_id, lineage = _hold_next_review_carrying_the_plan(laptop_b, reference)
        with laptop_b.reading() as session:
            record = build_record(session, review_id)
        assert record["plan"]["number"] == 3 and record["plan"]["previous_number"] == 2
        progress = {row["lineage_id"]: row for row in record["progress"]}
        assert progress[lineage]["status"] == "done"
        assert "Dev Patel" in progress[lineage]["progress_note"]
        people_last_time = {p["name"] for p in demo_review_participants(laptop_b)}
        assert people_last_time  # last meeting's people are there for B's quick start
        # the scaling history on B is A's, meeting for meeting
        with laptop_a.reading() as session:
            case_a = session.scalars(select(Case)).one()
            history_a = case_history(session, case_a.id)
        with laptop_b.reading() as session:
            case_b = session.scalars(select(Case).where(Case.case_ref == reference)).one()
            history_b = case_history(session, case_b.id, up_to=review_id)
        assert history_a.worth_drawing
        assert [o.meeting_id for o in history_b.occasions][:2] == [
            o.meeting_id for o in history_a.occasions
        ]
        assert {s.name for s in history_a.series} <= {s.name for s in history_b.series}

        second = export_meetings(
            laptop_b,
            tmp_path / "usb-b",
            device=laptop_device_key(laptop_b).key,
            council=desk.public.sealing,
        )
        assert [b.meeting_id for b in second.exported] == [review_id]  # B's own only
        filed_b = import_bundles(
            pg_store,
            [tmp_path / "usb-b"],
            desk=desk,
            imported_by="Ann Admin",
            receipts_dir=tmp_path / "receipts",
        )
        assert [i.outcome for i in filed_b.items] == ["imported"], filed_b.lines()
        with pg_store.reading() as session:
            case = session.scalars(select(Case).where(Case.case_ref == reference)).one()
            assert len(case.meetings) == 3
            plan3 = session.scalars(
                select(PlanVersion).where(PlanVersion.case_id == case.id, PlanVersion.number == 3)
            ).one()
            assert plan3.previous is not None and plan3.previous.number == 2
            assert plan3.made_at_meeting_id == review_id
            assert verify_chain(session) == []
        after = _report(pg_store, "after (laptop B's review filed)", capsys)
        assert "1 overdue" in before[0] and "0 overdue" in after[0]
        assert any("Dev Patel" in line for line in after)

        # receipts clear both laptops
        receipts = tmp_path / "receipts"
        for laptop, device_id in ((laptop_a, a_id), (laptop_b, b_id)):
            device = laptop_device_key(laptop).key
            loaded = load_receipt_file(
                laptop, receipts / receipt_name(device_id), desk.public, device
            )
            assert loaded.acknowledged
            cleared = clear_synced(laptop)
            assert cleared.cleared and not cleared.kept_unsynced
            with laptop.reading() as session:
                assert verify_chain(session) == []
        with laptop_a.reading() as session:
            assert session.scalars(select(Meeting)).all() == []
        with laptop_b.reading() as session:
            # B's own review is cleared, and with it what the council sent before it: the
            # council holds both; B keeps the case and its latest plan for the next review
            assert session.scalars(select(Meeting.id)).all() == []
            case_b = session.scalars(select(Case).where(Case.case_ref == reference)).one()
            assert session.scalars(
                select(PlanVersion.number).where(PlanVersion.case_id == case_b.id)
            ).all() == [3]


def demo_review_participants(laptop: Store) -> list[dict[str, str]]:
    """The people of the last received meeting, as the quick start offers them."""
    with laptop.reading() as session:
        last = session.scalars(
            select(Meeting).where(Meeting.kind == MeetingKind.REVIEW).order_by(Meeting.held_on)
        ).first()
        assert last is not None
        return [{"name": p.name} for p in last.participants]
