"""What unlocks the admin desk after its idle lock, Ctrl+L or a locked screen.

The desk shows children's records (the due list, conflicts side by side), so it locks
like the chair's window; but it has no chair's passphrase to ask for. It asks for the
secret that already guards what it shows:

- a council store on a PostgreSQL server: that server's password for the admin's user,
  checked against the server itself (so a password changed since the desk opened is
  the one that counts, and nothing about it is kept in memory beyond the check);
- a council store in a SQLite file: the council keys' passphrase, checked by opening
  the sealing key (one scrypt step), since whoever holds it may open every bundle;
- a SQLite store and no council keys made yet: the store can hold nothing from a
  chair's laptop (no bundle opens without the keys), so Unlock asks for nothing and
  says so; the lock still hides the screen.

Each check raises ``WrongPassphrase`` for a wrong secret and ``VaultProblem`` (in
words) when it cannot be checked, e.g. the server is not reachable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from cinchair.app.council_store import CouncilStoreConfig, _in_words
from cinchair.security.vault import VaultProblem, WrongPassphrase
from cinchair.sync.council import SEALING_KEY_FILE, SEALING_WHAT
from cinchair.sync.keys.council_key_file import open_protected
from cinchair.sync.keys.keys import KeyProblem

WRONG_KEY_PASSPHRASE = "wrong passphrase"  # how council_key_file says it


@dataclass(frozen=True)
class DeskUnlock:
    """The prompt on the lock page and the check of what is typed there."""

    prompt: str
    check: Callable[[str], None]
    asks_nothing: bool = False


def _check_server_password(config: CouncilStoreConfig) -> Callable[[str], None]:
    def check(password: str) -> None:
        if not password:
            raise WrongPassphrase("type the password")
        engine = create_engine(config.url(password), hide_parameters=True)
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except OperationalError as exc:
            problem = _in_words(exc, config)
            if problem.field == "password":
                raise WrongPassphrase(str(problem)) from None
            raise VaultProblem(f"The password cannot be checked: {problem}") from None
        finally:
            engine.dispose()

    return check


def _check_key_passphrase(keys_dir: Path) -> Callable[[str], None]:
    def check(passphrase: str) -> None:
        try:
            open_protected(keys_dir / SEALING_KEY_FILE, passphrase, X25519PrivateKey, SEALING_WHAT)
        except KeyProblem as exc:
            if str(exc).startswith(WRONG_KEY_PASSPHRASE):
                raise WrongPassphrase(str(exc)) from None
            raise VaultProblem(str(exc)) from None

    return check


def desk_unlock(config: CouncilStoreConfig | None, keys_dir: Path) -> DeskUnlock:
    """How this admin desk is unlocked, by the store it works on and its key folder."""
    if config is not None and config.needs_password:
        return DeskUnlock(
            f"Type the password of {config.user} for the council store "
            f"({config.database} on {config.host}) to carry on where you were.",
            _check_server_password(config),
        )
    if (Path(keys_dir) / SEALING_KEY_FILE).exists():
        return DeskUnlock(
            "Type the council keys' passphrase to carry on where you were.",
            _check_key_passphrase(Path(keys_dir)),
        )
    return DeskUnlock(
        "No council keys are made yet, so this desk holds nothing from a chair's laptop "
        "and asks for no passphrase: press Unlock to carry on.",
        lambda _typed: None,
        asks_nothing=True,
    )
