"""Declarative base, shared column types and identifiers for the whole model.

Everything here must behave the same on SQLite (the chair's laptop) and
PostgreSQL (the council's store), so: string UUID keys rather than integer
sequences (records made on different laptops must never collide), enums stored
as checked VARCHARs rather than native types, and timestamps normalised to UTC.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import DateTime, Dialect, MetaData, String, Table, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# A fixed naming convention gives every constraint a stable name, which Alembic
# needs to alter or drop it later on both SQLite (batch mode) and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    """A random UUID as text: unique across every laptop that will ever sync."""
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC)


class EncodedJSON(str):
    """JSON text already encoded, written to a JSON column as it is.

    The audit log encodes each entry's changes once, canonically, for its chain hash;
    handing the column that same text (rather than the dict, which the driver would
    encode again) halves the encoding an import of thousands of rows pays for.
    """


def canonical_json_text(value: Any) -> EncodedJSON:
    """``value`` as canonical JSON: sorted keys, no spaces, text as itself (not escaped)."""
    return EncodedJSON(json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")))


def json_column_text(value: Any) -> str:
    """The engines' JSON serializer: encoded text passes through, anything else is encoded."""
    if isinstance(value, EncodedJSON):
        return str(value)
    return json.dumps(value)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python.

    SQLite keeps no zone, PostgreSQL does; storing naive UTC and re-attaching the
    zone on load makes both stores hand back identical values.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # every model here is mapped to one Table (no mapping to a select or a join), so say
    # so: SQLAlchemy types __table__ as any FromClause, which insert() and update() refuse
    __table__: ClassVar[Table]


class IdMixin:
    """A text UUID primary key, assigned in Python so it is known before flush
    (the audit trail and the sync bundle both need it)."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
