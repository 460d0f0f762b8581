"""The chair's settings: kept, checked, and never a reason not to start or to redo setup."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cinchair.app.first_run import needs_setup
from cinchair.app.settings import (
    LOCK_AFTER_DEFAULT,
    Settings,
    SettingsProblem,
    default_documents_dir,
    load_settings,
    read_settings,
    save_settings,
    settings_path,
    update_settings,
)
from cinchair.model import ChairRole


def test_settings_round_trip_with_any_script(tmp_path: Path) -> None:
    chosen = Settings(
        lock_after_minutes=12,
        profile_id="derby",
        chair_name="  Zoë O'Brien-Ng <&{{ }}> 🙂 李  ",
        chair_role=ChairRole.TEAM_MANAGER.value,
        documents_dir=str(tmp_path / "docs"),
        setup_complete=True,
    )
    saved = save_settings(chosen)
    assert saved.chair_name == "Zoë O'Brien-Ng <&{{ }}> 🙂 李"  # trimmed, otherwise as typed
    assert load_settings() == saved
    assert saved.role is ChairRole.TEAM_MANAGER
    assert saved.documents_folder == tmp_path / "docs"
    assert settings_path().parent == Path(os.environ["CINCHAIR_DATA_DIR"])


def test_defaults_when_nothing_is_chosen() -> None:
    settings, problem = read_settings()
    assert problem is None and settings == Settings()
    assert settings.role is None and not settings.setup_complete
    assert settings.documents_folder == default_documents_dir()
    assert default_documents_dir().name == "cinchair"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"lock_after_minutes": 0.5}, "between 1 and 60"),
        ({"lock_after_minutes": 90}, "between 1 and 60"),
        ({"chair_role": "head-chef"}, "not a chair's role"),
        ({"profile_id": "../evil"}, "not a council profile id"),
        ({"documents_dir": "relative/folder"}, "full path"),
        ({"chair_name": "x" * 201}, "longer than 200"),
    ],
)
def test_bad_settings_are_refused_and_nothing_is_written(change: dict, message: str) -> None:
    save_settings(Settings(chair_name="Sam"))
    before = settings_path().read_bytes()
    with pytest.raises(SettingsProblem, match=message):
        update_settings(**change)
    assert settings_path().read_bytes() == before


def test_a_damaged_file_means_defaults_and_is_kept_aside() -> None:
    path = settings_path()
    path.write_text("{not json", encoding="utf-8")
    settings, problem = read_settings()
    assert settings == Settings() and "could not be read" in problem
    save_settings(Settings(chair_name="Sam"))
    assert (path.with_name("settings.json.damaged")).read_text(encoding="utf-8") == "{not json"
    assert load_settings().chair_name == "Sam"


def test_a_damaged_field_falls_back_alone() -> None:
    settings_path().write_text(
        json.dumps({"chair_name": "Sam", "lock_after_minutes": "soon", "chair_role": 7}),
        encoding="utf-8",
    )
    settings, problem = read_settings()
    assert settings.chair_name == "Sam"
    assert settings.lock_after_minutes == LOCK_AFTER_DEFAULT and settings.chair_role == ""
    assert "idle lock" in problem and "must be text" in problem


def test_a_broken_settings_file_never_brings_setup_back_over_a_store(tmp_path: Path) -> None:
    store = tmp_path / "cinchair.sqlite3"
    assert needs_setup(store)  # a real first start
    store.write_bytes(b"")  # any store at all (its key file alone would do too)
    settings_path().write_text("\x00garbage", encoding="utf-8")
    assert not needs_setup(store)
    store.unlink()
    (tmp_path / "cinchair.sqlite3.key").write_text("{}", encoding="utf-8")
    assert not needs_setup(store)


def test_setup_done_without_a_store_is_offered_again_once_the_key_is_there(
    tmp_path: Path,
) -> None:
    from cinchair.sync.council import CouncilPublic, install_council_public
    from cinchair.sync.keys.keys import CouncilKeys

    store = tmp_path / "cinchair.sqlite3"
    save_settings(Settings(setup_complete=True))
    assert not needs_setup(store)  # demo only: no key yet, so no setup at every start
    install_council_public(CouncilPublic(CouncilKeys.generate().public, None))
    assert needs_setup(store)


def test_cli_settings_changes_the_lock_and_keeps_the_rest(capsys) -> None:
    from cinchair.cli.main import main

    save_settings(Settings(chair_name="Sam", profile_id="derby", setup_complete=True))
    assert main(["settings", "--lock-after", "15"]) == 0
    kept = load_settings()
    assert kept.lock_after_minutes == 15 and kept.chair_name == "Sam" and kept.setup_complete
    assert main(["settings", "--lock-after", "0"]) == 2
    assert "between 1 and 60" in capsys.readouterr().err
