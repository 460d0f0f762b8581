"""The admin desk's council store: set up, tested before saving, and failing in words.

Each failure an admin can meet is named: the server not reachable, a wrong password, a
database that is not a cinchair store, one from a newer cinchair, an empty one not yet
made into a store; and the password is never in the settings.
"""

from __future__ import annotations

import secrets
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from cinchair.app import council_store as cs
from cinchair.app.council_store import CouncilStoreConfig, CouncilStoreProblem
from cinchair.app.settings import load_settings, save_settings, settings_path
from cinchair.store.facade import Store, sqlite_url


def _config(url: str, database: str | None = None) -> tuple[CouncilStoreConfig, str]:
    parsed = make_url(url)
    config = CouncilStoreConfig(
        kind="postgresql",
        host=parsed.host or "",
        port=parsed.port or 5432,
        database=database or parsed.database or "",
        user=parsed.username or "",
    )
    return config, parsed.password or ""


@pytest.fixture
def empty_pg_database(postgres_url: str) -> Iterator[str]:
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    name = f"cs_{secrets.token_hex(4)}"
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


@pytest.mark.postgres
def test_an_empty_database_is_made_a_store_only_when_asked(
    postgres_url: str, empty_pg_database: str
) -> None:
    config, password = _config(postgres_url, empty_pg_database)
    with pytest.raises(CouncilStoreProblem, match="empty") as refused:
        cs.open_council_store(config, password)
    assert refused.value.field == "database"
    store = cs.open_council_store(config, password, create=True)
    store.close()
    cs.open_council_store(config, password).close()  # now a store: opens without create


@pytest.mark.postgres
def test_wrong_password_and_unknown_database_are_said(
    postgres_url: str, empty_pg_database: str
) -> None:
    config, _password = _config(postgres_url, empty_pg_database)
    with pytest.raises(CouncilStoreProblem, match=r"password .* was refused") as wrong:
        cs.open_council_store(config, "not-the-password")
    assert wrong.value.field == "password"
    config2, password = _config(postgres_url, "no_such_database")
    with pytest.raises(CouncilStoreProblem, match="no database called") as missing:
        cs.open_council_store(config2, password)
    assert missing.value.field == "database"


@pytest.mark.postgres
def test_a_server_that_does_not_answer_is_not_reachable(postgres_url: str) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config, password = _config(postgres_url)
    config = CouncilStoreConfig("postgresql", "", "127.0.0.1", port, "postgres", config.user)
    with pytest.raises(CouncilStoreProblem, match="not reachable") as unreachable:
        cs.open_council_store(config, password)
    assert unreachable.value.field == "host"


@pytest.mark.postgres
def test_another_apps_database_is_not_a_cinchair_store(
    postgres_url: str, empty_pg_database: str
) -> None:
    config, password = _config(postgres_url, empty_pg_database)
    engine = create_engine(config.url(password))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id integer)"))
    engine.dispose()
    with pytest.raises(CouncilStoreProblem, match="not a cinchair store"):
        cs.open_council_store(config, password, create=True)


def test_a_store_from_a_newer_cinchair_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "council.sqlite3"
    Store.open(sqlite_url(path)).close()
    engine = create_engine(sqlite_url(path))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    config = CouncilStoreConfig(kind="sqlite", file=str(path))
    with pytest.raises(CouncilStoreProblem, match="newer cinchair"):
        cs.open_council_store(config)
    engine = create_engine(sqlite_url(path))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999"
    engine.dispose()


def test_a_mistyped_sqlite_path_makes_no_store(tmp_path: Path) -> None:
    config = CouncilStoreConfig(kind="sqlite", file=str(tmp_path / "councl.sqlite3"))
    with pytest.raises(CouncilStoreProblem, match="no council store at"):
        cs.open_council_store(config)
    assert not (tmp_path / "councl.sqlite3").exists()
    cs.open_council_store(config, create=True).close()
    assert (tmp_path / "councl.sqlite3").exists()


def test_a_file_that_is_not_a_database_is_said(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"these are not the droids" * 100)
    with pytest.raises(CouncilStoreProblem, match="not a") as refused:
        cs.open_council_store(CouncilStoreConfig(kind="sqlite", file=str(path)))
    assert refused.value.field == "file"


def test_missing_fields_are_named() -> None:
    with pytest.raises(CouncilStoreProblem) as no_host:
        cs.check_config(CouncilStoreConfig("postgresql", "", "", 5432, "council", "admin"))
    assert no_host.value.field == "host"
    with pytest.raises(CouncilStoreProblem) as bad_port:
        cs.check_config(CouncilStoreConfig("postgresql", "", "db", 70000, "council", "admin"))
    assert bad_port.value.field == "port"


def test_the_settings_keep_where_the_store_is_and_never_its_password() -> None:
    config = CouncilStoreConfig("postgresql", "", "db.council.local", 5433, "cin", "admin")
    password = "Sup3r-secret-pg-password"
    save_settings(config.into_settings(load_settings()))
    assert CouncilStoreConfig.from_settings(load_settings()) == config
    assert password not in settings_path().read_text(encoding="utf-8")
    assert password not in config.shown()


def test_without_a_keyring_the_password_is_asked_not_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    config = CouncilStoreConfig("postgresql", "", "db", 5432, "cin", "admin")
    assert not cs.keyring_available()
    assert cs.keep_password(config, "pw") is False
    assert cs.saved_password(config) is None


def test_a_working_keyring_keeps_the_password(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]
        kept: dict[tuple[str, str], str] = {}  # noqa: RUF012

        def get_password(self, service: str, username: str) -> str | None:
            return self.kept.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.kept[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.kept.pop((service, username), None)

    monkeypatch.setattr(keyring, "get_keyring", lambda: MemoryKeyring())
    config = CouncilStoreConfig("postgresql", "", "db", 5432, "cin", "admin")
    assert cs.keep_password(config, "pw")
    assert cs.saved_password(config) == "pw"
    cs.forget_password(config)
    assert cs.saved_password(config) is None
