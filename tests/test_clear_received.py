"""Clearing what the council already holds includes what a case pack brought.

Laptop B receives laptop A's case (two meetings) from the council. Until B holds a later
review, the received meetings are what its next review starts from: a clear leaves them
and says so. Once B's own review is acknowledged by a receipt, clearing takes it and the
received history before it (both held by the council), keeps the latest plan for the
next review, writes the removal to the trail, and the preview said so first.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from cinchair.meetings.plans import latest_agreed
from cinchair.model import Case, Meeting, ReceivedMeeting
from cinchair.store.audit import verify_chain
from cinchair.store.audit_replay import replay_problems
from cinchair.store.facade import Store, sqlite_url
from cinchair.sync.admin_desk import clear_preview
from cinchair.sync.clear import clear_synced
from cinchair.sync.export import export_meetings
from cinchair.sync.importer import import_bundles
from cinchair.sync.keys.device import laptop_device_key, laptop_public
from cinchair.sync.packs.laptop_receive import receive_pack_file
from cinchair.sync.packs.make import make_case_pack
from cinchair.sync.receipts import load_receipt_file, receipt_name
from tests.sync_kit import EXPORTED, Council, Demo
from tests.test_case_pack_roundtrip import _hold_next_review_carrying_the_plan


@pytest.fixture
def laptop_b(tmp_path: Path) -> Iterator[Store]:
    with Store.open(sqlite_url(tmp_path / "laptop-b.sqlite3"), actor="Dev Patel") as store:
        yield store


def _received_case(
    council: Council, demo: Demo, council_store: Store, laptop: Store, tmp_path: Path
) -> str:
    """A's two meetings filed at the council and packed for laptop B; the reference."""
    laptop_a = council.laptop("Laptop A")
    paths = [council.bundle(r, laptop_a, tmp_path / "usb-a") for r in (demo.planning, demo.review)]
    filed = import_bundles(council_store, paths, desk=council.desk, imported_by="Ann Admin")
    assert filed.counts["imported"] == 2, filed.lines()
    trust = council.desk.trust_list()
    entry = trust.trust(laptop_public(laptop).public_text(), "Laptop B", EXPORTED)
    trust.save(council.desk.trust_path)
    reference = str(demo.review["case"]["reference"])
    pack = tmp_path / "for-b.cinpack"
    pack.write_bytes(
        make_case_pack(council_store, council.desk, entry.device_id, [reference], made_by="Ann")
    )
    received = receive_pack_file(laptop, pack, council=council.desk.public)
    assert not received.clashes and len(received.cases[0].added) == 2
    return reference


@pytest.mark.slow
def test_received_history_goes_with_the_later_meeting_that_carried_it_forward(
    council: Council, demo: Demo, sqlite_council: Store, laptop_b: Store, tmp_path: Path
) -> None:
    reference = _received_case(council, demo, sqlite_council, laptop_b, tmp_path)
    # Nothing of B's own is acknowledged yet: the received meetings stay, and are said to.
    preview = laptop_b.ask(clear_preview)
    assert preview.to_clear == [] and preview.received_to_clear == []
    assert len(preview.received_staying) == 2
    assert any("received from the council stay" in line for line in preview.lines())
    assert clear_synced(laptop_b).received_cleared == []

    review_id, _lineage = _hold_next_review_carrying_the_plan(laptop_b, reference)
    device = laptop_device_key(laptop_b).key
    export_meetings(
        laptop_b, tmp_path / "usb-b", device=device, council=council.desk.sealing.public
    )
    filed = import_bundles(
        sqlite_council,
        [tmp_path / "usb-b"],
        desk=council.desk,
        imported_by="Ann Admin",
        receipts_dir=tmp_path / "receipts",
    )
    assert [i.outcome for i in filed.items] == ["imported"], filed.lines()
    receipt = tmp_path / "receipts" / receipt_name(device.device_id)
    assert load_receipt_file(laptop_b, receipt, council.desk.public, device).acknowledged

    preview = laptop_b.ask(clear_preview)
    assert [m.meeting_id for m in preview.to_clear] == [review_id]
    assert [ref for ref, _held in preview.received_to_clear] == [reference, reference]
    assert preview.received_staying == []
    said = "\n".join(preview.lines())
    assert "2 meeting(s) received from the council go too" in said
    assert preview.going == 3  # what the window's Clear button counts

    summary = clear_synced(laptop_b)
    assert summary.cleared == [review_id]
    assert set(summary.received_cleared) == {demo.planning_id, demo.review_id}
    assert any("received from the council cleared too" in line for line in summary.lines())
    with laptop_b.reading() as session:
        assert session.scalars(select(Meeting.id)).all() == []
        assert session.scalars(select(ReceivedMeeting.meeting_id)).all() == []
        case = session.scalars(select(Case).where(Case.case_ref == reference)).one()
        plan = latest_agreed(session, case)  # B's plan stays for the next review
        assert plan is not None and plan.number == 3
        assert verify_chain(session) == []
        received_rows = [p for p in replay_problems(session) if p.entity == "received_meetings"]
        assert received_rows == []  # each removal is in the trail


def test_the_command_line_clears_received_history_too(
    council: Council,
    demo: Demo,
    sqlite_council: Store,
    laptop_b: Store,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from cinchair.cli.main import main

    reference = _received_case(council, demo, sqlite_council, laptop_b, tmp_path)
    _hold_next_review_carrying_the_plan(laptop_b, reference)
    device = laptop_device_key(laptop_b).key
    export_meetings(
        laptop_b, tmp_path / "usb-b", device=device, council=council.desk.sealing.public
    )
    import_bundles(
        sqlite_council,
        [tmp_path / "usb-b"],
        desk=council.desk,
        imported_by="Ann Admin",
        receipts_dir=tmp_path / "receipts",
    )
    receipt = tmp_path / "receipts" / receipt_name(device.device_id)
    load_receipt_file(laptop_b, receipt, council.desk.public, device)
    assert main(["clear", "--synced", "--db", str(laptop_b.url)]) == 0
    said = capsys.readouterr().out
    assert "1 synced meeting(s) cleared" in said
    assert "2 meeting(s) received from the council cleared too" in said


def test_a_laptop_that_cleared_its_synced_meetings_still_verifies(
    council: Council, demo: Demo, sqlite_council: Store, laptop_b: Store, tmp_path: Path
) -> None:
    """The trail records each clearing, so its rows gone are no gap: audit verify stays
    clean, while a row deleted around the app is still found."""
    from sqlalchemy import text

    reference = _received_case(council, demo, sqlite_council, laptop_b, tmp_path)
    _hold_next_review_carrying_the_plan(laptop_b, reference)
    device = laptop_device_key(laptop_b).key
    export_meetings(
        laptop_b, tmp_path / "usb-b", device=device, council=council.desk.sealing.public
    )
    import_bundles(
        sqlite_council,
        [tmp_path / "usb-b"],
        desk=council.desk,
        imported_by="Ann Admin",
        receipts_dir=tmp_path / "receipts",
    )
    receipt = tmp_path / "receipts" / receipt_name(device.device_id)
    load_receipt_file(laptop_b, receipt, council.desk.public, device)
    assert clear_synced(laptop_b).cleared
    with laptop_b.reading() as session:
        assert [p.line() for p in replay_problems(session)] == []
    with laptop_b.engine.begin() as connection:  # around the app: no audit entry
        connection.execute(text("DELETE FROM plan_actions"))
    with laptop_b.reading() as session:
        found = replay_problems(session)
        assert found and {p.entity for p in found} == {"plan_actions"}
        assert all("missing from the store" in p.problem for p in found)
