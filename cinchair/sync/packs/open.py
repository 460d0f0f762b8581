"""Opening a case pack on the laptop: every check, in order, before anything is believed.

The order mirrors ``open_bundle``: cheap checks needing no key, then the seal (this
laptop's key), then the zip (hostile until proven otherwise: anyone who has the laptop's
public sealing key can seal a file to it), then who signed it (the council key in this
laptop's ``council.pub``), and only then the contents the signature vouches for. Any
failure is a ``PackRefused`` with a code and words; nothing is written to the store.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cinchair.record.build import attachment_file_name
from cinchair.record.format import RecordError, fingerprint, validate_record
from cinchair.sync.bundle.inner_zip import read_inner_zip
from cinchair.sync.bundle.refusals import BundleRefused
from cinchair.sync.council import CouncilPublic
from cinchair.sync.keys.keys import key_id, parse_iso_utc
from cinchair.sync.keys.laptop import SealingKey
from cinchair.sync.packs.format import (
    MANIFEST_NAME,
    MAX_PACK_BYTES,
    PACK_LIMITS,
    RESERVED_NAMES,
    SIGNATURE_NAME,
    PackRefused,
    parse_manifest,
)
from cinchair.sync.packs.sealing import unseal_pack


@dataclass(frozen=True)
class PackMeeting:
    """One meeting of a case in the pack: its checked record and the files the child gave."""

    meeting_id: str
    record: dict[str, Any]
    fingerprint: str
    files: dict[str, bytes]


@dataclass(frozen=True)
class PackCase:
    """One case in the pack, its meetings oldest first (versions in order)."""

    reference: str
    profile_id: str
    meetings: tuple[PackMeeting, ...]
    # The case's own dates as the council holds them, by name (``CASE_DATES``); empty
    # where the council holds none or the pack was made before they travelled.
    dates: Mapping[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class OpenedPack:
    """A pack that passed every check."""

    pack_id: str  # SHA-256 of the signed manifest: names this exact pack
    made_at: datetime
    made_by: str
    council_key_id: str
    cases: tuple[PackCase, ...]


def open_case_pack(
    data: bytes,
    *,
    sealing: SealingKey,
    device_id: str,
    council: CouncilPublic,
    max_size: int = MAX_PACK_BYTES,
    source: str = "the case pack",
) -> OpenedPack:
    """Check and open a case pack sealed to this laptop, or refuse it (``PackRefused``)."""
    inner = unseal_pack(data, sealing, max_size=max_size, source=source)
    try:
        entries = read_inner_zip(inner, PACK_LIMITS, source)
    except BundleRefused as exc:
        raise PackRefused(exc.reason, _as_pack(exc.message), source) from exc  # type: ignore[arg-type]
    manifest_bytes = _required(entries, MANIFEST_NAME, source)
    signature = _required(entries, SIGNATURE_NAME, source)
    manifest = parse_manifest(manifest_bytes, source)
    _check_signed_by_council(manifest, manifest_bytes, signature, council, source)
    _check_for_this_laptop(manifest, sealing, device_id, source)
    files = _check_files(manifest, entries, source)
    cases = tuple(_case(c, files, source) for c in manifest["cases"])
    return OpenedPack(
        pack_id=hashlib.sha256(manifest_bytes).hexdigest(),
        made_at=parse_iso_utc(manifest["made_at"]),
        made_by=manifest["made_by"],
        council_key_id=manifest["council_key_id"],
        cases=cases,
    )


def _as_pack(message: str) -> str:
    """The inner zip's words, which speak of a bundle, said of a case pack."""
    message = message.replace("export it again", "ask the council admin to make it again")
    message = message.replace("Export it again", "Ask the council admin to make it again")
    return message.replace("bundle", "case pack").replace("Bundles", "Case packs")


def _required(entries: Mapping[str, bytes], name: str, source: str) -> bytes:
    if name not in entries:
        raise PackRefused(
            "missing-file",
            f"The case pack has no {name}, so it cannot be checked. Ask the council admin to "
            "make it again.",
            source,
        )
    return entries[name]


def _check_signed_by_council(
    manifest: dict[str, Any],
    manifest_bytes: bytes,
    signature: bytes,
    council: CouncilPublic,
    source: str,
) -> None:
    """Signed with the council key this laptop trusts (the receipt key in ``council.pub``)."""
    if council.receipts is None:
        raise PackRefused(
            "other-council",
            "This laptop's council.pub holds only the council's sealing key, not the key "
            "the council signs with, so no case pack can be checked. Install the full "
            "council.pub from the council admin ('cinchair keys install-council FILE').",
            source,
        )
    ours = council.receipts.key_id
    if manifest["signing_key_id"] != ours or manifest["council_key_id"] != council.sealing.key_id:
        raise PackRefused(
            "other-council",
            f"This case pack was made by a council key this laptop does not know (signing "
            f"key {manifest['signing_key_id']}); this laptop's council signs with {ours}. "
            "It may be from another council, or this laptop has an old council.pub.",
            source,
        )
    if not council.receipts.verify(signature, manifest_bytes):
        raise PackRefused(
            "bad-signature",
            "The council's signature does not match the case pack's contents: it was "
            "changed after the council made it, or forged. It was refused.",
            source,
        )


def _check_for_this_laptop(
    manifest: dict[str, Any], sealing: SealingKey, device_id: str, source: str
) -> None:
    """The council made it for this laptop: a pack re-sealed to another shows here."""
    laptop = manifest["laptop"]
    if laptop["device_id"] != device_id or laptop["sealing_key_id"] != key_id(sealing.public_raw):
        raise PackRefused(
            "other-laptop",
            f"The council made this case pack for another laptop (device "
            f"{laptop['device_id']}), not this one (device {device_id}). It was refused.",
            source,
        )


def _check_files(
    manifest: dict[str, Any], entries: Mapping[str, bytes], source: str
) -> dict[str, bytes]:
    listed = manifest["files"]
    present = {n: c for n, c in entries.items() if n not in RESERVED_NAMES}
    absent = sorted(set(listed) - set(present))
    if absent:
        raise PackRefused(
            "missing-file",
            f"The case pack should contain {', '.join(absent[:5])} but does not. Ask the "
            "council admin to make it again.",
            source,
        )
    unlisted = sorted(set(present) - set(listed))
    if unlisted:
        raise PackRefused(
            "unexpected-file",
            f"The case pack contains {', '.join(unlisted[:5])}, which the council did not "
            "list. Something was added after signing; it was refused.",
            source,
        )
    for name, expected in listed.items():
        content = present[name]
        if len(content) != expected["size"] or (
            hashlib.sha256(content).hexdigest() != expected["sha256"]
        ):
            raise PackRefused(
                "hash-mismatch",
                f"The file {name} in the case pack is not the one the council signed. It was "
                "changed after signing; the pack was refused.",
                source,
            )
    return present


def _bad_record(source: str, name: str, detail: str) -> PackRefused:
    return PackRefused(
        "bad-record", f"The meeting record {name} in the case pack cannot be used: {detail}", source
    )


def _case(listed: dict[str, Any], files: Mapping[str, bytes], source: str) -> PackCase:
    meetings = []
    for m in listed["meetings"]:
        name = m["file"]
        try:
            record = json.loads(files[name].decode("utf-8"))
            validate_record(record, name)
        except (ValueError, RecursionError) as exc:
            detail = str(exc) if isinstance(exc, RecordError) else "it is not a readable record"
            raise _bad_record(source, name, f"{detail[:200]}.") from exc
        actual = {
            "meeting_id": record["meeting"]["id"],
            "version": record["meeting"]["version"],
            "previous_version_id": record["meeting"]["previous_version_id"],
            "held_on": record["meeting"]["held_on"],
            "fingerprint": fingerprint(record),
        }
        same_case = (record["case"]["reference"], record["council"]["profile_id"]) == (
            listed["reference"],
            listed["profile_id"],
        )
        wrong = [k for k in actual if actual[k] != m[k]]
        if wrong or not same_case:
            what = ", ".join(wrong) if wrong else "case"
            raise _bad_record(
                source, name, f"its {what} do not match the pack's signed list of contents."
            )
        attached = {}
        for a in record.get("attachments", []):
            file_name = attachment_file_name(a)
            content = files.get(file_name)
            if content is None or hashlib.sha256(content).hexdigest() != a["sha256"]:
                raise _bad_record(
                    source, name, f"the file the child gave ({file_name}) is missing or differs."
                )
            attached[file_name] = content
        meetings.append(PackMeeting(actual["meeting_id"], record, actual["fingerprint"], attached))
    return PackCase(
        listed["reference"], listed["profile_id"], tuple(meetings), dict(listed.get("dates", {}))
    )
