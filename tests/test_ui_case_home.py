"""The case list as a home screen: chips from the core, a summary under headings, Start meeting."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from cinchair.cases.chips import case_chips
from cinchair.cases.rows import case_rows
from cinchair.cases.summary import case_summary
from cinchair.demo import build_demo
from cinchair.model import Meeting, MeetingStatus, SyncState
from cinchair.store.facade import Store, sqlite_url
from cinchair.ui.app import make_main_window
from cinchair.ui.main_window import MainWindow

TODAY = date(2026, 11, 23)


@pytest.fixture
def demo_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    monkeypatch.setenv("CINCHAIR_DATA_DIR", str(tmp_path))
    path = tmp_path / "demo.sqlite3"
    build_demo(path)
    with Store.open(sqlite_url(path)) as store:
        yield store


def test_signed_meetings_without_the_councils_receipt_make_a_not_yet_synced_chip(
    demo_store: Store,
) -> None:
    with demo_store.reading() as session:
        (row,) = case_rows(session, TODAY)
    assert row.not_synced == 2  # both demo meetings are signed; no bundle was made
    assert [c.state for c in case_chips(row)] == ["due soon", "to sign later", "not yet synced"]
    assert "2 signed meetings not yet sent" in case_chips(row)[-1].detail
    with demo_store.transaction() as session:
        for meeting in session.query(Meeting).filter(Meeting.status == MeetingStatus.SIGNED):
            session.add(
                SyncState(
                    meeting_id=meeting.id,
                    case_reference="LCS-482913",
                    held_on=meeting.held_on,
                    exported_at=datetime(2026, 11, 1, tzinfo=UTC),
                )
            )
    # exported is not synced: until the council's receipt comes back the chip stays,
    # and says what is awaited (it vanished on export, no receipt loaded)
    with demo_store.reading() as session:
        (row,) = case_rows(session, TODAY)
    assert row.not_synced == 2 and row.awaiting_receipt == 2
    chip = case_chips(row)[-1]
    assert chip.state == "not yet synced"
    assert "2 signed meetings sent and awaiting the council's receipt" in chip.detail
    assert "Case > Load the council's receipt" in chip.detail
    with demo_store.transaction() as session:
        for state in session.query(SyncState):
            state.acknowledged_at = datetime(2026, 11, 2, tzinfo=UTC)
    with demo_store.reading() as session:
        (row,) = case_rows(session, TODAY)
    assert row.not_synced == 0
    assert "not yet synced" not in [c.state for c in case_chips(row)]


def test_the_summary_is_headings_a_timeline_and_the_plan_in_words(demo_store: Store) -> None:
    with demo_store.reading() as session:
        (row,) = case_rows(session, TODAY)
        summary = case_summary(session, row.case_id, TODAY)
    assert summary.child == "Amelia Nowak"
    assert summary.about.startswith("LCS-482913 · born 14 Mar 2017 · North Tyneside Council")
    assert summary.today.startswith("Due soon: review due 30 Nov 2026")
    assert [e.day for e in summary.timeline] == ["19 Oct 2026", "7 Sep 2026"]  # latest first
    assert summary.timeline[0].status == "signed"
    assert summary.plan.startswith("Version 2, agreed, from 19 Oct 2026: 3 outcomes and 8 actions.")
    assert "Since version 1: 1 new, 2 changed, 3 completed, 1 dropped." in summary.plan
    assert summary.plan.endswith("The SMART check finds nothing to fix.")


def _window(qtbot, store: Store) -> MainWindow:
    window = make_main_window(store, today=TODAY, demo=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_panel_shows_headings_and_chips_and_start_meeting_opens_it(
    qtbot, demo_store: Store
) -> None:
    window = _window(qtbot, demo_store)
    panel = window.case_list.details
    texts = {label.text(): label.property("role") for label in panel.findChildren(QLabel)}
    assert texts["Amelia Nowak"] == "title"
    assert texts["Today"] == texts["Meetings"] == texts["Plan"] == "section"
    chips = [label for label in panel.findChildren(QLabel) if label.property("chip")]
    assert [c.property("chip") for c in chips] == ["due soon", "to sign later", "not yet synced"]
    assert "Meetings" in panel.accessibleDescription()

    start = window.case_list.bar.start_meeting
    assert start.isVisible() and start.isEnabled() and start.property("primary")
    window.case_list.table.clearSelection()
    assert not start.isEnabled()  # nothing chosen: nothing to start
    window.case_list.table.selectRow(0)
    opened: list[bool] = []
    window.meeting_for_selected = lambda: opened.append(True)  # type: ignore[method-assign]
    window.case_list.start_meeting_requested.disconnect()
    window.case_list.start_meeting_requested.connect(window.meeting_for_selected)
    start.click()
    assert opened == [True]
