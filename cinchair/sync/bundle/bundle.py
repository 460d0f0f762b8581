"""The ``.cinsync`` bundle: one meeting record and its documents, signed by the laptop that
made them and sealed so only the council can open them.

Two layers, each doing one job:

* **inner**: a deterministic zip of ``manifest.json`` (what is inside, with SHA-256 of each
  file), ``manifest.sig`` (the laptop's Ed25519 signature of the exact manifest bytes),
  ``record.json`` and the rendered documents. The signature says *which laptop* made it
  and that nothing changed since.
* **outer**: the zip encrypted to the council's X25519 public key (ephemeral X25519,
  HKDF-SHA256, AES-256-GCM, header as associated data). Sealing says *only the council can
  read it*; it does not say who sent it, because every laptop holds the council's public
  key. That is why the signature is inside, and why zip parsing is treated as hostile.

``open_bundle`` checks everything in a fixed order and refuses with ``BundleRefused``: a
short code for programs and a message a council admin can act on. See
``docs/sync-design.md`` for the byte layout and the reasons behind each choice.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cinchair.record.format import RecordError, canonical_json, validate_record
from cinchair.sync.bundle.inner_zip import is_safe_name, read_inner_zip, write_inner_zip
from cinchair.sync.bundle.manifest import (
    MANIFEST_NAME,
    RECORD_NAME,
    RESERVED_NAMES,
    SIGNATURE_NAME,
    build_manifest,
    parse_manifest,
    record_entry,
)
from cinchair.sync.bundle.refusals import DEFAULT_LIMITS, BundleRefused, Limits
from cinchair.sync.bundle.sealing import MAX_BUNDLE_BYTES, seal, unseal
from cinchair.sync.keys.keys import (
    CouncilKeys,
    CouncilPublicKey,
    DeviceKey,
    DevicePublicKey,
    parse_iso_utc,
)
from cinchair.sync.keys.trust_list import TrustedDevice, TrustList

BUNDLE_SUFFIX = ".cinsync"


@dataclass(frozen=True)
class OpenedBundle:
    """A bundle that passed every check: its signed manifest, record and documents."""

    manifest: dict[str, Any]
    record: dict[str, Any]
    files: dict[str, bytes]  # the documents, without manifest.json, manifest.sig, record.json
    # record.json exactly as received (its hash is in the signed manifest): the council
    # keeps this text, so what a laptop sent is what is filed, not a re-encoding of it
    record_text: str
    device_id: str
    device_label: str
    exported_at: datetime
    # manifest.json and manifest.sig exactly as received: the council keeps them beside
    # the record, so the laptop's signature can be checked again at any time
    manifest_text: str = ""
    manifest_signature: bytes = b""

    @property
    def meeting_id(self) -> str:
        return str(self.manifest["records"][0]["meeting_id"])

    @property
    def fingerprint(self) -> str:
        """The record's content fingerprint: with ``meeting_id``, the importer's dedup key."""
        return str(self.manifest["records"][0]["fingerprint"])


def _check_document_names(files: Mapping[str, bytes]) -> None:
    folded: set[str] = set()
    for name, content in files.items():
        if not is_safe_name(name):
            raise ValueError(
                f"cannot put {name!r} in a bundle: use a plain name of letters, digits, "
                "'.', '_' and '-' (for example 'minutes.pdf')"
            )
        if name in RESERVED_NAMES or name == RECORD_NAME:
            raise ValueError(f"{name!r} is reserved for the bundle itself")
        if name.lower() in folded:
            raise ValueError(f"{name!r} differs from another file only in capitals")
        folded.add(name.lower())
        if not isinstance(content, bytes | bytearray):
            raise ValueError(f"the content of {name!r} must be bytes")


# --- making --------------------------------------------------------------------------------


def make_bundle(
    *,
    record: dict[str, Any],
    files: Mapping[str, bytes],
    device: DeviceKey,
    council: CouncilPublicKey,
    app_version: str,
    exported_at: datetime,
    audit_head: Mapping[str, Any] | None = None,
) -> bytes:
    """The sealed bundle for one meeting record and its documents (write it atomically).

    The record is checked against the schema here, on the laptop, so a bad record is caught
    where it can still be fixed rather than refused at the council weeks later.
    """
    validate_record(record, "the record to export")
    _check_document_names(files)
    try:
        _check_attachments(record, files, "the record to export")
    except BundleRefused as exc:
        raise ValueError(exc.message) from exc
    if not isinstance(app_version, str) or not app_version.strip():
        raise ValueError("app_version must be a non-empty string")
    payload = {RECORD_NAME: canonical_json(record), **{k: bytes(v) for k, v in files.items()}}
    _check_within_limits(payload, DEFAULT_LIMITS)
    manifest = build_manifest(
        record=record,
        payload=payload,
        device=device,
        council=council,
        app_version=app_version,
        exported_at=exported_at,
        audit_head=audit_head,
    )
    manifest_bytes = canonical_json(manifest)
    entries = {MANIFEST_NAME: manifest_bytes, SIGNATURE_NAME: device.sign(manifest_bytes)}
    sealed = seal(write_inner_zip({**entries, **payload}), council)
    if len(sealed) > MAX_BUNDLE_BYTES:
        raise ValueError(
            f"the bundle would be {len(sealed)} bytes, over the {MAX_BUNDLE_BYTES} limit"
        )
    return sealed


def _check_within_limits(payload: Mapping[str, bytes], limits: Limits) -> None:
    """Refuse to make what the council would refuse to open."""
    if len(payload) + 2 > limits.max_entries:
        raise ValueError(f"a bundle holds at most {limits.max_entries - 3} documents")
    for name, content in payload.items():
        if len(content) > limits.max_file_bytes:
            raise ValueError(f"{name!r} is over the {limits.max_file_bytes}-byte limit")
    if sum(len(c) for c in payload.values()) > limits.max_total_bytes:
        raise ValueError(f"the documents together are over {limits.max_total_bytes} bytes")


# --- opening -------------------------------------------------------------------------------


def open_bundle(
    data: bytes,
    *,
    council_private: CouncilKeys,
    trust: TrustList,
    max_size: int = MAX_BUNDLE_BYTES,
    limits: Limits = DEFAULT_LIMITS,
    source: str = "the bundle",
) -> OpenedBundle:
    """Check and open a bundle, or refuse it with ``BundleRefused``.

    The order matters: cheap checks that need no key first, then decryption, then the zip
    (hostile until proven otherwise, since anyone with the council's public key can seal),
    then who signed it, and only then the contents the signature vouches for.
    """
    inner = unseal(data, council_private, max_size=max_size, source=source)
    entries = read_inner_zip(inner, limits, source)
    manifest_bytes = _required(entries, MANIFEST_NAME, source)
    signature = _required(entries, SIGNATURE_NAME, source)
    manifest = parse_manifest(manifest_bytes, source)
    _refuse_practice(manifest.get("practice") is True, source)
    entry = _trusted_device(manifest, trust, source)
    _check_signature(manifest, manifest_bytes, signature, entry.public().raw, source)
    _check_council(manifest, council_private, source)
    files = _check_files(manifest, entries, source)
    record, record_text = _check_record(manifest, files.pop(RECORD_NAME), source)
    _refuse_practice(record.get("practice") is True, source)
    _check_attachments(record, files, source)
    return OpenedBundle(
        manifest=manifest,
        record=record,
        files=files,
        record_text=record_text,
        device_id=entry.device_id,
        device_label=entry.label,
        exported_at=parse_iso_utc(manifest["exported_at"]),
        manifest_text=manifest_bytes.decode("utf-8"),
        manifest_signature=bytes(signature),
    )


def _refuse_practice(practice: bool, source: str) -> None:
    """Practice data (the demo case) never enters a council store, whoever signed it."""
    if practice:
        raise BundleRefused(
            "practice-data",
            "This bundle holds practice data: the demo case, not a real family. It is never "
            "filed in a council store. If a real meeting was held in the demo by mistake, "
            "the chair must record it again in their own store and export that.",
            source,
        )


def _required(entries: Mapping[str, bytes], name: str, source: str) -> bytes:
    if name not in entries:
        raise BundleRefused(
            "missing-file",
            f"The bundle has no {name}, so it cannot be checked. Export it again.",
            source,
        )
    return entries[name]


# --- who signed it -------------------------------------------------------------------------


def _trusted_device(manifest: dict[str, Any], trust: TrustList, source: str) -> TrustedDevice:
    """The trust-list entry for the device the manifest names, if trusted and not revoked.

    A revoked device is refused whatever export time the bundle claims: that time is written
    by the laptop itself, so a thief with the laptop could simply claim an earlier one.
    """
    device_id = manifest["device_id"]
    entry = trust.lookup(device_id)
    if entry is None:
        raise BundleRefused(
            "unknown-device",
            f"This bundle was made on a laptop this council does not trust (device "
            f"{device_id}). If the laptop is one of yours, add its device key to the trust "
            "list, then import the bundle again.",
            source,
        )
    if entry.revoked:
        raise BundleRefused(
            "revoked-device",
            f"This bundle was signed by {entry.label} (device {device_id}), whose key was "
            f"revoked on {entry.revoked_at} ({entry.revoke_reason}). It is refused; if the "
            "meeting is genuine, ask the chair to export it again from a trusted laptop.",
            source,
        )
    return entry


def _check_signature(
    manifest: dict[str, Any],
    manifest_bytes: bytes,
    signature: bytes,
    trusted_raw: bytes,
    source: str,
) -> None:
    trusted = DevicePublicKey(trusted_raw)
    claimed_matches = trusted.base64 == manifest["device_public_key"]
    if not claimed_matches or trusted.device_id != manifest["device_id"]:
        raise BundleRefused(
            "bad-signature",
            f"This bundle claims to come from device {manifest['device_id']} but carries a "
            "different key than the one trusted for it. It may be forged; it was refused.",
            source,
        )
    if not trusted.verify(signature, manifest_bytes):
        raise BundleRefused(
            "bad-signature",
            f"The bundle's signature was not made by the key the trust list holds for "
            f"device {manifest['device_id']}: either its list of contents was changed after "
            "that laptop signed it, or another key signed it while claiming to be that "
            "laptop. It was refused; ask the chair to export it again from that laptop, and "
            "tell IT if it happens again.",
            source,
        )


def _check_council(manifest: dict[str, Any], council_private: CouncilKeys, source: str) -> None:
    """The signed manifest names the council it was made for; a re-sealed bundle shows here."""
    if manifest["council_key_id"] != council_private.key_id:
        raise BundleRefused(
            "other-council",
            f"The laptop signed this bundle for council key {manifest['council_key_id']}, "
            f"not this council's key {council_private.key_id}. It was refused.",
            source,
        )


# --- what the signature vouches for --------------------------------------------------------


def _check_files(
    manifest: dict[str, Any], entries: Mapping[str, bytes], source: str
) -> dict[str, bytes]:
    """The listed files, each present and matching its size and SHA-256."""
    listed = manifest["files"]
    present = {name: content for name, content in entries.items() if name not in RESERVED_NAMES}
    _match_listed(
        listed,
        present,
        source,
        missing="The bundle should contain {names} but does not. Export it again.",
        extra=(
            "The bundle contains {names}, which the laptop did not list. "
            "Something was added after signing; it was refused."
        ),
        changed=(
            "The file {name} in the bundle is not the one the laptop signed. It was "
            "changed after signing; the bundle was refused."
        ),
    )
    return dict(present)


def _match_listed(
    listed: Mapping[str, Mapping[str, Any]],
    present: Mapping[str, bytes],
    source: str,
    *,
    missing: str,
    extra: str,
    changed: str,
) -> None:
    """Every listed file present, nothing unlisted, each matching its size and SHA-256.

    The manifest's file list and the record's attachment list are checked alike; only
    the words differ (``{names}``, ``{count}`` and ``{name}`` are filled in).
    """
    absent = sorted(set(listed) - set(present))
    if absent:
        raise BundleRefused(
            "missing-file", missing.format(names=", ".join(absent), count=len(absent)), source
        )
    unlisted = sorted(set(present) - set(listed))
    if unlisted:
        raise BundleRefused("unexpected-file", extra.format(names=", ".join(unlisted)), source)
    for name, expected in listed.items():
        content = present[name]
        if len(content) != expected["size"] or (
            hashlib.sha256(content).hexdigest() != expected["sha256"]
        ):
            raise BundleRefused("hash-mismatch", changed.format(name=name), source)


def _bad_record(source: str, detail: str) -> BundleRefused:
    return BundleRefused(
        "bad-record",
        f"The meeting record in this bundle cannot be used: {detail}",
        source,
    )


def _check_record(
    manifest: dict[str, Any], record_bytes: bytes, source: str
) -> tuple[dict[str, Any], str]:
    """The record, valid against the schema and matching what the manifest says of it,
    and its text."""
    where = f"{source} ({RECORD_NAME})" if source else RECORD_NAME
    try:
        text = record_bytes.decode("utf-8")
        record = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise _bad_record(source, "it is not JSON.") from exc
    try:
        validate_record(record, where)
    except RecordError as exc:
        raise _bad_record(source, f"{exc}.") from exc
    except RecursionError as exc:
        raise _bad_record(source, "it is nested too deeply.") from exc
    claimed = manifest["records"][0]
    actual = record_entry(record)
    wrong = [key for key in actual if actual[key] != claimed[key]]
    if wrong:
        raise _bad_record(
            source,
            f"its {', '.join(wrong)} do not match the bundle's list of contents "
            "(the record fingerprint is checked against the signed manifest).",
        )
    return record, text


def _check_attachments(record: dict[str, Any], files: Mapping[str, bytes], source: str) -> None:
    """Each file the child gave, listed in the record, travels beside it, byte for byte.

    The record holds each attachment's SHA-256 (inside the fingerprint the signatures
    cover); the bundle carries the file as ``attachment-<id>.<ext>``. A file missing,
    different, or not named by the record is refused like any other damaged bundle.
    """
    from cinchair.record.build import attachment_file_name

    expected = {attachment_file_name(a): a for a in record.get("attachments", [])}
    carried = {name: files[name] for name in files if name.startswith("attachment-")}
    _match_listed(
        expected,
        carried,
        source,
        missing=(
            "The record lists {count} file(s) the child gave that the bundle does not "
            "carry ({names}). Export it again."
        ),
        extra="The bundle carries {names}, which the record does not list. It was refused.",
        changed=(
            "The file {name} is not the one the record describes (its size or SHA-256 "
            "differs). The bundle was refused."
        ),
    )
