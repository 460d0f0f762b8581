"""Replaying the audit log against the rows: a change made around the app is found.

The hash chain (``cinchair.store.audit.verify_chain``) proves the log itself is whole,
and the anchors outside the store (``cinchair.store.audit_anchor``) prove it was not cut
short or re-chained. Neither says anything about the rows: an edit made straight into a
table, with no audit entry, leaves the chain intact. So the log is replayed: each row's
values are rebuilt from its insert and updates (and its delete), and compared with what
the table holds now, column by column, in the form the log records them (``_logged``:
bulky columns by SHA-256).

Only what the log knows is compared: a column a flush fills in after the audit hook ran
(a default such as ``created_at``) is not in the log, so it is not checked. Tables the
hook never sees (the audit log itself, Alembic's version, the laptop's own keys:
``NOT_AUDITED``) are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from cinchair.model import AuditEntry, Base
from cinchair.store.audit import _column_keys, _entity_id, _logged

# Tables written outside the trail by design: the laptop's own keys (``device_key``) are
# its secret, not part of any record, and are made or moved in on a bare connection.
NOT_AUDITED = frozenset({"device_key"})
# How many problems are listed before the rest are only counted: a store damaged
# wholesale would otherwise print every row.
MAX_LISTED = 50


@dataclass(frozen=True)
class RowProblem:
    """A row whose stored values are not what its audit entries say."""

    entity: str
    entity_id: str
    problem: str

    def line(self) -> str:
        return f"{self.entity} {self.entity_id}: {self.problem}"


@dataclass
class _Replayed:
    values: dict[str, Any]
    deleted: bool = False


def _replay(session: Session) -> dict[tuple[str, str], _Replayed]:
    state: dict[tuple[str, str], _Replayed] = {}
    rows = session.execute(
        select(AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id, AuditEntry.changes)
        .order_by(AuditEntry.seq)
        .execution_options(yield_per=2000)
    )
    for action, entity, entity_id, changes in rows:
        key = (entity, entity_id)
        if action == "insert":
            state[key] = _Replayed({name: pair[1] for name, pair in changes.items()})
        elif action == "update":
            replayed = state.setdefault(key, _Replayed({}))
            for name, pair in changes.items():
                replayed.values[name] = pair[1]
        elif action == "delete":
            state[key] = _Replayed({}, deleted=True)
    return state


def _differences(row: Base, expected: dict[str, Any]) -> list[str]:
    table = row.__tablename__
    keys, _ = _column_keys(inspect(row).mapper)
    different = []
    for name in keys:
        if name not in expected:
            continue
        if _logged(table, name, getattr(row, name)) != expected[name]:
            different.append(name)
    return different


def replay_problems(session: Session) -> list[RowProblem]:
    """Every row that differs from what the audit log says it should hold."""
    replayed = _replay(session)
    problems: list[RowProblem] = []
    seen: set[tuple[str, str]] = set()
    for mapper in Base.registry.mappers:
        model = mapper.class_
        table = model.__tablename__
        if model is AuditEntry or table in NOT_AUDITED:
            continue
        for row in session.scalars(select(model).execution_options(yield_per=500)):
            key = (table, _entity_id(row))
            seen.add(key)
            expected = replayed.get(key)
            if expected is None:
                problems.append(
                    RowProblem(
                        *key,
                        "is in the store with no audit entry: it was added around the app, "
                        "or its entries were cut from the trail",
                    )
                )
            elif expected.deleted:
                problems.append(RowProblem(*key, "was deleted, yet is in the store again"))
            else:
                changed = _differences(row, expected.values)
                if changed:
                    problems.append(
                        RowProblem(
                            *key,
                            f"{', '.join(changed)} differ(s) from the audit trail: changed "
                            "with no audit entry",
                        )
                    )
        session.expunge_all()  # a council store holds many rows: keep memory flat
    tables = {mapper.class_.__tablename__ for mapper in Base.registry.mappers}
    for key, expected in replayed.items():
        if key not in seen and not expected.deleted and key[0] in tables:
            problems.append(RowProblem(*key, "is missing from the store with no audit entry"))
    return problems
