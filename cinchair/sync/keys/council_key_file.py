"""The files that hold the council's private keys, protected like a chair's store key.

Kept apart from ``cinchair.sync.keys.keys`` (what the keys are and do) because this is how
they are kept on disk: the file format, reading it with errors that tell a wrong
passphrase from a damaged file, and upgrading files written in the older format.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from cinchair.app.files import CannotWrite, write_atomically
from cinchair.security import key_wrap
from cinchair.security.key_wrap import SCRYPT_N
from cinchair.sync.keys.problem import KeyProblem, check_new_passphrase

# --- council private key files -----------------------------------------------------------
#
# The council's private keys open every bundle and every chair's recovery copy, so a copied
# key file must be as slow to guess at as the chair's own store key: the same scrypt
# (n=2^17, r=8, p=1) and AES-256-GCM (``cinchair.security.key_wrap``), in a small JSON file:
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


PrivateKey = Ed25519PrivateKey | X25519PrivateKey


def _raw_private(private: PrivateKey) -> bytes:
    return private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def _raw_public(private: PrivateKey) -> bytes:
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
    check_new_passphrase(passphrase)
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


def _open_document(
    data: bytes,
    path: Path,
    passphrase: str,
    kind: type[Ed25519PrivateKey] | type[X25519PrivateKey],
    what: str,
) -> PrivateKey:
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
