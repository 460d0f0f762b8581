"""What went wrong, said in words a chair can act on, and crash reports that hold no record.

Two rules meet here. A chair must be told plainly when a save failed (a full disk is
the usual cause on a laptop that is also full of photographs) and that what was saved
before is safe. And nothing personal may leave the encrypted store by the back door:
an exception's message can carry record text (a database error quotes the values it
was given, a ``KeyError`` quotes its key), so a crash report keeps only the kind of
error and where in the program it happened, never the message or any variable.
"""

from __future__ import annotations

import errno
import platform
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from cinchair import __version__
from cinchair.app import paths
from cinchair.app.files import CannotWrite, write_atomically

KEEP_REPORTS = 20


@dataclass(frozen=True)
class Explained:
    """A failure in words: a short title and what the chair should do."""

    title: str
    advice: str
    storage: bool  # the save failed: the window must stop saying "all saved"


_DISK_FULL = (
    "Not saved: the disk is full",
    "The laptop's disk is full, so your last change could not be saved. Everything "
    "saved before it is safe, and what you typed is still on the screen. Free some "
    "space (empty the Downloads folder or the recycle bin), then carry on typing: it "
    "will be saved.",
)
_READ_ONLY = (
    "Not saved: the store cannot be written",
    "The case store could not be written (the disk is read-only or access was "
    "refused). Everything saved before is safe and what you typed is still on the "
    "screen. Close cinchair and ask your council's IT service for help.",
)
_BUSY = (
    "Not saved: the store is busy",
    "Another program is holding the case store, so your last change could not be "
    "saved yet. What you typed is still on the screen; carry on and it will be saved.",
)


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
        # SQLAlchemy keeps the driver's own exception here, not as the cause.
        orig = getattr(seen[-1], "orig", None)
        if isinstance(orig, BaseException) and orig not in seen:
            current = orig
    return seen


def explain(exc: BaseException) -> Explained | None:
    """Words for a storage failure the chair can do something about; None for anything else.

    SQLite's own messages are matched ("database or disk is full" is SQLITE_FULL, the
    same through SQLCipher), as are ``OSError`` numbers, through the whole cause chain.
    """
    for item in _chain(exc):
        if isinstance(item, CannotWrite):
            return Explained("Not saved", f"{item.reason}.", storage=True)
        if isinstance(item, OSError) and item.errno is not None:
            if item.errno == errno.ENOSPC:
                return Explained(*_DISK_FULL, storage=True)
            if item.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                return Explained(*_READ_ONLY, storage=True)
        text = str(item).lower() if type(item).__name__ in _DRIVER_ERRORS else ""
        if "database or disk is full" in text or "disk i/o error" in text:
            return Explained(*_DISK_FULL, storage=True)
        if "readonly database" in text or "unable to open database" in text:
            return Explained(*_READ_ONLY, storage=True)
        if "database is locked" in text or "database is busy" in text:
            return Explained(*_BUSY, storage=True)
    return None


# Driver errors whose messages are SQLite's own words (never record text).
_DRIVER_ERRORS = {"OperationalError", "DatabaseError"}


def crash_report(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """A report of an unexpected error that a developer can use and nobody can misuse.

    Only the error's type and the chain of file, line and function names; the
    exception's message, the source lines' values and all variables are left out.
    """
    lines = [
        f"cinchair {__version__} on Python {platform.python_version()}, {platform.system()}",
        f"time: {datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ}",
        f"error: {exc_type.__module__}.{exc_type.__qualname__}",
        "where (most recent call last):",
    ]
    for frame in traceback.extract_tb(tb):
        lines.append(f"  {_short(frame.filename)}:{frame.lineno} in {frame.name}")
    return "\n".join(lines) + "\n"


def _short(filename: str) -> str:
    """The path from the package down, so a report does not carry the user's home folder."""
    parts = Path(filename).parts
    for anchor in ("cinchair", "site-packages"):
        if anchor in parts:
            index = len(parts) - 1 - parts[::-1].index(anchor)
            return "/".join(parts[index:])
    return Path(filename).name


def reports_dir() -> Path:
    return paths.data_dir() / "crash-reports"


def save_crash_report(
    exc_type: type[BaseException], tb: TracebackType | None, folder: Path | None = None
) -> Path | None:
    """Keep a report in the data folder (the newest few only); None if it cannot be written."""
    folder = folder or reports_dir()
    path = folder / f"crash-{datetime.now(UTC):%Y%m%dT%H%M%S%fZ}.txt"
    try:
        write_atomically(path, crash_report(exc_type, tb).encode("utf-8"))
        for old in sorted(folder.glob("crash-*.txt"))[:-KEEP_REPORTS]:
            old.unlink(missing_ok=True)
    except OSError:
        return None
    return path
