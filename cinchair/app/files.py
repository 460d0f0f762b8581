"""Writing files so that a crash, a pulled USB stick or a full disk never leaves half a file.

Everything cinchair writes for people to keep (documents, records, bundles) goes
through ``write_atomically``: the bytes go to a temporary file beside the target,
are flushed to disk, and only then replace the target in one step.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from cinchair.app.errors import ActionableError


class CannotWrite(ActionableError, OSError):
    """A file could not be written; the message says why in words a user can act on."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"could not write {path}: {reason}")


def reason_in_words(exc: OSError) -> str:
    """Why ``exc`` stopped a write, in words that tell a person what to do next."""
    if exc.errno == errno.ENOSPC:
        return "the disk is full; free some space and try again (nothing was written)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; choose a folder you can write to"
    if exc.errno == errno.EROFS:
        return "the disk is read-only"
    return exc.strerror or str(exc)


def staging_files(path: Path) -> list[Path]:
    """Temporary files an interrupted ``write_atomically`` of ``path`` left beside it.

    They hold what was being written, so whoever removes a file that held something
    private removes these too.
    """
    path = Path(path)
    return sorted(path.parent.glob(f".{path.name}.*.part"))


def write_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` all or nothing; ``CannotWrite`` on failure."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # named as staging_files finds them
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:
        raise CannotWrite(path, reason_in_words(exc)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise CannotWrite(path, reason_in_words(exc)) from exc
    return path
