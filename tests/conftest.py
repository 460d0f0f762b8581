"""Shared fixtures: a private data folder, a fresh store, PostgreSQL when present, and
the council side of sync (the demo's records, a council key folder, a council store).

PostgreSQL runs as a throw-away cluster on loopback (``.ci/run`` installs it).
Where its binaries are missing the PostgreSQL tests are skipped, unless
``CINCHAIR_REQUIRE_POSTGRES=1`` (set by CI), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from cinchair.demo import DemoCase
from cinchair.store.facade import Store, sqlite_url
from tests.sync_kit import Council, Demo, build_demo_records, emptied, shared_pg_store
from tests.templates import demo_copy, migrated_store_file

PG_BIN = Path("/usr/lib/postgresql/15/bin")


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test ever touches the real user's data folder."""
    data = tmp_path / "data"
    monkeypatch.setenv("CINCHAIR_DATA_DIR", str(data))
    return data


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store of the test's own, copied from one migrated once per run."""
    path = migrated_store_file(tmp_path / "test.sqlite3")
    with Store.open(sqlite_url(path), actor="tester") as opened:
        yield opened


@pytest.fixture
def demo_case(tmp_path: Path) -> DemoCase:
    """The demo case in a store of the test's own (a copy of one demo built per run)."""
    return demo_copy(tmp_path / "demo.sqlite3")


@pytest.fixture
def demo_store(demo_case: DemoCase) -> Iterator[tuple[Store, DemoCase]]:
    """The demo's store, open, with what the demo made in it."""
    store = Store.open(sqlite_url(demo_case.store_path))
    yield store, demo_case
    store.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    initdb = PG_BIN / "initdb"
    if not initdb.exists():
        if os.environ.get("CINCHAIR_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL 15 is required here but not installed")
        pytest.skip("PostgreSQL 15 not installed")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg not installed")
    root = Path(tempfile.mkdtemp(prefix="cinchair-pg-"))
    password = secrets.token_hex(12)
    (root / "pw").write_text(password)
    port = _free_port()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        shutil.chown(root / "pw", "postgres", "postgres")
    data, log = root / "data", root / "log"
    subprocess.run(
        _as_postgres(
            [
                str(initdb),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=scram-sha-256",
                f"--pwfile={root / 'pw'}",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    subprocess.run(
        _as_postgres(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(log),
                "-w",
                "-o",
                f"-c listen_addresses=127.0.0.1 -p {port} -k {root}",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://postgres:{password}@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_store(postgres_url: str) -> Iterator[Store]:
    """A PostgreSQL store in a fresh schema-less database state."""
    from sqlalchemy import create_engine, text

    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    name = f"t_{secrets.token_hex(4)}"
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    url = postgres_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        with Store.open(url, actor="tester") as opened:
            yield opened
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


# --- the council side of sync ---------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """The demo's two meetings as records, built once per test module."""
    return build_demo_records(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def council(tmp_path: Path) -> Council:
    return Council.make(tmp_path / "keys")


@pytest.fixture(scope="module")
def pg_council(postgres_url: str) -> Iterator[Store]:
    with shared_pg_store(postgres_url) as store:
        yield store


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def council_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A council store, on SQLite and (where installed) on PostgreSQL, emptied each time."""
    if request.param == "postgres":
        yield emptied(request.getfixturevalue("pg_council"))
        return
    with Store.open(sqlite_url(tmp_path / "council.sqlite3"), actor="admin") as store:
        yield store


@pytest.fixture
def sqlite_council(tmp_path: Path) -> Iterator[Store]:
    with Store.open(sqlite_url(tmp_path / "council.sqlite3"), actor="admin") as store:
        yield store


@pytest.fixture
def dressed(qtbot):
    """The app in its real dress (font, padding of list rows), as a chair sees it."""
    from PySide6.QtWidgets import QApplication

    from cinchair.ui import theme

    app = QApplication.instance()
    sheet, font, palette = app.styleSheet(), app.font(), app.palette()
    theme.apply_theme(app, "light")
    yield
    app.setStyleSheet(sheet)
    app.setFont(font)
    app.setPalette(palette)


@pytest.fixture
def fresh_checker() -> Iterator[None]:
    """A spell checker made afresh for the test's own data folder (its word list empty);
    modules that type into spelled fields use it for every test (``pytestmark``)."""
    from cinchair.app import spelling

    spelling.forget_shared_checker()
    yield
    spelling.forget_shared_checker()
