"""Back to a past meeting from the case list: to read it, or for a later signature."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from cinchair.demo import build_demo
from cinchair.meetings.lifecycle import case_meetings
from cinchair.store.facade import Store, sqlite_url
from cinchair.ui.app import make_main_window
from cinchair.ui.dialogs.past_meetings import describe

TODAY = date(2026, 11, 23)


def test_ctrl_o_lists_the_case_meetings_and_opens_the_chosen_one(qtbot, tmp_path: Path) -> None:
    demo = build_demo(tmp_path / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path)) as store:
        window = make_main_window(store, today=TODAY)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        with store.reading() as session:
            summaries = case_meetings(session, demo.case_id)
        assert [s.meeting_id for s in summaries] == list(reversed(demo.meeting_ids))
        assert summaries[0].to_sign_later == ("Daniel Nowak",)  # the demo father signs later
        assert "to sign later: Daniel Nowak" in describe(summaries[0])
        assert all(s.signed for s in summaries)

        dialog = window.open_past_meeting()
        assert dialog is not None and dialog.list.count() == 2
        assert "Amelia" not in dialog.windowTitle()
        dialog.list.setCurrentRow(1)  # the initial planning meeting
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
        assert window.meeting is not None
        assert window.meeting.draft.meeting_id == demo.meeting_ids[0]
        assert window.meeting.signed_at is not None  # opened read-only
