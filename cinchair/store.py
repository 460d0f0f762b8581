"""The store: engines, pragmas, migrations, and the one facade the app talks to.

``make_engine`` turns a SQLAlchemy URL into an engine; with no URL it is the
SQLite file in the user's data directory. SQLite runs with foreign keys on, a WAL
journal and ``synchronous=FULL`` so a committed edit survives a flat battery.
The schema is only ever created or changed by Alembic migrations, applied when a
store is opened. The same model serves the council's PostgreSQL store.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from cinchair import audit, finality, paths

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


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

    With ``key`` (32 random bytes, see ``cinchair.vault``) a SQLite file is opened
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
        engine = create_engine(parsed, echo=echo, hide_parameters=True)
        if key is not None:
            event.listen(engine, "connect", _quiet_sqlcipher, insert=True)
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    return create_engine(parsed, echo=echo, pool_pre_ping=True, hide_parameters=True)


def _alembic_config(connection: Any) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    script = ScriptDirectory.from_config(_alembic_config(None))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` (default: the newest) in one transaction."""
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), revision)


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

    Each ``transaction()`` is one unit of work: committed whole or not at all.
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
        if migrate:
            upgrade(engine)
        return cls(engine, actor)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def rekey(self, key: bytes) -> None:
        """Re-encrypt this (SQLCipher) store under ``key`` and carry on with it.

        ``PRAGMA rekey`` rewrites every page; the engine is then rebuilt with the new
        key so later connections open the file. See ``cinchair.vault`` for the order
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
    def reading(self) -> Iterator[Session]:
        """A session for reads; nothing it does is committed."""
        with self._sessions() as session:
            yield session
            session.rollback()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
