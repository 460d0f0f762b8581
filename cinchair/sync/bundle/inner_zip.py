"""The inner layer of a bundle: a deterministic zip, read as hostile until proven otherwise.

Anyone holding the council's public key can seal a file, so an archive is checked before
anything in it is believed: plain names only (nothing a file system would treat as a
path or a device), no duplicates, no encryption or odd compression, and sizes capped both
as declared and while reading, so a zip bomb is refused without being unpacked.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Mapping

from cinchair.sync.bundle.refusals import BundleRefused, Limits

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_READ_CHUNK = 64 * 1024

# Plain names only: no folders, no leading dot, nothing Windows would treat specially.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
)


def is_safe_name(name: str) -> bool:
    """True for a plain file name that is safe to write on any system we support."""
    if not isinstance(name, str) or not _NAME.fullmatch(name) or name.endswith("."):
        return False
    return name.split(".")[0].upper() not in _WINDOWS_DEVICES


def write_inner_zip(entries: Mapping[str, bytes]) -> bytes:
    """A zip that depends only on ``entries``: sorted names, fixed times, fixed attributes.

    Same inputs, same bytes (for a given zlib), so an export can be reproduced and compared.
    Names are written as given: checking them is the caller's job (tests use this to build
    hostile archives).
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # otherwise it records the OS that made the zip
            info.external_attr = 0
            archive.writestr(info, bytes(entries[name]), compresslevel=6)
    return buffer.getvalue()


# What zipfile and zlib raise on malformed archives; caught only around zip access.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ValueError,
    NotImplementedError,
    OverflowError,
    RuntimeError,
    KeyError,
    IndexError,
    OSError,
)


def _bad_archive(source: str, detail: str) -> BundleRefused:
    return BundleRefused(
        "bad-archive",
        f"The bundle opened, but its contents are not a readable archive ({detail}). "
        "It was not made by cinchair, or was made wrongly: export it again.",
        source,
    )


def _zip_bomb(source: str, detail: str) -> BundleRefused:
    return BundleRefused(
        "zip-bomb",
        f"The bundle would unpack to far more than any real meeting ({detail}). It was "
        "refused without unpacking; treat it as suspicious.",
        source,
    )


def _in_words(exc: BaseException, entry: str | None) -> str:
    """What went wrong reading the archive, as an admin can say it on the phone.

    The exception's own name (``BadZipFile``) means nothing to an admin; where the
    failure was (the archive's index, or one named file inside) and what it means does.
    """
    if entry is not None:
        return (
            f"the file {entry} inside does not unpack to the size and checksum the archive "
            "lists for it: the archive lies about its contents, or was damaged"
        )
    if isinstance(exc, zipfile.BadZipFile | EOFError | IndexError):
        return "its index of files is missing or damaged"
    return "its index of files cannot be read"


def read_inner_zip(inner: bytes, limits: Limits, source: str) -> dict[str, bytes]:
    """Every entry of the inner zip, after checking names and sizes; ``BundleRefused`` else."""
    reading: str | None = None
    try:
        with zipfile.ZipFile(io.BytesIO(inner)) as archive:
            infos = archive.infolist()
            _check_entries(infos, limits, source)
            budget = [limits.max_total_bytes]
            entries = {}
            for info in infos:
                reading = info.filename
                entries[info.filename] = _read_entry(archive, info, limits, budget, source)
            return entries
    except BundleRefused:
        raise
    except _ZIP_ERRORS as exc:
        raise _bad_archive(source, _in_words(exc, reading)) from exc


def _check_entries(infos: list[zipfile.ZipInfo], limits: Limits, source: str) -> None:
    if len(infos) > limits.max_entries:
        raise _zip_bomb(source, f"{len(infos)} files inside")
    seen: set[str] = set()
    for info in infos:
        _check_entry_name(info, seen, source)
    for info in infos:
        if info.flag_bits & 0x1:
            raise _bad_archive(source, f"{info.filename} is password-protected")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _bad_archive(source, f"{info.filename} uses an unsupported compression")
    _check_declared_sizes(infos, limits, source)


def _check_entry_name(info: zipfile.ZipInfo, seen: set[str], source: str) -> None:
    # orig_filename is the name as stored; zipfile quietly cuts it at a NUL byte and
    # turns backslashes into slashes on Windows, which must not hide a hostile name.
    name = info.orig_filename
    if name != info.filename or not is_safe_name(name):
        raise BundleRefused(
            "unsafe-path",
            f"The bundle contains a file with an unsafe name ({name[:80]!r}). Bundles hold "
            "only plain file names; this one was not made by cinchair. It was refused.",
            source,
        )
    if name.lower() in seen:
        raise BundleRefused(
            "unsafe-path",
            f"The bundle contains {name!r} twice. It was not made by cinchair; refused.",
            source,
        )
    seen.add(name.lower())


def _check_declared_sizes(infos: list[zipfile.ZipInfo], limits: Limits, source: str) -> None:
    total = 0
    for info in infos:
        if info.file_size > limits.max_file_bytes:
            raise _zip_bomb(source, f"{info.filename} claims {info.file_size:,} bytes")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_applies_above and ratio > limits.max_ratio:
            raise _zip_bomb(source, f"{info.filename} expands {ratio:,.0f} times")
        total += info.file_size
    if total > limits.max_total_bytes:
        raise _zip_bomb(source, f"{total:,} bytes in all")


def _read_entry(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    limits: Limits,
    budget: list[int],
    source: str,
) -> bytes:
    """Read one entry, never holding more than the caps allow whatever the zip declared."""
    cap = min(limits.max_file_bytes, budget[0])
    chunks: list[bytes] = []
    got = 0
    with archive.open(info) as stream:
        while chunk := stream.read(_READ_CHUNK):
            got += len(chunk)
            if got > cap:
                raise _zip_bomb(source, f"{info.filename} unpacks past the limit")
            chunks.append(chunk)
    if got != info.file_size:
        raise _bad_archive(source, _in_words(ValueError(), info.filename))
    budget[0] -= got
    return b"".join(chunks)
