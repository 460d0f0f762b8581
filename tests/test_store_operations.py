"""The window's two ways into the store: ``ask`` a core operation, or ``apply`` one.

The window never holds a session; these are what it calls instead, so they must keep
the guarantees a session of its own gave: a read commits nothing, a change is committed
whole and audited, or rolled back whole when the operation refuses.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cinchair.meetings.lifecycle import is_unfinished, sign_minutes
from cinchair.model import AuditEntry, Case, Meeting
from cinchair.store.facade import Store
from tests.factories import make_case, make_meeting


def _add_case(session: Session, ref: str, *, then_fail: bool = False) -> str:
    case = make_case(session, ref=ref)
    if then_fail:
        raise ValueError(f"refused after adding {ref}")
    return case.id


def _case_refs(session: Session) -> list[str]:
    return list(session.scalars(select(Case.case_ref).order_by(Case.case_ref)))


def test_ask_hands_the_operation_its_arguments_and_commits_nothing(store: Store) -> None:
    added = store.ask(_add_case, "ASKED")
    assert isinstance(added, str)
    assert store.ask(_case_refs) == []  # the read's own write was rolled back


def test_apply_commits_the_change_and_audits_it(store: Store) -> None:
    case_id = store.apply(_add_case, "APPLIED")
    assert store.ask(_case_refs) == ["APPLIED"]
    audited = store.ask(
        lambda s: s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.entity_id == case_id)
        )
    )
    assert audited == 1


def test_apply_rolls_back_whole_when_the_operation_refuses(store: Store) -> None:
    with pytest.raises(ValueError, match="refused after adding REFUSED"):
        store.apply(_add_case, "REFUSED", then_fail=True)
    assert store.ask(_case_refs) == []


def test_a_meeting_is_unfinished_until_signed_and_an_unknown_id_is_not(store: Store) -> None:
    with store.transaction() as session:
        meeting_id = make_meeting(session, make_case(session)).id
    assert store.ask(is_unfinished, meeting_id) is True
    assert store.ask(is_unfinished, "no-such-meeting") is False
    with store.transaction() as session:
        meeting = session.get_one(Meeting, meeting_id)
        sign_minutes(meeting)
    assert store.ask(is_unfinished, meeting_id) is False
