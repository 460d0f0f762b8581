"""Opening the case list on a store holding 10,000 meetings, against a raw sqlite3 read.

The store holds 2,000 cases across the five council profiles, five meetings each,
each with its outcome and next review date. Figures (median of several runs):

- baseline: one raw sqlite3 query fetching every case with its meetings' dates;
- ``case_rows``: the core's rows for the list (ORM load plus each council's rules);
- case list page: the Qt page built and shown offscreen (rows, model, column widths);
- search: narrowing the list as the chair types a name (one keystroke).

The fixture rows are written with a plain session (no audit trail) to keep the set-up
short; reading is what is measured. Run with ``python -m bench.case_list``.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from cinchair.cases.rows import case_rows
from cinchair.model import ChairRole, Meeting, MeetingKind, MeetingStatus, ReviewDecision
from cinchair.model.case import Case
from cinchair.store.facade import Store, sqlite_url

CASES = 2_000
MEETINGS_PER_CASE = 5
RUNS = 5
TODAY = date(2026, 11, 23)
PROFILES = ["north-tyneside", "barnet", "hillingdon", "derby", "generic"]
GIVEN = ["Amelia", "Oliwer", "Zoë", "Mohammed", "Aoife", "Kacper", "Leila", "Jan", "Ying", "Tomás"]
FAMILY = ["Nowak", "Kowal", "Ng", "Rahman", "Ó Briain", "Smith", "Haddad", "Novák", "Chen", "Ruiz"]


def _fill(store: Store) -> None:
    start = date(2025, 1, 6)
    with Session(store.engine) as session:
        for n in range(CASES):
            profile = PROFILES[n % len(PROFILES)]
            case = Case(
                case_ref=f"LCS-{100000 + n}",
                profile_id=profile,
                child_given_name=GIVEN[n % len(GIVEN)],
                child_family_name=f"{FAMILY[(n // 10) % len(FAMILY)]} {n}",
                date_of_birth=date(2012 + n % 12, 1 + n % 12, 1 + n % 28),
                assessment_completed_on=start,
            )
            session.add(case)
            for k in range(MEETINGS_PER_CASE):
                held = start + timedelta(days=(n % 90) + 42 * k)
                meeting = Meeting(
                    case=case,
                    kind=MeetingKind.INITIAL_PLANNING if k == 0 else MeetingKind.REVIEW,
                    held_on=held,
                    chair_name="Bench Chair",
                    chair_role=ChairRole.SOCIAL_WORKER,
                    profile_id=profile,
                    framework="bench",
                    status=MeetingStatus.SIGNED,
                )
                meeting.decision = ReviewDecision(
                    option_key="continue",
                    option_label="Continue",
                    leads_to="continue",
                    rationale="bench",
                    next_review_on=held + timedelta(weeks=6),
                    decided_on=held,
                    decided_by="Bench Chair",
                )
                session.add(meeting)
        session.commit()


def _median(fn: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _raw(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(
        "SELECT c.id, c.case_ref, c.child_given_name, c.child_family_name, c.profile_id,"
        " m.held_on, d.next_review_on FROM cases c LEFT JOIN meetings m ON m.case_id = c.id"
        " LEFT JOIN review_decisions d ON d.meeting_id = m.id"
    ).fetchall()
    conn.close()


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from cinchair.ui.case_list import CaseListPage

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        with Store.open(sqlite_url(path), actor="bench") as store:
            started = time.perf_counter()
            _fill(store)
            filled = time.perf_counter() - started

            def rows() -> None:
                with store.reading() as session:
                    case_rows(session, TODAY)

            def page() -> None:
                shown = CaseListPage(store, TODAY)
                shown.resize(1366, 700)
                shown.show()
                app.processEvents()
                shown.deleteLater()

            shown = CaseListPage(store, TODAY)
            shown.show()

            def search() -> None:
                for text in ("n", "no", "now", "nowa", "nowak", ""):
                    shown.search.setText(text)
                    app.processEvents()

            raw = _median(lambda: _raw(path))
            core = _median(rows)
            ui = _median(page)
            typing = _median(search) / 6
            meetings = CASES * MEETINGS_PER_CASE
    print(f"case list: {CASES} cases, {meetings} meetings (fixture written in {filled:.1f} s)")
    print(f"  raw sqlite3 query (baseline)        {raw * 1000:8.1f} ms")
    print(f"  case_rows (core)                    {core * 1000:8.1f} ms   {core / raw:6.1f}x")
    print(f"  case list page built and shown      {ui * 1000:8.1f} ms   {ui / raw:6.1f}x")
    print(f"  search, per keystroke               {typing * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
