"""The core decides what a new row starts as and how an outcome is changed."""

from __future__ import annotations

from datetime import date

import pytest

from cinchair.meetings import new_rows, views
from cinchair.meetings.draft import MeetingDraft
from cinchair.meetings.lifecycle import MeetingRefused, record_decision
from cinchair.meetings.signing import sign_off_problems
from cinchair.model import (
    Attendance,
    Consent,
    ConsentStatus,
    Meeting,
    MeetingKind,
    Participant,
    ParticipantKind,
    ReviewDecision,
    ScalingScore,
)
from cinchair.profiles import get_profile
from cinchair.store.facade import Store
from tests.factories import make_case, make_meeting

NT = get_profile("north-tyneside")


@pytest.fixture
def draft(store: Store) -> MeetingDraft:
    with store.transaction() as session:
        meeting = make_meeting(
            session, make_case(session), kind=MeetingKind.REVIEW, held_on=date(2026, 10, 19)
        )
        session.add(
            Participant(
                meeting_id=meeting.id,
                name="Anna",
                kind=ParticipantKind.PARENT_CARER,
                role="Mother",
                attendance=Attendance.PRESENT,
                sort_order=0,
            )
        )
        meeting_id = meeting.id
    return MeetingDraft(store, meeting_id)


def test_a_new_score_is_unscored_and_the_next_person_is_asked(draft: MeetingDraft) -> None:
    row = draft.add("Add score", new_rows.scaling_score)
    with draft.store.reading() as session:
        score = session.get(ScalingScore, row)
        assert score is not None and score.score is None
        assert score.participant.name == "Anna"
        meeting = session.get(Meeting, draft.meeting_id)
        assert meeting is not None
        assert any("Anna" in p for p in sign_off_problems(meeting, NT))
    with pytest.raises(new_rows.NothingToAdd, match="already has a row"):
        draft.add("Add score", new_rows.scaling_score)


def test_a_consent_is_dated_the_meeting_day_and_people_go_last(draft: MeetingDraft) -> None:
    consent_id = draft.add("Add consent", new_rows.consent)
    person_id = draft.add(
        "Add", new_rows.participant(new_rows.PersonDetails(role="GP", agency="Surgery"))
    )
    with draft.store.reading() as session:
        consent = session.get(Consent, consent_id)
        assert consent is not None and consent.recorded_on == date(2026, 10, 19)
        assert consent.status is ConsentStatus.GIVEN
        person = session.get(Participant, person_id)
        assert person is not None and person.sort_order == 1 and person.agency == "Surgery"
    people = draft.read(views.people)
    assert [p.role_or_agency for p in people] == ["Mother", "GP, Surgery"]


def test_an_outcome_is_changed_in_place_only_when_asked(draft: MeetingDraft) -> None:
    def decide(key: str, reasons: str, **more: object) -> None:
        draft.change(
            lambda _s, m: record_decision(
                m, NT, option_key=key, rationale=reasons, decided_by="Chair", **more
            )
        )

    decide("continue", "Steady")
    with pytest.raises(MeetingRefused, match="already recorded"):
        decide("close", "Done")
    decide("close", "Done", replace=True)
    with draft.store.reading() as session:
        decisions = session.query(ReviewDecision).all()
        assert [(d.option_key, d.rationale, d.next_review_on) for d in decisions] == [
            ("close", "Done", None)
        ]
    # as typed: the option chosen and the reasons still to come is saved, and missing
    decide("continue", "", replace=True, complete=False)
    with draft.store.reading() as session:
        meeting = session.get(Meeting, draft.meeting_id)
        assert meeting is not None
        assert "the outcome still needs the reasons" in sign_off_problems(meeting, NT)


def test_a_step_down_saved_as_typed_waits_for_its_lead_professional(store: Store) -> None:
    derby = get_profile("derby")
    with store.transaction() as session:
        meeting = make_meeting(
            session,
            make_case(session, "derby"),
            kind=MeetingKind.REVIEW,
            held_on=date(2026, 10, 19),
        )
        record_decision(
            meeting,
            derby,
            option_key="step-down",
            rationale="Goals met",
            decided_by="Chair",
            complete=False,
        )
        assert "lead professional" in " ".join(sign_off_problems(meeting, derby))
