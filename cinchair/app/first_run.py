"""The first-run setup without a window: what it checks, and what Finish writes.

The window (``cinchair.ui.dialogs.first_run``) asks; this module decides whether setup is
needed, finds the council's recovery key, checks a documents folder and a council
profile file, and at the end does everything in one place, in an order chosen so
that the records are never put at risk: the profile, the council key and the
documents folder first, then the encrypted store, and the settings last (written
atomically), because settings saying "set up" must never point at a store that
was not made.

Where IT puts the council's recovery key (``council.pub``) so setup finds it by
itself, first match wins:

1. ``<data dir>/council.pub``: where ``cinchair keys install-council`` puts it;
2. ``council.pub`` beside the program (the folder holding ``cinchair.exe`` in the
   council's package);
3. ``resources/council.pub`` inside the package (added to the build by IT).
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cinchair.app import paths
from cinchair.app.files import write_atomically
from cinchair.app.settings import Settings, SettingsProblem, read_settings, save_settings
from cinchair.profiles import Profile, ProfileError, load_profile, load_profiles
from cinchair.profiles.loader import council_profiles_dir
from cinchair.security.key_wrap import SCRYPT_N
from cinchair.security.vault import KeyFile, create_encrypted

COUNCIL_KEY_NAME = "council.pub"
# What the machine is for, as the setup offers it (the settings' ``work_as``).
WORK_AS_CHOICES = (
    ("Chairing meetings", "chair"),
    ("The council's admin desk", "admin"),
    ("Both: chairing meetings and the admin desk", "both"),
)
ADMIN_NEXT = (
    "After Finish it asks where the council store is (a SQLite file, or a PostgreSQL "
    "server) and tests it before saving."
)


def needs_setup(store_path: Path | None = None, settings_file: Path | None = None) -> bool:
    """True when there is no store on this laptop and setup is not done, or is now possible.

    The store's presence wins over the settings file: a damaged or deleted settings
    file beside an existing store never brings the setup back over the records. A
    chair who finished setup without a council key (demo only) is offered it again
    once IT has put ``council.pub`` where it is looked for.
    """
    store_path = store_path or paths.default_store_path()
    if store_path.exists() or KeyFile.beside(store_path).exists():
        return False
    settings, _problem = read_settings(settings_file)
    if settings.setup_complete and settings.work_as == "admin":
        return False  # the council's admin desk keeps no chair's store
    return not settings.setup_complete or find_council_key() is not None


def council_key_places() -> list[Path]:
    """Where a deployed ``council.pub`` is looked for, in order (see the module notes)."""
    from cinchair.sync.council import laptop_council_file

    places = [laptop_council_file()]
    if getattr(sys, "frozen", False):
        places.append(Path(sys.executable).resolve().parent / COUNCIL_KEY_NAME)
    places.append(paths.resources_dir() / COUNCIL_KEY_NAME)
    return places


def find_council_key() -> Path | None:
    """The first deployed ``council.pub`` found, or None."""
    return next((p for p in council_key_places() if p.is_file()), None)


def read_council_key(path: Path) -> Any:
    """The council's public keys in ``path``; ``KeyProblem`` says plainly what is wrong."""
    from cinchair.sync.council import CouncilPublic

    return CouncilPublic.load(path)


def documents_folder_problem(folder: Path) -> str | None:
    """Why documents cannot be saved in ``folder``, or None. Nothing is created here.

    A folder that does not exist yet is fine when the nearest existing folder above
    it can be written to (it is made at Finish).
    """
    if not str(folder).strip() or not folder.is_absolute():
        return "Choose a full path for the documents folder, e.g. with Browse…"
    existing = folder
    while not existing.exists():
        if existing.parent == existing:
            return f"{folder} cannot be made: no part of it exists."
        existing = existing.parent
    if not existing.is_dir():
        return f"{existing} is a file, not a folder."
    if existing == folder:
        try:
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as exc:
            return f"Documents cannot be saved in {folder} ({exc.strerror or exc})."
    elif not os.access(existing, os.W_OK | os.X_OK):
        return f"{folder} cannot be made: {existing} is not writable."
    return None


def available_profiles() -> list[Profile]:
    """The councils to choose from: shipped profiles, and any the council gave this laptop.

    A council's own file replaces a shipped profile of the same id. Sorted by council.
    """
    found = load_profiles()
    own_dir = council_profiles_dir()
    if own_dir.is_dir():
        for path in sorted(own_dir.glob("*.toml")):
            try:
                found[path.stem] = load_profile(path)
            except ProfileError:
                continue  # checked when it was installed; a damaged copy is not offered
    return sorted(found.values(), key=lambda p: p.council.casefold())


def check_profile_file(path: Path) -> Profile:
    """The profile in ``path``, validated with the usual checks (``ProfileError`` if not)."""
    return load_profile(path)


def install_profile_file(path: Path) -> Profile:
    """Copy a checked council profile file into ``<data dir>/profiles``; the copy's profile."""
    profile = check_profile_file(path)
    target = council_profiles_dir() / f"{profile.id}.toml"
    write_atomically(target, Path(path).read_bytes())
    return load_profile(target)


@dataclass(frozen=True)
class SetupChoices:
    """Everything the setup asked, ready to be applied at Finish."""

    profile_id: str
    chair_name: str
    chair_role: str
    documents_dir: Path
    profile_file: Path | None = None  # a council's own file, copied in at Finish
    council_key: Path | None = None  # None: no own store, the demo only
    passphrase: str = ""
    open_demo: bool = False
    work_as: str = "chair"  # "chair", "admin" (the council's admin desk only) or "both"
    chair_team: str = ""  # optional: the admin's due list can be read by team


@dataclass
class SetupDone:
    """What Finish made: the settings written, and the open store when one was made."""

    settings: Settings
    store: Any | None  # cinchair.store.facade.Store, opened and ready
    open_demo: bool


def apply_setup(
    choices: SetupChoices,
    *,
    store_path: Path | None = None,
    settings_file: Path | None = None,
    work: int = SCRYPT_N,
) -> SetupDone:
    """Do what the chair chose, settings last; raises with a plain message on failure."""
    from cinchair.sync.council import install_council_public

    store_path = store_path or paths.default_store_path()
    profile_id = choices.profile_id
    if choices.profile_file is not None:
        profile_id = install_profile_file(choices.profile_file).id
    if choices.work_as == "admin":  # no chair's store or documents: the desk sets up its own
        settings, _ = read_settings(settings_file)
        settings = replace(settings, profile_id=profile_id, work_as="admin", setup_complete=True)
        return SetupDone(save_settings(settings, settings_file), None, False)
    folder = choices.documents_dir
    problem = documents_folder_problem(folder)
    if problem:
        raise SettingsProblem(problem)
    folder.mkdir(parents=True, exist_ok=True)
    store = None
    if choices.council_key is not None:
        council = read_council_key(choices.council_key)
        install_council_public(council)  # sync export and a passphrase change use it later
        store = create_encrypted(store_path, choices.passphrase, council=council.sealing, work=work)
    settings, _ = read_settings(settings_file)
    settings = replace(
        settings,
        profile_id=profile_id,
        chair_name=choices.chair_name,
        chair_role=choices.chair_role,
        chair_team=choices.chair_team.strip(),
        documents_dir=str(folder),
        setup_complete=True,
        work_as=choices.work_as,
    )
    try:
        settings = save_settings(settings, settings_file)
    except Exception:
        if store is not None:  # made a moment ago and empty: undone, so Finish can retry
            store.close()
            made_files = [store_path.with_name(store_path.name + s) for s in ("-wal", "-shm")]
            for made in (store_path, KeyFile.beside(store_path).path, *made_files):
                made.unlink(missing_ok=True)
        raise
    return SetupDone(settings, store, choices.open_demo or store is None)
