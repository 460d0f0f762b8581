"""The one family of errors a person can act on.

Every failure cinchair expects people to meet (a bad date typed, a full disk, a
passphrase that does not open the store, a bundle from an untrusted laptop, a signed
record someone tries to change) is an ``ActionableError``: its message is a sentence
in plain words that says what is wrong and, where it can, what to do. The window and
the command line catch this base, show the message as it is, and let anything else
reach the unexpected-error path (which keeps no record text), so a programming error
is never dressed up as advice.

Each subclass keeps the built-in base it had (``ValueError``, ``OSError``,
``PermissionError``), so code that catches those still does.
"""

from __future__ import annotations

__all__ = ["ActionableError"]


class ActionableError(Exception):
    """A failure a person can act on; ``str(error)`` is the message to show them."""
