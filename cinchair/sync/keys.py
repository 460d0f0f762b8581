"""The keys a sync bundle depends on: each laptop's signing key, the council's sealing key,
and the council's list of laptops it trusts.

* A **device key** (Ed25519) is made on a laptop's first run and never leaves it. It signs
  every bundle the laptop exports, so the council can tell which laptop made a bundle and
  that nobody changed it since.
* The **council keys** (X25519) are made once by the council admin. The public half ships
  to every laptop and seals bundles so only the council can read them; the private half
  stays with the admin, encrypted with a passphrase.
* The **trust list** is the admin's record of which device keys may send bundles, and of
  the ones revoked (a lost or stolen laptop).

Public keys travel as one line of text (``public_text``) so an admin can paste them into an
email, a ticket or a form and compare the short id read out over the phone.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey,
    X25519PublicKey,
)

from cinchair.files import write_atomically

DEVICE_KEY_FILE = "device-key.pem"
DEVICE_TEXT_TAG = "cinchair-device-ed25519"
COUNCIL_TEXT_TAG = "cinchair-council-x25519"
MIN_PASSPHRASE_LENGTH = 12
KEY_ID_HEX_DIGITS = 16
TRUST_LIST_FORMAT = "cinchair.trust-list"
TRUST_LIST_FORMAT_VERSION = 1


class KeyProblem(ValueError):
    """A key or trust list that cannot be used, with the file and what to do in plain words."""


def key_id(raw_public: bytes) -> str:
    """The short id of a public key: the first 16 hex digits of SHA-256 of its raw bytes.

    16 hex digits (64 bits) are short enough to read out over the phone and far too many
    to find a second key with the same id by chance. Lower case and ungrouped, so the id
    can sit in JSON, file names and messages unchanged.
    """
    return hashlib.sha256(raw_public).hexdigest()[:KEY_ID_HEX_DIGITS]


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise KeyProblem(f"{what}: the key part is not valid base64") from exc


def _aware_utc(moment: datetime, what: str) -> datetime:
    """UTC, refusing naive datetimes: a trust list is compared across machines and zones."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime")
    return moment.astimezone(UTC)


def iso_utc(moment: datetime) -> str:
    """``2026-11-23T10:15:00Z``: whole seconds in UTC, the same form the record uses."""
    return _aware_utc(moment, "moment").strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso_utc(text: str) -> datetime:
    """The inverse of ``iso_utc``; ``ValueError`` for anything else."""
    if not isinstance(text, str) or not text.endswith("Z"):
        raise ValueError(f"{text!r} is not a UTC moment ending in Z")
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _parse_public_text(text: str, tag: str, kind: str) -> tuple[bytes, str]:
    """``(raw key, key id)`` from ``<tag> <base64> <id>``, checking the id matches the key.

    The id at the end is redundant on purpose: a key mangled while being pasted no longer
    matches its id, so the mistake shows here instead of as a refused bundle weeks later.
    """
    if not isinstance(text, str):
        raise KeyProblem(f"a {kind} public key must be text")
    parts = text.split()
    if not parts:
        raise KeyProblem(f"the {kind} public key is empty; paste the whole line")
    if parts[0] != tag:
        raise KeyProblem(
            f"this is not a {kind} public key: it should start with {tag!r}"
            + (f", not {parts[0][:40]!r}" if parts[0] else "")
        )
    if len(parts) != 3:
        raise KeyProblem(
            f"the {kind} public key should be three words ({tag} <key> <id>); "
            f"it has {len(parts)}: paste the whole line"
        )
    raw = _unb64(parts[1], f"the {kind} public key")
    if len(raw) != 32:
        raise KeyProblem(
            f"the {kind} public key is {len(raw)} bytes long, not 32: is it cut short?"
        )
    expected = key_id(raw)
    if parts[2].lower() != expected:
        raise KeyProblem(
            f"the {kind} public key does not match its id ({parts[2]!r}, expected "
            f"{expected!r}): it was changed or mistyped; copy it again from the source"
        )
    return raw, expected


# --- device keys -------------------------------------------------------------------------


@dataclass(frozen=True)
class DevicePublicKey:
    """A laptop's public signing key, as an admin pastes it into the trust list."""

    raw: bytes

    @property
    def device_id(self) -> str:
        return key_id(self.raw)

    @property
    def base64(self) -> str:
        """The raw key in standard base64, as the manifest and the trust list hold it."""
        return _b64(self.raw)

    @classmethod
    def from_text(cls, text: str) -> DevicePublicKey:
        raw, _ = _parse_public_text(text, DEVICE_TEXT_TAG, "device")
        return cls(raw)

    def public_text(self) -> str:
        return f"{DEVICE_TEXT_TAG} {self.base64} {self.device_id}"

    def verify(self, signature: bytes, data: bytes) -> bool:
        """True only if ``signature`` is this key's Ed25519 signature of exactly ``data``."""
        return verify_ed25519(self.raw, signature, data)


class DeviceKey:
    """This laptop's Ed25519 signing key, kept unencrypted in ``device-key.pem``.

    Unencrypted because the laptop must sign exports without asking for a second password;
    the file is readable only by its owner (0600 on POSIX) and lives in the user's data
    folder, and a lost laptop is handled by revoking its key at the council.
    """

    def __init__(self, private: Ed25519PrivateKey, path: Path | None = None) -> None:
        self._private = private
        self.path = path
        self.public = DevicePublicKey(
            private.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            )
        )

    def __repr__(self) -> str:  # never show key material, even by accident in a log
        return f"DeviceKey(device_id={self.device_id!r})"

    @classmethod
    def generate(cls) -> DeviceKey:
        """A fresh key that is not saved anywhere (tests, or a caller saving it itself)."""
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def load_or_create(cls, folder: Path | None = None) -> DeviceKey:
        """The key in ``folder/device-key.pem``, made and saved there if the file is absent.

        ``folder`` defaults to the user's data folder. A file that exists but cannot be read
        as a key is never replaced: bundles already trusted at the council were signed with
        it, so a silent new key would only move the failure somewhere harder to explain.
        """
        if folder is None:
            from cinchair.paths import data_dir

            folder = data_dir()
        path = Path(folder) / DEVICE_KEY_FILE
        if not path.exists():
            cls._create(path)
        return cls._load(path)

    @classmethod
    def _create(cls, path: Path) -> None:
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        # write_atomically stages the bytes in a mkstemp file, which is already 0600; the
        # chmod keeps that promise even if the staging ever changes.
        write_atomically(path, pem)
        if os.name == "posix":
            os.chmod(path, 0o600)

    @classmethod
    def _load(cls, path: Path) -> DeviceKey:
        try:
            pem = path.read_bytes()
        except OSError as exc:
            raise KeyProblem(
                f"the device key file {path} cannot be read ({exc.strerror or exc}); "
                "check its permissions. It was left as it is."
            ) from exc
        try:
            private = serialization.load_pem_private_key(pem, password=None)
        except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
            raise KeyProblem(_damaged_device_key(path, "it is not a readable PEM key")) from exc
        if not isinstance(private, Ed25519PrivateKey):
            raise KeyProblem(_damaged_device_key(path, "it holds a key of another kind"))
        return cls(private, path)

    @property
    def device_id(self) -> str:
        return self.public.device_id

    def public_bytes(self) -> bytes:
        """The raw 32-byte public key."""
        return self.public.raw

    def public_text(self) -> str:
        """``cinchair-device-ed25519 <base64> <device_id>``: what the admin pastes to trust."""
        return self.public.public_text()

    def sign(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``data``."""
        return self._private.sign(data)


def _damaged_device_key(path: Path, detail: str) -> str:
    return (
        f"the device key file {path} is damaged or is not a cinchair device key ({detail}). "
        "It was left as it is. Restore it from a backup; if there is none, move the file "
        "aside and start cinchair again to make a new device key, then ask the council admin "
        "to trust the new key."
    )


# --- council keys ------------------------------------------------------------------------


@dataclass(frozen=True)
class CouncilPublicKey:
    """The council's public sealing key: every laptop has it, only the council can open."""

    raw: bytes

    @property
    def key_id(self) -> str:
        return key_id(self.raw)

    @property
    def digest(self) -> bytes:
        """The full SHA-256 of the raw key, written in every bundle's header."""
        return hashlib.sha256(self.raw).digest()

    @classmethod
    def from_text(cls, text: str) -> CouncilPublicKey:
        """Parse ``cinchair-council-x25519 <base64> <key_id>``; ``KeyProblem`` if it is wrong."""
        raw, _ = _parse_public_text(text, COUNCIL_TEXT_TAG, "council")
        return cls(raw)

    def public_text(self) -> str:
        return f"{COUNCIL_TEXT_TAG} {_b64(self.raw)} {self.key_id}"

    def x25519(self) -> X25519PublicKey:
        return X25519PublicKey.from_public_bytes(self.raw)


class CouncilKeys:
    """The council's X25519 key pair; the private half opens bundles sealed to the public."""

    def __init__(self, private: X25519PrivateKey) -> None:
        self._private = private
        self.public = CouncilPublicKey(
            private.public_key().public_bytes(
                serialization.Encoding.Raw, serialization.PublicFormat.Raw
            )
        )

    def __repr__(self) -> str:
        return f"CouncilKeys(key_id={self.key_id!r})"

    @classmethod
    def generate(cls) -> CouncilKeys:
        return cls(X25519PrivateKey.generate())

    @property
    def key_id(self) -> str:
        return self.public.key_id

    def public_text(self) -> str:
        """``cinchair-council-x25519 <base64> <key_id>``: what goes on every laptop."""
        return self.public.public_text()

    def exchange(self, peer_raw: bytes) -> bytes:
        """The X25519 shared secret with ``peer_raw``; ``ValueError`` for a degenerate key."""
        return self._private.exchange(X25519PublicKey.from_public_bytes(peer_raw))

    def save_private(self, path: Path, passphrase: str) -> Path:
        """Write the private key as passphrase-encrypted PKCS#8 PEM, atomically, mode 0600."""
        return save_protected(self._private, path, passphrase)

    @classmethod
    def load_private(cls, path: Path, passphrase: str) -> CouncilKeys:
        """The key pair saved by ``save_private``; ``KeyProblem`` on any failure."""
        return cls(load_protected(path, passphrase, X25519PrivateKey, "council private key"))


def save_protected(private: Any, path: Path, passphrase: str) -> Path:
    """A council private key as passphrase-encrypted PKCS#8 PEM, atomically, mode 0600."""
    _check_new_passphrase(passphrase)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )
    path = Path(path)
    write_atomically(path, pem)
    if os.name == "posix":
        os.chmod(path, 0o600)
    return path


def load_protected(path: Path, passphrase: str, kind: type, what: str) -> Any:
    """The private key of type ``kind`` saved by ``save_protected``; ``KeyProblem`` if not."""
    path = Path(path)
    try:
        pem = path.read_bytes()
    except OSError as exc:
        raise KeyProblem(f"the {what} file {path} cannot be read ({exc.strerror or exc})") from exc
    if b"-----BEGIN ENCRYPTED PRIVATE KEY-----" not in pem:
        raise KeyProblem(
            f"{path} is not a passphrase-protected {what}; "
            "choose the file made when the council keys were created"
        )
    try:
        private = serialization.load_pem_private_key(pem, password=passphrase.encode("utf-8"))
    except (ValueError, TypeError) as exc:
        # The file is an encrypted key (checked above), so a failed decrypt is almost
        # always the passphrase; OpenSSL cannot tell it apart from a damaged file.
        raise KeyProblem(f"wrong passphrase for {path}") from exc
    except UnsupportedAlgorithm as exc:
        raise KeyProblem(f"{path} uses a key encryption this system cannot read") from exc
    if not isinstance(private, kind):
        raise KeyProblem(f"{path} holds a key of another kind, not a {what}")
    return private


def verify_ed25519(raw_public: bytes, signature: bytes, data: bytes) -> bool:
    """True only if ``signature`` is the Ed25519 signature of exactly ``data``."""
    try:
        Ed25519PublicKey.from_public_bytes(raw_public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def _check_new_passphrase(passphrase: str) -> None:
    if not isinstance(passphrase, str) or not passphrase.strip():
        raise KeyProblem("the council key needs a passphrase; an empty one is refused")
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise KeyProblem(
            f"the passphrase is {len(passphrase)} characters; use at least "
            f"{MIN_PASSPHRASE_LENGTH} (a few unrelated words are easy to remember)"
        )


# --- trust list --------------------------------------------------------------------------


@dataclass(frozen=True)
class TrustedDevice:
    """One laptop the council has trusted, and whether (and why) it was revoked since."""

    device_id: str
    public_key: str  # base64 of the raw Ed25519 key
    label: str
    trusted_at: str  # ISO UTC
    revoked_at: str | None = None
    revoke_reason: str | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def public(self) -> DevicePublicKey:
        return DevicePublicKey(_unb64(self.public_key, f"device {self.device_id}"))


class TrustList:
    """The council's trusted devices, kept in one JSON file the caller names.

    Entries are never deleted: a revoked device stays listed so that a bundle it signs
    is refused as *revoked* (with the date and reason) rather than as merely unknown.
    """

    def __init__(self, devices: list[TrustedDevice] | None = None) -> None:
        self._devices: dict[str, TrustedDevice] = {d.device_id: d for d in devices or []}

    @classmethod
    def load(cls, path: Path) -> TrustList:
        """The list in ``path``; an empty list if the file does not exist yet."""
        path = Path(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return cls()
        except OSError as exc:
            raise KeyProblem(
                f"the trust list {path} cannot be read ({exc.strerror or exc})"
            ) from exc
        try:
            return cls(_devices_from_json(json.loads(raw.decode("utf-8"))))
        except (ValueError, TypeError, KeyError, RecursionError) as exc:
            raise KeyProblem(
                f"the trust list {path} is damaged ({exc}); it was left as it is. "
                "Restore it from a backup, or fix the entry by hand."
            ) from exc

    def save(self, path: Path) -> Path:
        document = {
            "format": TRUST_LIST_FORMAT,
            "format_version": TRUST_LIST_FORMAT_VERSION,
            "devices": [asdict(d) for d in self.entries()],
        }
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        return write_atomically(Path(path), text.encode("utf-8"))

    def trust(self, public_text: str, label: str, at: datetime) -> TrustedDevice:
        """Trust the device whose ``public_text`` an admin pasted; the new (or same) entry.

        Trusting a key already trusted changes nothing. A revoked key cannot be trusted
        again: it may be in a thief's hands, so the laptop must make a new key.
        """
        public = DevicePublicKey.from_text(public_text)
        if not label or not label.strip():
            raise KeyProblem("give the device a label (for example the chair's name and laptop)")
        existing = self._devices.get(public.device_id)
        if existing is not None:
            if existing.revoked:
                raise KeyProblem(
                    f"device {existing.device_id} ({existing.label}) was revoked on "
                    f"{existing.revoked_at} and cannot be trusted again; the laptop must make "
                    "a new device key"
                )
            return existing
        entry = TrustedDevice(
            device_id=public.device_id,
            public_key=_b64(public.raw),
            label=label.strip(),
            trusted_at=iso_utc(at),
        )
        self._devices[entry.device_id] = entry
        return entry

    def revoke(self, device_id: str, reason: str, at: datetime) -> TrustedDevice:
        """Mark a device revoked: every bundle it signed is refused from now on.

        Revoking twice keeps the first date and reason, which are the ones that matter.
        """
        entry = self._devices.get(device_id)
        if entry is None:
            raise KeyProblem(f"no device {device_id!r} in the trust list")
        if not reason or not reason.strip():
            raise KeyProblem("say why the device is revoked (for example 'laptop stolen')")
        if entry.revoked:
            return entry
        revoked = replace(entry, revoked_at=iso_utc(at), revoke_reason=reason.strip())
        self._devices[device_id] = revoked
        return revoked

    def lookup(self, device_id: str) -> TrustedDevice | None:
        return self._devices.get(device_id)

    def entries(self) -> list[TrustedDevice]:
        """Every device, oldest trust first (then by id, so the file diffs cleanly)."""
        return sorted(self._devices.values(), key=lambda d: (d.trusted_at, d.device_id))

    def __iter__(self) -> Iterator[TrustedDevice]:
        return iter(self.entries())

    def __len__(self) -> int:
        return len(self._devices)


def _devices_from_json(document: Any) -> list[TrustedDevice]:
    if not isinstance(document, dict) or document.get("format") != TRUST_LIST_FORMAT:
        raise ValueError(f"it is not a trust list (format should be {TRUST_LIST_FORMAT!r})")
    version = document.get("format_version")
    if version != TRUST_LIST_FORMAT_VERSION:
        raise ValueError(f"format version {version!r} is not one this cinchair reads")
    devices = document.get("devices")
    if not isinstance(devices, list):
        raise ValueError("'devices' should be a list")
    return [_device_from_json(item, i) for i, item in enumerate(devices)]


def _device_from_json(item: Any, index: int) -> TrustedDevice:
    where = f"device {index + 1}"
    if not isinstance(item, dict):
        raise ValueError(f"{where} is not an object")
    fields = {
        "device_id",
        "public_key",
        "label",
        "trusted_at",
        "revoked_at",
        "revoke_reason",
    }
    if set(item) != fields:
        raise ValueError(f"{where} should have exactly the fields {sorted(fields)}")
    for name in fields:
        optional = name in ("revoked_at", "revoke_reason")
        if not isinstance(item[name], str) and not (optional and item[name] is None):
            raise ValueError(f"{where}: {name} should be text")
    entry = TrustedDevice(**item)
    public = entry.public()  # KeyProblem (a ValueError) for bad base64
    if len(public.raw) != 32 or public.device_id != entry.device_id:
        raise ValueError(f"{where}: the public key does not match device id {entry.device_id!r}")
    for moment in (entry.trusted_at, entry.revoked_at):
        if moment is not None:
            parse_iso_utc(moment)
    return entry
