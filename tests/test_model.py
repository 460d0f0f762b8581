"""The model round-trips every kind of record, in any script, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, StatementError

from cinchair.model import (
    Attendance,
    Case,
    CaseCircumstance,
    ChildVoice,
    Circumstance,
    Consent,
    ConsentStatus,
    Contribution,
    Meeting,
    Participant,
    ParticipantKind,
    PlanVersion,
    ReviewDecision,
    ScalingScore,
    Signature,
    SignatureStatus,
    SignedDocument,
    VoiceMethod,
)
from cinchair.store.facade import Store
from tests.factories import make_case, make_good_plan, make_meeting

HOSTILE = "<b>&amp; {{ name }} {% if x %}</b> 🧒🏽 Zażółć gęślą jaźń · Llŷr · مرحبا · اردو · 你好"


def _fill(store: Store) -> str:
    with store.transaction() as s:
        case = make_case(
            s,
            given="Łucja",
            family="Ó Briain-Ahmed",
            circumstances=(Circumstance.PRIVATE_FOSTERING,),
        )
        meeting = make_meeting(s, case)
        mum = Participant(
            name="Fatima Ahmed فاطمة",
            kind=ParticipantKind.PARENT_CARER,
            role="Mother",
            attendance=Attendance.PRESENT,
            interpreter_language="Arabic",
            advocate_needed=True,
            advocate_name="Advocacy Service",
            communication_needs=HOSTILE,
        )
        gp = Participant(
            name="Dr Wu 吴",
            kind=ParticipantKind.PROFESSIONAL,
            agency="GP",
            attendance=Attendance.REPORT_SENT,
            receives_copy=False,
        )
        meeting.participants += [mum, gp]
        s.flush()
        meeting.consents.append(
            Consent(
                status=ConsentStatus.REFUSED,
                participant_id=mum.id,
                given_by=mum.name,
                recorded_on=date(2026, 9, 7),
                notes="Refusal accepted and recorded.",
            )
        )
        meeting.contributions.append(
            Contribution(
                heading_key="worried", text=HOSTILE, participant_id=mum.id, confidential=True
            )
        )
        meeting.scaling_scores.append(ScalingScore(participant_id=mum.id, score=7, reason="ok"))
        meeting.child_voice.append(
            ChildVoice(
                method=VoiceMethod.WISHES_FEELINGS_FORM,
                tool="Three Houses",
                content="I want my cat 🐈",
            )
        )
        meeting.decision = ReviewDecision(
            option_key="continue",
            option_label="Continue",
            leads_to="plan-continues",
            rationale="Progress",
            decided_on=date(2026, 9, 7),
            decided_by="Chair",
        )
        meeting.signatures.append(
            Signature(
                signer_name=mum.name,
                signer_role="Mother",
                document=SignedDocument.MINUTES,
                status=SignatureStatus.SIGNED,
                signed_at=datetime(2026, 9, 7, 15, 30, tzinfo=UTC),
                image_png=b"\x89PNG\r\n",
                strokes=[[[0, 0], [10, 12]]],
            )
        )
        make_good_plan(s, case, meeting)
        return case.id


def _check(store: Store, case_id: str) -> None:
    with store.reading() as s:
        case = s.get(Case, case_id)
        assert case.child_name == "Łucja Ó Briain-Ahmed"
        assert case.active_circumstances(date(2026, 1, 1)) == {Circumstance.PRIVATE_FOSTERING}
        meeting = case.meetings[0]
        assert meeting.framework == "signs-of-safety"
        mum, gp = meeting.participants
        assert mum.needs_interpreter and mum.interpreter_language == "Arabic"
        assert mum.communication_needs == HOSTILE
        assert gp.attendance is Attendance.REPORT_SENT and not gp.receives_copy
        assert meeting.consents[0].status is ConsentStatus.REFUSED
        assert meeting.contributions_under("worried")[0].text == HOSTILE
        assert meeting.contributions[0].participant.name == mum.name
        assert meeting.scaling_scores[0].score == 7
        assert meeting.child_voice[0].content.endswith("🐈")
        assert meeting.decision.leads_to == "plan-continues"
        signature = meeting.signatures[0]
        assert signature.signed_at == datetime(2026, 9, 7, 15, 30, tzinfo=UTC)
        assert signature.strokes == [[[0, 0], [10, 12]]]
        assert signature.image_png == b"\x89PNG\r\n"
        plan = case.plan_versions[0]
        assert plan.made_at_meeting.id == meeting.id
        assert plan.actions[0].owner_name == "Parent"


def test_round_trip_sqlite(store: Store) -> None:
    _check(store, _fill(store))


@pytest.mark.postgres
def test_round_trip_postgresql(pg_store: Store) -> None:
    _check(pg_store, _fill(pg_store))


def test_scaling_score_is_0_to_10(store: Store) -> None:
    with pytest.raises(IntegrityError), store.transaction() as s:
        case = make_case(s)
        meeting = make_meeting(s, case)
        p = Participant(name="A", kind=ParticipantKind.CHILD)
        meeting.participants.append(p)
        s.flush()
        meeting.scaling_scores.append(ScalingScore(participant_id=p.id, score=11))


def test_enum_values_are_checked(store: Store) -> None:
    with pytest.raises(StatementError), store.transaction() as s:
        case = make_case(s)
        s.add(CaseCircumstance(case_id=case.id, circumstance="not-a-circumstance"))


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(IntegrityError), store.transaction() as s:
        s.add(PlanVersion(case_id="no-such-case", number=1, starts_on=date(2026, 1, 1)))


def test_deleting_a_case_removes_its_records(store: Store) -> None:
    case_id = _fill(store)
    with store.transaction() as s:
        s.delete(s.get(Case, case_id))
    with store.reading() as s:
        assert s.scalars(select(Meeting)).all() == []


def test_naive_timestamps_are_refused(store: Store) -> None:
    with pytest.raises(StatementError), store.transaction() as s:
        case = make_case(s)
        meeting = make_meeting(s, case)
        meeting.signatures.append(
            Signature(
                signer_name="x",
                signer_role="y",
                document=SignedDocument.MINUTES,
                status=SignatureStatus.SIGNED,
                signed_at=datetime(2026, 1, 1),
            )
        )


def test_age_on() -> None:
    case = Case(
        case_ref="r",
        profile_id="generic",
        child_given_name="a",
        child_family_name="b",
        date_of_birth=date(2016, 5, 1),
    )
    assert case.age_on(date(2026, 4, 30)) == 9
    assert case.age_on(date(2026, 5, 1)) == 10
