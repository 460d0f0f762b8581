"""The chair's own settings, a small JSON file in the data folder.

Only what a chair may reasonably change lives here: which council's rules they work
to, their name and role as chair, where documents are saved, how soon the idle
window locks, and whether the first-run setup has been done. Council rules
themselves live in the profiles.

A damaged or missing file means the defaults, never a failure to start; a damaged
*field* falls back on its own and the rest are kept. The problem is reported (not
raised) so the window can say so, and the damaged file is kept aside
(``settings.json.damaged``) before it is next overwritten. Whether setup runs again
is not decided from this file alone: the app also looks for the store (see
``cinchair.app.first_run.needs_setup``), so a broken file never re-runs setup over a
chair's records.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from platformdirs import user_documents_path

from cinchair import APP_NAME
from cinchair.app import paths
from cinchair.app.errors import ActionableError
from cinchair.app.files import write_atomically
from cinchair.model.enums import ChairRole

LOCK_AFTER_DEFAULT = 5.0  # minutes
LOCK_AFTER_RANGE = (1.0, 60.0)
NAME_LONGEST = 200


class SettingsProblem(ActionableError, ValueError):
    """A setting that cannot be kept; the message names it and says what is allowed."""


def default_documents_dir() -> Path:
    """Documents go where the platform keeps them: e.g. ``~/Documents/cinchair``."""
    return user_documents_path() / APP_NAME


@dataclass(frozen=True)
class Settings:
    """What the chair chose. Empty text means "not chosen" (the default applies)."""

    lock_after_minutes: float = LOCK_AFTER_DEFAULT
    profile_id: str = ""  # a shipped profile, or the council's own in <data>/profiles
    chair_name: str = ""
    chair_role: str = ""  # a ChairRole value
    chair_team: str = ""  # optional, e.g. "North locality": the admin's due list filters by it
    documents_dir: str = ""  # empty: default_documents_dir()
    setup_complete: bool = False
    # What this machine is for: "chair" (or empty: chairing meetings), "admin" (the
    # council's admin desk) or "both". The app opens into the admin desk for "admin".
    work_as: str = ""
    # The council store the admin desk works on (cinchair.app.council_store). Never its
    # password: that is kept by the operating system's keyring, or asked each time.
    council_store_kind: str = ""  # "sqlite" or "postgresql"; empty: not set up yet
    council_store_file: str = ""  # sqlite: a full path
    council_db_host: str = ""
    council_db_port: str = ""  # digits; empty: PostgreSQL's 5432
    council_db_name: str = ""
    council_db_user: str = ""
    council_keys_dir: str = ""  # empty: <data dir>/council
    council_receipts_dir: str = ""  # empty: <data dir>/receipts
    admin_name: str = ""  # who imports and resolves, for the audit trail

    @property
    def role(self) -> ChairRole | None:
        return ChairRole(self.chair_role) if self.chair_role in _ROLES else None

    @property
    def documents_folder(self) -> Path:
        """Where the app saves documents it writes (the folder may not exist yet)."""
        return Path(self.documents_dir) if self.documents_dir else default_documents_dir()


_ROLES = {role.value for role in ChairRole}


def settings_path() -> Path:
    return paths.data_dir() / "settings.json"


def _check_field(name: str, value: Any) -> Any:
    """``value`` for field ``name`` as kept, or ``SettingsProblem`` saying what is wrong."""
    if name == "lock_after_minutes":
        low, high = LOCK_AFTER_RANGE
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SettingsProblem("the idle lock must be a number of minutes")
        if not low <= float(value) <= high:
            raise SettingsProblem(f"the idle lock must be between {low:g} and {high:g} minutes")
        return float(value)
    if name == "setup_complete":
        if not isinstance(value, bool):
            raise SettingsProblem("setup_complete must be true or false")
        return value
    if not isinstance(value, str):
        raise SettingsProblem(f"{name} must be text")
    value = value.strip()
    if name == "chair_role" and value and value not in _ROLES:
        raise SettingsProblem(f"{value!r} is not a chair's role this app knows")
    if name == "chair_name" and len(value) > NAME_LONGEST:
        raise SettingsProblem(f"the chair's name is longer than {NAME_LONGEST} characters")
    if name == "chair_team" and len(value) > NAME_LONGEST:
        raise SettingsProblem(f"the team's name is longer than {NAME_LONGEST} characters")
    if name == "profile_id" and (any(c in value for c in "/\\") or value.startswith(".")):
        raise SettingsProblem(f"{value!r} is not a council profile id")
    if name == "documents_dir" and value and not Path(value).is_absolute():
        raise SettingsProblem("the documents folder must be a full path")
    return _check_admin_field(name, value)


WORK_AS = ("", "chair", "admin", "both")
COUNCIL_STORE_KINDS = ("", "sqlite", "postgresql")
_FULL_PATHS = {
    "council_store_file": "the council store file",
    "council_keys_dir": "the council key folder",
    "council_receipts_dir": "the receipts folder",
}


def _check_admin_field(name: str, value: str) -> str:
    """The admin desk's fields (text already trimmed); ``SettingsProblem`` naming the field."""
    if name == "work_as" and value not in WORK_AS:
        raise SettingsProblem(f"{value!r} is not chair, admin or both")
    if name == "council_store_kind" and value not in COUNCIL_STORE_KINDS:
        raise SettingsProblem(f"the council store must be sqlite or postgresql, not {value!r}")
    if name == "council_db_port" and value and not (value.isdigit() and 0 < int(value) < 65536):
        raise SettingsProblem(f"the council database port must be 1 to 65535, not {value!r}")
    if name in _FULL_PATHS and value and not Path(value).is_absolute():
        raise SettingsProblem(f"{_FULL_PATHS[name]} must be a full path")
    return value


def validate(settings: Settings) -> Settings:
    """The same settings, tidied (trimmed text), or ``SettingsProblem`` for the first fault."""
    values = {f.name: _check_field(f.name, getattr(settings, f.name)) for f in fields(Settings)}
    return Settings(**values)


def read_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The settings, and what was wrong with the file if anything (None when all is well).

    A missing file is not a problem (a first start); an unreadable one gives the
    defaults; a damaged field gives its own default and the others are kept.
    """
    path = path or settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings(), None
    except (OSError, ValueError) as exc:
        return Settings(), f"{path.name} could not be read ({type(exc).__name__}); defaults used"
    if not isinstance(raw, dict):
        return Settings(), f"{path.name} is not a settings file; defaults used"
    values: dict[str, Any] = {}
    problems = []
    for field in fields(Settings):
        if field.name not in raw:
            continue
        try:
            values[field.name] = _check_field(field.name, raw[field.name])
        except SettingsProblem as exc:
            problems.append(str(exc))
    problem = f"{path.name}: {'; '.join(problems)} (the default is used)" if problems else None
    return Settings(**values), problem


def load_settings(path: Path | None = None) -> Settings:
    """The settings, with defaults for anything missing or damaged."""
    return read_settings(path)[0]


def save_settings(settings: Settings, path: Path | None = None) -> Settings:
    """Check and write ``settings`` all at once; a damaged old file is kept aside first."""
    settings = validate(settings)
    path = path or settings_path()
    if path.exists() and read_settings(path)[1] is not None:
        shutil.copy2(path, path.with_name(path.name + ".damaged"))
    data = json.dumps(asdict(settings), indent=2, ensure_ascii=False) + "\n"
    write_atomically(path, data.encode("utf-8"))
    return settings


def update_settings(path: Path | None = None, **changes: Any) -> Settings:
    """Change some settings and keep the rest (read, replace, validate, write)."""
    return save_settings(replace(load_settings(path), **changes), path)
