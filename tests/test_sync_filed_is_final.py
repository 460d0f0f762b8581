"""What the council has filed is not rewritten by another laptop, nor by a later claim.

* a later export of a filed meeting is taken only from the laptop that filed it, and only
  as forward steps (to sign later -> signed or declined); anything else is held;
* the export time a laptop claims orders nothing, and one claimed in the future is refused;
* every received bundle keeps its record, manifest and signature as they came;
* a case reference whose child differs (name or date of birth) is held, never merged.

Each runs on SQLite and PostgreSQL (``council_store``).
"""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cinchair.model import (
    BundleStatus,
    Case,
    ConflictKind,
    ImportedBundle,
    Signature,
    SignatureStatus,
    SyncConflict,
    utcnow,
)
from cinchair.store.audit import verify_chain
from cinchair.store.facade import Store
from cinchair.sync.conflicts import list_conflicts
from cinchair.sync.import_summary import ImportSummary
from cinchair.sync.importer import import_bundles
from tests.sync_kit import EXPORTED, Council, Demo, edited, fresh_ids


def _import(store: Store, council: Council, *paths: Path) -> ImportSummary:
    return import_bundles(store, list(paths), desk=council.desk, imported_by="Ann Admin")


def _answered_later(record: dict[str, Any], **answer: Any) -> tuple[dict[str, Any], str]:
    """The record with its 'to sign later' signature answered; and that signature's id."""
    out = copy.deepcopy(record)
    later = next(s for s in out["signatures"] if s["status"] == "to-sign-later")
    later.update(answer)
    return out, later["id"]


def _signatures(store: Store, meeting_id: str) -> dict[str, tuple[str, str]]:
    with store.reading() as session:
        rows = session.scalars(select(Signature).where(Signature.meeting_id == meeting_id))
        return {r.id: (r.status.value, r.signer_name) for r in rows}


def test_another_laptop_cannot_rewrite_a_filed_meetings_signatures(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    laptop_a, laptop_b = council.laptop("Laptop A"), council.laptop("Laptop B")
    rewritten = copy.deepcopy(demo.planning)
    mother = next(s for s in rewritten["signatures"] if s["status"] == "signed")
    mother.update(status="declined", reason="Did not agree", image_png=None, strokes=None)
    chair = rewritten["signatures"][-1]
    chair["signer_name"] = "Someone Else"
    genuine = council.bundle(demo.planning, laptop_a, tmp_path / "in", "a.cinsync")
    forged = council.bundle(
        rewritten, laptop_b, tmp_path / "in", "b.cinsync", exported_at=EXPORTED + timedelta(2)
    )
    before = _signatures(council_store, demo.planning_id)
    summary = _import(council_store, council, genuine)
    filed = _signatures(council_store, demo.planning_id)
    assert filed != before
    summary = _import(council_store, council, forged)
    assert summary.items[0].outcome == "conflict"
    assert "Only the laptop that filed a meeting" in summary.items[0].message
    assert _signatures(council_store, demo.planning_id) == filed
    with council_store.reading() as session:
        first = session.scalars(
            select(ImportedBundle).where(ImportedBundle.status == BundleStatus.IMPORTED)
        ).one()
        assert json.loads(first.record_json) == demo.planning  # the first laptop's text
        assert first.device_id == laptop_a.device_id
        kinds = [c.kind for c in list_conflicts(session)]
        assert kinds == [ConflictKind.SIGNATURES_REWRITTEN.value]
        assert verify_chain(session) == []
    # the genuine bundle again is a plain duplicate, not "an earlier export"
    again = _import(council_store, council, genuine)
    assert again.items[0].outcome == "duplicate" and again.items[0].note == ""


def test_the_filing_laptop_may_only_step_signatures_forward(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    laptop = council.laptop("Laptop 7")
    signed, daniel = _answered_later(
        demo.planning, status="signed", signed_at="2026-09-20T16:00:00Z", reason=None
    )
    undone = copy.deepcopy(signed)
    mother = next(s for s in undone["signatures"] if s["id"] != daniel and s["status"] == "signed")
    mother.update(status="declined", reason="Changed her mind", image_png=None, strokes=None)
    paths = [
        council.bundle(demo.planning, laptop, tmp_path / "in", "1.cinsync"),
        council.bundle(signed, laptop, tmp_path / "in", "2.cinsync"),
        council.bundle(undone, laptop, tmp_path / "in", "3.cinsync"),
    ]
    summary = _import(council_store, council, *paths)
    assert [i.outcome for i in summary.items] == ["imported", "duplicate", "conflict"]
    assert "took 1 late signature" in summary.items[1].note
    assert "filed as signed" in summary.items[2].message
    after = _signatures(council_store, demo.planning_id)
    assert after[daniel][0] == "signed" and after[mother["id"]][0] == "signed"
    # the earlier export (Daniel still to sign later) arriving last changes nothing,
    # whatever export time it claims: the laptop's clock orders nothing
    stale = council.bundle(
        demo.planning, laptop, tmp_path / "in", "4.cinsync", exported_at=utcnow()
    )
    summary = _import(council_store, council, stale)
    assert summary.items[0].outcome == "duplicate"
    assert _signatures(council_store, demo.planning_id) == after
    with council_store.reading() as session:
        rows = session.scalars(select(ImportedBundle)).all()
        # every bundle that said something new is kept as it came, none rewritten
        assert sorted(r.status.value for r in rows) == ["conflict", "imported", "signatures"]
        assert {json.loads(r.record_json)["signatures"][0]["id"] for r in rows}
        assert all(r.manifest_json and r.manifest_sig for r in rows)
        assert verify_chain(session) == []


def test_an_export_time_in_the_future_is_refused(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    laptop = council.laptop("Laptop 7")
    ahead = council.bundle(
        demo.planning, laptop, tmp_path / "in", exported_at=utcnow() + timedelta(days=3)
    )
    summary = _import(council_store, council, ahead)
    item = summary.items[0]
    assert (item.outcome, item.reason) == ("refused", "future-export")
    assert "Set the laptop's date and time right" in item.message
    within = council.bundle(
        demo.planning, laptop, tmp_path / "in", exported_at=utcnow() + timedelta(minutes=20)
    )
    assert _import(council_store, council, within).items[0].outcome == "imported"


def test_a_case_reference_with_another_child_is_held_and_the_case_untouched(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    laptop = council.laptop("Laptop 7")
    other_child = fresh_ids(demo.review)[0]
    other_child["case"]["child"].update(given_name="Jayden", date_of_birth="2014-02-02")
    earlier_other = edited(fresh_ids(demo.planning)[0], held_on="2026-01-05")
    earlier_other["case"]["child"]["date_of_birth"] = "2012-12-12"
    paths = [
        council.bundle(demo.planning, laptop, tmp_path / "in", "1.cinsync"),
        council.bundle(other_child, laptop, tmp_path / "in", "2.cinsync"),
        council.bundle(earlier_other, laptop, tmp_path / "in", "3.cinsync"),
    ]
    summary = _import(council_store, council, *paths)
    assert [i.outcome for i in summary.items] == ["imported", "conflict", "conflict"]
    assert "about another child" in summary.items[1].message
    assert "Jayden" in summary.items[1].message
    child = demo.planning["case"]["child"]
    with council_store.reading() as session:
        case = session.scalars(select(Case)).one()
        assert (case.child_given_name, case.date_of_birth.isoformat()) == (
            child["given_name"],
            child["date_of_birth"],
        )
        conflicts = session.scalars(select(SyncConflict)).all()
        assert {c.kind for c in conflicts} == {ConflictKind.CHILD_IDENTITY}
        assert [c.kind for c in list_conflicts(session)] == ["child-identity"] * 2


def test_a_held_signature_kind_keeps_the_status_values_the_store_accepts(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    """The store's own checks take the new statuses and kinds (migration 0009)."""
    laptop = council.laptop("Laptop 7")
    declined, _ = _answered_later(demo.planning, status="declined", reason="Not today")
    summary = _import(
        council_store,
        council,
        council.bundle(demo.planning, laptop, tmp_path / "in", "1.cinsync"),
        council.bundle(declined, laptop, tmp_path / "in", "2.cinsync"),
    )
    assert [i.outcome for i in summary.items] == ["imported", "duplicate"]
    with council_store.reading() as session:
        statuses = {s.status for s in session.scalars(select(Signature))}
        assert SignatureStatus.DECLINED in statuses


def test_the_admin_windows_conflict_list_shows_the_new_kinds(
    qtbot: Any, sqlite_council: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt

    from cinchair.ui.admin.conflicts import ConflictsPage

    laptop_a, laptop_b = council.laptop("Laptop A"), council.laptop("Laptop B")
    other_child = fresh_ids(demo.review)[0]
    other_child["case"]["child"]["date_of_birth"] = "2014-02-02"
    signed, _ = _answered_later(demo.planning, status="declined", reason="Not today")
    _import(
        sqlite_council,
        council,
        council.bundle(demo.planning, laptop_a, tmp_path / "in", "1.cinsync"),
        council.bundle(other_child, laptop_a, tmp_path / "in", "2.cinsync"),
        council.bundle(signed, laptop_b, tmp_path / "in", "3.cinsync"),
    )
    page = ConflictsPage(sqlite_council, "Ann Admin")
    qtbot.addWidget(page)
    with sqlite_council.reading() as session:
        page.show_conflicts(list_conflicts(session))
    model = page.model
    shown = [
        model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
        for row in range(model.rowCount())
        for column in range(model.columnCount())
    ]
    assert "child-identity" in shown and "signatures-rewritten" in shown
    assert any("about another child" in str(text) for text in shown)
    page.table.selectRow(0)  # the two records compared: the held one beside the filed one
    assert page.sides.rowCount() > 0


def test_verify_filed_proves_every_received_bundle_and_finds_an_edit(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    from sqlalchemy import update

    from cinchair.sync.provenance import verify_filed

    laptop = council.laptop("Laptop 7")
    signed, _ = _answered_later(demo.planning, status="declined", reason="Not today")
    _import(
        council_store,
        council,
        council.bundle(demo.planning, laptop, tmp_path / "in", "1.cinsync"),
        council.bundle(demo.review, laptop, tmp_path / "in", "2.cinsync"),
        council.bundle(signed, laptop, tmp_path / "in", "3.cinsync"),
    )
    trust = council.desk.trust_list()
    with council_store.reading() as session:
        checks = verify_filed(session, trust)
    assert len(checks) == 3 and all(c.proved for c in checks)
    with council_store.engine.begin() as connection:  # an edit straight into the store
        connection.execute(
            update(ImportedBundle)
            .where(ImportedBundle.meeting_id == demo.review_id)
            .values(record_json=json.dumps(demo.planning))
        )
    council.revoke(laptop, "stolen")
    with council_store.reading() as session:
        checks = verify_filed(session, council.desk.trust_list())
    failed = [c for c in checks if c.problem]
    assert [c.meeting_id for c in failed] == [demo.review_id]
    assert "not the one the laptop signed" in (failed[0].problem or "")
    assert all("revoked since" in c.note for c in checks if not c.problem)


def test_the_admin_desk_checks_what_the_council_holds(
    qtbot: Any,
    sqlite_council: Store,
    council: Council,
    demo: Demo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from dataclasses import replace

    from PySide6.QtGui import QKeySequence

    from cinchair.app.settings import Settings
    from cinchair.ui.admin.desk import AdminDesk

    laptop = council.laptop("Laptop 7")
    receipts = tmp_path / "receipts"
    import_bundles(
        sqlite_council,
        [council.bundle(demo.planning, laptop, tmp_path / "in")],
        desk=council.desk,
        imported_by="Ann",
        receipts_dir=receipts,
    )
    settings = replace(
        Settings(),
        council_keys_dir=str(council.desk.folder),
        council_receipts_dir=str(receipts),
    )
    desk = AdminDesk(sqlite_council, settings=settings, work=2**12)
    qtbot.addWidget(desk)
    action = next(a for a in desk.desk_actions if a.text() == "Check what the council &holds…")
    assert action.shortcut() == QKeySequence("Ctrl+Shift+V")
    said: list[str] = []
    monkeypatch.setattr(
        "cinchair.ui.dialogs.integrity.QMessageBox.exec", lambda box: said.append(box.text()) or 0
    )
    action.trigger()
    assert "1 of 1 received record(s) proved" in said[-1]
    assert "The audit trail is intact" in said[-1]
    with sqlite_council.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE imported_bundles SET record_json = '{}'")
    action.trigger()
    assert "0 of 1" in said[-1] and "not the one the laptop signed" in said[-1]
    assert "differ(s) from the audit trail" in said[-1]
