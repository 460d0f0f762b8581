"""The rows each of the meeting's tables shows, read as plain values.

A table in the window names what it shows (``RowsOf("points", "worried")``) and the
columns it needs; this reads them in one go and hands back ids and values, never the
mapped rows themselves, with whether the meeting is signed (a signed table is shown,
not edited). Which rows belong to a table, and in what order, is decided here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.orm import Session

from cinchair.model import Base, Meeting

TableName = Literal[
    "participants",
    "consents",
    "child_voice",
    "points",
    "scores",
    "outcomes",
    "actions",
    "plan_actions",
]


@dataclass(frozen=True)
class RowsOf:
    """Which rows a table shows: ``key`` is the heading for points, the outcome for actions."""

    table: TableName
    key: str | None = None


@dataclass(frozen=True)
class TableRows:
    final: bool
    rows: tuple[tuple[str, Mapping[str, Any]], ...]


def _rows(meeting: Meeting, source: RowsOf) -> Sequence[Base]:
    plan = meeting.plan_version
    match source.table:
        case "participants":
            return list(meeting.participants)
        case "consents":
            return list(meeting.consents)
        case "child_voice":
            return list(meeting.child_voice)
        case "points":
            under = meeting.contributions_under(source.key or "")
            return sorted(under, key=lambda c: c.sort_order)
        case "scores":
            return list(meeting.scaling_scores)
        case "outcomes":
            return list(plan.outcomes) if plan else []
        case "actions":
            outcomes = plan.outcomes if plan else []
            return next((list(o.actions) for o in outcomes if o.id == source.key), [])
        case "plan_actions":
            return list(plan.actions) if plan else []


def table_rows(source: RowsOf, attrs: Sequence[str]) -> Callable[[Session, Meeting], TableRows]:
    """A reader for ``MeetingDraft.read``: the table's rows as (id, {column: value})."""

    def read(_session: Session, meeting: Meeting) -> TableRows:
        rows = tuple(
            (str(getattr(row, "id")), {attr: getattr(row, attr) for attr in attrs})  # noqa: B009
            for row in _rows(meeting, source)
        )
        return TableRows(meeting.signed_at is not None, rows)

    return read


def may_be_empty(model: type[Base], attr: str) -> bool:
    """Whether a column may be left empty (a person's name may not)."""
    column = model.__table__.columns.get(attr)
    return column is None or bool(column.nullable)
