"""The outer layer of a case pack: sealed so only one laptop can read it.

The same construction as a sync bundle's sealing (``cinchair.sync.bundle.sealing``):
an ephemeral X25519 key per pack, HKDF-SHA256 bound to both public keys, AES-256-GCM with
the header as associated data. Only the recipient differs (the laptop's sealing key, not
the council's) and so do the magic and the HKDF label, so a pack can never be taken for a
bundle or a bundle for a pack, even by a program that skips the magic. Header:

``CINPACK\\0`` (8) | version (1) | SHA-256 of the laptop's sealing public key (32) |
ephemeral X25519 public key (32) | nonce (12), then the ciphertext with its 16-byte tag.

Sealing says *only this laptop can read it*; it says nothing of who made it, which is why
the council's signature is inside.
"""

from __future__ import annotations

import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from cinchair.sync.bundle.sealing import (
    FLIPPED_BITS_AT_MOST,
    KEY_SIZE,
    LIKELY_NEWER_VERSIONS,
    NONCE_SIZE,
    TAG_SIZE,
    derive_key,
    differing_bits,
)
from cinchair.sync.bundle.sealing import MAGIC as BUNDLE_MAGIC
from cinchair.sync.keys.keys import key_id
from cinchair.sync.keys.laptop import SealingKey
from cinchair.sync.packs.format import MAX_PACK_BYTES, PackRefused

MAGIC = b"CINPACK\x00"
OUTER_VERSION = 1
HKDF_INFO = b"cinchair case pack v1"
_VERSION_AT = len(MAGIC)
_RECIPIENT = slice(_VERSION_AT + 1, _VERSION_AT + 33)
_EPHEMERAL = slice(_RECIPIENT.stop, _RECIPIENT.stop + KEY_SIZE)
_NONCE = slice(_EPHEMERAL.stop, _EPHEMERAL.stop + NONCE_SIZE)
HEADER_SIZE = _NONCE.stop


def seal_to_laptop(inner: bytes, laptop_sealing_raw: bytes) -> bytes:
    """``inner`` encrypted so only the laptop holding the sealing key's private half reads it."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_raw = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(laptop_sealing_raw))
    nonce = os.urandom(NONCE_SIZE)
    recipient = hashlib.sha256(laptop_sealing_raw).digest()
    header = MAGIC + bytes([OUTER_VERSION]) + recipient + ephemeral_raw + nonce
    key = derive_key(shared, ephemeral_raw, laptop_sealing_raw, HKDF_INFO)
    return header + AESGCM(key).encrypt(nonce, inner, header)


def unseal_pack(
    data: bytes, sealing: SealingKey, *, max_size: int = MAX_PACK_BYTES, source: str = ""
) -> bytes:
    """The inner zip of a pack sealed to this laptop, or ``PackRefused`` saying why not."""
    data = bytes(data)
    _check_outer_header(data, max_size, source)
    recipient = data[_RECIPIENT]
    flipped = differing_bits(recipient, hashlib.sha256(sealing.public_raw).digest())
    if 0 < flipped <= FLIPPED_BITS_AT_MOST:
        raise PackRefused(
            "tampered",
            f"This case pack was sealed for this laptop, but {flipped} bit(s) of the key it "
            "names were changed on the way, so the file was damaged and cannot be opened. "
            "Ask the council admin for a fresh copy.",
            source,
        )
    if flipped:
        raise PackRefused(
            "other-laptop",
            f"This case pack names sealing key {recipient.hex()[:16]}, not this laptop's "
            f"key {key_id(sealing.public_raw)}, so it cannot be opened here. Either it was "
            "made for another laptop (ask the council admin to make the pack for this one), "
            "or the file was damaged after its first bytes: ask for a fresh copy.",
            source,
        )
    ephemeral_raw, nonce = data[_EPHEMERAL], data[_NONCE]
    try:
        shared = sealing.exchange(ephemeral_raw)
        key = derive_key(shared, ephemeral_raw, sealing.public_raw, HKDF_INFO)
        return AESGCM(key).decrypt(nonce, data[HEADER_SIZE:], data[:HEADER_SIZE])
    except (InvalidTag, ValueError) as exc:
        raise PackRefused(
            "tampered",
            "This case pack was damaged or altered on the way, so it cannot be opened. Ask "
            "the council admin for a fresh copy.",
            source,
        ) from exc


def _check_outer_header(data: bytes, max_size: int, source: str) -> None:
    if not data:
        raise PackRefused(
            "empty", "The file is empty: the copy probably failed. Copy it again.", source
        )
    if len(data) > max_size:
        raise PackRefused(
            "too-large",
            f"The file is {len(data):,} bytes, more than the {max_size:,} a case pack may be. "
            "It is not a case pack, or it was damaged.",
            source,
        )
    if data.startswith(BUNDLE_MAGIC[: len(data)]) and len(data) >= len(BUNDLE_MAGIC):
        raise PackRefused(
            "a-bundle",
            "This is a meeting bundle a laptop sends to the council, not a case pack. The "
            "council admin imports it; a laptop takes in only .cinpack files.",
            source,
        )
    if not data.startswith(MAGIC[: len(data)]):
        raise PackRefused(
            "not-a-pack",
            "This is not a cinchair case pack. Choose the .cinpack file the council admin "
            "made for this laptop.",
            source,
        )
    if len(data) <= _VERSION_AT:
        raise _truncated(source)
    version = data[_VERSION_AT]
    if version != OUTER_VERSION:
        if OUTER_VERSION < version <= LIKELY_NEWER_VERSIONS:
            why = (
                "it was made by a newer cinchair (update cinchair on this laptop to take it "
                "in), or the file was damaged: if this cinchair is up to date, ask the "
                "council admin for a fresh copy"
            )
        else:
            why = (
                "no cinchair writes that version, so the file was damaged (or was not made "
                "by cinchair): ask the council admin for a fresh copy"
            )
        raise PackRefused(
            "unsupported-version",
            f"This case pack says it uses sealing version {version}, which this cinchair "
            f"cannot read: {why}.",
            source,
        )
    if len(data) < HEADER_SIZE + TAG_SIZE:
        raise _truncated(source)


def _truncated(source: str) -> PackRefused:
    return PackRefused(
        "truncated",
        "The case pack is cut short: the copy did not finish. Copy it again.",
        source,
    )
