"""New rows for several tables at once: one round trip on PostgreSQL, executemany elsewhere.

Filing an imported meeting writes about fifty rows over a dozen tables, and as many
audit entries. On SQLite an ``executemany`` per table is a loop in C over an
in-process library, as cheap as it gets. On PostgreSQL each statement SQLAlchemy runs
waits for the server's answer before the next is sent: a dozen tables, a dozen round
trips, and the rows of each sent one statement at a time. Here the whole batch goes
through psycopg's pipeline mode instead: every INSERT is sent without waiting, and the
answers are read once at the end, in the same transaction, under the same constraints,
foreign keys and indexes, in the order given.

Values go through each column's SQLAlchemy bind processing first, exactly as for
SQLAlchemy's own INSERT (enums to their text, UTC timestamps made naive, JSON encoded
with the engine's serializer), and the statement is SQLAlchemy's own INSERT compiled
for the dialect, so a row reads back the same whichever way it went in. A failure is
raised as SQLAlchemy's exception for it (``IntegrityError`` and so on) with the
parameters hidden, as the engine raises for statements.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError

Processor = Callable[[Any], Any] | None
Batch = tuple[Table, Sequence[dict[str, Any]]]


def write_batches(connection: Connection, batches: Sequence[Batch]) -> None:
    """INSERT each batch's rows into its table, batches in the order given.

    The rows of one batch share their keys (column keys); a batch may be empty.
    """
    batches = [(table, rows) for table, rows in batches if rows]
    if not batches:
        return
    dialect = connection.dialect
    if dialect.name != "postgresql" or dialect.driver != "psycopg":
        for table, rows in batches:
            connection.execute(table.insert(), list(rows))
        return
    raw = connection.connection.dbapi_connection  # psycopg's, inside this transaction
    assert raw is not None
    cursor = raw.cursor()
    statement = ""
    try:
        with raw.pipeline():
            for table, rows in batches:
                statement, keys, processors = _insert_plan(table, tuple(rows[0]), dialect)
                cursor.executemany(
                    statement,
                    [
                        {
                            key: value if process is None else process(value)
                            for key, process, value in zip(
                                keys, processors, (row[key] for key in keys), strict=True
                            )
                        }
                        for row in rows
                    ],
                )
    except dialect.loaded_dbapi.Error as exc:
        raise DBAPIError.instance(
            statement,
            None,
            exc,
            dialect.loaded_dbapi.Error,
            hide_parameters=True,
            dialect=dialect,
        ) from exc
    finally:
        cursor.close()


@cache
def _insert_plan(
    table: Table, keys: tuple[str, ...], dialect: Dialect
) -> tuple[str, tuple[str, ...], tuple[Processor, ...]]:
    """SQLAlchemy's INSERT of ``keys`` into ``table`` compiled for ``dialect`` (named
    parameters, one per column key), and each column's bind processor."""
    compiled = table.insert().compile(dialect=dialect, column_keys=list(keys), for_executemany=True)
    names = set(compiled.binds)
    if names != set(keys):  # a column key SQLAlchemy had to rename in the statement
        raise ValueError(f"cannot insert {sorted(set(keys) - names)} into {table.name} directly")
    processors = tuple(
        table.c[key].type.dialect_impl(dialect).bind_processor(dialect) for key in keys
    )
    return compiled.string, keys, processors
