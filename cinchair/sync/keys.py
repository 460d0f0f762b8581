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
  the ones revoked (a lost or stolen laptop).

Public keys travel as one line of text (``public_text``) so an admin can paste them into an
email, a ticket or a form and compare the short id read out over the phone.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
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

from cinchair import key_wrap
from cinchair.files import CannotWrite, write_atomically
from cinchair.key_wrap import SCRYPT_N

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
    """This laptop's Ed25519 signing key.

    Kept inside the chair's encrypted store (``cinchair.sync.device``), never in a clear
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


# --- council private key files -----------------------------------------------------------
#
# The council's private keys open every bundle and every chair's recovery copy, so a copied
# key file must be as slow to guess at as the chair's own store key: the same scrypt
# (n=2^17, r=8, p=1) and AES-256-GCM (``cinchair.key_wrap``), in a small JSON file:
#
#   {"format": "cinchair.council-key", "version": 1, "kind": "x25519" | "ed25519",
#    "public_key": b64, "kdf": {"name": "scrypt", "n", "r", "p", "salt": b64},
#    "nonce": b64, "encrypted_key": b64 (the raw 32-byte private key + GCM tag),
#    "checksum": "sha256:<hex of the other fields as canonical JSON>"}
#
# The format, version, kind and public key are the AES-GCM associated data, so a file
# edited to claim another kind (or key) does not open. The checksum is not a secret: it
# tells accidental damage (a flipped bit, a cut-short copy) from a wrong passphrase,
# which AES-GCM alone cannot; a deliberate edit that recomputes it still fails the tag.
#
# Files written before this format are PKCS#8 PEM encrypted by ``BestAvailableEncryption``
# (PBKDF2-HMAC-SHA256 at 2048 iterations with cryptography 50: cheap to guess at). They
# still open, and are rewritten in the new format the first time they open with the right
# passphrase. The content is sniffed (``{`` or the PEM header), never the file name.

COUNCIL_KEY_FORMAT = "cinchair.council-key"
COUNCIL_KEY_VERSION = 1
OLD_PEM_HEADER = b"-----BEGIN ENCRYPTED PRIVATE KEY-----"
OLD_PEM_FOOTER = b"-----END ENCRYPTED PRIVATE KEY-----"
_KINDS: dict[str, type] = {"x25519": X25519PrivateKey, "ed25519": Ed25519PrivateKey}
# 128 * n * r bytes of memory per derivation: a file asking for more than this is damaged
# (or hostile), and is refused rather than obeyed. The app's own cost is 128 MiB.
_MAX_SCRYPT_MEMORY = 2**30


def _kind_name(private_or_type: Any) -> str:
    for name, kind in _KINDS.items():
        if private_or_type is kind or isinstance(private_or_type, kind):
            return name
    raise TypeError(f"{private_or_type!r} is not a kind of key a council key file holds")


def _raw_private(private: Any) -> bytes:
    return private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def _raw_public(private: Any) -> bytes:
    return private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )


def _associated(kind: str, public: str) -> bytes:
    """What the AES-GCM tag binds besides the key itself: format, version, kind, public key."""
    return f"{COUNCIL_KEY_FORMAT}\n{COUNCIL_KEY_VERSION}\n{kind}\n{public}".encode("ascii")


def _checksum(document: dict[str, Any]) -> str:
    fields = {name: value for name, value in document.items() if name != "checksum"}
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _damaged(path: Path, what: str, detail: str) -> KeyProblem:
    return KeyProblem(
        f"the {what} file {path} is damaged ({detail}); it was left as it is. Restore it "
        "from the backup of the council key folder"
    )


def _wrong_passphrase(path: Path) -> KeyProblem:
    # Neither AES-GCM nor OpenSSL's PKCS#8 decryption can tell a wrong passphrase from a
    # deliberately changed file, so the message names both.
    return KeyProblem(f"wrong passphrase for {path}, or the file was changed since it was saved")


def _protected_document(private: Any, passphrase: str, work: int) -> bytes:
    """The bytes of a ``cinchair.council-key`` file holding ``private`` under ``passphrase``."""
    kind = _kind_name(private)
    public = key_wrap.b64(_raw_public(private))
    wrapped = key_wrap.wrap(_raw_private(private), passphrase, _associated(kind, public), n=work)
    document: dict[str, Any] = {
        "format": COUNCIL_KEY_FORMAT,
        "version": COUNCIL_KEY_VERSION,
        "kind": kind,
        "public_key": public,
        "kdf": wrapped.kdf_json(),
        "nonce": key_wrap.b64(wrapped.nonce),
        "encrypted_key": key_wrap.b64(wrapped.ciphertext),
    }
    document["checksum"] = _checksum(document)
    return (json.dumps(document, indent=2) + "\n").encode("ascii")


def _write_key_file(path: Path, content: bytes) -> Path:
    # write_atomically stages the bytes in a mkstemp file, which is already 0600; the
    # chmod keeps that promise even if the staging ever changes.
    write_atomically(path, content)
    if os.name == "posix":
        os.chmod(path, 0o600)
    return path


def save_protected(private: Any, path: Path, passphrase: str, *, work: int = SCRYPT_N) -> Path:
    """A council private key under ``passphrase`` in a ``cinchair.council-key`` file.

    Written atomically, mode 0600 on POSIX. ``work`` is the scrypt cost n; the app always
    uses the default (about 0.3 s and 128 MiB per guess), and only tests pass a smaller
    one so that making many key folders stays quick. The file records its cost, so
    opening it needs no such argument.
    """
    _check_new_passphrase(passphrase)
    return _write_key_file(Path(path), _protected_document(private, passphrase, work))


@dataclass(frozen=True)
class _Document:
    """A ``cinchair.council-key`` file whose structure checks out (not yet decrypted)."""

    kind: str
    public: str  # base64, as in the file and the associated data
    wrapped: key_wrap.Wrapped


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{value!r} is not a whole number")
    return value


def _field_bytes(holder: dict[str, Any], name: str, size: int, path: Path, what: str) -> bytes:
    value = holder.get(name)
    try:
        if not isinstance(value, str):
            raise ValueError("missing")
        raw = key_wrap.unb64(value)
    except ValueError as exc:
        raise _damaged(path, what, f"its {name} is not base64") from exc
    if len(raw) != size:
        raise _damaged(path, what, f"its {name} is {len(raw)} bytes, not {size}")
    return raw


def _read_document(data: bytes, path: Path, what: str) -> _Document:
    """The checked structure of a new-format file; ``KeyProblem`` saying what is wrong."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _damaged(path, what, f"it is cut short or not JSON: {exc}") from exc
    found = document.get("format") if isinstance(document, dict) else None
    if found != COUNCIL_KEY_FORMAT:
        named = f" (it is a {found!r} file)" if isinstance(found, str) else ""
        raise KeyProblem(
            f"{path} is not a passphrase-protected {what}{named}; "
            "choose the file made when the council keys were created"
        )
    version = document.get("version")
    if isinstance(version, int) and version > COUNCIL_KEY_VERSION:
        raise KeyProblem(f"{path} was made by a newer cinchair (version {version}); update it")
    if document.get("checksum") != _checksum(document):
        raise _damaged(path, what, "its contents no longer match its checksum")
    if version != COUNCIL_KEY_VERSION or isinstance(version, bool):
        raise _damaged(path, what, f"its version {version!r} is not one cinchair writes")
    kind = document.get("kind")
    if kind not in _KINDS:
        raise _damaged(path, what, f"its key kind {kind!r} is not x25519 or ed25519")
    kdf = document.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
        raise _damaged(path, what, "its key derivation is not scrypt")
    try:
        n, r, p = _whole(kdf.get("n")), _whole(kdf.get("r")), _whole(kdf.get("p"))
    except TypeError as exc:
        raise _damaged(path, what, f"its scrypt settings are not whole numbers: {exc}") from exc
    if n < 2 or n & (n - 1) or not 1 <= r <= 32 or not 1 <= p <= 16:
        raise _damaged(path, what, f"its scrypt settings n={n}, r={r}, p={p} are out of range")
    if 128 * n * r > _MAX_SCRYPT_MEMORY:
        raise _damaged(path, what, f"its scrypt settings n={n}, r={r} ask for too much memory")
    salt = _field_bytes(kdf, "salt", key_wrap.SALT_BYTES, path, what)
    nonce = _field_bytes(document, "nonce", key_wrap.NONCE_BYTES, path, what)
    sealed = _field_bytes(document, "encrypted_key", 32 + 16, path, what)  # key + GCM tag
    _field_bytes(document, "public_key", 32, path, what)
    return _Document(kind, document["public_key"], key_wrap.Wrapped(salt, nonce, sealed, n, r, p))


def _open_document(data: bytes, path: Path, passphrase: str, kind: type, what: str) -> Any:
    """The private key in a new-format file; ``KeyProblem`` saying what is wrong."""
    document = _read_document(data, path, what)
    if document.kind != _kind_name(kind):
        raise KeyProblem(f"{path} holds a key of another kind ({document.kind}), not a {what}")
    try:
        raw = key_wrap.unwrap(
            document.wrapped, passphrase, _associated(document.kind, document.public)
        )
    except key_wrap.NotOpened as exc:
        raise _wrong_passphrase(path) from exc
    private = kind.from_private_bytes(raw)
    if key_wrap.b64(_raw_public(private)) != document.public:
        raise _damaged(path, what, "its public key does not belong to its private key")
    return private


def _open_old_pem(data: bytes, path: Path, passphrase: str, kind: type, what: str) -> Any:
    """The private key in a PKCS#8 PEM file written before the scrypt format."""
    if OLD_PEM_FOOTER not in data:
        raise _damaged(path, what, "the PEM text is cut short")
    try:
        private = serialization.load_pem_private_key(data, password=passphrase.encode("utf-8"))
    except (ValueError, TypeError) as exc:
        raise _wrong_passphrase(path) from exc
    except UnsupportedAlgorithm as exc:
        raise KeyProblem(f"{path} uses a key encryption this system cannot read") from exc
    if not isinstance(private, kind):
        raise KeyProblem(f"{path} holds a key of another kind, not a {what}")
    return private


def _upgrade_old_pem(
    path: Path, private: Any, passphrase: str, kind: type, what: str
) -> str | None:
    """Rewrite an old PEM key file in the scrypt format; ``None`` when done, else why not.

    The new bytes are opened again through the full reading path (scrypt included) and
    must give the very same key before they replace the old file, so a fault here cannot
    cost the council its key. A folder that cannot be written (a read-only share, another
    account's folder) leaves the old file working as before: the caller may be an import
    run, which must not fail over this; ``OpenedKeyFile.note`` says it for those who ask.
    """
    content = _protected_document(private, passphrase, SCRYPT_N)
    try:
        again = _open_document(content, path, passphrase, kind, what)
    except KeyProblem as exc:
        return f"the rewritten file did not open ({exc}), so the old one was kept"
    if _raw_private(again) != _raw_private(private):
        return "the rewritten file did not give back the same key, so the old one was kept"
    try:
        write_atomically(path, content)
    except CannotWrite as exc:
        return exc.reason
    if os.name == "posix":
        with contextlib.suppress(OSError):  # staged at 0600 already; the upgrade is done
            os.chmod(path, 0o600)
    return None


@dataclass(frozen=True)
class OpenedKeyFile:
    """A council key file opened with its passphrase, and what became of an older format."""

    path: Path
    private: Any = field(repr=False)
    was_old_pem: bool = False
    upgrade_problem: str | None = None  # why an old PEM file was not rewritten; it still works

    @property
    def upgraded(self) -> bool:
        return self.was_old_pem and self.upgrade_problem is None

    @property
    def note(self) -> str | None:
        """A calm line for the admin when an old file could not be upgraded; else ``None``."""
        if self.upgrade_problem is None:
            return None
        return (
            f"{self.path.name} is still in the older PEM format, which is quicker to guess "
            f"at: it opened, but could not be rewritten with scrypt ({self.upgrade_problem}). "
            "Run 'cinchair keys council-upgrade' from an account that can write to "
            f"{self.path.parent}."
        )


def open_protected(path: Path, passphrase: str, kind: type, what: str) -> OpenedKeyFile:
    """Open a council key file (either format) with ``passphrase``; ``KeyProblem`` if not.

    An old PEM file that opens is rewritten in the scrypt format in place (see
    ``_upgrade_old_pem``); if that cannot be written, the key is returned all the same
    and ``upgrade_problem`` says why.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyProblem(f"the {what} file {path} cannot be read ({exc.strerror or exc})") from exc
    if data.lstrip().startswith(b"{"):
        return OpenedKeyFile(path, _open_document(data, path, passphrase, kind, what))
    if OLD_PEM_HEADER in data:
        private = _open_old_pem(data, path, passphrase, kind, what)
        problem = _upgrade_old_pem(path, private, passphrase, kind, what)
        return OpenedKeyFile(path, private, was_old_pem=True, upgrade_problem=problem)
    raise KeyProblem(
        f"{path} is not a passphrase-protected {what}; "
        "choose the file made when the council keys were created"
    )


def load_protected(path: Path, passphrase: str, kind: type, what: str) -> Any:
    """The private key of type ``kind`` saved by ``save_protected``; ``KeyProblem`` if not."""
    return open_protected(path, passphrase, kind, what).private


@dataclass(frozen=True)
class KeyFileProtection:
    """How a council key file is protected, told without its passphrase."""

    path: Path
    current: bool  # the scrypt format at (at least) the app's own cost
    summary: str


def key_file_protection(path: Path, what: str = "council key") -> KeyFileProtection:
    """What ``cinchair keys council-status`` says about one key file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return KeyFileProtection(path, False, "missing")
    except OSError as exc:
        return KeyFileProtection(path, False, f"cannot be read ({exc.strerror or exc})")
    if data.lstrip().startswith(b"{"):
        try:
            document = _read_document(data, path, what)
        except KeyProblem as exc:
            return KeyFileProtection(path, False, str(exc))
        w = document.wrapped
        summary = (
            f"{document.kind} key, scrypt (n=2^{w.n.bit_length() - 1}, r={w.r}, p={w.p}) "
            "and AES-256-GCM"
        )
        if w.n < SCRYPT_N:
            summary += f", at a lower cost than the app's 2^{SCRYPT_N.bit_length() - 1}"
        return KeyFileProtection(path, w.n >= SCRYPT_N, summary)
    if OLD_PEM_HEADER in data:
        return KeyFileProtection(
            path,
            False,
            "older format: PKCS#8 PEM encrypted with PBKDF2, quick to guess at; it is "
            "rewritten with scrypt the next time the keys are opened with their passphrase "
            "from an account that can write to the folder",
        )
    return KeyFileProtection(path, False, "not a passphrase-protected council key file")


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
