"""The chair's own settings, a small JSON file in the data folder.

Only what a chair may reasonably change lives here (for now, how soon the idle
window locks); council rules live in the profiles. A damaged or missing file means
the defaults, never a failure to start.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from cinchair import paths
from cinchair.files import write_atomically

LOCK_AFTER_DEFAULT = 5.0  # minutes
LOCK_AFTER_RANGE = (1.0, 60.0)


@dataclass(frozen=True)
class Settings:
    lock_after_minutes: float = LOCK_AFTER_DEFAULT


def settings_path() -> Path:
    return paths.data_dir() / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    known = {f.name for f in fields(Settings)}
    values = {k: v for k, v in raw.items() if k in known} if isinstance(raw, dict) else {}
    try:
        settings = Settings(**values)
        minutes = float(settings.lock_after_minutes)
    except (TypeError, ValueError):
        return Settings()
    low, high = LOCK_AFTER_RANGE
    return Settings(lock_after_minutes=min(high, max(low, minutes)))


def save_settings(settings: Settings, path: Path | None = None) -> None:
    low, high = LOCK_AFTER_RANGE
    if not low <= settings.lock_after_minutes <= high:
        raise ValueError(f"the idle lock must be between {low:g} and {high:g} minutes")
    write_atomically(path or settings_path(), json.dumps(asdict(settings), indent=2).encode())
