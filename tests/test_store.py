"""The laptop's store: where it lives and how SQLite is configured for durability."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from cinchair.app import paths
from cinchair.store.facade import Store, make_engine


def test_default_store_is_in_the_user_data_dir(private_data_dir: Path) -> None:
    engine = make_engine()
    assert Path(engine.url.database) == private_data_dir / "cinchair.sqlite3"
    assert paths.default_store_path().parent == private_data_dir


def test_sqlite_pragmas(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_store_url_hides_password() -> None:
    engine = make_engine("postgresql+psycopg://u:secret@127.0.0.1:1/db")
    assert "secret" not in Store(engine, "x").url


def test_transaction_rolls_back_whole_on_error(store: Store) -> None:
    from cinchair.model import Case

    try:
        with store.transaction() as s:
            s.add(
                Case(
                    case_ref="A", profile_id="generic", child_given_name="a", child_family_name="b"
                )
            )
            s.flush()
            raise RuntimeError("power cut")
    except RuntimeError:
        pass
    with store.reading() as s:
        assert s.query(Case).count() == 0


def test_head_read_from_the_version_files_is_alembics_head() -> None:
    from cinchair.store.facade import head_revision, newest_revision_in_files

    assert newest_revision_in_files() == head_revision()


@pytest.mark.slow
def test_a_store_at_the_head_opens_without_loading_alembic(tmp_path: Path) -> None:
    """Start-up speed: Alembic is loaded only when a migration is due."""
    import subprocess
    import sys

    from cinchair.store.facade import sqlite_url

    url = sqlite_url(tmp_path / "s.sqlite3")
    Store.open(url).close()  # made and migrated here
    check = (
        "import sys; from cinchair.store.facade import Store; "
        f"Store.open({url!r}).close(); print('alembic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_store_behind_the_head_is_still_migrated_on_open(tmp_path: Path) -> None:
    from cinchair.store.facade import current_revision, head_revision, sqlite_url, upgrade

    engine = make_engine(sqlite_url(tmp_path / "old.sqlite3"))
    upgrade(engine, "0001")
    engine.dispose()
    with Store.open(sqlite_url(tmp_path / "old.sqlite3")) as store:
        assert current_revision(store.engine) == head_revision()
