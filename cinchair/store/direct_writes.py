"""Writes that skip the session's unit of work, under the very rules its hooks enforce.

Two paths are hot enough for the unit of work to dominate them: autosave (one column of
one row, after every pause in typing; the session cost several times the commit) and
filing an imported meeting (forty-odd new rows; ``add_all`` and a flush cost several
times opening and checking the bundle). Rows written here never pass through
``before_flush``, so this module applies ``finality`` and ``audit`` itself:

* ``column_edit``: SELECT the row's values and whatever makes it final in one query,
  refuse as ``finality`` refuses, UPDATE only what differs, and return the audit changes.
* ``BulkWriter``: INSERT brand-new rows, one statement per table and all of them sent
  together (``bulk_insert``), refusing new parts of a stored signed meeting or agreed
  plan, and chain one audit entry per row (and per update) exactly as
  ``audit.record_changes`` would, onto the session's chain head, which it leaves where
  the session's next flush will find it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, Table, Update, bindparam, inspect, select, update
from sqlalchemy.orm import Session

from cinchair.model import AuditEntry, Base
from cinchair.store import audit, finality
from cinchair.store.bulk_insert import Batch, write_batches


@dataclass(frozen=True)
class ColumnEdit:
    """Statements for one kind of edit: these attributes of one model's rows."""

    model: type[Base]
    # attribute key -> the column's key in UPDATE parameters
    columns: dict[str, str]
    read: Select[Any]
    write: Update

    def apply(
        self, connection: Connection, row_id: str, values: dict[str, Any]
    ) -> dict[str, list[Any]]:
        """Check and update one row; the audit changes to record (empty: nothing to record).

        The caller holds the writer lock, so what is read here is what is changed.
        """
        row = connection.execute(self.read, {"row_id": row_id}).one_or_none()
        if row is None:
            raise KeyError(f"{self.model.__name__} {row_id} is no longer there")
        before = dict(zip(self.columns, row, strict=False))
        # the ORM writes only what differs from the stored value; an edit to nothing is none
        changed = {key: value for key, value in values.items() if before[key] != value}
        if not changed:
            return {}
        finality.refuse_if_final(*row[len(self.columns) :])
        params = {self.columns[key]: value for key, value in changed.items()}
        connection.execute(self.write, {**params, "row_id": row_id})
        return audit.column_changes(before, changed)


@cache
def column_edit(model: type[Base], keys: tuple[str, ...]) -> ColumnEdit | None:
    """The direct edit of ``keys`` on ``model`` rows, or None where only a session will do:
    a model the finality rules do not cover, a key that is not a plain column of it (a
    primary or foreign key moves the row between owners; the hooks judge that)."""
    owner = finality.final_owner(model)
    mapper = inspect(model)
    primary = mapper.primary_key
    if owner is None or not keys or len(primary) != 1:
        return None
    columns: dict[str, str] = {}
    for key in keys:
        attr = mapper.column_attrs.get(key)
        if attr is None or len(attr.columns) != 1:
            return None
        column = attr.columns[0]
        if column.primary_key or column.foreign_keys or column.table is not mapper.local_table:
            return None
        columns[key] = column.key
    if "row_id" in columns.values():
        return None
    table = model.__table__  # the same as mapper.local_table, typed as the Table it is
    joined, judged = owner
    where = primary[0] == bindparam("row_id")
    read = select(*(table.c[name] for name in columns.values()), *judged).select_from(joined)
    return ColumnEdit(model, columns, read.where(where), update(table).where(where))


@cache
def _table_order() -> dict[Any, int]:
    return {table: n for n, table in enumerate(Base.metadata.sorted_tables)}


@cache
def _insert_columns(mapper: Any) -> tuple[tuple[str, str, Any], ...]:
    """Per attribute of a model: its key, its column's key, and the column's default."""
    out = []
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        default = column.default
        if default is not None and default.is_sequence:
            default = None
        out.append((attr.key, column.key, default))
    return tuple(out)


def _default_value(default: Any) -> Any:
    """The value a column default (or onupdate) gives when the statement itself applies it."""
    return default.arg(None) if default.is_callable else default.arg


def _row(state: Any) -> dict[str, Any]:
    """The INSERT parameters a new object stands for, with the defaults a flush would apply.

    A flush leaves out an attribute that is None, so the column's default fills it; every
    row of one statement needs the same keys, so the default is applied here instead.
    """
    values: dict[str, Any] = {}
    given = state.dict
    for key, column_key, default in _insert_columns(state.mapper):
        value = given.get(key)
        if value is None and default is not None:
            value = _default_value(default)
        values[column_key] = value
    return values


class BulkWriter:
    """New rows (and changes to them) in a session's transaction, without its unit of work.

    Use for rows nothing else in the session holds: they never enter its identity map.
    Rows of one table referring to each other must be passed parents first. A meeting
    this writer inserted may be marked signed and then given its consents and signatures,
    as one filing: the finality rules judge owners as they were before the writer began.

    Nothing is written until ``finish``: the rows, in the order given, then their audit
    entries, go to the store as one batch (``bulk_insert``: one round trip to PostgreSQL).
    Every check is made as each call comes, so a refusal still comes from the call that
    asked for it, with nothing written. A change to a row this writer holds is made to
    the row before it is written, and audited as the UPDATE it stands for.
    """

    def __init__(self, session: Session) -> None:
        session.flush()  # what the session holds goes first, and chains first
        self.session = session
        self.connection = session.connection()
        self._entries: list[tuple[str, str, str, dict[str, list[Any]]]] = []
        # rows this writer inserted: new, so not final, as a pending owner is to the hook
        self._inserted: list[Base] = []
        self._batches: list[Batch] = []
        self._held: dict[tuple[str, str], dict[str, Any]] = {}  # (table, id) -> its row

    def insert(self, objects: Sequence[Base]) -> None:
        """INSERT ``objects`` (new rows), one statement per table, in foreign-key order."""
        finality.refuse_new_parts_of_final(self.connection, objects, self._inserted)
        self._inserted += objects
        order = _table_order()
        by_table: dict[Any, list[Base]] = {}
        for obj in objects:
            by_table.setdefault(inspect(obj).mapper.local_table, []).append(obj)
        for table in sorted(by_table, key=order.__getitem__):
            rows = []
            for obj in by_table[table]:
                entity_id, changes = audit.insert_changes(obj)
                self._entries.append(("insert", table.name, entity_id, changes))
                row = _row(inspect(obj))
                self._held[(table.name, entity_id)] = row
                rows.append(row)
            self._batches.append((table, rows))

    def update(self, model: type[Base], row_id: str, **values: Any) -> None:
        """Change plain columns of one row, refused where ``finality`` refuses."""
        edit = column_edit(model, tuple(sorted(values)))
        if edit is None:
            raise TypeError(f"{model.__name__} {sorted(values)} cannot be changed directly")
        held = self._held.get((model.__tablename__, row_id))
        if held is None:
            self._write()  # the stored row is read and changed in order with what came before
            changes = edit.apply(self.connection, row_id, values)
        else:
            # new in this writer, so not final: changed before it is written, as UPDATE would
            before = {key: held[column] for key, column in edit.columns.items()}
            changed = {key: value for key, value in values.items() if before[key] != value}
            held.update({edit.columns[key]: value for key, value in changed.items()})
            if changed:
                held.update(_on_update(model.__table__))
            changes = audit.column_changes(before, changed)
        if changes:
            self._entries.append(("update", model.__tablename__, row_id, changes))

    def finish(self) -> None:
        """Write everything asked for so far, and chain and write its audit entries."""
        self._batches.append(
            (AuditEntry.__table__, audit.chain_entries(self.session, self._entries))
        )
        self._entries = []
        self._write()

    def _write(self) -> None:
        write_batches(self.connection, self._batches)
        self._batches = []
        self._held.clear()


@cache
def _on_update_columns(table: Table) -> tuple[tuple[str, Any], ...]:
    return tuple((c.key, c.onupdate) for c in table.columns if c.onupdate is not None)


def _on_update(table: Table) -> dict[str, Any]:
    """The values an UPDATE of ``table`` sets by itself (``updated_at``)."""
    return {key: _default_value(default) for key, default in _on_update_columns(table)}
