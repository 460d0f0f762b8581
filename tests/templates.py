"""A migrated store and the demo, each made once per test run and copied for every test.

Migrating an empty store runs every Alembic step (about a second on a busy machine) and
building the demo case several; a copy of the file takes milliseconds. Tests get a store
of their own exactly as before, only without paying for its making each time.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from cinchair.demo import DemoCase, build_demo
from cinchair.store.facade import Store, sqlite_url

_made: dict[str, Path] = {}
_demo: list[DemoCase] = []


def _folder() -> Path:
    if "folder" not in _made:
        folder = Path(tempfile.mkdtemp(prefix="cinchair-test-templates-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _made["folder"] = folder
    return _made["folder"]


def _copy(source: Path, target: Path) -> Path:
    """The store file, with its write-ahead log if one is left (SQLite replays it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    wal = Path(f"{source}-wal")
    if wal.exists():
        shutil.copyfile(wal, Path(f"{target}-wal"))
    return target


def migrated_store_file(path: Path) -> Path:
    """An empty store at ``path``, at the head of the migrations."""
    if "store" not in _made:
        template = _folder() / "migrated.sqlite3"
        Store.open(sqlite_url(template), actor="template").close()
        _made["store"] = template
    return _copy(_made["store"], Path(path))


def demo_copy(path: Path) -> DemoCase:
    """The demo case (unencrypted, not marked as practice) in a store at ``path``."""
    if not _demo:
        _demo.append(build_demo(_folder() / "demo.sqlite3"))
    template = _demo[0]
    _copy(template.store_path, Path(path))
    return replace(template, store_path=Path(path))
