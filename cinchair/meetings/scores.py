"""Who a scaling score may name: one score per person per meeting, decided here.

The store holds the rule as a unique key (``meeting_id, participant_id``); met there, it
is a database error that the window can only call unexpected. So the picker is offered
only the people a row may name (its own person and those not yet scored, named in full), and a pick
that arrives anyway (a script, a stale list) is refused in words before anything is
written, naming the person and what to do instead.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from cinchair.app.errors import ActionableError
from cinchair.meetings import views
from cinchair.model import Meeting


class ScoreTaken(ActionableError, ValueError):
    """The person chosen for a score row already has a score in this meeting."""


def people_for_score(row_id: str | None) -> Callable[[Session, Meeting], list[tuple[str, str]]]:
    """(label, participant id) of the people score row ``row_id`` may name, in the
    meeting's order: the row's own person and everyone without a score yet."""

    def read(session: Session, meeting: Meeting) -> list[tuple[str, str]]:
        taken = {s.participant_id for s in meeting.scaling_scores if s.id != row_id}
        return [(p.in_full, p.id) for p in views.people(session, meeting) if p.id not in taken]

    return read


def refuse_a_second_score(
    row_id: str, participant_id: str | None
) -> Callable[[Session, Meeting], None]:
    """Raise ``ScoreTaken`` when another score row of the meeting names this person."""

    def read(_session: Session, meeting: Meeting) -> None:
        other = next(
            (
                s
                for s in meeting.scaling_scores
                if s.participant_id == participant_id and s.id != row_id
            ),
            None,
        )
        if other is not None:
            raise ScoreTaken(f"{other.participant.name} already has a score: change that row")

    return read
