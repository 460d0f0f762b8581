"""The fast paths keep every promise of the slow ones.

Autosave's ``MeetingDraft.set`` skips the session for plain column edits (see
``cinchair.meetings.draft``). These tests hold it to what the session hooks guarantee: the
same refusals for signed minutes and agreed plans, the same audit entry (who, what,
before, after) on one verifiable chain, nothing written when an edit is refused, and the
session path still taken where the fast one does not apply.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cinchair.meetings.draft import MeetingDraft
from cinchair.meetings.lifecycle import sign_minutes
from cinchair.model import (
    AuditEntry,
    ChairRole,
    Consent,
    ConsentStatus,
    Contribution,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Participant,
    ParticipantKind,
    PlanAction,
    PlanOutcome,
    PlanVersion,
    ScalingScore,
    new_id,
    utcnow,
)
from cinchair.store import audit
from cinchair.store.direct_writes import BulkWriter, column_edit
from cinchair.store.facade import Store, sqlite_url
from cinchair.store.finality import RecordIsFinal
from tests.factories import make_case, make_good_plan, make_meeting

AWKWARD = "Mum said <&{{ x }}> and {% if %} — 'fine' 👍 مرحبا 你好"


def _meeting_with_plan(store: Store) -> dict[str, str]:
    """A meeting with a point, a participant, a score and a plan: the ids of each."""
    with store.transaction() as s:
        case = make_case(s)
        meeting = make_meeting(s, case)
        person = Participant(
            meeting_id=meeting.id, name="Ann", kind=ParticipantKind.PARENT_CARER, sort_order=0
        )
        point = Contribution(meeting_id=meeting.id, heading_key="worried", text="first")
        s.add_all([person, point])
        s.flush()
        score = ScalingScore(meeting_id=meeting.id, participant_id=person.id, score=4)
        s.add(score)
        plan = make_good_plan(s, case, meeting)
        s.flush()
        outcome = plan.outcomes[0]
        return {
            "meeting": meeting.id,
            "participant": person.id,
            "point": point.id,
            "score": score.id,
            "plan": plan.id,
            "outcome": outcome.id,
            "action": outcome.actions[0].id,
        }


def _entries(store: Store) -> list[Any]:
    """The audit log as plain rows (entry.actor, entry.changes ...), oldest first."""
    columns = [c for c in AuditEntry.__table__.c]
    with store.reading() as s:
        return list(s.execute(select(*columns).order_by(AuditEntry.seq)))


def _value(store: Store, model: type, row_id: str, attr: str) -> Any:
    with store.reading() as s:
        return getattr(s.get(model, row_id), attr)


def test_the_ui_s_autosaves_take_the_fast_path() -> None:
    # the edits rows.py, decide.py and attachments_view.py make after a pause in typing
    assert column_edit(Contribution, ("text",)) is not None
    assert column_edit(Participant, ("name",)) is not None
    assert column_edit(ScalingScore, ("score",)) is not None
    assert column_edit(PlanAction, ("due_on",)) is not None
    fields = ("contingency_plan", "lead_professional_name", "plan_end_target")
    assert column_edit(PlanVersion, fields) is not None
    # keys move a row between owners; only the session hooks judge that
    assert column_edit(Contribution, ("participant_id",)) is None
    assert column_edit(Contribution, ("meeting_id",)) is None
    assert column_edit(Contribution, ("id",)) is None
    assert column_edit(Contribution, ("no_such_field",)) is None


def test_a_fast_edit_is_audited_exactly_as_a_session_edit(store: Store) -> None:
    ids = _meeting_with_plan(store)
    draft = MeetingDraft(store, ids["meeting"])
    draft.set(Contribution, ids["point"], text=AWKWARD)
    fast = _entries(store)[-1]
    draft.change(lambda s, _m: setattr(s.get(Contribution, ids["point"]), "text", "second"))
    slow = _entries(store)[-1]
    assert _value(store, Contribution, ids["point"], "text") == "second"
    assert fast.changes == {"text": ["first", AWKWARD]}
    assert slow.changes == {"text": [AWKWARD, "second"]}
    for entry in (fast, slow):
        assert (entry.actor, entry.action, entry.entity) == ("tester", "update", "contributions")
        assert entry.entity_id == ids["point"]
    assert slow.prev_hash == fast.entry_hash
    with store.reading() as s:
        assert audit.verify_chain(s) == []


def test_dates_and_choices_are_recorded_in_the_same_form(store: Store) -> None:
    ids = _meeting_with_plan(store)
    draft = MeetingDraft(store, ids["meeting"])
    draft.set(PlanAction, ids["action"], due_on=date(2027, 1, 4), what="Walk to school")
    entry = _entries(store)[-1]
    assert entry.changes["due_on"] == ["2026-10-16", "2027-01-04"]
    assert entry.changes["what"][1] == "Walk to school"
    assert _value(store, PlanAction, ids["action"], "due_on") == date(2027, 1, 4)


def test_a_fast_edit_stamps_updated_at_as_the_session_does(store: Store) -> None:
    ids = _meeting_with_plan(store)
    before = _value(store, Meeting, ids["meeting"], "updated_at")
    MeetingDraft(store, ids["meeting"]).set(Meeting, ids["meeting"], venue="School")
    after = _value(store, Meeting, ids["meeting"], "updated_at")
    assert isinstance(after, datetime) and after > before
    # the stamp is bookkeeping, not the chair's edit: the audit names what was typed
    assert _entries(store)[-1].changes == {"venue": ["Family home", "School"]}


def test_an_edit_to_nothing_writes_nothing(store: Store) -> None:
    ids = _meeting_with_plan(store)
    draft = MeetingDraft(store, ids["meeting"])
    saved: list[int] = []
    draft.listeners.append(lambda: saved.append(1))
    count = len(_entries(store))
    draft.set(Contribution, ids["point"], text="first")
    assert len(_entries(store)) == count
    assert saved == [1]  # the window still hears that the save is done


@pytest.mark.parametrize(
    ("model", "key", "values"),
    [
        (Contribution, "point", {"text": "changed after signing"}),
        (Participant, "participant", {"name": "Someone else"}),
        (ScalingScore, "score", {"score": 9}),
        (Meeting, "meeting", {"venue": "Elsewhere"}),
    ],
)
def test_signed_minutes_refuse_fast_edits(
    store: Store, model: type, key: str, values: dict[str, Any]
) -> None:
    ids = _meeting_with_plan(store)
    draft = MeetingDraft(store, ids["meeting"])
    draft.change(lambda _s, m: sign_minutes(m))
    failures: list[BaseException] = []
    draft.failure_listeners.append(failures.append)
    count = len(_entries(store))
    attr, value = next(iter(values.items()))
    kept = _value(store, model, ids[key], attr)
    with pytest.raises(RecordIsFinal, match="minutes are signed"):
        draft.set(model, ids[key], **values)
    assert _value(store, model, ids[key], attr) == kept != value
    assert len(_entries(store)) == count
    assert len(failures) == 1 and isinstance(failures[0], RecordIsFinal)


def test_signing_by_a_fast_edit_is_allowed_once(store: Store) -> None:
    ids = _meeting_with_plan(store)
    draft = MeetingDraft(store, ids["meeting"])
    draft.set(Meeting, ids["meeting"], status=MeetingStatus.SIGNED)
    assert _entries(store)[-1].changes == {"status": ["draft", "signed"]}
    with pytest.raises(RecordIsFinal):
        draft.set(Meeting, ids["meeting"], status=MeetingStatus.DRAFT)
    assert _value(store, Meeting, ids["meeting"], "status") is MeetingStatus.SIGNED


@pytest.mark.parametrize(
    ("model", "key", "values"),
    [
        (PlanVersion, "plan", {"contingency_plan": "Something new"}),
        (PlanOutcome, "outcome", {"need": "Another need"}),
        (PlanAction, "action", {"what": "Another action"}),
    ],
)
def test_agreed_plans_refuse_fast_edits_with_the_session_s_words(
    store: Store, model: type, key: str, values: dict[str, Any]
) -> None:
    ids = _meeting_with_plan(store)
    draft = MeetingDraft(store, ids["meeting"])
    draft.change(lambda s, _m: setattr(s.get(PlanVersion, ids["plan"]), "agreed_at", _now()))
    attr = next(iter(values))

    def in_session(s: Any, _m: Meeting) -> None:
        setattr(s.get(model, ids[key]), attr, values[attr])

    with pytest.raises(RecordIsFinal) as slow:
        draft.change(in_session)
    count = len(_entries(store))
    with pytest.raises(RecordIsFinal) as fast:
        draft.set(model, ids[key], **values)
    assert str(fast.value) == str(slow.value)
    assert "was agreed" in str(fast.value)
    assert _value(store, model, ids[key], attr) != values[attr]
    assert len(_entries(store)) == count


def _now() -> datetime:
    return utcnow()


_CONSENT = {"status": ConsentStatus.GIVEN, "given_by": "Ann", "recorded_on": date(2026, 11, 2)}


def test_a_row_gone_is_a_clear_error(store: Store) -> None:
    ids = _meeting_with_plan(store)
    draft = MeetingDraft(store, ids["meeting"])
    with pytest.raises(KeyError, match="Contribution no-such-id is no longer there"):
        draft.set(Contribution, "no-such-id", text="lost?")


def test_a_bad_value_loses_nothing(store: Store) -> None:
    ids = _meeting_with_plan(store)
    draft = MeetingDraft(store, ids["meeting"])
    count = len(_entries(store))
    with pytest.raises(Exception, match="not among the defined enum values"):
        draft.set(Meeting, ids["meeting"], status="not a status")
    assert _value(store, Meeting, ids["meeting"], "status") is MeetingStatus.DRAFT
    assert len(_entries(store)) == count


def test_key_edits_still_go_through_the_session_hooks(store: Store) -> None:
    ids = _meeting_with_plan(store)
    draft = MeetingDraft(store, ids["meeting"])
    draft.set(Contribution, ids["point"], participant_id=ids["participant"])
    assert _entries(store)[-1].changes == {"participant_id": [None, ids["participant"]]}
    draft.change(lambda _s, m: sign_minutes(m))
    with pytest.raises(RecordIsFinal):
        draft.set(Contribution, ids["point"], participant_id=None)


def test_two_stores_on_one_file_keep_one_chain(store: Store, tmp_path: Path) -> None:
    """A second writer (a command run beside the window) appends between autosaves: each
    fast edit reads the chain's head under the writer lock, so nothing forks."""
    ids = _meeting_with_plan(store)
    draft = MeetingDraft(store, ids["meeting"])
    with Store.open(sqlite_url(tmp_path / "test.sqlite3"), actor="other") as other:
        other_draft = MeetingDraft(other, ids["meeting"])
        for n in range(5):
            draft.set(Contribution, ids["point"], text=f"chair {n}")
            other_draft.set(Participant, ids["participant"], name=f"Ann {n}")
            other_draft.change(
                lambda s, _m, n=n: setattr(s.get(ScalingScore, ids["score"]), "score", n)
            )
    entries = _entries(store)
    assert [e.actor for e in entries[-15:]] == ["tester", "other", "other"] * 5
    with store.reading() as s:
        assert audit.verify_chain(s) == []


# -- the importer's bulk inserts -------------------------------------------------------------


def test_bulk_inserts_are_audited_as_a_flush_would_audit_them(store: Store) -> None:
    ids = _meeting_with_plan(store)
    made: dict[str, Any] = {}
    for path in ("flush", "bulk"):
        point = Contribution(meeting_id=ids["meeting"], heading_key="worried", text=AWKWARD)
        with store.transaction() as s:
            if path == "flush":
                s.add(point)
            else:
                writer = BulkWriter(s)
                writer.insert([point])
                writer.finish()
                # the session's next flush chains on from the bulk entries
                s.get(Meeting, ids["meeting"]).venue = f"after {path}"
        made[path] = point.id
    entries = _entries(store)
    bulk, after = entries[-2], entries[-1]
    flush = next(e for e in entries if e.entity_id == made["flush"])
    assert (bulk.actor, bulk.action, bulk.entity) == (flush.actor, flush.action, flush.entity)
    assert bulk.changes == {**flush.changes, "id": [None, made["bulk"]]}
    assert after.prev_hash == bulk.entry_hash and after.entity == "meetings"
    assert _value(store, Contribution, made["bulk"], "text") == AWKWARD
    assert _value(store, Contribution, made["bulk"], "sort_order") == 0  # the column default
    with store.reading() as s:
        assert audit.verify_chain(s) == []


def test_bulk_inserts_refuse_new_parts_of_final_records(store: Store) -> None:
    ids = _meeting_with_plan(store)
    draft = MeetingDraft(store, ids["meeting"])
    draft.change(lambda s, _m: setattr(s.get(PlanVersion, ids["plan"]), "agreed_at", _now()))
    count = len(_entries(store))
    with pytest.raises(RecordIsFinal, match="was agreed"), store.transaction() as s:
        BulkWriter(s).insert([PlanAction(outcome_id=ids["outcome"], what="sneaky")])
    draft.change(lambda _s, m: sign_minutes(m))
    count = len(_entries(store))
    with pytest.raises(RecordIsFinal, match="minutes are signed"), store.transaction() as s:
        BulkWriter(s).insert([Contribution(meeting_id=ids["meeting"], heading_key="worried")])
    assert len(_entries(store)) == count
    with store.reading() as s:
        assert s.scalars(select(PlanAction).where(PlanAction.what == "sneaky")).first() is None


def test_a_meeting_filed_in_bulk_may_be_signed_then_given_its_consents(store: Store) -> None:
    """The importer's order: the meeting as a draft, then signed, then its consents."""
    ids = _meeting_with_plan(store)
    with store.reading() as s:
        case_id = s.get(Meeting, ids["meeting"]).case_id
    meeting = Meeting(
        id=new_id(),
        case_id=case_id,
        kind=MeetingKind.REVIEW,
        held_on=date(2026, 11, 2),
        chair_name="Chair",
        chair_role=ChairRole.SOCIAL_WORKER,
        profile_id="north-tyneside",
        framework="signs-of-safety",
    )
    person = Participant(
        id=new_id(), meeting_id=meeting.id, name="Ann", kind=ParticipantKind.PARENT_CARER
    )
    with store.transaction() as s:
        writer = BulkWriter(s)
        writer.insert([meeting, person])
        writer.update(Meeting, meeting.id, status=MeetingStatus.SIGNED)
        writer.insert([Consent(meeting_id=meeting.id, participant_id=person.id, **_CONSENT)])
        writer.finish()
    actions = [(e.action, e.entity) for e in _entries(store)[-4:]]
    assert actions == [
        ("insert", "meetings"),
        ("insert", "participants"),
        ("update", "meetings"),
        ("insert", "consents"),
    ]
    assert _entries(store)[-2].changes == {"status": ["draft", "signed"]}
    # the marking was made to the row before it was written: it is stored signed
    assert _value(store, Meeting, meeting.id, "status") is MeetingStatus.SIGNED
    assert _value(store, Meeting, meeting.id, "updated_at") is not None
    with pytest.raises(RecordIsFinal), store.transaction() as s:
        BulkWriter(s).insert([Consent(meeting_id=meeting.id, **_CONSENT)])


def test_a_bulk_change_to_a_stored_row_comes_after_the_rows_before_it(store: Store) -> None:
    """Nothing is written until ``finish``, except where a stored row must be read: then
    what came before goes first, and a refusal leaves the transaction's rows unwritten."""
    ids = _meeting_with_plan(store)
    point = Contribution(meeting_id=ids["meeting"], heading_key="worried", text=AWKWARD)
    with store.transaction() as s:
        writer = BulkWriter(s)
        writer.insert([point])
        writer.update(Contribution, ids["point"], text="changed after the new point")
        writer.update(Contribution, point.id, text="the new point, changed")
        writer.finish()
    assert _value(store, Contribution, point.id, "text") == "the new point, changed"
    assert _value(store, Contribution, ids["point"], "text") == "changed after the new point"
    entries = _entries(store)[-3:]
    assert [(e.action, e.entity_id) for e in entries] == [
        ("insert", point.id),
        ("update", ids["point"]),
        ("update", point.id),
    ]
    assert entries[2].changes == {"text": [AWKWARD, "the new point, changed"]}
    with store.reading() as s:
        assert audit.verify_chain(s) == []
    # signed minutes: a change to a stored point is refused, with nothing written
    MeetingDraft(store, ids["meeting"]).change(lambda _s, m: sign_minutes(m))
    count = len(_entries(store))
    with pytest.raises(RecordIsFinal), store.transaction() as s:
        BulkWriter(s).update(Contribution, ids["point"], text="after signing")
    assert len(_entries(store)) == count
    assert _value(store, Contribution, ids["point"], "text") == "changed after the new point"
