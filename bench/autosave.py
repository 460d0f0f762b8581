"""Keystroke to saved: one edited field committed through the store, against raw sqlite3.

Each sample is what autosave does after a pause in typing: ``MeetingDraft.set`` on one
contribution's text, the very call a table cell makes, committed with its audit entry.
The chair sees the save one typing pause (``TYPING_PAUSE_MS``) plus this commit after
the last keystroke; both are printed. The baseline is a bare ``UPDATE`` and
``COMMIT`` with Python's sqlite3 on a file with the same pragmas (WAL, synchronous=FULL).
Prints median and p95 for both and the ratio; run with ``python -m bench.autosave``.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from cinchair.editing import MeetingDraft
from cinchair.model import Contribution
from cinchair.store import Store, sqlite_url
from tests.factories import make_case, make_meeting

SAMPLES = 300
TYPING_PAUSE_MS = 400  # cinchair.ui.meeting.rows.TYPING_PAUSE_MS (not imported: no Qt here)


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _time_store(folder: Path) -> list[float]:
    with Store.open(sqlite_url(folder / "store.sqlite3"), actor="bench") as store:
        with store.transaction() as s:
            meeting = make_meeting(s, make_case(s))
            point = Contribution(heading_key="worried", text="", meeting=meeting)
            s.add(point)
            s.flush()
            point_id, meeting_id = point.id, meeting.id
        draft = MeetingDraft(store, meeting_id)
        timings = []
        text = ""
        for i in range(SAMPLES):
            text += "abcdefghij"[i % 10]
            start = time.perf_counter()
            draft.set(Contribution, point_id, text=text)
            timings.append(time.perf_counter() - start)
        return timings


def _time_raw(folder: Path) -> list[float]:
    conn = sqlite3.connect(folder / "raw.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO t VALUES (1, '')")
    timings = []
    text = ""
    for i in range(SAMPLES):
        text += "abcdefghij"[i % 10]
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("UPDATE t SET text = ? WHERE id = 1", (text,))
        conn.execute("COMMIT")
        timings.append(time.perf_counter() - start)
    conn.close()
    return timings


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        raw = _time_raw(folder)
        store = _time_store(folder)
    rows = [("raw sqlite3 commit (baseline)", raw), ("cinchair store autosave", store)]
    print(f"autosave: {SAMPLES} edits, one commit each")
    for name, values in rows:
        print(
            f"  {name:32} median {statistics.median(values) * 1000:7.3f} ms   "
            f"p95 {_percentile(values, 95) * 1000:7.3f} ms"
        )
    ratio = _percentile(store, 95) / _percentile(raw, 95)
    print(f"  ratio p95 store / raw: {ratio:.1f}x")
    worst = TYPING_PAUSE_MS + _percentile(store, 95) * 1000
    print(f"  keystroke to saved (typing pause {TYPING_PAUSE_MS} ms + commit p95): {worst:.0f} ms")


if __name__ == "__main__":
    main()
