"""The audit trail anchored outside the database, and replayed against the rows.

Before, ``audit verify`` passed a trail whose newest entries were deleted, a trail with
an entry edited and every hash after it recomputed, and rows edited straight in the
tables. Now the chain is checked against heads kept where the database cannot reach
them (the signed checkpoint beside a chair's store, written at each sign-off's backup;
the council's signed receipts; the head in each bundle's signed manifest), and the trail
is replayed against the rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from cinchair.cli.main import main
from cinchair.model import AuditEntry, Case
from cinchair.model.audit import chain_hash
from cinchair.store.audit import verify_chain
from cinchair.store.audit_anchor import checkpoint_path
from cinchair.store.audit_replay import replay_problems
from cinchair.store.backup import take_backup
from cinchair.store.facade import Store, sqlite_url
from cinchair.sync.bundle.bundle import open_bundle
from cinchair.sync.importer import import_bundles
from cinchair.sync.receipts import receipt_head_problems
from tests.sync_kit import Council, Demo

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*argv: object) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _signed_store(path: Path) -> Store:
    from cinchair.meetings import lifecycle as meetings
    from cinchair.model import MeetingKind
    from cinchair.profiles import get_profile
    from tests.factories import make_case, make_meeting

    store = Store.open(sqlite_url(path), actor="chair")
    with store.transaction() as session:
        case = make_case(session)
        review = make_meeting(session, case, kind=MeetingKind.INITIAL_PLANNING)
        meetings.record_decision(
            review, get_profile(case.profile_id), option_key="continue",
            rationale="Plan made.", decided_by="Chair Person",
        )  # fmt: skip
        meetings.sign_minutes(review)
    take_backup(store)  # as every sign-off does: the checkpoint is written with it
    return store


def _cut_short(store: Store, entries: int) -> None:
    with store.engine.begin() as connection:
        newest = connection.execute(text("SELECT max(seq) FROM audit_log")).scalar_one()
        connection.execute(text("DELETE FROM audit_log WHERE seq > :s"), {"s": newest - entries})


def _rechained(store: Store, seq: int) -> None:
    """Edit entry ``seq`` and recompute every hash from there: the chain verifies again."""
    with store.engine.begin() as connection:
        rows = connection.execute(
            select(AuditEntry.__table__).where(AuditEntry.seq >= seq).order_by(AuditEntry.seq)
        ).all()
        prev = connection.execute(
            text("SELECT entry_hash FROM audit_log WHERE seq < :s ORDER BY seq DESC LIMIT 1"),
            {"s": seq},
        ).scalar_one()
        for row in rows:
            changes = row.changes if isinstance(row.changes, dict) else json.loads(row.changes)
            if row.seq == seq:
                changes = {**changes, "actor_note": [None, "edited"]}
            at = row.at if row.at.tzinfo else row.at.replace(tzinfo=__import__("datetime").UTC)
            new_hash = chain_hash(
                prev, at, row.actor, row.action, row.entity, row.entity_id, changes
            )
            connection.execute(
                text(
                    "UPDATE audit_log SET changes = :c, prev_hash = :p, entry_hash = :h "
                    "WHERE seq = :s"
                ),
                {"c": json.dumps(changes), "p": prev, "h": new_hash, "s": row.seq},
            )
            prev = new_hash


@pytest.mark.slow
def test_a_chairs_trail_cut_short_is_found_by_its_checkpoint(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "chair.sqlite3"
    store = _signed_store(path)
    assert checkpoint_path(path).exists()
    assert oct(checkpoint_path(path).stat().st_mode & 0o777) == "0o600"
    code, out, err = run("audit", "verify", "--db", sqlite_url(path))
    assert (code, out.strip()) == (0, "audit trail intact"), err
    _cut_short(store, 3)
    with store.reading() as session:
        assert verify_chain(session) == []  # the shortened chain is still a chain
    code, out, err = run("audit", "verify", "--db", sqlite_url(path))
    assert code == 1 and "cut short" in err
    store.close()


def test_a_chairs_trail_rechained_is_found_by_its_checkpoint(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "chair.sqlite3"
    store = _signed_store(path)
    _rechained(store, 3)
    with store.reading() as session:
        assert verify_chain(session) == []
    code, _, err = run("audit", "verify", "--db", sqlite_url(path))
    assert code == 1 and "rewritten" in err
    store.close()


def test_a_row_edited_around_the_app_is_found_by_replaying_the_trail(
    run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "chair.sqlite3"
    store = _signed_store(path)
    with store.reading() as session:
        assert replay_problems(session) == []
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE meetings SET venue = 'Somewhere else'"))
        connection.execute(text("DELETE FROM review_decisions"))
    code, _, err = run("audit", "verify", "--db", sqlite_url(path))
    assert code == 1
    assert "meetings" in err and "venue differ(s) from the audit trail" in err
    assert "review_decisions" in err and "missing from the store with no audit entry" in err
    store.close()


@pytest.mark.slow
def test_a_council_trail_cut_short_is_found_by_its_receipts(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    laptop = council.laptop("Laptop 7")
    paths = [
        council.bundle(demo.planning, laptop, tmp_path / "in", "1.cinsync"),
        council.bundle(demo.review, laptop, tmp_path / "in", "2.cinsync"),
    ]
    summary = import_bundles(
        council_store, paths, desk=council.desk, imported_by="Ann", receipts_dir=tmp_path / "r"
    )
    assert summary.counts["imported"] == 2
    with council_store.reading() as session:
        assert receipt_head_problems(session, tmp_path / "r", council.desk.public) == []
        assert replay_problems(session) == []  # the bulk writer's rows replay exactly
    with council_store.engine.begin() as connection:
        connection.execute(text("UPDATE cases SET child_given_name = 'Someone'"))
    _cut_short(council_store, 5)
    with council_store.reading() as session:
        assert verify_chain(session) == []
        found = receipt_head_problems(session, tmp_path / "r", council.desk.public)
        assert found and "cut short" in found[0]
        edited = [p for p in replay_problems(session) if p.entity == "cases"]
        assert edited and "child_given_name" in edited[0].problem
        assert session.scalars(select(Case)).one().child_given_name == "Someone"


def test_the_laptops_chain_head_travels_in_the_signed_manifest(
    council: Council, demo: Demo, tmp_path: Path
) -> None:
    from cinchair.sync import make_bundle
    from tests.sync_kit import DOCUMENTS, EXPORTED, attached_files

    laptop = council.laptop("Laptop 7")
    head = {"seq": 42, "hash": "ab" * 32}
    data = make_bundle(
        record=demo.planning,
        files=DOCUMENTS | attached_files(demo.planning),
        device=laptop,
        council=council.desk.sealing.public,
        app_version="0.1.0",
        exported_at=EXPORTED,
        audit_head=head,
    )
    opened = open_bundle(
        data, council_private=council.desk.sealing, trust=council.desk.trust_list()
    )
    assert json.loads(opened.manifest_text)["audit_head"] == head


def test_the_window_checks_the_records_integrity_from_the_help_menu(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QKeySequence

    from cinchair.ui.main_window import make_main_window

    store = _signed_store(tmp_path / "chair.sqlite3")
    window = make_main_window(store)
    qtbot.addWidget(window)
    actions = [
        a for menu in window.menuBar().actions() if menu.menu() for a in menu.menu().actions()
    ]
    check = next(a for a in actions if a.text() == "&Check the record's integrity…")
    assert check.shortcut() == QKeySequence("Ctrl+Shift+V")
    said: list[str] = []
    monkeypatch.setattr(
        "cinchair.ui.dialogs.integrity.QMessageBox.exec", lambda box: said.append(box.text()) or 0
    )
    check.trigger()
    assert "The audit trail is intact" in said[-1] and "checkpoint signed" in said[-1]
    _cut_short(store, 3)
    check.trigger()
    assert "problem(s)" in said[-1] and "cut short" in said[-1]
    store.close()


@pytest.mark.slow
def test_a_laptops_trail_is_anchored_in_the_last_receipt_it_loaded(
    run: Run, sqlite_council: Store, tmp_path: Path
) -> None:
    """The receipt names the laptop's chain head as of its export; the laptop keeps it, so
    a trail cut short is found even with the checkpoint beside the store gone too."""
    from cinchair.demo import build_demo
    from cinchair.store.audit_anchor import chain_head, head_problems
    from cinchair.sync.council import install_council_public
    from cinchair.sync.export import export_meetings
    from cinchair.sync.keys.device import laptop_device_key
    from cinchair.sync.receipt_anchor import kept_receipt_path
    from cinchair.sync.receipts import load_receipt_file, read_receipt, receipt_name

    council = Council.make(tmp_path / "keys")
    demo = build_demo(tmp_path / "laptop.sqlite3")
    path = Path(demo.store_path)
    with Store.open(sqlite_url(path), actor="Priya Shah") as laptop:
        device = laptop_device_key(laptop).key
        council.trust(device, "Laptop 7")
        exported = export_meetings(
            laptop, tmp_path / "usb", device=device, council=council.desk.sealing.public
        )
        assert len(exported.exported) == 2
        with laptop.reading() as session:
            head_at_export = chain_head(session)
        filed = import_bundles(
            sqlite_council,
            [tmp_path / "usb"],
            desk=council.desk,
            imported_by="Ann",
            receipts_dir=tmp_path / "receipts",
        )
        assert filed.counts["imported"] == 2, filed.lines()
        receipt_file = tmp_path / "receipts" / receipt_name(device.device_id)
        receipt = read_receipt(receipt_file.read_bytes(), council.desk.public)
        # the council's word on the laptop's chain as its newest bundle carried it (the
        # export's own bookkeeping comes after the manifest was signed)
        assert receipt.device_head is not None
        assert 0 < receipt.device_head.seq <= head_at_export.seq
        with laptop.reading() as session:
            assert head_problems(session, receipt.device_head, "the receipt") == []
        assert not kept_receipt_path(path).exists()
        load_receipt_file(laptop, receipt_file, council.desk.public, device)
        kept = kept_receipt_path(path)
        assert kept.read_bytes() == receipt_file.read_bytes()
        assert oct(kept.stat().st_mode & 0o777) == "0o600"
    install_council_public(council.desk.public)
    code, out, err = run("audit", "verify", "--db", sqlite_url(path))
    assert (code, out.strip()) == (0, "audit trail intact"), err
    from cinchair.store.integrity import check_integrity
    from cinchair.ui.dialogs.integrity import report_text

    with Store.open(sqlite_url(path), actor="Priya Shah") as laptop:
        said = report_text(check_integrity(laptop))  # what Help > Check… tells the chair
    assert "the entry the council's last receipt names" in said
    checkpoint_path(path).unlink(missing_ok=True)  # whoever cut the trail removed this too
    with Store.open(sqlite_url(path), actor="someone") as laptop:
        _cut_short(laptop, 10)
    code, _, err = run("audit", "verify", "--db", sqlite_url(path))
    assert code == 1 and "the council's receipt of" in err and "cut short" in err
