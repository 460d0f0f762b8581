"""A laptop's two public keys as the admin trusts them: signing (Ed25519) and sealing (X25519).

The signing key says a bundle came from this laptop; the **sealing key** lets the council
send a case pack (``cinchair.sync.packs``) that only this laptop can open. An Ed25519 key
signs and cannot agree a secret, so sealing needs a key of its own, kept beside the
signing key inside the chair's encrypted store (``cinchair.sync.keys.device``).

Both travel to the admin as one line, ``cinchair-laptop <signing> <sealing> <fingerprint>``,
which ``cinchair keys device`` prints and ``cinchair keys trust`` takes. The fingerprint is
the first 16 hex digits of SHA-256 over both keys, printed in groups of four so the chair
and the admin can read it aloud to each other over the phone: a line mangled or swapped on
the way no longer matches it. The older three-word line of the signing key alone
(``cinchair-device-ed25519 ...``) is still accepted: such a laptop sends bundles as before
but cannot receive case packs until its full line is trusted.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from cinchair.sync.keys.keys import (
    DEVICE_TEXT_TAG,
    DevicePublicKey,
    KeyProblem,
    _b64,
    _unb64,
    key_id,
)

LAPTOP_TEXT_TAG = "cinchair-laptop"
RAW_KEY_BYTES = 32


def read_aloud(fingerprint: str) -> str:
    """``3f2a 91bc 0d4e 7781``: a fingerprint in groups of four, for reading over the phone."""
    return " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))


def laptop_fingerprint(signing_raw: bytes, sealing_raw: bytes) -> str:
    """The short id of a laptop's two public keys together (16 hex digits)."""
    return key_id(signing_raw + sealing_raw)


@dataclass(frozen=True)
class LaptopPublic:
    """A laptop's public keys as pasted into the trust list; ``sealing`` may be missing
    for a laptop trusted from the older signing-key-only line."""

    signing: DevicePublicKey
    sealing: bytes | None

    @property
    def device_id(self) -> str:
        return self.signing.device_id

    @property
    def fingerprint(self) -> str | None:
        if self.sealing is None:
            return None
        return laptop_fingerprint(self.signing.raw, self.sealing)

    def public_text(self) -> str:
        """The line to paste: both keys and their fingerprint (or the old line without)."""
        if self.sealing is None:
            return self.signing.public_text()
        return f"{LAPTOP_TEXT_TAG} {self.signing.base64} {_b64(self.sealing)} {self.fingerprint}"

    @classmethod
    def from_text(cls, text: str) -> LaptopPublic:
        """Either line a laptop may have printed; ``KeyProblem`` in words for anything else."""
        if not isinstance(text, str) or not text.strip():
            raise KeyProblem("the laptop's key is empty; paste the whole line")
        words = text.split()
        if words[0] == DEVICE_TEXT_TAG:
            return cls(DevicePublicKey.from_text(text), None)
        if words[0] != LAPTOP_TEXT_TAG:
            raise KeyProblem(
                f"this is not a laptop's key: it should start with {LAPTOP_TEXT_TAG!r} (what "
                "'cinchair keys device' prints on the laptop)"
            )
        if len(words) != 4:
            raise KeyProblem(
                f"the laptop's key should be four words ({LAPTOP_TEXT_TAG} <signing key> "
                f"<sealing key> <fingerprint>); it has {len(words)}: paste the whole line"
            )
        signing = _unb64(words[1], "the laptop's signing key")
        sealing = _unb64(words[2], "the laptop's sealing key")
        for raw, what in ((signing, "signing"), (sealing, "sealing")):
            if len(raw) != RAW_KEY_BYTES:
                raise KeyProblem(
                    f"the laptop's {what} key is {len(raw)} bytes long, not 32: is it cut short?"
                )
        expected = laptop_fingerprint(signing, sealing)
        if words[3].lower() != expected:
            raise KeyProblem(
                f"the laptop's key does not match its fingerprint ({words[3]!r}, expected "
                f"{read_aloud(expected)}): it was changed or mistyped; copy it again from "
                "the laptop"
            )
        return cls(DevicePublicKey(signing), sealing)


class SealingKey:
    """A laptop's X25519 key pair: case packs are sealed to the public half."""

    def __init__(self, private: X25519PrivateKey) -> None:
        self._private = private
        self.public_raw = private.public_key().public_bytes_raw()

    def __repr__(self) -> str:  # never show key material
        return f"SealingKey(public={key_id(self.public_raw)!r})"

    @classmethod
    def generate(cls) -> SealingKey:
        return cls(X25519PrivateKey.generate())

    @classmethod
    def from_private_raw(cls, raw: bytes) -> SealingKey:
        """The key from the 32 private bytes the store keeps; ``KeyProblem`` otherwise."""
        if not isinstance(raw, bytes) or len(raw) != RAW_KEY_BYTES:
            raise KeyProblem("the laptop's sealing key in the store is damaged (not 32 bytes)")
        return cls(X25519PrivateKey.from_private_bytes(raw))

    def private_raw(self) -> bytes:
        """The raw private bytes, only for keeping the key in the encrypted store."""
        return self._private.private_bytes_raw()

    def exchange(self, peer_raw: bytes) -> bytes:
        """The X25519 shared secret with ``peer_raw``; ``ValueError`` for a degenerate key."""
        return self._private.exchange(X25519PublicKey.from_public_bytes(peer_raw))
