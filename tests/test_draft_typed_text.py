"""Text saved by the draft is text a record can carry: pasted breaks and controls cleaned."""

from __future__ import annotations

from cinchair.domain.typed_text import cleaned
from cinchair.meetings.draft import MeetingDraft
from cinchair.model import Contribution, Meeting
from cinchair.record import build_record, validate_record
from cinchair.store.facade import Store
from tests.factories import make_case, make_meeting

PASTED = "Word line\x0bbreak\x0cpage\u2028line\u2029para\r\nCRLF\x85NEL\tTab\x01\x7f\x9b\ud800 end"
MEANT = "Word line\nbreak\npage\nline\npara\nCRLF\nNEL\tTab end"


def test_cleaned_keeps_what_was_meant() -> None:
    assert cleaned(PASTED) == MEANT
    assert cleaned("Zoë, محمد, 😀 as typed") == "Zoë, محمد, 😀 as typed"


def test_pasted_controls_are_cleaned_at_the_edit_and_the_record_validates(store: Store) -> None:
    with store.transaction() as session:
        meeting = make_meeting(session, make_case(session))
        point = Contribution(heading_key="worried", text="", sort_order=0)
        meeting.contributions.append(point)
        session.flush()
        meeting_id, point_id = meeting.id, point.id
    draft = MeetingDraft(store, meeting_id)
    draft.set(Contribution, point_id, text=PASTED)
    draft.set(Meeting, meeting_id, venue="Family home\x0cupstairs\x00")
    assert draft.read(lambda s, _m: s.get(Contribution, point_id).text) == MEANT
    assert draft.read(lambda _s, m: m.venue) == "Family home\nupstairs"
    with store.reading() as session:
        record = build_record(session, meeting_id)
    assert validate_record(record) is record
