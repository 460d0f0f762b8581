"""Several admins importing the same bundles into one store at the same moment.

Each admin is a thread with its own engine (its own connections), started together at a
barrier; one imports in the opposite order, so reviews arrive before the meetings they
build on. Every bundle must be filed exactly once, the others seeing a duplicate, and the
audit trail must still be one unbroken chain.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cinchair.model import ImportedBundle, Meeting, PlanVersion
from cinchair.store.audit import verify_chain
from cinchair.store.facade import Store, sqlite_url
from cinchair.sync.import_summary import ImportSummary
from cinchair.sync.importer import import_bundles
from tests.sync_kit import Council, Demo, build_demo_records, fresh_ids, shared_pg_store

CASES = 5
ADMINS = 3


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> tuple[Council, list[Path]]:
    root = tmp_path_factory.mktemp("concurrent")
    demo: Demo = build_demo_records(root)
    council = Council.make(root / "keys")
    laptop = council.laptop("Laptop 7")
    paths = []
    for n in range(CASES):
        planning, review = fresh_ids(demo.planning, demo.review)
        for record in (planning, review):
            record["case"]["reference"] = f"LCS-{500000 + n}"
        paths.append(council.bundle(planning, laptop, root / "in", f"{n:02}-a.cinsync"))
        paths.append(council.bundle(review, laptop, root / "in", f"{n:02}-b.cinsync"))
    return council, paths


def _race(url: str, council: Council, paths: list[Path]) -> list[ImportSummary]:
    barrier = threading.Barrier(ADMINS)
    results: list[ImportSummary | BaseException] = [None] * ADMINS  # type: ignore[list-item]

    def admin(n: int) -> None:
        store = Store.open(url, actor=f"admin{n}", migrate=False)
        order = paths if n % 2 == 0 else list(reversed(paths))
        try:
            barrier.wait()
            results[n] = import_bundles(store, order, desk=council.desk, imported_by=f"Admin {n}")
        except BaseException as exc:  # reported below, not lost in the thread
            results[n] = exc
        finally:
            store.close()

    threads = [threading.Thread(target=admin, args=(n,)) for n in range(ADMINS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results  # type: ignore[return-value]


def _check(store: Store, summaries: list[ImportSummary], paths: list[Path]) -> None:
    per_file: dict[str, Counter[str]] = {str(p): Counter() for p in paths}
    for summary in summaries:
        for item in summary.items:
            per_file[item.source][item.outcome] += 1
    for name, outcomes in per_file.items():
        assert outcomes == Counter({"imported": 1, "duplicate": ADMINS - 1}), (name, outcomes)
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(ImportedBundle)) == len(paths)
        assert session.scalar(select(func.count()).select_from(Meeting)) == len(paths)
        assert session.scalar(select(func.count()).select_from(PlanVersion)) == len(paths)
        assert verify_chain(session) == []


@pytest.fixture
def pg_council(postgres_url: str) -> Iterator[Store]:
    with shared_pg_store(postgres_url) as store:
        yield store


@pytest.mark.postgres
def test_admins_importing_at_once_into_postgresql(
    pg_council: Store, bundles: tuple[Council, list[Path]]
) -> None:
    council, paths = bundles
    url = pg_council.engine.url.render_as_string(hide_password=False)
    _check(pg_council, _race(url, council, paths), paths)


def test_admins_importing_at_once_into_sqlite(
    tmp_path: Path, bundles: tuple[Council, list[Path]]
) -> None:
    council, paths = bundles
    url = sqlite_url(tmp_path / "council.sqlite3")
    Store.open(url).close()  # migrated once, before the admins start
    with Store.open(url, migrate=False) as store:
        _check(store, _race(url, council, paths), paths)


@pytest.mark.postgres
def test_the_unique_constraint_catches_what_the_lock_would_have(
    pg_council: Store, bundles: tuple[Council, list[Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the lock (say, an older cinchair importing beside this one), two admins can
    both find a record new; the constraint refuses the second write and it is reported as
    a duplicate, not an error."""
    import cinchair.sync.importer as importer

    council, paths = bundles
    first = import_bundles(pg_council, paths[:1], desk=council.desk, imported_by="A")
    assert first.items[0].outcome == "imported"
    monkeypatch.setattr(importer, "lock_for_writing", lambda session: None)
    monkeypatch.setattr(importer, "received_row", _never_seen_once(importer.received_row))
    second = import_bundles(pg_council, paths[:1], desk=council.desk, imported_by="B")
    assert second.items[0].outcome == "duplicate"
    assert "another import" in second.items[0].message


def _never_seen_once(real):
    """``received_row`` that misses the stored row while filing (asked twice: the very
    same export, then any of the meeting), as a race would."""
    calls = {"n": 0}

    def fake(session, *args):
        calls["n"] += 1
        return None if calls["n"] <= 2 else real(session, *args)

    return fake
