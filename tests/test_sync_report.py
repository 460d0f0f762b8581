"""The admin's report: reviews due and overdue by council rules, conflicts waiting, and
meetings received per chair; and the council's key folder and public setup file."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from cinchair.cases.report import admin_report
from cinchair.store.facade import Store, sqlite_url
from cinchair.sync import KeyProblem
from cinchair.sync.conflicts import ConflictProblem, resolve_conflict
from cinchair.sync.council import CouncilDesk, CouncilPublic
from cinchair.sync.importer import import_bundles
from tests.sync_kit import PASSPHRASE, Council, Demo, edited, fresh_ids


@pytest.fixture
def filled(demo: Demo, tmp_path: Path) -> Store:
    """Two cases: the demo's (with a conflict from a second laptop) and a second child's
    case with only its initial planning meeting, chaired by someone else."""
    council = Council.make(tmp_path / "keys")
    a, b = council.laptop("Laptop A"), council.laptop("Laptop B")
    [b_review] = fresh_ids(demo.review)
    other = edited(fresh_ids(demo.planning)[0], held_on="2026-11-02")
    other["case"]["reference"] = "=LCS-000002"  # a spreadsheet must not run it
    other["meeting"]["chair"]["name"] = "Tom Reed"
    records = [(demo.planning, a), (demo.review, a), (demo.review, a), (b_review, b), (other, b)]
    paths = [
        council.bundle(record, device, tmp_path / "usb", f"{n}.cinsync")
        for n, (record, device) in enumerate(records)
    ]
    store = Store.open(sqlite_url(tmp_path / "council.sqlite3"), actor="admin")
    summary = import_bundles(store, paths, desk=council.desk, imported_by="Ann")
    assert summary.counts == {"imported": 3, "duplicate": 1, "conflict": 1, "refused": 0}
    return store


def test_report_shows_due_overdue_conflicts_and_chairs(filled: Store) -> None:
    with filled.reading() as session:
        report = admin_report(session, date(2026, 12, 10))
    [first, second] = report.cases
    assert (first.case_reference, first.state, first.days_overdue) == ("LCS-482913", "overdue", 10)
    assert first.next_due == date(2026, 11, 30) and first.last_chair == "Priya Shah"
    assert first.conflicts_waiting == 1 and first.meetings == 2
    assert (second.case_reference, second.state) == ("=LCS-000002", "due soon")
    assert [c.case_reference for c in report.conflicts] == ["LCS-482913"]
    chairs = {c.chair: (c.meetings_received, c.filed, c.held) for c in report.chairs}
    # The duplicate counts once; B's held review is counted as held, not filed.
    assert chairs == {"Priya Shah": (3, 2, 1), "Tom Reed": (1, 1, 0)}
    lines = report.lines()
    assert lines[0].startswith("Reviews on 10 Dec 2026: 1 overdue")
    assert any("LCS-482913" in line and "10 day(s) overdue" in line for line in lines)
    rows = list(csv.DictReader(io.StringIO(report.cases_csv().decode("utf-8-sig"))))
    assert rows[1]["case_reference"] == "'=LCS-000002"
    assert rows[0]["conflicts_waiting"] == "1"
    filled.close()


def test_resolving_a_conflict_takes_it_off_the_report(filled: Store) -> None:
    with filled.reading() as session:
        [conflict] = admin_report(session, date(2026, 11, 23)).conflicts
    with pytest.raises(ConflictProblem, match="say who"):
        resolve_conflict(filled, conflict.id, resolved_by=" ", note="x")
    with pytest.raises(ConflictProblem, match="no conflict"):
        resolve_conflict(filled, "nope", resolved_by="Ann", note="x")
    row = resolve_conflict(filled, conflict.id[:8], resolved_by="Ann", note="A's review stands")
    assert row.resolved_by == "Ann" and row.note == "A's review stands"
    with filled.reading() as session:
        report = admin_report(session, date(2026, 11, 23))
    assert report.conflicts == [] and report.cases[0].conflicts_waiting == 0
    filled.close()


def test_council_key_folder_and_its_public_file(tmp_path: Path) -> None:
    desk = CouncilDesk.create(tmp_path / "k", PASSPHRASE, work=2**12)
    opened = CouncilDesk.open(tmp_path / "k", PASSPHRASE)
    assert opened.public == desk.public
    with pytest.raises(KeyProblem, match="wrong passphrase"):
        CouncilDesk.open(tmp_path / "k", "not the right passphrase")
    text = (tmp_path / "k" / "council.pub").read_text()
    assert CouncilPublic.parse(text) == desk.public
    # The sealing line on its own still seals; it just cannot check receipts.
    alone = CouncilPublic.parse(text.splitlines()[0])
    assert alone.sealing == desk.sealing.public and alone.receipts is None
    damaged = text.replace(desk.sealing.key_id, "0" * 16)
    with pytest.raises(KeyProblem, match="does not match its id"):
        CouncilPublic.parse(damaged, "council.pub")
    with pytest.raises(KeyProblem, match="no council sealing key"):
        CouncilPublic.parse(text.splitlines()[1])
