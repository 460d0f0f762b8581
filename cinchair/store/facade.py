"""The store: engines, pragmas, migrations, and the one facade the app talks to.

``make_engine`` turns a SQLAlchemy URL into an engine; with no URL it is the
SQLite file in the user's data directory. SQLite runs with foreign keys on, a WAL
journal and ``synchronous=FULL`` so a committed edit survives a flat battery.
The schema is only ever created or changed by Alembic migrations, applied when a
store is opened. The same model serves the council's PostgreSQL store.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from cinchair.app import paths
from cinchair.model.base import json_column_text
from cinchair.store import audit, finality

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# ``revision: str = "0002"`` and ``down_revision: str | None = "0001"`` in a version file
_REVISION_LINE = re.compile(
    r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:[\"']([^\"']+)[\"']|None)\s*$", re.M
)


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path)}"


def _set_sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    # Sorts and indexes build in memory, never in a clear temporary file beside the store.
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def _quiet_sqlcipher(dbapi_connection: Any, connection_record: Any) -> None:
    # SQLCipher logs a failed key to stderr; the app says so itself, in words
    dbapi_connection.execute("PRAGMA cipher_log_level = NONE")


def make_engine(url: str | None = None, *, echo: bool = False, key: bytes | None = None) -> Engine:
    """An engine for ``url`` (default: the chair's own SQLite file), pragmas applied.

    With ``key`` (32 random bytes, see ``cinchair.security.vault``) a SQLite file is opened
    through SQLCipher, encrypted page by page: nothing of the record, drafts
    included, is readable in the file. The key is passed raw (``x'..'``), so
    SQLCipher's own passphrase derivation is skipped; the vault has done that.
    """
    url = url or sqlite_url(paths.default_store_path())
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        if key is not None:
            parsed = parsed.set(drivername="sqlite+pysqlcipher", password=f"x'{key.hex()}'")
        engine = create_engine(
            parsed, echo=echo, hide_parameters=True, json_serializer=json_column_text
        )
        if key is not None:
            event.listen(engine, "connect", _quiet_sqlcipher, insert=True)
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    return create_engine(
        parsed,
        echo=echo,
        pool_pre_ping=True,
        hide_parameters=True,
        json_serializer=json_column_text,
    )


def _alembic_config(connection: Any) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(None))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` (default: the newest) in one transaction."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), revision)


@cache
def newest_revision_in_files() -> str | None:
    """The head revision, read from the version files' own lines without loading Alembic.

    Alembic takes a fifth of a second to import and read its scripts; a store that is
    already at the head (every start but the first after an update) needs none of it.
    None when the files do not give exactly one head: then Alembic decides.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for name, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            if value:
                (revisions if name == "revision" else parents).add(value)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def is_at_head(engine: Engine) -> bool:
    """True if the store's schema is the newest: no migration to run.

    A wrong SQLCipher key fails here as it would anywhere ("file is not a database").
    """
    head = newest_revision_in_files()
    if head is None:
        return False
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        stamped = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    return [row[0] for row in stamped] == [head]


Params = ParamSpec("Params")
Result = TypeVar("Result")

# An arbitrary fixed 64-bit key for pg_advisory_xact_lock: "cinchair" in ASCII.
ADVISORY_KEY = int.from_bytes(b"cinchair", "big") & 0x7FFF_FFFF_FFFF_FFFF


def take_writer_lock(connection: Connection) -> None:
    """Take the store-wide writer lock for the rest of this transaction.

    PostgreSQL: a transaction-scoped advisory lock, released by commit or rollback, so a
    crashed admin session never leaves it held. SQLite: ``BEGIN IMMEDIATE``, which takes
    the database's write lock now rather than at the first write, after the audit trail's
    head was already read (the driver otherwise begins lazily at the first INSERT).
    Call it first thing in the transaction, before any read the writes depend on. Why one
    lock for the whole store: ``cinchair.sync.locking``.
    """
    backend = connection.dialect.name
    if backend == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_KEY})
    elif backend == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _forget_audit_head(session: Session, *args: Any) -> None:
    audit.forget_head(session)


def session_factory(engine: Engine, actor: str) -> sessionmaker[Session]:
    """Sessions that audit every change and refuse edits to final records."""
    factory = sessionmaker(engine, expire_on_commit=False, info={"actor": actor})
    event.listen(factory, "before_flush", finality.refuse_changes_to_final_records)
    event.listen(factory, "before_flush", audit.record_changes)
    event.listen(factory, "after_commit", _forget_audit_head)
    event.listen(factory, "after_rollback", _forget_audit_head)
    return factory


class Store:
    """One open store. The UI and the commands talk to this, never to the engine.

    Each ``transaction()`` is one unit of work: committed whole or not at all. The window
    never holds a session: it names a core operation and its arguments, and ``ask`` (a
    read) or ``apply`` (a committed change) runs it here and hands back what it returns,
    the plain values and read-only views the core's operations are written to give.
    """

    def __init__(self, engine: Engine, actor: str) -> None:
        self.engine = engine
        self.actor = actor
        self._sessions = session_factory(engine, actor)

    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        actor: str = "chair",
        migrate: bool = True,
        key: bytes | None = None,
    ) -> Store:
        engine = make_engine(url, key=key)
        if migrate and not is_at_head(engine):
            upgrade(engine)
        return cls(engine, actor)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def rekey(self, key: bytes) -> None:
        """Re-encrypt this (SQLCipher) store under ``key`` and carry on with it.

        ``PRAGMA rekey`` rewrites every page; the engine is then rebuilt with the new
        key so later connections open the file. See ``cinchair.security.vault`` for the order
        of steps that makes a power cut during a passphrase change harmless.
        """
        with self.engine.connect() as connection:
            connection.exec_driver_sql(f"PRAGMA rekey = \"x'{key.hex()}'\"")
        url = self.engine.url.set(drivername="sqlite")
        self.engine.dispose()
        self.engine = make_engine(url.set(password=None).render_as_string(False), key=key)
        self._sessions = session_factory(self.engine, self.actor)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One transaction on a bare connection, the writer lock taken first.

        For the few hot paths that skip the ORM (autosave's column edits): no session means
        no ``before_flush`` hooks, so whoever writes here applies ``finality`` and ``audit``
        itself, as ``cinchair.meetings.draft`` does. Committed whole or not at all.
        """
        with self.engine.begin() as connection:
            take_writer_lock(connection)
            yield connection

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads; nothing it does is committed."""
        with self._sessions() as session:
            yield session
            session.rollback()

    def ask(
        self,
        operation: Callable[Concatenate[Session, Params], Result],
        *args: Params.args,
        **kwargs: Params.kwargs,
    ) -> Result:
        """``operation(session, *args, **kwargs)`` in a read session; nothing is committed.

        Why one method and not a wrapper per operation: the core's operations already take
        a session first (the command line and the importer call them inside their own
        transactions), so the window names the operation and the type checker holds its
        arguments to the operation's own signature, with no second copy to keep in step.
        """
        with self.reading() as session:
            return operation(session, *args, **kwargs)

    def apply(
        self,
        operation: Callable[Concatenate[Session, Params], Result],
        *args: Params.args,
        **kwargs: Params.kwargs,
    ) -> Result:
        """``operation(session, *args, **kwargs)`` as one transaction: committed (audited,
        final records refused) when it returns, rolled back whole when it raises."""
        with self.transaction() as session:
            return operation(session, *args, **kwargs)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
