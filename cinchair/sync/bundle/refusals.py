"""Why a bundle is refused, and the caps on what one may unpack to.

Shared by every layer of opening a bundle (``sealing``, ``inner_zip``, ``manifest`` and
``bundle``): each refuses with a ``BundleRefused`` carrying a fixed code for programs
and a message an admin can act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from cinchair.app.errors import ActionableError

RefusalCode = Literal[
    "empty",
    "not-a-bundle",
    "too-large",
    "unsupported-version",
    "other-council",
    "truncated",
    "tampered",
    "bad-archive",
    "unsafe-path",
    "zip-bomb",
    "missing-file",
    "unexpected-file",
    "hash-mismatch",
    "bad-manifest",
    "unknown-device",
    "revoked-device",
    "bad-signature",
    "future-format",
    "bad-record",
    "practice-data",
]
REFUSAL_CODES: frozenset[str] = frozenset(get_args(RefusalCode))


class BundleRefused(ActionableError, ValueError):
    """A bundle that will not be imported: ``reason`` is a fixed code, ``message`` plain words.

    The code is for programs (tests, logs, counting refusals); the message is for the admin
    and says what happened and what to do, without assuming they know what a zip is.
    """

    def __init__(self, reason: RefusalCode, message: str, source: str = "") -> None:
        if reason not in REFUSAL_CODES:
            raise ValueError(f"unknown refusal code {reason!r}")
        self.reason, self.message, self.source = reason, message, source
        super().__init__(f"{source}: {message}" if source else message)


@dataclass(frozen=True)
class Limits:
    """Caps on what an inner archive may unpack to, checked on the declared sizes *and*
    while reading (a zip can lie about its sizes).

    Real bundles are a record of tens of kilobytes and four documents of a few megabytes,
    so these are generous; they exist so a hostile file cannot fill memory or disk.
    """

    max_entries: int = 32
    max_file_bytes: int = 64 * 1024 * 1024
    max_total_bytes: int = 200 * 1024 * 1024
    max_ratio: int = 100
    ratio_applies_above: int = 1024 * 1024


DEFAULT_LIMITS = Limits()
