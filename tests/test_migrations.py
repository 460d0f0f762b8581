"""The schema comes only from Alembic, and what it builds matches the model exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from cinchair.model import Base
from cinchair.store.facade import (
    Store,
    current_revision,
    downgrade,
    head_revision,
    make_engine,
    sqlite_url,
    upgrade,
)


def _diff(engine) -> list:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(ctx, Base.metadata)


def test_upgrade_from_empty_matches_model_sqlite(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "m.sqlite3"))
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert _diff(engine) == []
    assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)


@pytest.mark.postgres
def test_upgrade_from_empty_matches_model_postgresql(pg_store: Store) -> None:
    assert current_revision(pg_store.engine) == head_revision()
    assert _diff(pg_store.engine) == []


@pytest.mark.slow
def test_downgrade_to_empty_and_back(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "m.sqlite3"))
    upgrade(engine)
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert _diff(engine) == []


def test_opening_a_store_migrates_it_and_keeps_data(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "m.sqlite3")
    with Store.open(url) as store, store.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO cases (id, case_ref, profile_id, child_given_name, child_family_name,"
                " created_at, updated_at) VALUES ('c1', 'R1', 'generic', 'A', 'B',"
                " '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        )
    with Store.open(url) as store, store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM cases")).scalar() == 1
        assert current_revision(store.engine) == head_revision()


def _storage(engine) -> dict[tuple[str, str], tuple[str, str]]:
    """(table, column) -> (attstorage, attcompression) as PostgreSQL keeps them."""
    query = text(
        "SELECT c.relname, a.attname, a.attstorage, a.attcompression FROM pg_attribute a "
        "JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname IN "
        "('child_attachments', 'signatures', 'imported_bundles', 'audit_log', "
        "'held_attachments') AND a.attnum > 0"
    )
    with engine.connect() as conn:
        return {(t, c): (s, z) for t, c, s, z in conn.execute(query)}


@pytest.mark.postgres
def test_postgres_keeps_compressed_files_as_they_are_and_text_with_lz4(pg_store: Store) -> None:
    """Pictures and PDFs are not compressed again; the record and strokes use lz4."""
    storage = _storage(pg_store.engine)
    for column in (
        ("child_attachments", "data"),
        ("signatures", "image_png"),
        ("held_attachments", "data"),  # since 0006
    ):
        assert storage[column][0] == "e", column  # external: out of line, uncompressed
    for column in (("imported_bundles", "record_json"), ("signatures", "strokes")):
        assert storage[column] == ("x", "l"), column  # extended, compressed with lz4
    downgrade(pg_store.engine, "0004")
    storage = _storage(pg_store.engine)
    assert storage[("child_attachments", "data")][0] == "x"
    assert storage[("imported_bundles", "record_json")][1] == ""
    assert ("held_attachments", "data") not in storage
    upgrade(pg_store.engine)
    storage = _storage(pg_store.engine)
    assert storage[("signatures", "image_png")][0] == "e"
    assert storage[("held_attachments", "data")][0] == "e"
    assert _diff(pg_store.engine) == []
