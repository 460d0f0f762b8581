"""The outer layer of a bundle: sealed so only the council can read it.

The inner zip is encrypted to the council's X25519 public key: an ephemeral X25519 key
per bundle, HKDF-SHA256 bound to both public keys, AES-256-GCM with the header as
associated data. Sealing says *only the council can read it*; it does not say who sent
it (every laptop holds the council's public key), which is why the laptop's signature
is inside. Chairs' recovery copies of their store keys are sealed the same way
(``cinchair.security.vault``). See ``docs/sync-design.md`` for the byte layout.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from cinchair.sync.bundle.refusals import BundleRefused
from cinchair.sync.keys.keys import CouncilKeys, CouncilPublicKey

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

MAX_BUNDLE_BYTES = 64 * 1024 * 1024
# Sealing versions a newer cinchair could plausibly have written; any other byte there
# (0, or 200 from a flipped bit) is damage, and saying "update cinchair" would mislead.
LIKELY_NEWER_VERSIONS = 8
# A recipient key digest this close to the expected one (in differing bits, of 256) is the
# expected key with bits flipped in transit: two different keys' SHA-256 digests differ in
# about 128 bits, and 40 or fewer by chance happens about once in 10**19.
FLIPPED_BITS_AT_MOST = 40


def differing_bits(first: bytes, second: bytes) -> int:
    """How many bits differ between two digests of one length."""
    return sum((a ^ b).bit_count() for a, b in zip(first, second, strict=True))


def check_shape(
    head: bytes, *, size: int | None = None, max_size: int = MAX_BUNDLE_BYTES, source: str = ""
) -> None:
    """Refuse what cannot be a bundle without any key: empty, too large, not a bundle,
    an unknown sealing version, cut short. ``head`` is the file or its first
    ``HEADER_SIZE + TAG_SIZE`` bytes, ``size`` the whole file's length. Cheap, so an
    import checks every file this way before asking for the council's passphrase."""
    whole = len(head) if size is None else size
    _check_outer_header(bytes(head[: HEADER_SIZE + TAG_SIZE]), max_size, source, whole)


def derive_key(
    shared: bytes, ephemeral_raw: bytes, recipient_raw: bytes, info: bytes = HKDF_INFO
) -> bytes:
    """The AES key: HKDF over the X25519 secret, bound to both public keys and to what is
    sealed (``info``: a bundle's, or a case pack's, so one can never open as the other)."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_SIZE,
        salt=ephemeral_raw + recipient_raw,
        info=info,
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
    key = derive_key(shared, ephemeral_raw, council.raw)
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
    _check_outer_header(data, max_size, source, len(data))
    recipient = data[_RECIPIENT]
    flipped = differing_bits(recipient, council_private.public.digest)
    if 0 < flipped <= FLIPPED_BITS_AT_MOST:
        raise BundleRefused(
            "tampered",
            f"This bundle was sealed for this council, but {flipped} bit(s) of the council "
            "key it names were changed on the way, so the file was damaged in transit and "
            "cannot be opened. Ask for it to be exported and sent again.",
            source,
        )
    if flipped:
        raise BundleRefused(
            "other-council",
            f"This file names council key {recipient.hex()[:16]}, not this council's key "
            f"{council_private.key_id}, so it cannot be opened here. Either it was sealed for "
            "another council (or by a laptop with an old council.pub: install the current "
            "one on it and export again), or the file was damaged after its first bytes: "
            "ask for it to be exported and sent again.",
            source,
        )
    ephemeral_raw, nonce = data[_EPHEMERAL], data[_NONCE]
    try:
        shared = council_private.exchange(ephemeral_raw)
        key = derive_key(shared, ephemeral_raw, council_private.public.raw)
        return AESGCM(key).decrypt(nonce, data[HEADER_SIZE:], data[:HEADER_SIZE])
    except (InvalidTag, ValueError) as exc:
        raise BundleRefused(
            "tampered",
            "This bundle was damaged or altered in transit, so it cannot be opened. "
            "Ask for it to be exported and sent again.",
            source,
        ) from exc


def _check_outer_header(data: bytes, max_size: int, source: str, size: int) -> None:
    """``data`` is the file or its first bytes; ``size`` the whole file's length."""
    if not size:
        raise BundleRefused(
            "empty", "The file is empty. The copy probably failed; export it again.", source
        )
    if size > max_size:
        raise BundleRefused(
            "too-large",
            f"The file is {size:,} bytes, more than the {max_size:,} a bundle may be. "
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
    if size <= _VERSION_AT:
        raise _truncated(source)
    version = data[_VERSION_AT]
    if version != OUTER_VERSION:
        if OUTER_VERSION < version <= LIKELY_NEWER_VERSIONS:
            why = (
                "it was made by a newer cinchair (update cinchair here to import it), or the "
                "file was damaged: if this cinchair is up to date, ask for it to be sent again"
            )
        else:
            why = (
                "no cinchair writes that version, so the file was damaged (or was not made "
                "by cinchair): ask for it to be exported and sent again"
            )
        raise BundleRefused(
            "unsupported-version",
            f"This bundle says it uses sealing version {version}, which this cinchair "
            f"cannot read: {why}.",
            source,
        )
    if size < HEADER_SIZE + TAG_SIZE:
        raise _truncated(source)


def _truncated(source: str) -> BundleRefused:
    return BundleRefused(
        "truncated",
        "The bundle is cut short: the copy did not finish. Copy or export it again.",
        source,
    )
