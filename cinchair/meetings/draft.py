"""Editing a meeting as the chair types: every edit saved at once, structural ones undoable.

The UI holds a ``MeetingDraft`` and calls it; it never sees a session or SQL. Each
call is one transaction, so what the chair typed is on disk (and in the audit
trail) as soon as the call returns: autosave is simply "call ``set`` after a short
pause in typing". Structural edits (adding, removing and reordering participants,
points, outcomes and actions) go on an undo stack as snapshots of the rows
involved, so undo puts back exactly what was there, with the same ids, and any
references to it (a point attributed to a removed participant gets its speaker
back). Text edits are undone inside their text box, as everywhere else.

``set`` is what autosave calls after every pause in typing, so it has a fast path: a
plain column edit on a row the finality rules know goes out as one SELECT, one UPDATE
and one audit INSERT on a bare connection under the store's writer lock, instead of
through a session's unit of work, which cost several times the commit itself. It applies
the same rules the session hooks apply (``cinchair.store.direct_writes``); anything else (keys,
relationships, other tables) takes the session path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import (
    delete,
    inspect,
    select,
    update,
)
from sqlalchemy.orm import Session

from cinchair.domain.typed_text import cleaned
from cinchair.meetings import scores
from cinchair.model import (
    Base,
    ChildVoice,
    Consent,
    Contribution,
    Meeting,
    Participant,
    PlanAction,
    PlanOutcome,
    ScalingScore,
    Signature,
)
from cinchair.store import audit
from cinchair.store.direct_writes import column_edit
from cinchair.store.facade import Store

T = TypeVar("T")

# Rows that point at a participant without belonging to them: on removal the link is
# cleared (or the row goes), and undo must put it back.
_PARTICIPANT_REFERENCES: tuple[tuple[type[Base], str], ...] = (
    (Contribution, "participant_id"),
    (Consent, "participant_id"),
    (Signature, "participant_id"),
)


@dataclass
class _Snapshot:
    """A row and its owned children, column by column, to re-create it exactly."""

    model: type[Base]
    values: dict[str, Any]
    children: list[_Snapshot] = field(default_factory=list)
    # (model, row id, column) of rows elsewhere that pointed at this one
    references: list[tuple[type[Base], str, str]] = field(default_factory=list)
    dependants: list[_Snapshot] = field(default_factory=list)


def _columns(obj: Base) -> dict[str, Any]:
    mapper = inspect(type(obj))
    return {attr.key: getattr(obj, attr.key) for attr in mapper.column_attrs}


def _snapshot(session: Session, obj: Base) -> _Snapshot:
    snap = _Snapshot(type(obj), _columns(obj))
    for rel in inspect(type(obj)).relationships:
        if "delete-orphan" in rel.cascade and rel.uselist:
            snap.children += [_snapshot(session, child) for child in getattr(obj, rel.key)]
    if isinstance(obj, Participant):
        for model, column in _PARTICIPANT_REFERENCES:
            ids = session.scalars(
                select(model.id).where(getattr(model, column) == obj.id)  # type: ignore[attr-defined]
            ).all()
            snap.references += [(model, row_id, column) for row_id in ids]
        # Scaling scores belong to the participant (deleted with them): keep them too.
        scores = session.scalars(
            select(ScalingScore).where(ScalingScore.participant_id == obj.id)
        ).all()
        snap.dependants += [_snapshot(session, s) for s in scores]
    return snap


def _restore(session: Session, snap: _Snapshot) -> None:
    session.add(snap.model(**snap.values))
    session.flush()
    for child in snap.children:
        _restore(session, child)
    for dependant in snap.dependants:
        _restore(session, dependant)
    for model, row_id, column in snap.references:
        session.execute(
            update(model).where(model.id == row_id).values({column: snap.values["id"]})  # type: ignore[attr-defined]
        )


def _delete(session: Session, model: type[Base], row_id: str) -> None:
    obj = session.get(model, row_id)
    if obj is not None:
        if isinstance(obj, Participant):
            session.execute(delete(ScalingScore).where(ScalingScore.participant_id == obj.id))
        session.delete(obj)
        session.flush()


@dataclass(frozen=True)
class Step:
    """One undoable structural edit, described in words for the Edit menu."""

    label: str
    undo: Callable[[Session], None]
    redo: Callable[[Session], None]


class MeetingDraft:
    """The meeting being chaired: reads, saved edits, and an undo stack."""

    def __init__(self, store: Store, meeting_id: str) -> None:
        self.store = store
        self.meeting_id = meeting_id
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self.listeners: list[Callable[[], None]] = []
        # Told when an edit could not be saved (a full disk), before the error goes on up.
        self.failure_listeners: list[Callable[[BaseException], None]] = []

    # -- reading -------------------------------------------------------------------------

    def read(self, fn: Callable[[Session, Meeting], T]) -> T:
        """``fn(session, meeting)`` in a read-only session; return plain values from it."""
        with self.store.reading() as session:
            meeting = session.get(Meeting, self.meeting_id)
            if meeting is None:
                raise KeyError(f"no meeting {self.meeting_id}")
            return fn(session, meeting)

    # -- saving --------------------------------------------------------------------------

    def change(self, fn: Callable[[Session, Meeting], T]) -> T:
        """Run ``fn(session, meeting)`` and commit it: one edit, saved and audited."""
        try:
            with self.store.transaction() as session:
                meeting = session.get(Meeting, self.meeting_id)
                if meeting is None:
                    raise KeyError(f"no meeting {self.meeting_id}")
                result = fn(session, meeting)
        except Exception as exc:
            for listener in self.failure_listeners:
                listener(exc)
            raise
        self._changed()
        return result

    def set(self, model: type[Base], row_id: str, **values: Any) -> None:
        """Save field values on one row (the autosave of a text box or a picker).

        Text is cleaned first (``domain.typed_text``): a pasted page break or control
        character would make the stored meeting one no record could carry.
        """
        values = {k: cleaned(v) if isinstance(v, str) else v for k, v in values.items()}
        if model is ScalingScore and "participant_id" in values:
            # one score per person: refused in words before anything is written
            self.read(scores.refuse_a_second_score(row_id, values["participant_id"]))
        edit = column_edit(model, tuple(sorted(values)))
        if edit is None:
            self._set_in_session(model, row_id, values)
            return
        try:
            with self.store.writing() as connection:
                changes = edit.apply(connection, row_id, values)
                if changes:
                    entity = model.__tablename__
                    audit.append_update(connection, self.store.actor, entity, row_id, changes)
        except Exception as exc:
            for listener in self.failure_listeners:
                listener(exc)
            raise
        self._changed()

    def _set_in_session(self, model: type[Base], row_id: str, values: dict[str, Any]) -> None:
        def apply(session: Session, _meeting: Meeting) -> None:
            obj = session.get(model, row_id)
            if obj is None:
                raise KeyError(f"{model.__name__} {row_id} is no longer there")
            for name, value in values.items():
                setattr(obj, name, value)

        self.change(apply)

    # -- structural edits (undoable) -------------------------------------------------------

    def add(self, label: str, make: Callable[[Session, Meeting], Base]) -> str:
        """Create a row with ``make``; undo removes it, redo puts the same row back."""
        holder: dict[str, _Snapshot] = {}

        def create(session: Session, meeting: Meeting) -> str:
            obj = make(session, meeting)
            session.add(obj)
            session.flush()
            holder["snap"] = _snapshot(session, obj)
            row_id: str = obj.id  # type: ignore[attr-defined]  # every model made here has one
            return row_id

        row_id = self.change(create)
        snap = holder["snap"]
        self._push(
            Step(
                label,
                undo=lambda s: _delete(s, snap.model, row_id),
                redo=lambda s: _restore(s, snap),
            )
        )
        return row_id

    def remove(self, label: str, model: type[Base], row_id: str) -> None:
        """Delete a row (and what it owns); undo re-creates it with its links."""
        holder: dict[str, _Snapshot] = {}

        def drop(session: Session, _meeting: Meeting) -> None:
            obj = session.get(model, row_id)
            if obj is None:
                raise KeyError(f"{model.__name__} {row_id} is no longer there")
            holder["snap"] = _snapshot(session, obj)
            _delete(session, model, row_id)

        self.change(drop)
        snap = holder["snap"]
        self._push(
            Step(
                label,
                undo=lambda s: _restore(s, snap),
                redo=lambda s: _delete(s, model, row_id),
            )
        )

    def move(self, label: str, model: type[Base], row_id: str, delta: int) -> bool:
        """Move a row up (-1) or down (+1) among its siblings; False at either end."""

        def swap(session: Session, first: str, second: str) -> None:
            a, b = session.get(model, first), session.get(model, second)
            a.sort_order, b.sort_order = b.sort_order, a.sort_order  # type: ignore[union-attr]

        def find(session: Session, _meeting: Meeting) -> str | None:
            obj = session.get(model, row_id)
            siblings = _siblings(obj)
            for index, sib in enumerate(siblings):
                sib.sort_order = index  # repair gaps or ties before swapping
            session.flush()
            target = siblings.index(obj) + delta
            if not 0 <= target < len(siblings):
                return None
            other: str = siblings[target].id
            swap(session, row_id, other)
            return other

        other = self.change(find)
        if other is None:
            return False
        self._push(
            Step(
                label,
                undo=lambda s: swap(s, row_id, other),
                redo=lambda s: swap(s, row_id, other),
            )
        )
        return True

    # -- undo ----------------------------------------------------------------------------

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def undo(self) -> str | None:
        if not self._undo:
            return None
        step = self._undo.pop()
        self.change(lambda session, _m: step.undo(session))
        self._redo.append(step)
        self._changed()
        return step.label

    def redo(self) -> str | None:
        if not self._redo:
            return None
        step = self._redo.pop()
        self.change(lambda session, _m: step.redo(session))
        self._undo.append(step)
        self._changed()
        return step.label

    def _push(self, step: Step) -> None:
        self._undo.append(step)
        self._redo.clear()
        self._changed()

    def _changed(self) -> None:
        for listener in list(self.listeners):
            listener()


def keeps_order(model: type[Base]) -> bool:
    """Whether the chair can move ``model``'s rows up and down (they have an order of
    their own). Consents and scaling scores have none: they are shown as recorded, so a
    table of them offers no Move at all rather than a Move that fails."""
    return "sort_order" in model.__table__.columns


def _siblings(obj: Any) -> list[Any]:
    """The rows ``obj`` is ordered among, in their current order."""
    rows: list[Any]
    if isinstance(obj, Contribution):
        rows = [c for c in obj.meeting.contributions if c.heading_key == obj.heading_key]
    elif isinstance(obj, Participant):
        rows = list(obj.meeting.participants)
    elif isinstance(obj, ChildVoice):
        rows = list(obj.meeting.child_voice)
    elif isinstance(obj, PlanAction):
        rows = list(obj.outcome.actions)
    elif isinstance(obj, PlanOutcome):
        rows = list(obj.plan_version.outcomes)
    else:
        raise TypeError(f"{type(obj).__name__} rows are not ordered")
    return sorted(rows, key=lambda r: (r.sort_order, r.id))
