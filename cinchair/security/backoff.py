"""Wrong passphrases cost more each time, so guessing at an unattended laptop is slow.

Apart from the vault because it is about people at the keyboard, not about keys: the lock
screen keeps one ``Backoff`` for the whole run.
"""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["Backoff"]


class Backoff:
    """Repeated wrong passphrases wait longer each time: 0, 0, 1, 2, 4 ... 60 seconds.

    The key derivation already costs a guess a third of a second; this makes a
    person (or a script driving the window) at the laptop wait minutes for a
    handful of guesses. ``clock`` is injectable so tests need not sleep.
    """

    FREE_TRIES = 2
    LONGEST = 60.0

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.failures = 0
        self.not_before = 0.0

    def wait_left(self) -> float:
        return max(0.0, self.not_before - self.clock())

    def failed(self) -> float:
        """Note a wrong passphrase; returns the seconds before the next try is allowed."""
        self.failures += 1
        extra = self.failures - self.FREE_TRIES
        delay = 0.0 if extra <= 0 else min(self.LONGEST, 2.0 ** (extra - 1))
        self.not_before = self.clock() + delay
        return delay

    def succeeded(self) -> None:
        self.failures = 0
        self.not_before = 0.0
