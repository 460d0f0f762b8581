"""What goes wrong with keys, and the rule for a passphrase that protects one.

Below both ``keys`` (what the keys are) and ``council_key_file`` (how the council's
private keys are kept on disk), so that each imports it and neither imports the other
at run time.
"""

from __future__ import annotations

from cinchair.app.errors import ActionableError

__all__ = ["MIN_PASSPHRASE_LENGTH", "KeyProblem", "check_new_passphrase"]

MIN_PASSPHRASE_LENGTH = 12


class KeyProblem(ActionableError, ValueError):
    """A key or trust list that cannot be used, with the file and what to do in plain words."""


def check_new_passphrase(passphrase: str) -> None:
    """``KeyProblem`` for a passphrase too weak to protect a council key: empty, or shorter
    than ``MIN_PASSPHRASE_LENGTH`` (a few unrelated words pass easily)."""
    if not isinstance(passphrase, str) or not passphrase.strip():
        raise KeyProblem("the council key needs a passphrase; an empty one is refused")
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise KeyProblem(
            f"the passphrase is {len(passphrase)} characters; use at least "
            f"{MIN_PASSPHRASE_LENGTH} (a few unrelated words are easy to remember)"
        )
