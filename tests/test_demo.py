"""The demo builds a believable case on a fresh machine, and the command shows it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from cinchair.cli.main import main
from cinchair.demo import build_demo
from cinchair.domain.smart import blocking, check_plan
from cinchair.meetings.plans import Mark, action_changes
from cinchair.model import Case, MeetingKind, MeetingStatus
from cinchair.profiles import get_profile
from cinchair.store.facade import Store, sqlite_url


def test_demo_case_is_complete(tmp_path: Path) -> None:
    demo = build_demo(tmp_path / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path)) as store, store.reading() as s:
        case = s.get(Case, demo.case_id)
        first, review = case.meetings
        assert (first.kind, review.kind) == (MeetingKind.INITIAL_PLANNING, MeetingKind.REVIEW)
        assert all(m.status is MeetingStatus.SIGNED for m in case.meetings)
        assert any(p.interpreter_language == "Polish" for p in first.participants)
        assert first.child_voice[0].tool == "Three Houses"
        assert len(first.scaling_scores) == 5 and len(review.scaling_scores) == 5
        assert review.decision.option_key == "continue"
        assert review.decision.next_review_on == date(2026, 11, 30)
        v1, v2 = case.plan_versions
        assert v2.previous_id == v1.id and v1.is_agreed and v2.is_agreed
        marks = [c.mark for c in action_changes(v2)]
        assert {Mark.NEW, Mark.CHANGED, Mark.COMPLETED, Mark.DROPPED} <= set(marks)
        assert blocking(check_plan(v2, get_profile("north-tyneside"))) == []


def test_demo_is_repeatable(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    build_demo(path)
    demo = build_demo(path)
    with Store.open(sqlite_url(path)) as store, store.reading() as s:
        assert [c.id for c in s.query(Case).all()] == [demo.case_id]


def test_demo_command(capsys, tmp_path: Path) -> None:
    assert main(["demo", "--store", str(tmp_path / "d.sqlite3"), "--today", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert "Amelia Nowak (LCS-482913)" in out
    assert "against v1: 1 new, 2 changed, 3 completed, 1 dropped" in out
    assert "Today (23 Nov 2026): due soon" in out


def test_no_screen_runs_the_demo(capsys, monkeypatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert main([]) == 0
    assert "cinchair demo" in capsys.readouterr().out


def test_profiles_and_audit_commands(capsys, tmp_path: Path) -> None:
    assert main(["profiles"]) == 0
    assert "north-tyneside" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "bad"\n', encoding="utf-8")
    assert main(["profiles", str(bad)]) == 1
    assert "refused: bad.toml (field 'council'): is missing" in capsys.readouterr().err
    demo = build_demo(tmp_path / "demo.sqlite3")
    assert main(["audit", "verify", "--db", sqlite_url(demo.store_path)]) == 0
    assert "audit trail intact" in capsys.readouterr().out
