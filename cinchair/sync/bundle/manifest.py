"""A bundle's manifest: what is inside, with each file's SHA-256, signed by the laptop.

The manifest names the format and its version, the app, the device and its public key,
the export time, the council key it was sealed for, the one record (meeting id, case,
version, the record's content fingerprint) and every file with its hash and size. The
laptop signs its exact bytes (``manifest.sig``); ``parse_manifest`` checks its shape
against a JSON Schema before anything in it is trusted.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from cinchair.record.format import fingerprint
from cinchair.sync.bundle.refusals import BundleRefused
from cinchair.sync.keys.keys import CouncilPublicKey, DeviceKey, iso_utc, parse_iso_utc

BUNDLE_FORMAT = "cinchair.sync-bundle"
BUNDLE_FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
RECORD_NAME = "record.json"
RESERVED_NAMES = frozenset({MANIFEST_NAME, SIGNATURE_NAME})


def record_entry(record: dict[str, Any]) -> dict[str, Any]:
    """The manifest's line for ``record``: what the laptop signs about it, and what the
    council checks the record inside the bundle against."""
    meeting = record["meeting"]
    return {
        "meeting_id": meeting["id"],
        "case_reference": record["case"]["reference"],
        "version": meeting["version"],
        "previous_version_id": meeting["previous_version_id"],
        "fingerprint": fingerprint(record),
    }


def build_manifest(
    *,
    record: dict[str, Any],
    payload: Mapping[str, bytes],
    device: DeviceKey,
    council: CouncilPublicKey,
    app_version: str,
    exported_at: datetime,
    audit_head: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest for ``payload`` (record.json plus documents), ready to sign.

    ``audit_head`` (``{"seq", "hash"}``) is the laptop's audit chain head at export: kept
    by the council inside the signed manifest, it anchors the laptop's chain outside the
    laptop (``cinchair.store.audit_anchor``).
    """
    head = {} if audit_head is None else {"audit_head": dict(audit_head)}
    practice = {"practice": True} if record.get("practice") is True else {}
    return {
        **head,
        **practice,
        "format": BUNDLE_FORMAT,
        "format_version": BUNDLE_FORMAT_VERSION,
        "app_version": app_version,
        "device_id": device.device_id,
        "device_public_key": device.public.base64,
        "exported_at": iso_utc(exported_at),
        "council_key_id": council.key_id,
        "records": [record_entry(record)],
        "files": {
            name: {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
            for name, content in sorted(payload.items())
        },
    }


_HEX16 = {"type": "string", "pattern": "^[0-9a-f]{16}$"}
_HEX64 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
# One file's line in a manifest, bundle or case pack: its SHA-256 and size.
FILE_ENTRY: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["sha256", "size"],
    "properties": {"sha256": _HEX64, "size": {"type": "integer", "minimum": 0}},
}
_ID = {"type": "string", "minLength": 1, "maxLength": 64}
MANIFEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "format",
        "format_version",
        "app_version",
        "device_id",
        "device_public_key",
        "exported_at",
        "council_key_id",
        "records",
        "files",
    ],
    "properties": {
        "format": {"const": BUNDLE_FORMAT},
        "format_version": {"const": BUNDLE_FORMAT_VERSION},
        "app_version": {"type": "string", "minLength": 1, "maxLength": 64},
        "device_id": _HEX16,
        "device_public_key": {"type": "string", "pattern": "^[A-Za-z0-9+/]{43}=$"},
        "exported_at": {
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
        },
        "council_key_id": _HEX16,
        "practice": {"const": True},
        "audit_head": {
            "type": "object",
            "additionalProperties": False,
            "required": ["seq", "hash"],
            "properties": {"seq": {"type": "integer", "minimum": 0}, "hash": _HEX64},
        },
        "records": {
            "type": "array",
            "minItems": 1,
            "maxItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "meeting_id",
                    "case_reference",
                    "version",
                    "previous_version_id",
                    "fingerprint",
                ],
                "properties": {
                    "meeting_id": _ID,
                    "case_reference": {"type": "string"},
                    "version": {"type": "integer", "minimum": 1},
                    "previous_version_id": {"oneOf": [{"type": "null"}, _ID]},
                    "fingerprint": _HEX64,
                },
            },
        },
        "files": {
            "type": "object",
            "required": [RECORD_NAME],
            "propertyNames": {"pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"},
            "additionalProperties": FILE_ENTRY,
        },
    },
}


def _bad_manifest(source: str, detail: str) -> BundleRefused:
    return BundleRefused(
        "bad-manifest",
        f"The bundle's list of contents is unreadable or incomplete ({detail}). It was not "
        "made by cinchair, or was damaged before sealing: export it again.",
        source,
    )


def parse_manifest(manifest_bytes: bytes, source: str) -> dict[str, Any]:
    """The manifest as a dict, if it is one this cinchair understands."""
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise _bad_manifest(source, "not JSON") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != BUNDLE_FORMAT:
        raise _bad_manifest(source, "not a cinchair bundle manifest")
    version = manifest.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > 1:
        raise BundleRefused(
            "future-format",
            f"This bundle was made by a newer cinchair (bundle format {version}, app "
            f"{str(manifest.get('app_version'))[:40]}); update the import to read it.",
            source,
        )
    _check_manifest_schema(manifest, source)
    return manifest


def _check_manifest_schema(manifest: dict[str, Any], source: str) -> None:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    try:
        worst = best_match(Draft202012Validator(MANIFEST_SCHEMA).iter_errors(manifest))
    except RecursionError as exc:
        raise _bad_manifest(source, "nested too deeply") from exc
    if worst is not None:
        where = "/".join(str(p) for p in worst.absolute_path) or "top level"
        raise _bad_manifest(source, f"at {where}: {worst.message[:120]}")
    if RESERVED_NAMES & set(manifest["files"]):
        raise _bad_manifest(source, "it lists itself among the files")
    try:
        parse_iso_utc(manifest["exported_at"])
    except ValueError as exc:
        raise _bad_manifest(source, "the export time is not a real date") from exc
