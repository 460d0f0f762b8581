"""Nothing personal leaks, and a full disk is said plainly with nothing lost.

The store is encrypted; these tests look at every other way record text could leave
it: logs, crash reports, error messages printed to a terminal, window titles, and
temporary files. And they fill the disk under a meeting in progress.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import tempfile
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError

from cinchair.app.failures import crash_report, explain, save_crash_report
from cinchair.cli import main as cli
from cinchair.demo import build_demo
from cinchair.documents import render_record
from cinchair.meetings.draft import MeetingDraft
from cinchair.model import Case, Contribution, Meeting, Participant
from cinchair.record import build_record
from cinchair.store.backup import integrity_problem
from cinchair.store.facade import Store, sqlite_url
from cinchair.ui.app import make_main_window
from cinchair.ui.errors import ErrorReporter
from cinchair.ui.meeting.start import StartMeetingDialog

TODAY = date(2026, 11, 23)
SECRET = "Secret-Marker Wójcik 🧸 <&{{ x }}>"


@pytest.fixture
def encrypted_demo(tmp_path: Path):
    key = os.urandom(32)
    demo = build_demo(tmp_path / "demo.sqlite3", key=key)
    store = Store.open(sqlite_url(demo.store_path), key=key)
    yield store, demo
    store.close()


def _names(store: Store) -> set[str]:
    with store.reading() as session:
        given, family = session.execute(select(Case.child_given_name, Case.child_family_name)).one()
        people = session.scalars(select(Participant.name)).all()
    return {given, family, *people, SECRET}


def _start_review(qtbot, window, store) -> str:
    with store.reading() as session:
        case_id = session.scalars(select(Case.id)).one()
    dialog = StartMeetingDialog(store, case_id, TODAY, window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.chair, "Priya Shah")
    dialog.start()
    assert dialog.meeting_id is not None
    return dialog.meeting_id


def _fill_the_disk(store: Store) -> dict[str, bool]:
    """From now on the store cannot grow by a page: SQLite's own "database or disk is full".

    ``max_page_count`` set to the current size is how SQLite itself simulates a full
    disk; it is applied on every checkout, so pooled connections get it too.
    """
    full = {"on": True}

    def cap(dbapi_connection, _record, _proxy) -> None:
        cursor = dbapi_connection.cursor()
        if full["on"]:
            pages = cursor.execute("PRAGMA page_count").fetchone()[0]
            cursor.execute(f"PRAGMA max_page_count = {pages}")
        else:
            cursor.execute("PRAGMA max_page_count = 1073741823")
        cursor.close()

    event.listen(store.engine, "checkout", cap)
    return full


@pytest.mark.slow
def test_a_full_disk_during_autosave_says_so_and_loses_nothing(qtbot, encrypted_demo) -> None:
    store, _demo = encrypted_demo
    window = make_main_window(store, today=TODAY)
    qtbot.addWidget(window)
    meeting_id = _start_review(qtbot, window, store)
    page = window.open_meeting(meeting_id)
    plan_index = page.step_index(page.steps[-3].kind)
    page.go(plan_index)
    plan = page.page(plan_index)

    plan.contingency.setFocus()
    plan.contingency.setPlainText("If the school reports another absence, call a meeting.")
    plan.save_fields()
    assert page.saved.text().startswith("✓")

    full = _fill_the_disk(store)
    long_text = "If things get worse the social worker visits the same day. " * 400
    plan.contingency.setPlainText(long_text)
    shown: list[tuple[str, str]] = []
    reporter = ErrorReporter(show=lambda title, advice: shown.append((title, advice)))
    with qtbot.capture_exceptions() as raised:
        plan._typed()  # the typing pause runs out and the autosave tries
        qtbot.waitUntil(lambda: bool(raised), timeout=3000)
    exc_type, exc, tb = raised[0]
    reporter(exc_type, exc, tb)

    assert shown and shown[0][0] == "Not saved: the disk is full"
    assert "Everything saved before it is safe" in shown[0][1]
    assert page.saved.text().startswith("⚠ Not saved: the disk is full")
    assert plan.contingency.toPlainText() == long_text  # still on the screen
    with store.reading() as session:  # what was saved before is intact
        version = session.get(Meeting, meeting_id).plan_version
        assert version.contingency_plan.startswith("If the school reports")
    reporter(exc_type, exc, tb)  # the next retry within a minute does not nag again
    assert len(shown) == 1

    full["on"] = False  # space freed: the next pause saves what is on the screen
    plan.save_fields()
    assert page.saved.text().startswith("✓")
    with store.reading() as session:
        version = session.get(Meeting, meeting_id).plan_version
        assert version.contingency_plan == long_text.strip()
    assert integrity_problem(store) is None


def test_the_full_disk_message_is_found_through_sqlalchemy_and_oserror() -> None:
    full = sqlite3.OperationalError("database or disk is full")
    wrapped = OperationalError("INSERT ...", {"text": SECRET}, full)
    assert explain(wrapped).title == "Not saved: the disk is full"
    assert explain(OSError(errno.ENOSPC, "No space left on device")).storage
    assert explain(ValueError(SECRET)) is None


def test_an_unexpected_error_shows_words_and_keeps_a_report_without_record_text(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("CINCHAIR_DATA_DIR", str(tmp_path / "data"))
    shown: list[tuple[str, str]] = []
    reporter = ErrorReporter(show=lambda title, advice: shown.append((title, advice)))
    try:
        raise KeyError(f"no participant called {SECRET}")
    except KeyError as exc:
        reporter(type(exc), exc, exc.__traceback__)
    title, advice = shown[0]
    assert title == "Something went wrong" and SECRET not in advice
    reports = list((tmp_path / "data" / "crash-reports").glob("crash-*.txt"))
    assert len(reports) == 1
    text = reports[0].read_text(encoding="utf-8")
    assert "builtins.KeyError" in text and "test_privacy.py" in text
    assert SECRET not in text and str(tmp_path) not in text


def test_the_command_line_prints_no_record_text_for_an_unexpected_error(
    capsys, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("CINCHAIR_DATA_DIR", str(tmp_path / "data"))

    def boom(_args) -> int:
        raise RuntimeError(f"while filing {SECRET}")

    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda **_options: parser)
    args = parser.parse_args(["profiles"])
    monkeypatch.setattr(args, "func", boom, raising=False)
    monkeypatch.setattr(parser, "parse_args", lambda _argv=None: args)
    status = cli.main([])
    out, err = capsys.readouterr()
    assert status == 70
    assert SECRET not in out + err
    assert "builtins.RuntimeError" in err and "crash-reports" in err


@pytest.mark.slow
def test_no_record_text_in_logs_titles_temp_files_or_reports(
    qtbot, encrypted_demo, tmp_path: Path, monkeypatch, caplog
) -> None:
    store, demo = encrypted_demo
    names = _names(store)
    watched = tmp_path / "tmp"
    watched.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(watched))
    monkeypatch.setenv("TMPDIR", str(watched))
    monkeypatch.setenv("CINCHAIR_DATA_DIR", str(tmp_path / "data"))
    caplog.set_level(logging.DEBUG)

    # a meeting in the window, with record text typed in
    window = make_main_window(store, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    meeting_id = _start_review(qtbot, window, store)
    page = window.open_meeting(meeting_id)
    draft: MeetingDraft = page.draft
    draft.add(
        "add a point",
        lambda _s, m: Contribution(meeting_id=m.id, heading_key="worried", text=SECRET),
    )
    titles = {w.windowTitle() for w in QApplication.topLevelWidgets()}

    # documents of the demo's signed meeting, and a crash report of an error quoting it
    with store.reading() as session:
        record = build_record(session, demo.meeting_ids[-1])
    out = tmp_path / "out"
    render_record(record, out)
    try:
        raise LookupError(SECRET)
    except LookupError as exc:
        report = save_crash_report(type(exc), exc.__traceback__)
        assert report is not None
        report_text = report.read_text(encoding="utf-8")
        assert SECRET not in crash_report(type(exc), exc.__traceback__)
    window.close()

    logged = "\n".join(r.getMessage() for r in caplog.records)
    leftovers = [p for p in watched.rglob("*") if p.is_file()]
    half_written = [p.name for p in out.iterdir() if p.name.endswith(".part")]
    for name in names:
        assert name not in logged, f"{name!r} logged"
        assert all(name not in title for title in titles), f"{name!r} in a title"
        assert name not in report_text
    assert not leftovers, f"temporary files left: {leftovers}"
    assert not half_written
    store_bytes = demo.store_path.read_bytes()
    wal = Path(f"{demo.store_path}-wal")
    for name in names:
        encoded = name.encode("utf-8")
        assert encoded not in store_bytes
        assert not wal.exists() or encoded not in wal.read_bytes()
