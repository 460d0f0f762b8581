"""Finding a row from the start of its id, as people type ids from a screen or a report.

Ids are UUIDs; nobody types 36 characters. A command takes any unique start of one, and
says in words when none or several match, so the person can type a little more.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from cinchair.app.errors import ActionableError

__all__ = ["IdNotFound", "id_from_start"]


class IdNotFound(ActionableError, LookupError):
    """No id, or more than one, begins with what was typed; the message says which."""


def id_from_start(
    session: Session, id_column: InstrumentedAttribute[str], start: str, what: str
) -> str:
    """The one value of ``id_column`` that begins with ``start`` (``%`` and ``_`` in it are
    taken literally); ``IdNotFound`` naming ``what`` (e.g. "meeting") otherwise."""
    found = session.scalars(
        select(id_column).where(id_column.startswith(start, autoescape=True))
    ).all()
    if not found:
        raise IdNotFound(f"no {what} with id {start!r}")
    if len(found) > 1:
        raise IdNotFound(f"{len(found)} {what}s start with {start!r}; give more of the id")
    return found[0]
