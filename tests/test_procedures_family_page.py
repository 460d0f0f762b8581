"""The London borough's page for families (the generic profile), rule by rule."""

from __future__ import annotations

from datetime import date

from cinchair.domain.duties import distribution
from cinchair.domain.schedule import due_after
from cinchair.model import MeetingKind
from cinchair.profiles import Event, LeadsTo, get_profile

GENERIC = get_profile("generic")


def test_family_page_we_review_the_plan_every_6_to_8_weeks() -> None:
    item = due_after(GENERIC, Event.REVIEW, date(2027, 1, 4))
    assert item.earliest == date(2027, 2, 15) and item.due == date(2027, 3, 1)


def test_family_page_says_nothing_of_visits_or_plan_length_so_nothing_is_enforced() -> None:
    assert not GENERIC.visits.required and GENERIC.visits.minimum_every is None
    assert GENERIC.plan.target is None


def test_family_page_minutes_shared_with_child_parents_and_participants() -> None:
    sent = distribution(
        GENERIC, MeetingKind.REVIEW, date(2027, 1, 12), leads_to=LeadsTo.PLAN_CONTINUES
    )
    assert {d.key for d in sent} == {"minutes-shared", "amended-plan"}
