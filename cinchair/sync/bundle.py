"""The ``.cinsync`` bundle: one meeting record and its documents, signed by the laptop that
made them and sealed so only the council can open them.

Two layers, each doing one job:

* **inner**: a deterministic zip of ``manifest.json`` (what is inside, with SHA-256 of each
  file), ``manifest.sig`` (the laptop's Ed25519 signature of the exact manifest bytes),
  ``record.json`` and the rendered documents. The signature says *which laptop* made it
  and that nothing changed since.
* **outer**: the zip encrypted to the council's X25519 public key (ephemeral X25519,
  HKDF-SHA256, AES-256-GCM, header as associated data). Sealing says *only the council can
  read it*; it does not say who sent it, because every laptop holds the council's public
  key. That is why the signature is inside, and why zip parsing is treated as hostile.

``open_bundle`` checks everything in a fixed order and refuses with ``BundleRefused``: a
short code for programs and a message a council admin can act on. See
``docs/sync-design.md`` for the byte layout and the reasons behind each choice.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, get_args

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from cinchair.record.format import RecordError, canonical_json, fingerprint, validate_record
from cinchair.sync.keys import (
    CouncilKeys,
    CouncilPublicKey,
    DeviceKey,
    DevicePublicKey,
    TrustedDevice,
    TrustList,
    iso_utc,
    parse_iso_utc,
)

BUNDLE_SUFFIX = ".cinsync"
MAGIC = b"CINSYNC\x00"
OUTER_VERSION = 1
HKDF_INFO = b"cinchair sync bundle v1"
NONCE_SIZE = 12
TAG_SIZE = 16
KEY_SIZE = 32
# MAGIC (8) | version (1) | SHA-256 of council public key (32) | ephemeral X25519 key (32)
# | nonce (12), then the AES-GCM ciphertext with its 16-byte tag.
_VERSION_AT = len(MAGIC)
_RECIPIENT = slice(_VERSION_AT + 1, _VERSION_AT + 33)
_EPHEMERAL = slice(_RECIPIENT.stop, _RECIPIENT.stop + KEY_SIZE)
_NONCE = slice(_EPHEMERAL.stop, _EPHEMERAL.stop + NONCE_SIZE)
HEADER_SIZE = _NONCE.stop

BUNDLE_FORMAT = "cinchair.sync-bundle"
BUNDLE_FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
RECORD_NAME = "record.json"
RESERVED_NAMES = frozenset({MANIFEST_NAME, SIGNATURE_NAME})

MAX_BUNDLE_BYTES = 64 * 1024 * 1024
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_READ_CHUNK = 64 * 1024

# Plain names only: no folders, no leading dot, nothing Windows would treat specially.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
)

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
]
REFUSAL_CODES: frozenset[str] = frozenset(get_args(RefusalCode))


class BundleRefused(ValueError):
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


@dataclass(frozen=True)
class OpenedBundle:
    """A bundle that passed every check: its signed manifest, record and documents."""

    manifest: dict[str, Any]
    record: dict[str, Any]
    files: dict[str, bytes]  # the documents, without manifest.json, manifest.sig, record.json
    # record.json exactly as received (its hash is in the signed manifest): the council
    # keeps this text, so what a laptop sent is what is filed, not a re-encoding of it
    record_text: str
    device_id: str
    device_label: str
    exported_at: datetime

    @property
    def meeting_id(self) -> str:
        return self.manifest["records"][0]["meeting_id"]

    @property
    def fingerprint(self) -> str:
        """The record's content fingerprint: with ``meeting_id``, the importer's dedup key."""
        return self.manifest["records"][0]["fingerprint"]


# --- names ---------------------------------------------------------------------------------


def is_safe_name(name: str) -> bool:
    """True for a plain file name that is safe to write on any system we support."""
    if not isinstance(name, str) or not _NAME.fullmatch(name) or name.endswith("."):
        return False
    return name.split(".")[0].upper() not in _WINDOWS_DEVICES


def _check_document_names(files: Mapping[str, bytes]) -> None:
    folded: set[str] = set()
    for name, content in files.items():
        if not is_safe_name(name):
            raise ValueError(
                f"cannot put {name!r} in a bundle: use a plain name of letters, digits, "
                "'.', '_' and '-' (for example 'minutes.pdf')"
            )
        if name in RESERVED_NAMES or name == RECORD_NAME:
            raise ValueError(f"{name!r} is reserved for the bundle itself")
        if name.lower() in folded:
            raise ValueError(f"{name!r} differs from another file only in capitals")
        folded.add(name.lower())
        if not isinstance(content, bytes | bytearray):
            raise ValueError(f"the content of {name!r} must be bytes")


# --- making --------------------------------------------------------------------------------


def make_bundle(
    *,
    record: dict[str, Any],
    files: Mapping[str, bytes],
    device: DeviceKey,
    council: CouncilPublicKey,
    app_version: str,
    exported_at: datetime,
) -> bytes:
    """The sealed bundle for one meeting record and its documents (write it atomically).

    The record is checked against the schema here, on the laptop, so a bad record is caught
    where it can still be fixed rather than refused at the council weeks later.
    """
    validate_record(record, "the record to export")
    _check_document_names(files)
    try:
        _check_attachments(record, files, "the record to export")
    except BundleRefused as exc:
        raise ValueError(exc.message) from exc
    if not isinstance(app_version, str) or not app_version.strip():
        raise ValueError("app_version must be a non-empty string")
    payload = {RECORD_NAME: canonical_json(record), **{k: bytes(v) for k, v in files.items()}}
    _check_within_limits(payload, DEFAULT_LIMITS)
    manifest = build_manifest(
        record=record,
        payload=payload,
        device=device,
        council=council,
        app_version=app_version,
        exported_at=exported_at,
    )
    manifest_bytes = canonical_json(manifest)
    entries = {MANIFEST_NAME: manifest_bytes, SIGNATURE_NAME: device.sign(manifest_bytes)}
    sealed = seal(write_inner_zip({**entries, **payload}), council)
    if len(sealed) > MAX_BUNDLE_BYTES:
        raise ValueError(
            f"the bundle would be {len(sealed)} bytes, over the {MAX_BUNDLE_BYTES} limit"
        )
    return sealed


def _check_within_limits(payload: Mapping[str, bytes], limits: Limits) -> None:
    """Refuse to make what the council would refuse to open."""
    if len(payload) + 2 > limits.max_entries:
        raise ValueError(f"a bundle holds at most {limits.max_entries - 3} documents")
    for name, content in payload.items():
        if len(content) > limits.max_file_bytes:
            raise ValueError(f"{name!r} is over the {limits.max_file_bytes}-byte limit")
    if sum(len(c) for c in payload.values()) > limits.max_total_bytes:
        raise ValueError(f"the documents together are over {limits.max_total_bytes} bytes")


def build_manifest(
    *,
    record: dict[str, Any],
    payload: Mapping[str, bytes],
    device: DeviceKey,
    council: CouncilPublicKey,
    app_version: str,
    exported_at: datetime,
) -> dict[str, Any]:
    """The manifest for ``payload`` (record.json plus documents), ready to sign."""
    meeting = record["meeting"]
    return {
        "format": BUNDLE_FORMAT,
        "format_version": BUNDLE_FORMAT_VERSION,
        "app_version": app_version,
        "device_id": device.device_id,
        "device_public_key": device.public.base64,
        "exported_at": iso_utc(exported_at),
        "council_key_id": council.key_id,
        "records": [
            {
                "meeting_id": meeting["id"],
                "case_reference": record["case"]["reference"],
                "version": meeting["version"],
                "previous_version_id": meeting["previous_version_id"],
                "fingerprint": fingerprint(record),
            }
        ],
        "files": {
            name: {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
            for name, content in sorted(payload.items())
        },
    }


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


# --- sealing -------------------------------------------------------------------------------


def _derive_key(shared: bytes, ephemeral_raw: bytes, recipient_raw: bytes) -> bytes:
    """The AES key: HKDF over the X25519 secret, bound to both public keys and the version."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_SIZE,
        salt=ephemeral_raw + recipient_raw,
        info=HKDF_INFO,
    ).derive(shared)


def seal(inner: bytes, council: CouncilPublicKey) -> bytes:
    """``inner`` encrypted so that only the holder of the council's private key can read it.

    A fresh ephemeral key per bundle gives a fresh AES key, so the random nonce is never
    reused under one key. The header is authenticated as associated data, so changing the
    version, recipient, ephemeral key or nonce is detected like any other change.
    """
    ephemeral = X25519PrivateKey.generate()
    ephemeral_raw = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(council.x25519())
    nonce = os.urandom(NONCE_SIZE)
    header = MAGIC + bytes([OUTER_VERSION]) + council.digest + ephemeral_raw + nonce
    key = _derive_key(shared, ephemeral_raw, council.raw)
    return header + AESGCM(key).encrypt(nonce, inner, header)


def unseal(
    data: bytes,
    council_private: CouncilKeys,
    *,
    max_size: int = MAX_BUNDLE_BYTES,
    source: str = "",
) -> bytes:
    """The inner zip of a sealed bundle, or ``BundleRefused`` saying why not."""
    data = bytes(data)
    _check_outer_header(data, max_size, source)
    recipient = data[_RECIPIENT]
    if recipient != council_private.public.digest:
        raise BundleRefused(
            "other-council",
            f"This bundle was sealed for a different council key (key {recipient.hex()[:16]}); "
            f"this council's key is {council_private.key_id}. It may be meant for another "
            "council, or the laptop has an old council key: check the laptop's settings.",
            source,
        )
    ephemeral_raw, nonce = data[_EPHEMERAL], data[_NONCE]
    try:
        shared = council_private.exchange(ephemeral_raw)
        key = _derive_key(shared, ephemeral_raw, council_private.public.raw)
        return AESGCM(key).decrypt(nonce, data[HEADER_SIZE:], data[:HEADER_SIZE])
    except (InvalidTag, ValueError) as exc:
        raise BundleRefused(
            "tampered",
            "This bundle was damaged or altered in transit, so it cannot be opened. "
            "Ask for it to be exported and sent again.",
            source,
        ) from exc


def _check_outer_header(data: bytes, max_size: int, source: str) -> None:
    if not data:
        raise BundleRefused(
            "empty", "The file is empty. The copy probably failed; export it again.", source
        )
    if len(data) > max_size:
        raise BundleRefused(
            "too-large",
            f"The file is {len(data):,} bytes, more than the {max_size:,} a bundle may be. "
            "It is not a cinchair bundle, or it was damaged.",
            source,
        )
    if not data.startswith(MAGIC[: len(data)]):
        hint = " (it looks like an ordinary zip file)" if data.startswith(b"PK") else ""
        raise BundleRefused(
            "not-a-bundle",
            f"This is not a cinchair sync bundle{hint}. Choose the .cinsync file exported "
            "from the laptop.",
            source,
        )
    if len(data) <= _VERSION_AT:
        raise _truncated(source)
    version = data[_VERSION_AT]
    if version != OUTER_VERSION:
        newer = "a newer cinchair; update cinchair here to import it"
        newer = newer if version > OUTER_VERSION else "an unknown program"
        raise BundleRefused(
            "unsupported-version",
            f"This bundle uses sealing version {version}, which this cinchair cannot read: "
            f"it was made by {newer}.",
            source,
        )
    if len(data) < HEADER_SIZE + TAG_SIZE:
        raise _truncated(source)


def _truncated(source: str) -> BundleRefused:
    return BundleRefused(
        "truncated",
        "The bundle is cut short: the copy did not finish. Copy or export it again.",
        source,
    )


# --- opening -------------------------------------------------------------------------------


def open_bundle(
    data: bytes,
    *,
    council_private: CouncilKeys,
    trust: TrustList,
    max_size: int = MAX_BUNDLE_BYTES,
    limits: Limits = DEFAULT_LIMITS,
    source: str = "the bundle",
) -> OpenedBundle:
    """Check and open a bundle, or refuse it with ``BundleRefused``.

    The order matters: cheap checks that need no key first, then decryption, then the zip
    (hostile until proven otherwise, since anyone with the council's public key can seal),
    then who signed it, and only then the contents the signature vouches for.
    """
    inner = unseal(data, council_private, max_size=max_size, source=source)
    entries = read_inner_zip(inner, limits, source)
    manifest_bytes = _required(entries, MANIFEST_NAME, source)
    signature = _required(entries, SIGNATURE_NAME, source)
    manifest = parse_manifest(manifest_bytes, source)
    entry = _trusted_device(manifest, trust, source)
    _check_signature(manifest, manifest_bytes, signature, entry.public().raw, source)
    _check_council(manifest, council_private, source)
    files = _check_files(manifest, entries, source)
    record, record_text = _check_record(manifest, files.pop(RECORD_NAME), source)
    _check_attachments(record, files, source)
    return OpenedBundle(
        manifest=manifest,
        record=record,
        files=files,
        record_text=record_text,
        device_id=entry.device_id,
        device_label=entry.label,
        exported_at=parse_iso_utc(manifest["exported_at"]),
    )


def _required(entries: Mapping[str, bytes], name: str, source: str) -> bytes:
    if name not in entries:
        raise BundleRefused(
            "missing-file",
            f"The bundle has no {name}, so it cannot be checked. Export it again.",
            source,
        )
    return entries[name]


# --- the inner zip -------------------------------------------------------------------------

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


def read_inner_zip(inner: bytes, limits: Limits, source: str) -> dict[str, bytes]:
    """Every entry of the inner zip, after checking names and sizes; ``BundleRefused`` else."""
    try:
        with zipfile.ZipFile(io.BytesIO(inner)) as archive:
            infos = archive.infolist()
            _check_entries(infos, limits, source)
            budget = [limits.max_total_bytes]
            return {
                info.filename: _read_entry(archive, info, limits, budget, source) for info in infos
            }
    except BundleRefused:
        raise
    except _ZIP_ERRORS as exc:
        raise _bad_archive(source, type(exc).__name__) from exc


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
        raise _bad_archive(source, f"{info.filename} is not the size it claims")
    budget[0] -= got
    return b"".join(chunks)


# --- the manifest --------------------------------------------------------------------------

_HEX16 = {"type": "string", "pattern": "^[0-9a-f]{16}$"}
_HEX64 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
_ID = {"type": "string", "minLength": 1, "maxLength": 64}
MANIFEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "format",
        "format_version",
        "app_version",
        "device_id",
        "device_public_key",
        "exported_at",
        "council_key_id",
        "records",
        "files",
    ],
    "properties": {
        "format": {"const": BUNDLE_FORMAT},
        "format_version": {"const": BUNDLE_FORMAT_VERSION},
        "app_version": {"type": "string", "minLength": 1, "maxLength": 64},
        "device_id": _HEX16,
        "device_public_key": {"type": "string", "pattern": "^[A-Za-z0-9+/]{43}=$"},
        "exported_at": {
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
        },
        "council_key_id": _HEX16,
        "records": {
            "type": "array",
            "minItems": 1,
            "maxItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "meeting_id",
                    "case_reference",
                    "version",
                    "previous_version_id",
                    "fingerprint",
                ],
                "properties": {
                    "meeting_id": _ID,
                    "case_reference": {"type": "string"},
                    "version": {"type": "integer", "minimum": 1},
                    "previous_version_id": {"oneOf": [{"type": "null"}, _ID]},
                    "fingerprint": _HEX64,
                },
            },
        },
        "files": {
            "type": "object",
            "required": [RECORD_NAME],
            "propertyNames": {"pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"},
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": ["sha256", "size"],
                "properties": {"sha256": _HEX64, "size": {"type": "integer", "minimum": 0}},
            },
        },
    },
}


def _bad_manifest(source: str, detail: str) -> BundleRefused:
    return BundleRefused(
        "bad-manifest",
        f"The bundle's list of contents is unreadable or incomplete ({detail}). It was not "
        "made by cinchair, or was damaged before sealing: export it again.",
        source,
    )


def parse_manifest(manifest_bytes: bytes, source: str) -> dict[str, Any]:
    """The manifest as a dict, if it is one this cinchair understands."""
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise _bad_manifest(source, "not JSON") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != BUNDLE_FORMAT:
        raise _bad_manifest(source, "not a cinchair bundle manifest")
    version = manifest.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > 1:
        raise BundleRefused(
            "future-format",
            f"This bundle was made by a newer cinchair (bundle format {version}, app "
            f"{str(manifest.get('app_version'))[:40]}); update the import to read it.",
            source,
        )
    _check_manifest_schema(manifest, source)
    return manifest


def _check_manifest_schema(manifest: dict[str, Any], source: str) -> None:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    try:
        worst = best_match(Draft202012Validator(MANIFEST_SCHEMA).iter_errors(manifest))
    except RecursionError as exc:
        raise _bad_manifest(source, "nested too deeply") from exc
    if worst is not None:
        where = "/".join(str(p) for p in worst.absolute_path) or "top level"
        raise _bad_manifest(source, f"at {where}: {worst.message[:120]}")
    if RESERVED_NAMES & set(manifest["files"]):
        raise _bad_manifest(source, "it lists itself among the files")
    try:
        parse_iso_utc(manifest["exported_at"])
    except ValueError as exc:
        raise _bad_manifest(source, "the export time is not a real date") from exc


# --- who signed it -------------------------------------------------------------------------


def _trusted_device(manifest: dict[str, Any], trust: TrustList, source: str) -> TrustedDevice:
    """The trust-list entry for the device the manifest names, if trusted and not revoked.

    A revoked device is refused whatever export time the bundle claims: that time is written
    by the laptop itself, so a thief with the laptop could simply claim an earlier one.
    """
    device_id = manifest["device_id"]
    entry = trust.lookup(device_id)
    if entry is None:
        raise BundleRefused(
            "unknown-device",
            f"This bundle was made on a laptop this council does not trust (device "
            f"{device_id}). If the laptop is one of yours, add its device key to the trust "
            "list, then import the bundle again.",
            source,
        )
    if entry.revoked:
        raise BundleRefused(
            "revoked-device",
            f"This bundle was signed by {entry.label} (device {device_id}), whose key was "
            f"revoked on {entry.revoked_at} ({entry.revoke_reason}). It is refused; if the "
            "meeting is genuine, ask the chair to export it again from a trusted laptop.",
            source,
        )
    return entry


def _check_signature(
    manifest: dict[str, Any],
    manifest_bytes: bytes,
    signature: bytes,
    trusted_raw: bytes,
    source: str,
) -> None:
    trusted = DevicePublicKey(trusted_raw)
    claimed_matches = trusted.base64 == manifest["device_public_key"]
    if not claimed_matches or trusted.device_id != manifest["device_id"]:
        raise BundleRefused(
            "bad-signature",
            f"This bundle claims to come from device {manifest['device_id']} but carries a "
            "different key than the one trusted for it. It may be forged; it was refused.",
            source,
        )
    if not trusted.verify(signature, manifest_bytes):
        raise BundleRefused(
            "bad-signature",
            f"The signature of device {manifest['device_id']} does not match the bundle's "
            "contents: it was changed after the laptop signed it. It was refused.",
            source,
        )


def _check_council(manifest: dict[str, Any], council_private: CouncilKeys, source: str) -> None:
    """The signed manifest names the council it was made for; a re-sealed bundle shows here."""
    if manifest["council_key_id"] != council_private.key_id:
        raise BundleRefused(
            "other-council",
            f"The laptop signed this bundle for council key {manifest['council_key_id']}, "
            f"not this council's key {council_private.key_id}. It was refused.",
            source,
        )


# --- what the signature vouches for --------------------------------------------------------


def _check_files(
    manifest: dict[str, Any], entries: Mapping[str, bytes], source: str
) -> dict[str, bytes]:
    """The listed files, each present and matching its size and SHA-256."""
    listed = manifest["files"]
    present = {name: content for name, content in entries.items() if name not in RESERVED_NAMES}
    _match_listed(
        listed,
        present,
        source,
        missing="The bundle should contain {names} but does not. Export it again.",
        extra=(
            "The bundle contains {names}, which the laptop did not list. "
            "Something was added after signing; it was refused."
        ),
        changed=(
            "The file {name} in the bundle is not the one the laptop signed. It was "
            "changed after signing; the bundle was refused."
        ),
    )
    return dict(present)


def _match_listed(
    listed: Mapping[str, Mapping[str, Any]],
    present: Mapping[str, bytes],
    source: str,
    *,
    missing: str,
    extra: str,
    changed: str,
) -> None:
    """Every listed file present, nothing unlisted, each matching its size and SHA-256.

    The manifest's file list and the record's attachment list are checked alike; only
    the words differ (``{names}``, ``{count}`` and ``{name}`` are filled in).
    """
    absent = sorted(set(listed) - set(present))
    if absent:
        raise BundleRefused(
            "missing-file", missing.format(names=", ".join(absent), count=len(absent)), source
        )
    unlisted = sorted(set(present) - set(listed))
    if unlisted:
        raise BundleRefused("unexpected-file", extra.format(names=", ".join(unlisted)), source)
    for name, expected in listed.items():
        content = present[name]
        if len(content) != expected["size"] or (
            hashlib.sha256(content).hexdigest() != expected["sha256"]
        ):
            raise BundleRefused("hash-mismatch", changed.format(name=name), source)


def _bad_record(source: str, detail: str) -> BundleRefused:
    return BundleRefused(
        "bad-record",
        f"The meeting record in this bundle cannot be used: {detail}",
        source,
    )


def _check_record(
    manifest: dict[str, Any], record_bytes: bytes, source: str
) -> tuple[dict[str, Any], str]:
    """The record, valid against the schema and matching what the manifest says of it,
    and its text."""
    where = f"{source} ({RECORD_NAME})" if source else RECORD_NAME
    try:
        text = record_bytes.decode("utf-8")
        record = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise _bad_record(source, "it is not JSON.") from exc
    try:
        validate_record(record, where)
    except RecordError as exc:
        raise _bad_record(source, f"{exc}.") from exc
    except RecursionError as exc:
        raise _bad_record(source, "it is nested too deeply.") from exc
    claimed = manifest["records"][0]
    meeting = record["meeting"]
    actual = {
        "meeting_id": meeting["id"],
        "case_reference": record["case"]["reference"],
        "version": meeting["version"],
        "previous_version_id": meeting["previous_version_id"],
        "fingerprint": fingerprint(record),
    }
    wrong = [key for key in actual if actual[key] != claimed[key]]
    if wrong:
        raise _bad_record(
            source,
            f"its {', '.join(wrong)} do not match the bundle's list of contents "
            "(the record fingerprint is checked against the signed manifest).",
        )
    return record, text


def _check_attachments(record: dict[str, Any], files: Mapping[str, bytes], source: str) -> None:
    """Each file the child gave, listed in the record, travels beside it, byte for byte.

    The record holds each attachment's SHA-256 (inside the fingerprint the signatures
    cover); the bundle carries the file as ``attachment-<id>.<ext>``. A file missing,
    different, or not named by the record is refused like any other damaged bundle.
    """
    from cinchair.record.build import attachment_file_name

    expected = {attachment_file_name(a): a for a in record.get("attachments", [])}
    carried = {name: files[name] for name in files if name.startswith("attachment-")}
    _match_listed(
        expected,
        carried,
        source,
        missing=(
            "The record lists {count} file(s) the child gave that the bundle does not "
            "carry ({names}). Export it again."
        ),
        extra="The bundle carries {names}, which the record does not list. It was refused.",
        changed=(
            "The file {name} is not the one the record describes (its size or SHA-256 "
            "differs). The bundle was refused."
        ),
    )
