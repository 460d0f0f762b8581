"""Due dates for all five councils, working days over bank holidays, month-end clamping."""

from __future__ import annotations

import json
from datetime import date

import pytest

from cinchair.cli.main import main
from cinchair.domain import dates
from cinchair.domain.schedule import case_state, due_after, plan_milestones, schedule_report
from cinchair.model import Circumstance, MeetingKind
from cinchair.profiles import Event, get_profile
from tests.factories import make_case, make_meeting


def test_christmas_bank_holidays_are_not_working_days() -> None:
    # Christmas 2026 is a Friday; Boxing Day (Saturday) is substituted on Monday 28th.
    assert not dates.is_working_day(date(2026, 12, 25))
    assert not dates.is_working_day(date(2026, 12, 28))
    assert dates.add_working_days(date(2026, 12, 18), 5) == date(2026, 12, 29)


def test_easter_bank_holidays_are_not_working_days() -> None:
    assert not dates.is_working_day(date(2027, 3, 26))  # Good Friday
    assert not dates.is_working_day(date(2027, 3, 29))  # Easter Monday
    assert dates.add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)


def test_working_days_skip_weekends_and_count_from_the_next_day() -> None:
    assert dates.add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)  # Fri -> Mon
    assert dates.add_working_days(date(2026, 11, 23), 0) == date(2026, 11, 23)
    assert dates.working_days_between(date(2026, 12, 18), date(2026, 12, 29)) == 5


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 10, 31), 4, date(2027, 2, 28)),
        (date(2027, 10, 31), 4, date(2028, 2, 29)),  # leap year
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 1, 31), 3, date(2026, 4, 30)),
        (date(2026, 1, 15), 3, date(2026, 4, 15)),
    ],
)
def test_calendar_months_clamp_to_month_end(start: date, months: int, expected: date) -> None:
    assert dates.add_months(start, months) == expected


@pytest.mark.parametrize(
    ("profile", "event", "on", "due"),
    [
        # North Tyneside: every 6 weeks.
        ("north-tyneside", "initial-planning-meeting", date(2026, 9, 7), date(2026, 10, 19)),
        ("north-tyneside", "review", date(2026, 10, 19), date(2026, 11, 30)),
        # Hillingdon: at least every 3 months, clamped at month end.
        ("hillingdon", "initial-planning-meeting", date(2026, 11, 30), date(2027, 2, 28)),
        ("hillingdon", "review", date(2027, 2, 28), date(2027, 5, 28)),
        # Barnet: first within 3 months, then at least every 6 months.
        ("barnet", "initial-planning-meeting", date(2026, 1, 31), date(2026, 4, 30)),
        ("barnet", "review", date(2026, 8, 31), date(2027, 2, 28)),
        # Derby: 15 working days to the planning meeting, 8 weeks, then every 4 months.
        ("derby", "assessment-completed", date(2026, 12, 10), date(2027, 1, 5)),
        ("derby", "assessment-completed", date(2027, 3, 19), date(2027, 4, 13)),
        ("derby", "decision", date(2026, 12, 10), date(2027, 1, 5)),
        ("derby", "initial-planning-meeting", date(2026, 9, 7), date(2026, 11, 2)),
        ("derby", "review", date(2026, 10, 31), date(2027, 2, 28)),
        ("derby", "supervision-order-made", date(2026, 12, 14), date(2027, 1, 7)),
        # The family page: every 6 to 8 weeks.
        ("generic", "initial-planning-meeting", date(2026, 9, 7), date(2026, 11, 2)),
        ("generic", "review", date(2026, 11, 2), date(2026, 12, 28)),
    ],
)
def test_due_dates(profile: str, event: str, on: date, due: date) -> None:
    assert due_after(get_profile(profile), Event(event), on).due == due


def test_window_gives_earliest_and_latest() -> None:
    item = due_after(get_profile("generic"), Event.REVIEW, date(2026, 9, 7))
    assert (item.earliest, item.due) == (date(2026, 10, 19), date(2026, 11, 2))
    assert item.rule.startswith("Review within 6 to 8 weeks of the last review")


def test_profiles_without_a_planning_timescale_say_so() -> None:
    item = due_after(get_profile("north-tyneside"), Event.ASSESSMENT_COMPLETED, date(2026, 9, 1))
    assert item.due is None
    assert "sets no timescale" in item.rule


def test_specific_circumstances_rule_is_used_and_cited() -> None:
    derby = get_profile("derby")
    general = due_after(derby, Event.REVIEW, date(2026, 1, 10))
    specific = due_after(derby, Event.REVIEW, date(2026, 1, 10), [Circumstance.PRIVATE_FOSTERING])
    assert general.due == specific.due == date(2026, 5, 10)
    assert "specific circumstances" in specific.rule and specific.cite != general.cite


def test_derby_plan_milestones() -> None:
    items = {m.what: m for m in plan_milestones(get_profile("derby"), date(2026, 9, 7))}
    assert items["critical-issues"].due == date(2027, 1, 7)
    assert items["plan-target-end"].due == date(2027, 9, 7)
    # Derby's escalation counts from the case being opened, not from the plan's start.
    assert "escalation" not in items


def test_report_includes_overdue() -> None:
    report = schedule_report(
        get_profile("north-tyneside"), Event.REVIEW, date(2026, 9, 7), today=date(2026, 10, 21)
    )
    assert report["due"] == "2026-10-19" and report["overdue"] and report["days_overdue"] == 2


def test_case_state_overdue_and_escalation(store) -> None:
    with store.transaction() as s:
        case = make_case(s, "derby")
        make_meeting(s, case, held_on=date(2025, 9, 1))
        make_meeting(s, case, kind=MeetingKind.REVIEW, held_on=date(2026, 6, 1))
        state = case_state(case, get_profile("derby"), date(2026, 11, 23))
        assert state.next_due.due == date(2026, 10, 1)
        assert state.overdue and state.days_overdue == 53
        assert state.past_escalation and state.label == "overdue"
        on_track = case_state(case, get_profile("derby"), date(2026, 6, 2))
        assert on_track.label == "on track" and not on_track.overdue


def test_case_state_before_any_meeting(store) -> None:
    with store.transaction() as s:
        case = make_case(s, "derby")
        case.assessment_completed_on = date(2026, 12, 10)
        state = case_state(case, get_profile("derby"), date(2026, 12, 24))
        assert state.next_due.what == "initial-planning-meeting"
        assert state.next_due.due == date(2027, 1, 5) and state.due_soon


# --- the command ------------------------------------------------------------------------


def test_schedule_command_prints_one_json_object(capsys) -> None:
    code = main(
        [
            "schedule",
            "--profile",
            "derby",
            "--event",
            "assessment-completed",
            "--date",
            "2026-12-10",
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["profile"] == "derby" and out["event"] == "assessment-completed"
    assert out["date"] == "2026-12-10" and out["due"] == "2027-01-05"
    assert "15 working days" in out["rule"] and out["cite"]


def test_schedule_command_initial_planning_lists_milestones(capsys) -> None:
    main(
        [
            "schedule",
            "--profile",
            "derby",
            "--event",
            "initial-planning-meeting",
            "--date",
            "2026-09-07",
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert [a["what"] for a in out["also"]] == ["critical-issues", "plan-target-end"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--profile", "atlantis", "--event", "review", "--date", "2026-01-01"],
            "no council profile",
        ),
        (["--profile", "derby", "--event", "party", "--date", "2026-01-01"], "unknown event"),
        (["--profile", "derby", "--event", "review", "--date", "2026-02-30"], "is not a real date"),
        (
            [
                "--profile",
                "derby",
                "--event",
                "review",
                "--date",
                "2026-01-01",
                "--circumstance",
                "x",
            ],
            "known circumstances",
        ),
    ],
)
def test_schedule_command_errors(capsys, args: list[str], message: str) -> None:
    try:
        code = main(["schedule", *args])
    except SystemExit as exc:  # argparse rejects a bad date itself
        code = exc.code
    captured = capsys.readouterr()
    assert code != 0 and captured.out == ""
    assert message in captured.err
