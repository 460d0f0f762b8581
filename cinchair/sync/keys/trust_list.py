"""The council's trust list: which laptops may send bundles, and which were revoked.

The admin's record, kept as JSON beside the council keys (``cinchair.sync.council``): one
entry per device key, with the label the admin gave it, when it was trusted and, for a
lost or stolen laptop, when and why it was revoked. ``open_bundle`` refuses a bundle
signed by a device that is not on it, or revoked.

An entry also holds the laptop's **sealing key** (``cinchair.sync.keys.laptop``) when it
was trusted from the full line ``cinchair keys device`` prints: case packs are sealed to
it. Entries made from the older signing-key-only line have none (``sealing_key`` absent or
null in the file): they still send bundles, and ``sealing_key_for`` says in words why no
pack can be made for them and how to fix it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from cinchair.app.files import write_atomically
from cinchair.sync.keys.keys import (
    DevicePublicKey,
    KeyProblem,
    _b64,
    _unb64,
    iso_utc,
    parse_iso_utc,
)
from cinchair.sync.keys.laptop import LaptopPublic, laptop_fingerprint

TRUST_LIST_FORMAT = "cinchair.trust-list"
TRUST_LIST_FORMAT_VERSION = 1


@dataclass(frozen=True)
class TrustedDevice:
    """One laptop the council has trusted, and whether (and why) it was revoked since."""

    device_id: str
    public_key: str  # base64 of the raw Ed25519 key
    label: str
    trusted_at: str  # ISO UTC
    revoked_at: str | None = None
    revoke_reason: str | None = None
    sealing_key: str | None = None  # base64 of the raw X25519 key; None: bundles only

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def fingerprint(self) -> str | None:
        """The laptop's fingerprint over both keys, as it printed it (None without sealing)."""
        if self.sealing_key is None:
            return None
        return laptop_fingerprint(self.public().raw, self.sealing_raw())

    def sealing_raw(self) -> bytes:
        if self.sealing_key is None:
            raise KeyProblem(f"device {self.device_id} has no sealing key in the trust list")
        return _unb64(self.sealing_key, f"device {self.device_id}'s sealing key")

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

        ``public_text`` is the laptop's full line (both keys and their fingerprint) or the
        older line of its signing key alone. Trusting a key already trusted changes
        nothing, except that the full line adds the sealing key to an entry made from the
        older line (the same signing key, so the same laptop). A revoked key cannot be
        trusted again: it may be in a thief's hands, so the laptop must make a new key.
        """
        laptop = LaptopPublic.from_text(public_text)
        public = laptop.signing
        if not label or not label.strip():
            raise KeyProblem("give the device a label (for example the chair's name and laptop)")
        sealing = _b64(laptop.sealing) if laptop.sealing is not None else None
        existing = self._devices.get(public.device_id)
        if existing is not None:
            if existing.revoked:
                raise KeyProblem(
                    f"device {existing.device_id} ({existing.label}) was revoked on "
                    f"{existing.revoked_at} and cannot be trusted again; the laptop must make "
                    "a new device key"
                )
            if sealing is None or existing.sealing_key == sealing:
                return existing
            if existing.sealing_key is not None:
                raise KeyProblem(
                    f"device {existing.device_id} ({existing.label}) is trusted with another "
                    "sealing key. Check the fingerprint with the chair; if the laptop really "
                    "has a new key, revoke the old entry and trust the laptop's new line"
                )
            added = replace(existing, sealing_key=sealing)
            self._devices[added.device_id] = added
            return added
        entry = TrustedDevice(
            device_id=public.device_id,
            public_key=_b64(public.raw),
            label=label.strip(),
            trusted_at=iso_utc(at),
            sealing_key=sealing,
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

    def sealing_key_for(self, device_id: str) -> tuple[TrustedDevice, bytes]:
        """The entry and raw sealing key of a laptop a case pack may be sealed to.

        ``KeyProblem`` in words for a laptop not on the list, revoked, or trusted before
        laptops had sealing keys (it sends bundles, but cannot receive packs).
        """
        entry = self._devices.get(device_id)
        if entry is None:
            raise KeyProblem(
                f"no laptop {device_id!r} in the trust list: trust it first with the line "
                "'cinchair keys device' prints on it"
            )
        if entry.revoked:
            raise KeyProblem(
                f"laptop {device_id} ({entry.label}) was revoked on {entry.revoked_at} "
                f"({entry.revoke_reason}); no case pack is made for it"
            )
        if entry.sealing_key is None:
            raise KeyProblem(
                f"laptop {device_id} ({entry.label}) was trusted from its signing key alone, "
                "before laptops had sealing keys: it can send bundles but cannot receive "
                "case packs. On the laptop run 'cinchair keys device' and trust the line it "
                "prints (the same laptop; its sealing key is added)"
            )
        return entry, entry.sealing_raw()

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
    # entries written before laptops had sealing keys have no "sealing_key" at all
    if set(item) not in (fields, fields | {"sealing_key"}):
        raise ValueError(f"{where} should have exactly the fields {sorted(fields)}")
    for name in set(item):
        optional = name in ("revoked_at", "revoke_reason", "sealing_key")
        if not isinstance(item[name], str) and not (optional and item[name] is None):
            raise ValueError(f"{where}: {name} should be text")
    entry = TrustedDevice(**item)
    public = entry.public()  # KeyProblem (a ValueError) for bad base64
    if len(public.raw) != 32 or public.device_id != entry.device_id:
        raise ValueError(f"{where}: the public key does not match device id {entry.device_id!r}")
    if entry.sealing_key is not None and len(entry.sealing_raw()) != 32:
        raise ValueError(f"{where}: the sealing key is not 32 bytes")
    for moment in (entry.trusted_at, entry.revoked_at):
        if moment is not None:
            parse_iso_utc(moment)
    return entry
