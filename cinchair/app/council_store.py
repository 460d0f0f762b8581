"""The admin desk's council store: which it is, how it is reached, and its password.

The council store is a SQLite file or a PostgreSQL database (host, port, database,
user). Where it is lives in the settings (``cinchair.app.settings``); its password
never does. The password is kept by the operating system's keyring (Windows Credential
Manager, the macOS Keychain, the Secret Service on Linux) through the ``keyring``
package, and where there is no keyring it is asked each time and held in memory only.
A keyring backend that would write the password into a plain file is treated as no
keyring at all.

A connection is tested before it is saved, and every failure is said in words an admin
can act on: the server is not reachable, the password is wrong, the database does not
exist, it is not a cinchair store, or it was made by a newer cinchair than this one
(opening it would fail halfway through a migration it does not know).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from cinchair.app.errors import ActionableError
from cinchair.app.settings import Settings
from cinchair.store.facade import MIGRATIONS_DIR, Store, sqlite_url

KEYRING_SERVICE = "cinchair council store"
DEFAULT_PORT = 5432
CONNECT_TIMEOUT_SECONDS = 5
# Tables only a cinchair store has; a database holding other tables but none of these is
# somebody else's and is never migrated into one.
CINCHAIR_TABLES = frozenset({"cases", "meetings", "imported_bundles", "audit_log"})


class CouncilStoreProblem(ActionableError, ValueError):
    """The council store cannot be used as set up; ``field`` names what to change."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class CouncilStoreConfig:
    """Where the council store is. Holds no password, so it can be kept and shown."""

    kind: str = "postgresql"  # "sqlite" or "postgresql"
    file: str = ""
    host: str = ""
    port: int = DEFAULT_PORT
    database: str = ""
    user: str = ""

    @classmethod
    def from_settings(cls, settings: Settings) -> CouncilStoreConfig | None:
        """The store the settings name, or None when the admin desk is not set up yet."""
        if not settings.council_store_kind:
            return None
        port = int(settings.council_db_port) if settings.council_db_port else DEFAULT_PORT
        return cls(
            kind=settings.council_store_kind,
            file=settings.council_store_file,
            host=settings.council_db_host,
            port=port,
            database=settings.council_db_name,
            user=settings.council_db_user,
        )

    def into_settings(self, settings: Settings) -> Settings:
        """``settings`` pointing at this store (the password is never among them)."""
        sqlite = self.kind == "sqlite"
        return replace(
            settings,
            council_store_kind=self.kind,
            council_store_file=self.file if sqlite else "",
            council_db_host="" if sqlite else self.host,
            council_db_port="" if sqlite else str(self.port),
            council_db_name="" if sqlite else self.database,
            council_db_user="" if sqlite else self.user,
        )

    @property
    def needs_password(self) -> bool:
        return self.kind == "postgresql"

    def url(self, password: str | None = None) -> str:
        """The SQLAlchemy URL, with the password only when given (never kept or shown)."""
        if self.kind == "sqlite":
            return sqlite_url(self.file)
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            password=password or None,
            host=self.host,
            port=self.port,
            database=self.database,
            query={"connect_timeout": str(CONNECT_TIMEOUT_SECONDS)},
        ).render_as_string(hide_password=False)

    def shown(self) -> str:
        """How the store is named on screen and in messages: never with a password."""
        if self.kind == "sqlite":
            return self.file
        return f"{self.database} on {self.host}:{self.port} as {self.user}"

    def keyring_account(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"


def check_config(config: CouncilStoreConfig) -> None:
    """``CouncilStoreProblem`` naming the first field that is missing or wrong."""
    if config.kind not in ("sqlite", "postgresql"):
        raise CouncilStoreProblem("choose a SQLite file or a PostgreSQL server", "kind")
    if config.kind == "sqlite":
        if not config.file.strip() or not Path(config.file).is_absolute():
            raise CouncilStoreProblem("choose the council store file (a full path)", "file")
        return
    for field, what in (("host", "server"), ("database", "database"), ("user", "user name")):
        if not str(getattr(config, field)).strip():
            raise CouncilStoreProblem(f"give the PostgreSQL {what}", field)
    if not 0 < config.port < 65536:
        raise CouncilStoreProblem(f"the port must be 1 to 65535, not {config.port}", "port")


# --- the password: the OS keyring, or asked each time ----------------------------------


def _safe_keyring() -> object | None:
    """The OS keyring backend, or None where there is none or it would write a plain file."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring setup is no keyring: the password is asked
        return None
    names = f"{type(backend).__module__}.{type(backend).__name__}".lower()
    if isinstance(backend, fail.Keyring) or any(
        word in names for word in ("plaintext", "null", "file", "uncrypted")
    ):
        return None
    return backend


def keyring_available() -> bool:
    """True when the password can be kept by the operating system."""
    return _safe_keyring() is not None


def saved_password(config: CouncilStoreConfig) -> str | None:
    """The password the OS keyring keeps for ``config``, or None (then it is asked)."""
    backend = _safe_keyring()
    if backend is None or not config.needs_password:
        return None
    try:
        found = backend.get_password(KEYRING_SERVICE, config.keyring_account())  # type: ignore[attr-defined]
    except Exception:
        return None
    return found if isinstance(found, str) else None


def keep_password(config: CouncilStoreConfig, password: str) -> bool:
    """Give the password to the OS keyring; False when there is none (ask each time)."""
    backend = _safe_keyring()
    if backend is None or not config.needs_password:
        return False
    try:
        backend.set_password(KEYRING_SERVICE, config.keyring_account(), password)  # type: ignore[attr-defined]
    except Exception:
        return False
    return True


def forget_password(config: CouncilStoreConfig) -> None:
    backend = _safe_keyring()
    if backend is None:
        return
    try:
        backend.delete_password(KEYRING_SERVICE, config.keyring_account())  # type: ignore[attr-defined]
    except Exception:
        return


# --- testing and opening -----------------------------------------------------------------


def known_revisions() -> set[str]:
    """Every schema revision this cinchair's migrations know."""
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory(str(MIGRATIONS_DIR)).walk_revisions()}


def _in_words(exc: OperationalError, config: CouncilStoreConfig) -> CouncilStoreProblem:
    detail = str(exc.orig or exc).lower()
    where = f"{config.host}:{config.port}"
    if "password authentication failed" in detail or "no password supplied" in detail:
        return CouncilStoreProblem(
            f"the password for {config.user} was refused by the server at {where}: "
            "check it (and the user name) with whoever runs the database",
            "password",
        )
    if "does not exist" in detail and "database" in detail:
        return CouncilStoreProblem(
            f"the server at {where} has no database called {config.database!r}: "
            "check the name, or ask whoever runs the database to create it",
            "database",
        )
    if "role" in detail and "does not exist" in detail:
        return CouncilStoreProblem(
            f"the server at {where} has no user called {config.user!r}", "user"
        )
    return CouncilStoreProblem(
        f"the server at {where} is not reachable (it did not answer, or refused the "
        "connection): check the server name and port, and that this machine is on the "
        "council's network",
        "host",
    )


def _check_schema(url: str, config: CouncilStoreConfig, *, create: bool) -> None:
    """That the database is a cinchair store this version can open, or empty and ``create``."""
    engine = create_engine(url, hide_parameters=True)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            stamped = (
                [
                    row[0]
                    for row in connection.execute(text("SELECT version_num FROM alembic_version"))
                ]
                if "alembic_version" in tables
                else []
            )
    except OperationalError as exc:
        if config.kind == "sqlite":
            raise CouncilStoreProblem(
                f"{config.file} cannot be opened as a database ({exc.orig}): "
                "it may be a chair's encrypted store, or not a database at all",
                "file",
            ) from None
        raise _in_words(exc, config) from None
    except DatabaseError:
        raise CouncilStoreProblem(
            f"{config.shown()} is not a cinchair store (not a database this app can read)",
            "file" if config.kind == "sqlite" else "database",
        ) from None
    finally:
        engine.dispose()
    field = "file" if config.kind == "sqlite" else "database"
    if not tables:
        if not create:
            raise CouncilStoreProblem(
                f"{config.shown()} is empty: it is not a cinchair store yet. Choose "
                "'Make it a new council store' to set it up",
                field,
            )
        return
    if not tables & CINCHAIR_TABLES:
        raise CouncilStoreProblem(
            f"{config.shown()} is not a cinchair store: it holds other tables "
            f"({', '.join(sorted(tables)[:3])}…). Choose another database; nothing was changed",
            field,
        )
    unknown = [revision for revision in stamped if revision not in known_revisions()]
    if unknown:
        raise CouncilStoreProblem(
            f"{config.shown()} was made by a newer cinchair (schema {unknown[0]}): update "
            "cinchair on this machine before opening it; nothing was changed",
            field,
        )


def open_council_store(
    config: CouncilStoreConfig,
    password: str | None = None,
    *,
    create: bool = False,
    actor: str = "admin",
) -> Store:
    """The council store opened (and brought to this version's schema), or the problem.

    ``create`` allows an empty database (or a SQLite file not there yet) to become a
    new council store; without it a mistyped name never makes a store by accident.
    """
    check_config(config)
    if config.kind == "sqlite":
        path = Path(config.file)
        if not path.exists():
            if not create:
                raise CouncilStoreProblem(
                    f"there is no council store at {path}: check the path, or choose "
                    "'Make it a new council store'",
                    "file",
                )
            if not path.parent.is_dir():
                raise CouncilStoreProblem(f"the folder {path.parent} does not exist", "file")
    elif not password:
        raise CouncilStoreProblem(f"give the password for {config.user}", "password")
    url = config.url(password)
    try:
        make_url(url)
    except ArgumentError:
        raise CouncilStoreProblem(
            "the server details do not make a database address", "host"
        ) from None
    if config.kind == "postgresql" or Path(config.file).exists():
        _check_schema(url, config, create=create)
    try:
        return Store.open(url, actor=actor)
    except OperationalError as exc:
        raise _in_words(exc, config) from None
    except ModuleNotFoundError as exc:
        raise CouncilStoreProblem(
            f"this machine lacks the {exc.name} package the council store needs "
            "(for PostgreSQL: psycopg)",
            "kind",
        ) from None
