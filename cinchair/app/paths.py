"""Where things live: shipped resources, templates, and the user's own data.

The user's data goes where the platform expects it (``platformdirs``): for example
``%LOCALAPPDATA%\\cinchair`` on Windows, ``~/.local/share/cinchair`` on Linux.
``CINCHAIR_DATA_DIR`` overrides it (tests, a portable install, a second chair).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_path

from cinchair import APP_AUTHOR, APP_NAME


def _install_root() -> Path:
    """The folder holding ``resources/`` and ``templates/``.

    Under PyInstaller this is the bundle folder; from a checkout it is the repo root.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    override = os.environ.get("CINCHAIR_RESOURCES")
    return Path(override) if override else _install_root() / "resources"


def profiles_dir() -> Path:
    return resources_dir() / "profiles"


def data_dir() -> Path:
    override = os.environ.get("CINCHAIR_DATA_DIR")
    path = Path(override) if override else user_data_path(APP_NAME, APP_AUTHOR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_store_path() -> Path:
    return data_dir() / "cinchair.sqlite3"


def demo_store_path() -> Path:
    return data_dir() / "demo.sqlite3"


def templates_dir() -> Path:
    """The DOCX templates: the shipped ones, or a council's (``CINCHAIR_TEMPLATES``)."""
    override = os.environ.get("CINCHAIR_TEMPLATES")
    return Path(override) if override else _install_root() / "templates"
