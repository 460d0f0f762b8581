"""The meeting draft: every edit saved at once; structural edits undone and redone exactly."""

from __future__ import annotations

import pytest

from cinchair.meetings.draft import MeetingDraft
from cinchair.meetings.lifecycle import sign_minutes
from cinchair.model import (
    Attendance,
    Contribution,
    Meeting,
    Participant,
    ParticipantKind,
    ScalingScore,
)
from cinchair.store.facade import Store
from cinchair.store.finality import RecordIsFinal
from tests.factories import make_case, make_meeting


@pytest.fixture
def draft(store: Store) -> MeetingDraft:
    with store.transaction() as session:
        meeting = make_meeting(session, make_case(session))
        meeting_id = meeting.id
    return MeetingDraft(store, meeting_id)


def _person(name: str) -> object:
    def make(_session, meeting: Meeting) -> Participant:
        return Participant(
            meeting_id=meeting.id,
            name=name,
            kind=ParticipantKind.PARENT_CARER,
            attendance=Attendance.PRESENT,
            sort_order=len(meeting.participants),
        )

    return make


def _point(text: str, who: str | None = None) -> object:
    def make(_session, meeting: Meeting) -> Contribution:
        return Contribution(
            meeting_id=meeting.id,
            heading_key="worried",
            text=text,
            participant_id=who,
            sort_order=len(meeting.contributions),
        )

    return make


def texts(draft: MeetingDraft) -> list[str]:
    return draft.read(
        lambda _s, m: [c.text for c in sorted(m.contributions, key=lambda c: c.sort_order)]
    )


def test_each_edit_is_saved_as_it_is_made(draft: MeetingDraft, store: Store) -> None:
    point = draft.add("Add a point", _point("Bedtime"))
    draft.set(Contribution, point, text="Bedtime is late on work nights")
    with store.reading() as session:  # a separate session sees it: it is on disk
        assert session.get(Contribution, point).text == "Bedtime is late on work nights"


def test_undo_and_redo_add_remove_and_move(draft: MeetingDraft) -> None:
    a = draft.add("Add a point", _point("first"))
    draft.add("Add a point", _point("second"))
    assert draft.move("Move a point down", Contribution, a, +1)
    assert texts(draft) == ["second", "first"]
    assert not draft.move("Move a point down", Contribution, a, +1)  # already last
    draft.remove("Remove a point", Contribution, a)
    assert texts(draft) == ["second"]
    assert draft.undo() == "Remove a point"
    assert texts(draft) == ["second", "first"]
    assert draft.undo() == "Move a point down"
    assert texts(draft) == ["first", "second"]
    assert draft.redo() == "Move a point down"
    assert texts(draft) == ["second", "first"]
    assert draft.undo_label == "Move a point down" and draft.redo_label == "Remove a point"
    draft.undo()
    draft.undo()
    draft.undo()
    assert texts(draft) == [] and draft.undo_label is None


def test_undo_removing_a_person_gives_back_their_points_and_scores(draft: MeetingDraft) -> None:
    mum = draft.add("Add a person", _person("Katarzyna"))
    point = draft.add("Add a point", _point("Mornings are hard", who=mum))
    draft.change(lambda _s, m: m.scaling_scores.append(ScalingScore(participant_id=mum, score=5)))
    draft.remove("Remove Katarzyna", Participant, mum)
    assert draft.read(lambda s, _m: s.get(Contribution, point).participant_id) is None
    assert draft.read(lambda _s, m: len(m.scaling_scores)) == 0
    draft.undo()
    assert draft.read(lambda s, _m: s.get(Contribution, point).participant_id) == mum
    assert draft.read(lambda _s, m: [s.score for s in m.scaling_scores]) == [5]


def test_a_new_edit_clears_redo(draft: MeetingDraft) -> None:
    draft.add("Add a point", _point("one"))
    draft.undo()
    assert draft.redo_label == "Add a point"
    draft.add("Add a point", _point("two"))
    assert draft.redo_label is None


def test_signed_minutes_refuse_edits(draft: MeetingDraft) -> None:
    point = draft.add("Add a point", _point("said"))
    draft.change(lambda _s, m: sign_minutes(m))
    with pytest.raises(RecordIsFinal):
        draft.set(Contribution, point, text="changed afterwards")
    assert texts(draft) == ["said"]


def test_listeners_hear_every_change(draft: MeetingDraft) -> None:
    heard = []
    draft.listeners.append(lambda: heard.append(draft.undo_label))
    draft.add("Add a point", _point("x"))
    assert heard and heard[-1] == "Add a point"
