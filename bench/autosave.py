"""Keystroke to saved: one edited field committed through the store, against a raw commit.

Each sample is what autosave does after a pause in typing: ``MeetingDraft.set`` on one
contribution's text, the very call a table cell makes, committed with its audit entry.
The chair sees the save one typing pause (``TYPING_PAUSE_MS``) plus this commit after
the last keystroke; both are printed.

The fair baseline is a bare ``UPDATE`` and ``COMMIT`` on the same kind of store: the
chair's store is SQLCipher (encrypted pages), WAL, ``synchronous=FULL``, so the raw
commit is made with ``sqlcipher3`` on a keyed file with those pragmas. The same pair is
also measured on plain SQLite, for comparison with the figures of earlier runs.
Prints median and p95 for each and the ratio; run with ``python -m bench.autosave``.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cinchair.meetings.draft import MeetingDraft
from cinchair.model import Contribution
from cinchair.store.facade import Store, sqlite_url
from tests.factories import make_case, make_meeting

SAMPLES = 300
WARM_UP = 20
TYPING_PAUSE_MS = 400  # cinchair.ui.meeting.rows.TYPING_PAUSE_MS (not imported: no Qt here)


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _store_edit(store: Store) -> Callable[[str], None]:
    """An autosave of one point's text, as a table cell makes it."""
    with store.transaction() as s:
        meeting = make_meeting(s, make_case(s))
        point = Contribution(heading_key="worried", text="", meeting=meeting)
        s.add(point)
        s.flush()
        point_id, meeting_id = point.id, meeting.id
    draft = MeetingDraft(store, meeting_id)
    return lambda text: draft.set(Contribution, point_id, text=text)


def _connect_raw(path: Path, key: bytes | None) -> Any:
    if key is None:
        conn = sqlite3.connect(path, isolation_level=None)
    else:
        import sqlcipher3

        conn = sqlcipher3.connect(str(path), isolation_level=None)
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def _raw_edit(conn: Any) -> Callable[[str], None]:
    """The same edit as a bare UPDATE and COMMIT on one row."""
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO t VALUES (1, '')")

    def commit(text: str) -> None:
        conn.execute("BEGIN")
        conn.execute("UPDATE t SET text = ? WHERE id = 1", (text,))
        conn.execute("COMMIT")

    return commit


def _interleaved(raw: Callable[[str], None], store: Callable[[str], None]) -> tuple[list, list]:
    """Time both edits turn about, the text growing one letter at a time as a chair types,
    so that whatever else the machine is doing weighs on both alike."""
    raw_times: list[float] = []
    store_times: list[float] = []
    text = ""
    for i in range(WARM_UP + SAMPLES):
        text += "abcdefghij"[i % 10]
        for edit, times in ((raw, raw_times), (store, store_times)):
            start = time.perf_counter()
            edit(text)
            if i >= WARM_UP:
                times.append(time.perf_counter() - start)
    return raw_times, store_times


def _pair(folder: Path, key: bytes | None) -> tuple[list[float], list[float]]:
    conn = _connect_raw(folder / "raw.sqlite3", key)
    try:
        with Store.open(sqlite_url(folder / "store.sqlite3"), actor="bench", key=key) as store:
            return _interleaved(_raw_edit(conn), _store_edit(store))
    finally:
        conn.close()


def _line(name: str, values: list[float]) -> str:
    return (
        f"    {name:32} median {statistics.median(values) * 1000:7.3f} ms   "
        f"p95 {_percentile(values, 95) * 1000:7.3f} ms"
    )


def measure(folder: Path) -> dict[str, list[float]]:
    """Every series, keyed by store kind and side (store or raw)."""
    (folder / "cipher").mkdir()
    (folder / "plain").mkdir()
    cipher_raw, cipher_store = _pair(folder / "cipher", os.urandom(32))
    plain_raw, plain_store = _pair(folder / "plain", None)
    return {
        "sqlcipher raw": cipher_raw,
        "sqlcipher store": cipher_store,
        "sqlite raw": plain_raw,
        "sqlite store": plain_store,
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        series = measure(Path(tmp))
    print(f"autosave: {SAMPLES} edits of one point's text, one commit each")
    for kind, label in (
        ("sqlcipher", "SQLCipher WAL FULL (the chair's store)"),
        ("sqlite", "SQLite WAL FULL"),
    ):
        raw, store = series[f"{kind} raw"], series[f"{kind} store"]
        print(f"  {label}")
        print(_line("raw UPDATE + COMMIT (baseline)", raw))
        print(_line("MeetingDraft.set", store))
        ratio = _percentile(store, 95) / _percentile(raw, 95)
        print(f"    ratio p95 store / raw {ratio:.1f}x   (target: 3x or less)")
    worst = TYPING_PAUSE_MS + _percentile(series["sqlcipher store"], 95) * 1000
    print(f"  keystroke to saved (typing pause {TYPING_PAUSE_MS} ms + commit p95): {worst:.0f} ms")


if __name__ == "__main__":
    main()
