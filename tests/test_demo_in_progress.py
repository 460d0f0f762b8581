"""The screenshots' review in progress: a draft on a copy of the demo, the signed ones kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from cinchair.demo import build_demo
from cinchair.demo.in_progress import add_meeting_in_progress
from cinchair.domain.agenda import agenda_steps
from cinchair.domain.required import missing_items
from cinchair.model import Meeting, MeetingStatus
from cinchair.profiles import get_profile
from cinchair.store.facade import Store, sqlite_url


def test_a_meeting_in_progress_has_people_and_something_required_missing(tmp_path: Path) -> None:
    demo = build_demo(tmp_path / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path), actor="test") as store:
        with store.reading() as session:
            signed_before = {m.id: m.status for m in session.scalars(select(Meeting)).all()}
        meeting_id = add_meeting_in_progress(store, demo.case_id, date(2026, 11, 23))
        with store.reading() as session:
            meeting = session.get(Meeting, meeting_id)
            assert meeting is not None and meeting.signed_at is None
            assert len(meeting.participants) >= 5  # the last meeting's people
            assert len(meeting.contributions) == 1
            profile = get_profile(meeting.profile_id)
            missing = missing_items(meeting, profile, agenda_steps(profile, meeting.kind))
            assert missing  # the stepper shows its "!"
            after = {
                m.id: m.status for m in session.scalars(select(Meeting)).all() if m.id != meeting_id
            }
    assert after == signed_before
    assert MeetingStatus.SIGNED in after.values()
