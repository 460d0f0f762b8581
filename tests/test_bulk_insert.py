"""``write_batches``: a pipelined batch on PostgreSQL reads back exactly what SQLAlchemy's
own INSERT writes.

The importer files every meeting's rows and audit entries through it, so each kind of
value the model holds goes through both ways here (text with tabs, newlines and
backslashes, any script and emoji, binary with every byte, JSON as a value,
as null and as pre-encoded text, UTC timestamps, enums, booleans, dates), on SQLite
and on PostgreSQL, and failures arrive as SQLAlchemy's exceptions with nothing quoted.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Engine,
    Enum,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    select,
)
from sqlalchemy.exc import IntegrityError

from cinchair.model.base import UTCDateTime, canonical_json_text
from cinchair.store.bulk_insert import write_batches
from cinchair.store.facade import Store, make_engine, sqlite_url


class Mood(enum.Enum):
    CALM = "calm"
    WORRIED = "worried"


def _columns() -> list[Column]:
    return [
        Column("id", String(36), primary_key=True),
        Column("note", Text, nullable=True),
        Column("picture", LargeBinary, nullable=True),
        Column("data", JSON, nullable=True),
        Column("at", UTCDateTime(), nullable=True),
        Column("mood", Enum(Mood, native_enum=False, length=16), nullable=True),
        Column("agreed", Boolean, nullable=True),
        Column("held_on", Date, nullable=True),
        Column("score", Integer, nullable=True),
    ]


def _tables() -> tuple[Table, Table]:
    metadata = MetaData()
    return Table("copied_rows", metadata, *_columns()), Table(
        "inserted_rows", metadata, *_columns()
    )


TRICKY_TEXT = 'tab\there\nnew line\r\\back\\slash "quoted" <&{{ }}> Zoë 李 مريم 🙂 \\N'
EVERY_BYTE = bytes(range(256)) * 3


def _rows() -> list[dict[str, Any]]:
    at = datetime(2026, 11, 23, 10, 15, 0, 123456, tzinfo=UTC)
    return [
        {
            "id": "r1",
            "note": TRICKY_TEXT,
            "picture": EVERY_BYTE,
            "data": {"zeta": [TRICKY_TEXT, None], "n": [1.5, -2, True]},
            "at": at,
            "mood": Mood.CALM,
            "agreed": True,
            "held_on": date(2026, 11, 23),
            "score": 7,
        },
        {
            "id": "r2",
            "note": "",
            "picture": b"",
            "data": canonical_json_text({"already": ["encoded", "李"]}),
            "at": at.astimezone(timezone(timedelta(hours=-5))),
            "mood": Mood.WORRIED,
            "agreed": False,
            "held_on": date(1999, 1, 1),
            "score": 0,
        },
        {
            "id": "r3",
            "note": None,
            "picture": None,
            "data": None,
            "at": None,
            "mood": None,
            "agreed": None,
            "held_on": None,
            "score": None,
        },
    ]


def _both_ways(engine: Engine) -> tuple[list[Any], list[Any]]:
    copied, inserted = _tables()
    copied.metadata.create_all(engine)
    with engine.begin() as conn:
        write_batches(conn, [(copied, _rows())])
        conn.execute(inserted.insert(), _rows())
    with engine.connect() as conn:
        got = [list(r) for r in conn.execute(select(copied).order_by(copied.c.id))]
        expected = [list(r) for r in conn.execute(select(inserted).order_by(inserted.c.id))]
    return got, expected


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(sqlite_url(tmp_path / "bulk.sqlite3"))
    yield engine
    engine.dispose()


def test_sqlite_rows_read_back_as_inserted(sqlite_engine: Engine) -> None:
    got, expected = _both_ways(sqlite_engine)
    assert got == expected
    assert got[0][1] == TRICKY_TEXT and got[0][2] == EVERY_BYTE


@pytest.mark.postgres
def test_postgres_batch_reads_back_exactly_as_an_insert(pg_store: Store) -> None:
    got, expected = _both_ways(pg_store.engine)
    assert got == expected
    first, second, empty = got
    assert first[1] == TRICKY_TEXT
    assert first[2] == EVERY_BYTE
    assert first[3] == {"zeta": [TRICKY_TEXT, None], "n": [1.5, -2, True]}
    assert first[4] == datetime(2026, 11, 23, 10, 15, 0, 123456, tzinfo=UTC)
    assert first[5] is Mood.CALM
    assert second[3] == {"already": ["encoded", "李"]}  # not a JSON string of the text
    assert second[4] == first[4]  # the same moment, from another zone
    assert empty[1:] == expected[2][1:]


@pytest.mark.postgres
def test_postgres_batch_failure_is_sqlalchemys_and_quotes_nothing(pg_store: Store) -> None:
    copied, _ = _tables()
    copied.metadata.create_all(pg_store.engine)
    rows = _rows()[:1]
    with pg_store.engine.begin() as conn:
        write_batches(conn, [(copied, rows)])
    secret = {**rows[0], "note": "Private words about Amelia"}
    with pytest.raises(IntegrityError) as caught, pg_store.engine.begin() as conn:
        write_batches(conn, [(copied, [secret])])
    assert "Amelia" not in str(caught.value)
    with pg_store.engine.connect() as conn:  # the failed transaction wrote nothing
        assert conn.execute(select(copied.c.note)).scalars().all() == [TRICKY_TEXT]


def _parent_child(engine: Engine) -> tuple[Table, Table]:
    from sqlalchemy import ForeignKey

    metadata = MetaData()
    parent = Table("parents", metadata, Column("id", String(36), primary_key=True))
    child = Table(
        "children",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("parent_id", ForeignKey("parents.id"), nullable=False),
        Column("note", Text),
    )
    metadata.create_all(engine)
    return parent, child


def _batches_in_order(engine: Engine) -> None:
    parent, child = _parent_child(engine)
    with engine.begin() as conn:
        write_batches(
            conn,
            [
                (parent, [{"id": "p1"}, {"id": "p2"}]),
                (child, []),  # an empty batch is nothing
                (
                    child,
                    [{"id": f"c{n}", "parent_id": "p2", "note": TRICKY_TEXT} for n in range(30)],
                ),
                (parent, [{"id": "p3"}]),
            ],
        )
    with engine.connect() as conn:
        assert conn.execute(select(parent.c.id).order_by(parent.c.id)).scalars().all() == [
            "p1",
            "p2",
            "p3",
        ]
        notes = conn.execute(select(child.c.note)).scalars().all()
        assert notes == [TRICKY_TEXT] * 30
    # a child whose parent is missing, after good rows: the whole batch is refused
    with pytest.raises(IntegrityError), engine.begin() as conn:
        write_batches(
            conn,
            [
                (parent, [{"id": "p4"}]),
                (child, [{"id": "c-orphan", "parent_id": "nobody", "note": "x"}]),
            ],
        )
    with engine.connect() as conn:
        assert conn.execute(select(parent.c.id).where(parent.c.id == "p4")).first() is None


def test_sqlite_batches_go_in_in_order_and_fail_whole(sqlite_engine: Engine) -> None:
    _batches_in_order(sqlite_engine)


@pytest.mark.postgres
def test_postgres_batches_go_in_in_order_and_fail_whole(pg_store: Store) -> None:
    """Several tables in one pipeline: parents before children, as given; a refused
    row anywhere refuses the transaction."""
    _batches_in_order(pg_store.engine)
