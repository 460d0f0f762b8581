"""Plan versions, finality of agreed plans and signed minutes, and the audit trail."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text

from cinchair.meetings import lifecycle as meetings
from cinchair.meetings import plans
from cinchair.meetings.plans import Mark, PlanNotReady, action_changes
from cinchair.model import (
    ActionStatus,
    AuditEntry,
    Contribution,
    MeetingKind,
    PlanAction,
    Signature,
    SignatureStatus,
    SignedDocument,
)
from cinchair.profiles import get_profile
from cinchair.store.audit import verify_chain
from cinchair.store.finality import RecordIsFinal
from tests.factories import make_case, make_good_plan, make_meeting

NT = "north-tyneside"


def _agreed_plan(store):
    with store.transaction() as s:
        case = make_case(s)
        meeting = make_meeting(s, case)
        plan = make_good_plan(s, case, meeting)
        plans.agree(plan, get_profile(NT))
        return case.id, meeting.id, plan.id


def test_plan_with_problems_cannot_be_agreed(store) -> None:
    with store.transaction() as s:
        case = make_case(s)
        plan = make_good_plan(s, case, make_meeting(s, case))
        plan.lead_professional_name = None
        with pytest.raises(PlanNotReady, match="names no lead professional"):
            plans.agree(plan, get_profile(NT))
        assert plan.agreed_at is None


def test_agreed_plan_is_frozen(store) -> None:
    _, _, plan_id = _agreed_plan(store)
    from cinchair.model import PlanVersion

    with pytest.raises(RecordIsFinal, match="agreed"), store.transaction() as s:
        s.get(PlanVersion, plan_id).contingency_plan = "changed"
    with pytest.raises(RecordIsFinal), store.transaction() as s:
        s.get(PlanVersion, plan_id).actions[0].due_on = date(2026, 12, 1)
    with pytest.raises(RecordIsFinal), store.transaction() as s:
        version = s.get(PlanVersion, plan_id)
        version.outcomes[0].actions.append(PlanAction(what="sneaky"))


def test_amendment_carries_open_actions_and_marks_changes(store) -> None:
    case_id, _, _ = _agreed_plan(store)
    from cinchair.model import Case

    with store.transaction() as s:
        case = s.get(Case, case_id)
        review = make_meeting(s, case, kind=MeetingKind.REVIEW, held_on=date(2026, 10, 19))
        v2 = plans.start_version(s, case, review, starts_on=review.held_on)
        assert v2.number == 2 and v2.previous.number == 1
        assert v2.actions[0].lineage_id == v2.previous.actions[0].lineage_id
        assert [c.mark for c in action_changes(v2)] == [Mark.UNCHANGED]
        v2.actions[0].due_on = date(2026, 11, 20)
        changes = action_changes(v2)
        assert changes[0].mark is Mark.CHANGED and changes[0].was == {"due_on": "16 Oct 2026"}
        v2.outcomes[0].actions.append(
            PlanAction(what="Gran does Tuesday pick-up", owner_name="G", due_on=date(2026, 12, 1))
        )
        v2.actions[0].status = ActionStatus.DONE
        assert [c.mark for c in action_changes(v2)] == [Mark.COMPLETED, Mark.NEW]
        plans.agree(v2, get_profile(NT), review.held_on)
        assert [c.mark for c in action_changes(case.plan_versions[0])] == [Mark.UNCHANGED]


def test_signed_minutes_are_final_but_late_signatures_are_allowed(store) -> None:
    from cinchair.model import Meeting

    with store.transaction() as s:
        case = make_case(s)
        meeting = make_meeting(s, case)
        meeting.signatures.append(
            Signature(
                signer_name="Dad",
                signer_role="Father",
                document=SignedDocument.MINUTES,
                status=SignatureStatus.TO_SIGN_LATER,
            )
        )
        meetings.sign_minutes(meeting)
        meeting_id = meeting.id
    with pytest.raises(RecordIsFinal, match="signed"), store.transaction() as s:
        s.get(Meeting, meeting_id).venue = "elsewhere"
    with pytest.raises(RecordIsFinal), store.transaction() as s:
        meeting = s.get(Meeting, meeting_id)
        meeting.contributions.append(Contribution(heading_key="x", text="y"))
    with store.transaction() as s:
        late = s.get(Meeting, meeting_id).signatures[0]
        late.status = SignatureStatus.SIGNED
    with store.reading() as s:
        assert s.get(Meeting, meeting_id).signatures[0].status is SignatureStatus.SIGNED


def test_decision_validates_options_and_defaults_next_review(store) -> None:
    with store.transaction() as s:
        case = make_case(s)
        review = make_meeting(s, case, kind=MeetingKind.REVIEW, held_on=date(2026, 10, 19))
        profile = get_profile(NT)
        with pytest.raises(ValueError, match="choose one of"):
            meetings.record_decision(
                review, profile, option_key="party", rationale="r", decided_by="c"
            )
        with pytest.raises(ValueError, match="reasons"):
            meetings.record_decision(
                review, profile, option_key="continue", rationale=" ", decided_by="c"
            )
        # Derby's step down names a Lead Professional (North Tyneside's does not: its
        # step-down is agreed at the next review).
        with pytest.raises(ValueError, match="lead professional"):
            meetings.record_decision(
                review, get_profile("derby"), option_key="step-down", rationale="r", decided_by="c"
            )
        decision = meetings.record_decision(
            review, profile, option_key="continue", rationale="Progress", decided_by="c"
        )
        assert decision.next_review_on == date(2026, 11, 30)
        assert "6 weeks" in decision.next_review_reason


def test_chair_warning_for_derby_specific_circumstances(store) -> None:
    from cinchair.model import ChairRole, Circumstance

    with store.transaction() as s:
        case = make_case(s, "derby", circumstances=(Circumstance.SUPERVISION_ORDER,))
        started = meetings.start_meeting(
            s,
            case,
            get_profile("derby"),
            kind=MeetingKind.REVIEW,
            held_on=date(2026, 10, 1),
            chair_name="T M",
            chair_role=ChairRole.TEAM_MANAGER,
        )
        assert started.chair_warnings and "child protection manager" in started.chair_warnings[0]


def test_every_change_is_audited_with_before_and_after(store) -> None:
    case_id, _, _ = _agreed_plan(store)
    from cinchair.model import Case

    with store.transaction() as s:
        s.get(Case, case_id).child_preferred_name = "Mia"
    with store.reading() as s:
        entries = s.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
        assert {e.entity for e in entries} >= {"cases", "meetings", "plan_versions", "plan_actions"}
        last = entries[-1]
        assert (last.actor, last.action, last.entity) == ("tester", "update", "cases")
        assert last.changes["child_preferred_name"] == [None, "Mia"]
        assert verify_chain(s) == []


def test_audit_chain_detects_alteration_and_removal(store) -> None:
    _agreed_plan(store)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2"))
    with store.reading() as s:
        assert [p.seq for p in verify_chain(s)] == [2]
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = 3"))
    with store.reading() as s:
        problems = verify_chain(s)
        assert any("does not follow" in p.problem for p in problems)


def test_audit_log_is_append_only_through_the_orm(store) -> None:
    _agreed_plan(store)
    with pytest.raises(PermissionError), store.transaction() as s:
        s.scalars(select(AuditEntry)).first().actor = "mallory"
