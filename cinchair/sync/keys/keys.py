"""The keys a sync bundle depends on: each laptop's signing key, the council's sealing key,
and the council's list of laptops it trusts.

* A **device key** (Ed25519) is made on a laptop's first run and never leaves it. It signs
  every bundle the laptop exports, so the council can tell which laptop made a bundle and
  that nobody changed it since.
* The **council keys** (X25519) are made once by the council admin. The public half ships
  to every laptop and seals bundles so only the council can read them; the private half
  stays with the admin in a file protected like the chair's store key (scrypt, then
  AES-256-GCM, under a passphrase; older PBKDF2 PEM files are upgraded on first use).
* The **trust list** is the admin's record of which device keys may send bundles, and of
  the ones revoked (a lost or stolen laptop): ``cinchair.sync.keys.trust_list``.

How the council's private keys are kept on disk is ``cinchair.sync.keys.council_key_file``.

Public keys travel as one line of text (``public_text``) so an admin can paste them into an
email, a ticket or a form and compare the short id read out over the phone.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

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

from cinchair.security.key_wrap import SCRYPT_N
from cinchair.sync.keys.council_key_file import load_protected, save_protected
from cinchair.sync.keys.problem import KeyProblem as KeyProblem  # raised by every key call

DEVICE_KEY_FILE = "device-key.pem"
DEVICE_TEXT_TAG = "cinchair-device-ed25519"
COUNCIL_TEXT_TAG = "cinchair-council-x25519"
KEY_ID_HEX_DIGITS = 16


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
    """This laptop's Ed25519 signing key.

    Kept inside the chair's encrypted store (``cinchair.sync.keys.device``), never in a clear
    file: whoever holds it can sign bundles the council accepts as this laptop's, so it
    must be no easier to take than the records it signs for. A lost laptop is still
    revoked at the council, but without the chair's passphrase there is nothing to sign
    with meanwhile.
    """

    def __init__(self, private: Ed25519PrivateKey, path: Path | None = None) -> None:
        self._private = private
        self.path = path  # the old clear file it was read from, if it was
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
    def from_private_raw(cls, raw: bytes) -> DeviceKey:
        """The key from its raw 32 private bytes (as the store keeps it); ``KeyProblem``
        for anything else."""
        if not isinstance(raw, bytes) or len(raw) != 32:
            raise KeyProblem("a device key is 32 bytes; this one is damaged")
        return cls(Ed25519PrivateKey.from_private_bytes(raw))

    def private_raw(self) -> bytes:
        """The raw 32 private bytes, only for keeping the key in the encrypted store.

        Never log, show or copy them anywhere else: they are the laptop's identity.
        """
        return self._private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )

    @classmethod
    def read_old_file(cls, path: Path) -> DeviceKey:
        """The key in an old clear ``device-key.pem`` (unencrypted PKCS#8 PEM).

        Only for moving it into the store. A file that cannot be read as a device key is
        reported (``KeyProblem``) and never replaced: bundles already trusted at the
        council were signed with it, so a silent new key would only move the failure
        somewhere harder to explain.
        """
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

    def save_private(self, path: Path, passphrase: str, *, work: int = SCRYPT_N) -> Path:
        """Write the private key under ``passphrase`` (``save_protected``), atomically, 0600."""
        return save_protected(self._private, path, passphrase, work=work)

    @classmethod
    def load_private(cls, path: Path, passphrase: str) -> CouncilKeys:
        """The key pair saved by ``save_private`` (an older PEM file is upgraded on the way);
        ``KeyProblem`` on any failure."""
        return cls(load_protected(path, passphrase, X25519PrivateKey, "council private key"))


def verify_ed25519(raw_public: bytes, signature: bytes, data: bytes) -> bool:
    """True only if ``signature`` is the Ed25519 signature of exactly ``data``."""
    try:
        Ed25519PublicKey.from_public_bytes(raw_public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True
