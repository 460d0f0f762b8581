"""`cinchair schedule` and `cinchair profiles` as the procedures' users need them: the
working day to hold a meeting by, impossible dates refused with exit 2, a mistyped
profile field named, a missing file's path, and which profile file is in use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cinchair.app import paths
from cinchair.cli.main import main
from cinchair.profiles import ProfileError, load_profile


def _schedule(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(["schedule", *args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_schedule_north_tyneside_review_says_hold_by(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _schedule(
        capsys, "--profile", "north-tyneside", "--event", "review", "--date", "2026-12-21"
    )
    report = json.loads(out)
    assert code == 0 and report["due"] == "2027-02-01" and report["hold_by"] == "2027-02-01"
    code, out, _ = _schedule(
        capsys, "--profile", "north-tyneside", "--event", "review", "--date", "2026-11-20"
    )
    report = json.loads(out)
    assert report["due"] == "2027-01-01" and report["hold_by"] == "2026-12-31"


def test_schedule_derby_review_due_on_a_saturday_is_held_on_the_friday(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = _schedule(capsys, "--profile", "derby", "--event", "review", "--date", "2027-10-19")
    report = json.loads(out)
    assert report["due"] == "2028-02-19" and report["hold_by"] == "2028-02-18"


@pytest.mark.parametrize(
    ("date_text", "problem"),
    [
        ("9999-12-31", "outside the years 1900 to 2100"),
        ("0001-01-01", "outside the years 1900 to 2100"),
        ("20270105", "not a date as YYYY-MM-DD"),
        ("2027-W01-2", "not a date as YYYY-MM-DD"),
        ("2027-02-30", "not a real date"),
    ],
)
def test_schedule_refuses_impossible_dates_with_exit_2(
    capsys: pytest.CaptureFixture[str], date_text: str, problem: str
) -> None:
    code, out, err = _schedule(
        capsys, "--profile", "derby", "--event", "review", "--date", date_text
    )
    assert code == 2 and out == "" and problem in err


def test_a_mistyped_profile_field_is_named_as_the_typo(tmp_path: Path) -> None:
    text = (paths.profiles_dir() / "generic.toml").read_text(encoding="utf-8")
    broken = tmp_path / "generic.toml"
    broken.write_text(text.replace("protective_marking =", "protective_mark ="), encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(broken)
    assert caught.value.field == "protective_mark"
    assert caught.value.problem == (
        "unknown field 'protective_mark': did you mean 'protective_marking'?"
    )


def test_a_missing_profile_file_is_reported_with_its_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere" / "council.toml"
    assert main(["profiles", str(missing)]) == 1
    assert f"file not found: {missing}" in capsys.readouterr().err


def test_profiles_says_which_file_each_profile_comes_from_and_when_one_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CINCHAIR_DATA_DIR", str(tmp_path))
    own_dir = tmp_path / "profiles"
    own_dir.mkdir()
    shipped = paths.profiles_dir() / "derby.toml"
    (own_dir / "derby.toml").write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["profiles"]) == 0
    out = capsys.readouterr().out
    assert f"from {paths.profiles_dir() / 'barnet.toml'}" in out
    assert f"from {own_dir / 'derby.toml'}" in out
    assert f"the council's own file, in use instead of {shipped}" in out
    code, schedule_out, _ = _schedule(
        capsys, "--profile", "derby", "--event", "review", "--date", "2027-01-04"
    )
    report = json.loads(schedule_out)
    assert code == 0
    assert report["profile_file"] == str(own_dir / "derby.toml")
    assert report["overrides"] == str(shipped)
