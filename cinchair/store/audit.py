"""Recording every change into the hash-chained audit log, and checking the chain.

A ``before_flush`` hook turns each inserted, updated or deleted row into an
``AuditEntry`` with the values before and after, so no code path can change the
record without leaving a trace. The actor comes from ``session.info["actor"]``.
Autosave's column edits, made without a session for speed, write their entry with
``append_update`` instead: the same chain, the same before/after form. A few bulky
columns (``DIGESTED_COLUMNS``) are logged as the SHA-256 of their text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any

from sqlalchemy import Connection, insert, inspect, select
from sqlalchemy.orm import Session

from cinchair.model import AuditEntry, Base, new_id, utcnow
from cinchair.model.audit import GENESIS_HASH, chain_hash
from cinchair.model.base import canonical_json_text


def _plain(value: Any) -> Any:
    """A JSON-safe form of a column value (binary is fingerprinted, not copied)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return "sha256:" + hashlib.sha256(value).hexdigest()
    if isinstance(value, memoryview):
        return _plain(bytes(value))
    return value


# Columns whose values the log records by SHA-256 rather than in full: the bookkeeping copy
# of an imported record (~170 KB of JSON) and a signature's pen strokes (~5 KB of numbers
# each, six or more to a meeting) would otherwise be encoded into the log again for every
# import and sign-off. The digest still proves what was written (the value is kept whole
# in its row, and the hash of its text must match the log); the signature's picture, as
# binary, is fingerprinted the same way by ``_plain``.
DIGESTED_COLUMNS = frozenset({("imported_bundles", "record_json"), ("signatures", "strokes")})


def _digest_text(value: Any) -> Any:
    """``sha256:<hex>`` of a value's UTF-8 text (a JSON value's canonical text), the form
    a digested column is logged in."""
    if value is None:
        return None
    text = value if isinstance(value, str) else canonical_json_text(value)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _logged(table: str, key: str, value: Any) -> Any:
    """A column value as the log records it: plain, or digested for ``DIGESTED_COLUMNS``."""
    if (table, key) in DIGESTED_COLUMNS:
        return _digest_text(value)
    return _plain(value)


def _row_changes(obj: Base, action: str) -> dict[str, list[Any]]:
    state = inspect(obj)
    table = obj.__tablename__
    if action == "insert":
        return _new_row_changes(state, table)
    changes: dict[str, list[Any]] = {}
    keys = _column_keys(state.mapper)[0]
    if action == "update":
        # only attributes set since the row was loaded can have changed (autosave touches one)
        keys = tuple(key for key in keys if key in state.committed_state)
    for key in keys:
        hist = state.attrs[key].history
        if action == "delete":
            kept = hist.unchanged or hist.deleted
            value = kept[0] if kept else None
            if value is not None:
                changes[key] = [_logged(table, key, value), None]
        elif hist.has_changes():
            before = hist.deleted[0] if hist.deleted else None
            after = hist.added[0] if hist.added else None
            old, new = _logged(table, key, before), _logged(table, key, after)
            if old != new:
                changes[key] = [old, new]
    return changes


_HEAD_SQL = f"SELECT entry_hash FROM {AuditEntry.__tablename__} ORDER BY seq DESC LIMIT 1"


def _entity_id(obj: Base) -> str:
    identity = inspect(obj).mapper.primary_key_from_instance(obj)
    return ":".join(str(part) for part in identity)


def record_changes(session: Session, flush_context: Any, instances: Any) -> None:
    """``before_flush`` hook: append one chained audit entry per changed row."""
    pending: list[tuple[str, Base]] = []
    pending += [("insert", o) for o in session.new if not isinstance(o, AuditEntry)]
    pending += [("update", o) for o in session.dirty if not isinstance(o, AuditEntry)]
    pending += [("delete", o) for o in session.deleted if not isinstance(o, AuditEntry)]
    for obj in session.dirty | session.deleted:
        if isinstance(obj, AuditEntry):
            raise PermissionError("the audit trail is append-only")
    if not pending:
        return
    actor = session.info.get("actor", "unknown")
    with session.no_autoflush:
        prev = _head(session)
        for action, obj in pending:
            if action == "insert" and hasattr(obj, "id") and obj.id is None:
                obj.id = new_id()  # known now, so the entry can name it
            changes = _row_changes(obj, action)
            if action == "update" and not changes:
                continue
            entry = AuditEntry(
                at=utcnow(),
                actor=actor,
                action=action,
                entity=obj.__tablename__,
                entity_id=_entity_id(obj),
                changes=changes,
                prev_hash=prev,
            )
            entry.entry_hash = entry.compute_hash()
            prev = entry.entry_hash
            session.add(entry)
    session.info["audit_head"] = prev


def column_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``[before, after]`` per attribute whose value differs, in the form the hook records."""
    changes: dict[str, list[Any]] = {}
    for key, value in after.items():
        old, new = _plain(before[key]), _plain(value)
        if old != new:
            changes[key] = [old, new]
    return changes


_INSERT_ENTRY = insert(AuditEntry.__table__)


def append_update(
    connection: Connection,
    actor: str,
    entity: str,
    entity_id: str,
    changes: dict[str, list[Any]],
) -> str:
    """Chain one ``update`` entry onto the log through a bare connection; its hash.

    Only for writes made outside a session (no ``before_flush`` hook sees them). The
    caller holds the writer lock (``Store.writing``), so the head read here is still the
    head when this transaction commits.
    """
    prev = connection.exec_driver_sql(_HEAD_SQL).scalar() or GENESIS_HASH
    at = utcnow()
    encoded = canonical_json_text(changes)
    entry_hash = chain_hash(prev, at, actor, "update", entity, entity_id, encoded)
    connection.execute(
        _INSERT_ENTRY,
        {
            "at": at,
            "actor": actor,
            "action": "update",
            "entity": entity,
            "entity_id": entity_id,
            "changes": encoded,
            "prev_hash": prev,
            "entry_hash": entry_hash,
        },
    )
    return entry_hash


def _head(session: Session) -> str:
    """The chain's newest hash as this transaction sees it (cached from its last write)."""
    prev = session.info.get("audit_head")
    if prev is None:
        # plain SQL: an ORM query costs several times this read on every autosave
        prev = session.connection().exec_driver_sql(_HEAD_SQL).scalar()
    return prev or GENESIS_HASH


def insert_changes(obj: Base) -> tuple[str, dict[str, list[Any]]]:
    """``(entity id, changes)`` of the entry ``record_changes`` writes for a new row,
    for rows inserted without a flush (``cinchair.store.direct_writes``)."""
    state = inspect(obj)
    given = state.dict
    single_id = _column_keys(state.mapper)[1]
    if single_id and given.get("id") is None:
        obj.id = new_id()  # type: ignore[attr-defined]  # a single key is always named id
    changes = _new_row_changes(state, obj.__tablename__)
    return (given["id"] if single_id else _entity_id(obj)), changes


def _new_row_changes(state: Any, table: str) -> dict[str, list[Any]]:
    """A new row's values as ``[None, value]`` per set column: no history to ask (an
    import audits fifty rows a bundle). Read from the object's own values: an attribute
    never set is None, and the column defaults a flush fills in come after the hook."""
    given = state.dict
    return {
        key: [None, _logged(table, key, value)]
        for key in _column_keys(state.mapper)[0]
        if (value := given.get(key)) is not None
    }


@cache
def _column_keys(mapper: Any) -> tuple[tuple[str, ...], bool]:
    """A model's column attribute keys, and whether its key is one ``id`` column."""
    keys = tuple(attr.key for attr in mapper.column_attrs)
    primary = mapper.primary_key
    single_id = len(primary) == 1 and mapper.get_property_by_column(primary[0]).key == "id"
    return keys, single_id


def chain_entries(
    session: Session, entries: list[tuple[str, str, str, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """The ``audit_log`` rows for ``entries``, chained onto the session's head, to be
    inserted in this transaction, in this order, before anything else is chained (the
    session's head moves to the last of them now, so the session's next flush chains on
    from them). For rows written in the transaction but outside its flushes
    (``direct_writes.BulkWriter``); the caller holds the writer lock where others write."""
    if not entries:
        return []
    actor = session.info.get("actor", "unknown")
    prev = _head(session)
    rows = []
    for action, entity, entity_id, changes in entries:
        at = utcnow()
        encoded = canonical_json_text(changes)  # once: for the hash, and as the column's text
        entry_hash = chain_hash(prev, at, actor, action, entity, entity_id, encoded)
        rows.append(
            {
                "at": at,
                "actor": actor,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "changes": encoded,
                "prev_hash": prev,
                "entry_hash": entry_hash,
            }
        )
        prev = entry_hash
    session.info["audit_head"] = prev
    return rows


def forget_head(session: Session) -> None:
    """After commit or rollback the cached chain head may be stale; drop it."""
    session.info.pop("audit_head", None)


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str


def verify_chain(session: Session) -> list[ChainProblem]:
    """Walk the log in order; report every entry whose hash or link is wrong."""
    problems: list[ChainProblem] = []
    prev = GENESIS_HASH
    # Links, not sequence numbers, prove continuity: PostgreSQL sequences skip
    # numbers after a rollback, but a removed entry always breaks a link.
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
        if entry.prev_hash != prev:
            problems.append(ChainProblem(entry.seq, "does not follow the entry before it"))
        if entry.compute_hash() != entry.entry_hash:
            problems.append(ChainProblem(entry.seq, "has been altered since it was written"))
        prev = entry.entry_hash
    return problems
