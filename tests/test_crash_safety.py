"""Crash safety: no edit the app reported saved is lost when the process dies, ever.

A writer process (``tests/crash_writer.py``) autosaves a stream of meeting edits into
the encrypted store and is killed with SIGKILL at a random moment, at least 200 times
(``CINCHAIR_CRASH_KILLS`` sets the number; ``CINCHAIR_CRASH_SEED`` replays a run).
After each kill the store must open with its key, pass ``PRAGMA integrity_check`` and
SQLCipher's ``cipher_integrity_check``, keep a sound audit chain, and hold every edit
the writer had reported saved, each with its own audit entry.

The writer reports an edit only after its transaction has committed, so the store
may hold at most one edit more than was reported: the next one in the writer's
sequence (``crash_writer.plan`` and ``text_for`` say exactly what it would be). Any
other difference is a lost edit, or an edit nobody made, and fails the test.

After half the kills the store is checked in place (the check recovers the WAL and
checkpoints it); after the others a byte-for-byte copy of the files is checked, so the
next writer has to recover the dead one's WAL itself and may be killed doing it.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from cinchair.model import AuditEntry, Contribution
from cinchair.store.audit import verify_chain
from cinchair.store.facade import Store, sqlite_url
from tests import crash_writer
from tests.factories import make_case, make_meeting

# Two hundred kills, about two minutes: left out of `pytest -m "not slow"`.
pytestmark = pytest.mark.slow

pytest.importorskip(
    "sqlcipher3", reason="sqlcipher3 is not installed, so no encrypted store can be opened"
)

REPO = Path(__file__).resolve().parent.parent
WRITER = Path(crash_writer.__file__).resolve()
KILLS = int(os.environ.get("CINCHAIR_CRASH_KILLS", "200"))
AHEAD = 2  # writers started early, so their imports overlap the previous run and its check
EARLY_KILLS = 0.15  # share of kills aimed before the writer's first save
EARLY_WINDOW = 0.12  # seconds after "go" for those (opening the store, the first commit)
LATE_WINDOW = 0.15  # seconds after the first save for the others


class _Writer:
    """One writer process, started ahead of time; its stdout lines, timed, as they come."""

    def __init__(self, store_path: Path, key: bytes, meeting_id: str) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(store_path), key.hex(), meeting_id, "stdin"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env=env,
        )
        self.lines: list[str] = []  # complete lines only
        self.partial: list[str] = []  # a line cut short (should never happen)
        self.ready_at: float | None = None
        self.first_save_at: float | None = None
        self.ready = threading.Event()
        self.first_save = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if not line.endswith("\n"):
                self.partial.append(line)
                continue
            if line == "ready\n":
                self.ready_at = time.perf_counter()
                self.ready.set()
                continue
            self.lines.append(line)
            if self.first_save_at is None:
                self.first_save_at = time.perf_counter()
                self.first_save.set()
        self.ready.set()
        self.first_save.set()  # end of output: nobody waits for ever

    def go(self, start_n: int) -> float:
        if not self.ready.wait(120) or self.ready_at is None:
            self.fail("never got ready")
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{start_n}\n")
        self.proc.stdin.close()
        return time.perf_counter()

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)  # not yet waited for, so the pid is still its
        self.proc.wait()
        self._reader.join(30)
        assert not self._reader.is_alive(), "the writer's stdout did not close after SIGKILL"
        if self.proc.returncode != -signal.SIGKILL:
            self.fail(f"ended by itself (exit status {self.proc.returncode})")
        self._close()

    def _close(self) -> None:
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream and not stream.closed:
                stream.close()

    def fail(self, why: str) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(30)
        stderr = self.proc.stderr.read() if self.proc.stderr else ""
        self._close()
        pytest.fail(f"crash writer {why}; stdout {self.lines[-3:]!r}; stderr:\n{stderr}")

    def discard(self) -> None:
        """A writer never given "go": end of input makes it leave without the store."""
        if self.proc.poll() is None and self.proc.stdin and not self.proc.stdin.closed:
            self.proc.stdin.close()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(30)
        self._close()


@dataclass
class _Saved:
    n: int
    kind: str
    row_id: str
    text: str


@dataclass
class _Tally:
    kills: int = 0
    killed_before_first_save: int = 0
    reported: int = 0
    unreported_but_kept: int = 0
    lost: int = 0
    checked_in_place: int = 0
    checked_on_copy: int = 0
    problems: list[str] = field(default_factory=list)
    ready_ms: list[float] = field(default_factory=list)
    first_save_ms: list[float] = field(default_factory=list)
    check_ms: list[float] = field(default_factory=list)


def _parse(line: str) -> _Saved:
    word, n, kind, row_id, digest = line.split()
    assert word == "saved", line
    saved = _Saved(int(n), kind, row_id, crash_writer.text_for(int(n)))
    # the writer and this test agree on what edit n is
    assert (kind, crash_writer.digest(saved.text)) == (
        crash_writer.plan(saved.n)[0],
        digest,
    ), line
    return saved


def _check_copy(store_path: Path, into: Path) -> Path:
    """A byte-for-byte copy of the store's files as the dead writer left them."""
    if into.exists():
        shutil.rmtree(into)
    into.mkdir()
    for suffix in ("", "-wal", "-shm"):
        source = store_path.with_name(store_path.name + suffix)
        if source.exists():
            shutil.copy2(source, into / source.name)
    return into / store_path.name


def _seed(store: Store) -> tuple[str, list[str]]:
    with store.transaction() as session:
        meeting = make_meeting(session, make_case(session))
        points = []
        for i in range(crash_writer.POINTS):
            point = Contribution(
                meeting_id=meeting.id,
                heading_key=crash_writer.SEEDED_HEADING,
                text=f"Point {i + 1} as first written",
                sort_order=i,
            )
            session.add(point)
            session.flush()
            points.append(point.id)
        return meeting.id, points


def test_killed_writer_never_loses_a_saved_edit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = int(os.environ.get("CINCHAIR_CRASH_SEED", str(random.SystemRandom().randrange(10**9))))
    rng = random.Random(seed)
    with capsys.disabled():
        print(f"\ncrash test: {KILLS} kills, seed {seed} (CINCHAIR_CRASH_SEED replays it)")

    key = os.urandom(32)
    store_path = tmp_path / "store" / "cinchair.sqlite3"
    with Store.open(sqlite_url(store_path), actor="tester", key=key) as store:
        meeting_id, points = _seed(store)
        with store.reading() as session:
            contents = {
                c.id: c.text
                for c in session.scalars(
                    select(Contribution).where(Contribution.meeting_id == meeting_id)
                )
            }
            audit_seq = session.scalar(select(func.max(AuditEntry.seq))) or 0

    tally = _Tally()
    next_n = 0
    queue: deque[_Writer] = deque()
    began = time.perf_counter()
    try:
        for kill in range(KILLS):
            while len(queue) < AHEAD + 1:
                queue.append(_Writer(store_path, key, meeting_id))
            writer = queue.popleft()
            start_n = next_n
            went = writer.go(start_n)
            assert writer.ready_at is not None
            tally.ready_ms.append((writer.ready_at - writer.started) * 1000)

            if rng.random() < EARLY_KILLS:
                time.sleep(rng.uniform(0, EARLY_WINDOW))
            else:
                if not writer.first_save.wait(120) or writer.first_save_at is None:
                    writer.fail("saved nothing")
                time.sleep(rng.uniform(0, LATE_WINDOW))
            writer.kill()
            tally.kills += 1
            if writer.first_save_at is not None:
                tally.first_save_ms.append((writer.first_save_at - went) * 1000)
            if writer.partial:
                tally.problems.append(f"kill {kill}: a line cut short: {writer.partial!r}")

            saved = [_parse(line) for line in writer.lines]
            assert [s.n for s in saved] == list(range(start_n, start_n + len(saved)))
            if not saved:
                tally.killed_before_first_save += 1
            tally.reported += len(saved)
            candidate = start_n + len(saved)  # the one edit that may be in without a report
            next_n = candidate + 1

            checked = time.perf_counter()
            in_place = kill % 2 == 0
            path = store_path if in_place else _check_copy(store_path, tmp_path / "copy")
            contents, audit_seq, kept = _check(
                path, key, meeting_id, points, contents, audit_seq, saved, candidate, kill, tally
            )
            tally.unreported_but_kept += kept
            tally.check_ms.append((time.perf_counter() - checked) * 1000)
            if in_place:
                tally.checked_in_place += 1
            else:
                tally.checked_on_copy += 1
    finally:
        for writer in queue:
            writer.discard()
    elapsed = time.perf_counter() - began

    # the last writer's leftovers are recovered in place too, and the file is ciphertext
    _check(store_path, key, meeting_id, points, contents, audit_seq, [], next_n, KILLS, tally)
    with store_path.open("rb") as stored:
        assert not stored.read(16).startswith(b"SQLite format 3")

    def mean(values: list[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    with capsys.disabled():
        print(
            f"crash test: {tally.kills} kills, {tally.lost} lost edits, "
            f"{tally.reported + tally.unreported_but_kept} edits saved "
            f"({tally.reported} reported, {tally.unreported_but_kept} committed but killed "
            f"before reporting), integrity ok every time "
            f"({tally.checked_in_place} checked in place, {tally.checked_on_copy} on a copy); "
            f"{tally.killed_before_first_save} kills before a writer's first save; seed {seed}"
        )
        print(
            f"crash test: {elapsed:.1f} s, {elapsed / max(tally.kills, 1) * 1000:.0f} ms a kill; "
            f"writer start-up (imports) {mean(tally.ready_ms):.0f} ms, overlapped by starting "
            f"{AHEAD} ahead; go to first save {mean(tally.first_save_ms):.0f} ms; "
            f"check {mean(tally.check_ms):.0f} ms"
        )
    assert tally.lost == 0, "\n".join(tally.problems)
    assert not tally.problems, "\n".join(tally.problems)
    assert tally.kills >= KILLS


def _check(
    path: Path,
    key: bytes,
    meeting_id: str,
    points: list[str],
    before: dict[str, str],
    audit_seq: int,
    saved: list[_Saved],
    candidate: int,
    kill: int,
    tally: _Tally,
) -> tuple[dict[str, str], int, int]:
    """Open the store after a kill and hold it to what the writer reported.

    Returns the contents and audit position to compare the next run with, and 1 if
    the unreported ``candidate`` edit was committed (0 if not).
    """
    expected = dict(before)
    for s in saved:
        expected[points[crash_writer.plan(s.n)[1]] if s.kind == "set" else s.row_id] = s.text
    cand_kind, cand_index = crash_writer.plan(candidate)
    cand_text = crash_writer.text_for(candidate)

    with (
        Store.open(sqlite_url(path), actor="crash-check", key=key) as store,
        store.reading() as session,
    ):
        integrity = session.execute(text("PRAGMA integrity_check")).scalars().all()
        assert integrity == ["ok"], f"kill {kill}: integrity_check says {integrity}"
        cipher = session.execute(text("PRAGMA cipher_integrity_check")).scalars().all()
        assert cipher == [], f"kill {kill}: cipher_integrity_check says {cipher}"
        chain = verify_chain(session)
        assert chain == [], f"kill {kill}: the audit chain is broken: {chain}"
        actual = {
            c.id: c.text
            for c in session.scalars(
                select(Contribution).where(Contribution.meeting_id == meeting_id)
            )
        }
        entries = [
            (e.action, e.entity, e.entity_id, (e.changes.get("text") or [None, None])[1])
            for e in session.scalars(
                select(AuditEntry).where(AuditEntry.seq > audit_seq).order_by(AuditEntry.seq)
            )
        ]
        new_seq = session.scalar(select(func.max(AuditEntry.seq))) or 0

    kept: _Saved | None = None
    for row_id, want in expected.items():
        have = actual.get(row_id)
        if have == want:
            continue
        if cand_kind == "set" and row_id == points[cand_index] and have == cand_text:
            kept = _Saved(candidate, "set", row_id, cand_text)
            continue
        stored_n = crash_writer.edit_number(have) if have is not None else None
        mine = [
            s
            for s in saved
            if (points[crash_writer.plan(s.n)[1]] if s.kind == "set" else s.row_id) == row_id
        ]
        lost = [s.n for s in mine if stored_n is None or s.n > stored_n]
        tally.lost += len(lost)
        tally.problems.append(
            f"kill {kill}: row {row_id} holds edit {stored_n} ({have!r:.60}) but the writer "
            f"reported edits {[s.n for s in mine]} saved, the last as {want!r:.60}; "
            f"lost {lost or 'none reported: an edit nobody made'}"
        )
    for row_id in actual.keys() - expected.keys():
        if cand_kind == "add" and kept is None and actual[row_id] == cand_text:
            kept = _Saved(candidate, "add", row_id, cand_text)
        else:
            tally.problems.append(
                f"kill {kill}: a row nobody reported adding: {row_id} {actual[row_id]!r:.60}"
            )

    # each committed edit left exactly its own audit entry, in order, and nothing else did
    committed = saved + ([kept] if kept else [])
    want_entries = [
        (
            "update" if s.kind == "set" else "insert",
            Contribution.__tablename__,
            points[crash_writer.plan(s.n)[1]] if s.kind == "set" else s.row_id,
            s.text,
        )
        for s in committed
    ]
    if entries != want_entries:
        at = next(
            (i for i, (a, b) in enumerate(zip(entries, want_entries, strict=False)) if a != b),
            min(len(entries), len(want_entries)),
        )
        tally.problems.append(
            f"kill {kill}: {len(entries)} new audit entries for {len(want_entries)} committed "
            f"edits {[s.n for s in committed]}; from the {at + 1}th on they differ: "
            f"found {[e[:3] for e in entries[at : at + 2]]}, "
            f"wanted {[e[:3] for e in want_entries[at : at + 2]]}"
        )
    return actual, new_seq, int(kept is not None)
