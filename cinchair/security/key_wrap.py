"""A small secret kept under a passphrase: scrypt derives a key, AES-256-GCM wraps the secret.

Two files need this: the key file beside the chair's encrypted store (``cinchair.security.vault``)
and the council's private key files (``cinchair.sync.keys.keys``). Both hold a 32-byte secret
that opens children's records, so both get the same protection from one place: scrypt
at n=2^17, r=8, p=1 costs about a third of a second and 128 MiB per guess, which is what
makes a copied file slow to attack on a GPU, and a change of cost is made here once.

Each file format chooses its own *associated data* (its format name, and whatever else must
not be swapped between files); AES-GCM refuses the wrapped bytes if that differs. AES-GCM
cannot tell a wrong passphrase from a changed file, so ``unwrap`` says "not opened" and the
caller words it for its file.

The formats themselves (field names, error wording) stay with their modules; only the
cryptography and the base64 text form live here.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

SCRYPT_N = 2**17  # ~0.3 s and 128 MiB per guess on a council laptop
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
NONCE_BYTES = 12
KEY_BYTES = 32


class NotOpened(Exception):
    """The passphrase is wrong, or the wrapped bytes or their associated data were changed."""


def b64(data: bytes) -> str:
    """Standard base64 as text: how the key files hold bytes inside JSON."""
    return base64.b64encode(data).decode("ascii")


def unb64(text: Any) -> bytes:
    """The bytes of strict base64 ``text``; ``ValueError`` for anything else."""
    return base64.b64decode(str(text), validate=True)


def derive(passphrase: str, salt: bytes, n: int, r: int = SCRYPT_R, p: int = SCRYPT_P) -> bytes:
    """The 256-bit key scrypt derives from ``passphrase`` (UTF-8, so any script works)."""
    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


@dataclass(frozen=True)
class Wrapped:
    """A secret wrapped under a passphrase, with what is needed to unwrap it (no secret)."""

    salt: bytes
    nonce: bytes
    ciphertext: bytes
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    def kdf_json(self) -> dict[str, Any]:
        """The ``kdf`` object both key files write: name, cost parameters and salt."""
        return {"name": "scrypt", "n": self.n, "r": self.r, "p": self.p, "salt": b64(self.salt)}


def wrap(secret: bytes, passphrase: str, associated: bytes, *, n: int = SCRYPT_N) -> Wrapped:
    """``secret`` encrypted under a key derived from ``passphrase`` with a fresh salt and nonce.

    ``n`` is the scrypt cost; only tests pass a smaller one, to keep hundreds of key files
    cheap to make. The file records it, so a reader always uses what the writer used.
    """
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    kek = derive(passphrase, salt, n, SCRYPT_R, SCRYPT_P)
    return Wrapped(salt, nonce, AESGCM(kek).encrypt(nonce, secret, associated), n)


def unwrap(wrapped: Wrapped, passphrase: str, associated: bytes) -> bytes:
    """The secret inside ``wrapped``; ``NotOpened`` if the passphrase or anything bound differs."""
    kek = derive(passphrase, wrapped.salt, wrapped.n, wrapped.r, wrapped.p)
    try:
        return AESGCM(kek).decrypt(wrapped.nonce, wrapped.ciphertext, associated)
    except InvalidTag as exc:
        raise NotOpened("the passphrase is wrong, or the file was changed") from exc
