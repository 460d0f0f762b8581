"""England's bank holidays kept in a cache, so a start does not import the holidays package."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from cinchair.domain import dates

PROBE = """
import sys
from datetime import date
from cinchair.domain.dates import is_bank_holiday
print(is_bank_holiday(date(2026, 12, 28)), is_bank_holiday(date(2026, 12, 29)),
      "holidays" in sys.modules)
"""


def _probe(data_dir: Path) -> str:
    env = {"CINCHAIR_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_the_second_start_reads_the_cache_and_never_imports_the_package(tmp_path: Path) -> None:
    # 28 Dec 2026 is the substitute day for Boxing Day on a Saturday
    assert _probe(tmp_path) == "True False True"  # first start: the package is asked
    cached = json.loads((tmp_path / dates.HOLIDAYS_CACHE).read_text(encoding="utf-8"))
    assert any(key.endswith(":2026") and "2026-12-28" in days for key, days in cached.items())
    assert _probe(tmp_path) == "True False False"  # next start: the cache alone


def test_a_damaged_cache_or_another_package_version_is_asked_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CINCHAIR_DATA_DIR", str(tmp_path))
    (tmp_path / dates.HOLIDAYS_CACHE).write_text('{"0.0:2026": ["2026-07-01"]}', encoding="utf-8")
    dates._england_holidays_for.cache_clear()
    try:
        assert not dates.is_bank_holiday(date(2026, 7, 1))  # another version's days: ignored
        assert dates.is_bank_holiday(date(2026, 12, 25))
        (tmp_path / dates.HOLIDAYS_CACHE).write_text("{not json", encoding="utf-8")
        dates._england_holidays_for.cache_clear()
        assert dates.is_bank_holiday(date(2026, 12, 25))
    finally:
        dates._england_holidays_for.cache_clear()
