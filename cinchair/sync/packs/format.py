"""The case pack's format: its manifest, the names inside, and why a pack is refused.

A case pack (``.cinpack``) carries one or more cases from the council to one laptop: for
each case, the records of its signed meetings as the council holds them (so the laptop's
next review carries the plan forward, shows last time's people and scores and the scaling
history, exactly as if those meetings had been held there) and the files the child gave
at them. Its layers mirror a sync bundle's, turned round:

* **inner**: a deterministic zip (``cinchair.sync.bundle.inner_zip``, the same hostile-
  archive checks) of ``manifest.json``, ``manifest.sig`` (the council's Ed25519 signature
  of the manifest's exact bytes, made with the key that signs receipts, which every
  laptop already trusts from ``council.pub``), one ``record-<meeting id>.json`` per
  meeting and the ``attachment-<id>.<ext>`` files; beside each case's meetings, the case's
  own dates as the council holds them (assessment, decision, opened, allocated, first
  visit, CRE risk assessment), which the records alone carry only as each was signed;
* **outer**: sealed to the laptop's X25519 sealing key (``cinchair.sync.packs.sealing``).

The manifest names the laptop (device id and sealing key id) and the council key, so a
pack re-sealed to another laptop, or signed by another council, is refused in words.
``docs/sync-design.md`` has the byte layout.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Literal, get_args

from cinchair.app.errors import ActionableError
from cinchair.record.build import CASE_DATES
from cinchair.sync.bundle.manifest import FILE_ENTRY
from cinchair.sync.bundle.refusals import Limits
from cinchair.sync.keys.keys import parse_iso_utc

PACK_FORMAT = "cinchair.case-pack"
# Version 2 adds the cases' own dates (``cases[].dates``). A pack whose cases carry none
# is written as version 1, which every cinchair reads; one that carries them is version
# 2, so an older cinchair says to update instead of calling the pack damaged.
PACK_FORMAT_VERSION = 2
PACK_FORMAT_VERSION_WITHOUT_DATES = 1
PACK_SUFFIX = ".cinpack"
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
RESERVED_NAMES = frozenset({MANIFEST_NAME, SIGNATURE_NAME})
MAX_PACK_BYTES = 256 * 1024 * 1024
# A pack holds many meetings (a few cases, each with its reviews and what the child gave),
# so it may hold more files than a bundle; each file is still capped like a bundle's.
PACK_LIMITS = Limits(
    max_entries=2000,
    max_file_bytes=64 * 1024 * 1024,
    max_total_bytes=512 * 1024 * 1024,
)

PackRefusalCode = Literal[
    "empty",
    "not-a-pack",
    "a-bundle",
    "too-large",
    "unsupported-version",
    "truncated",
    "other-laptop",
    "tampered",
    "bad-archive",
    "unsafe-path",
    "zip-bomb",
    "missing-file",
    "unexpected-file",
    "hash-mismatch",
    "bad-manifest",
    "future-format",
    "other-council",
    "bad-signature",
    "bad-record",
]
PACK_REFUSAL_CODES: frozenset[str] = frozenset(get_args(PackRefusalCode))


class PackRefused(ActionableError, ValueError):
    """A case pack this laptop will not take in: a fixed ``reason`` code and plain words.

    Nothing of a refused pack is written: every check runs before the store is touched.
    """

    def __init__(self, reason: PackRefusalCode, message: str, source: str = "") -> None:
        if reason not in PACK_REFUSAL_CODES:
            raise ValueError(f"unknown refusal code {reason!r}")
        self.reason, self.message, self.source = reason, message, source
        super().__init__(f"{source}: {message}" if source else message)


def record_file_name(meeting_id: str) -> str:
    """``record-<meeting id>.json``: each meeting's record inside the pack."""
    return f"record-{meeting_id}.json"


_HEX16 = {"type": "string", "pattern": "^[0-9a-f]{16}$"}
_HEX64 = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
_ID = {"type": "string", "minLength": 1, "maxLength": 64}
_TEXT = {"type": "string", "maxLength": 300}
_NAME = {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"}
_DAY = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_MOMENT = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"}
_MEETING = {
    "type": "object",
    "additionalProperties": False,
    "required": ["meeting_id", "version", "previous_version_id", "held_on", "fingerprint", "file"],
    "properties": {
        "meeting_id": _ID,
        "version": {"type": "integer", "minimum": 1},
        "previous_version_id": {"oneOf": [{"type": "null"}, _ID]},
        "held_on": _DAY,
        "fingerprint": _HEX64,
        "file": _NAME,
    },
}
# The case's own dates as the council holds them (the record's ``case.dates``), where it
# holds any: optional, so a pack made before they travelled still opens.
_CASE_DATES = {
    "type": "object",
    "additionalProperties": False,
    "properties": {name: {"oneOf": [{"type": "null"}, _DAY]} for name in CASE_DATES},
}
_CASE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["reference", "profile_id", "meetings"],
    "properties": {
        "reference": {"type": "string", "minLength": 1, "maxLength": 64},
        "profile_id": {"type": "string", "minLength": 1, "maxLength": 64},
        "meetings": {"type": "array", "minItems": 1, "maxItems": 500, "items": _MEETING},
        "dates": _CASE_DATES,
    },
}
MANIFEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "format",
        "format_version",
        "app_version",
        "pack_id",
        "made_at",
        "made_by",
        "council_key_id",
        "signing_key_id",
        "laptop",
        "cases",
        "files",
    ],
    "properties": {
        "format": {"const": PACK_FORMAT},
        "format_version": {"enum": [PACK_FORMAT_VERSION_WITHOUT_DATES, PACK_FORMAT_VERSION]},
        "app_version": {"type": "string", "minLength": 1, "maxLength": 64},
        "pack_id": _ID,
        "made_at": _MOMENT,
        "made_by": _TEXT,
        "council_key_id": _HEX16,
        "signing_key_id": _HEX16,
        "laptop": {
            "type": "object",
            "additionalProperties": False,
            "required": ["device_id", "sealing_key_id"],
            "properties": {"device_id": _HEX16, "sealing_key_id": _HEX16},
        },
        "cases": {"type": "array", "minItems": 1, "maxItems": 200, "items": _CASE},
        "files": {
            "type": "object",
            "propertyNames": _NAME,
            "additionalProperties": FILE_ENTRY,
        },
    },
}


def _bad_manifest(source: str, detail: str) -> PackRefused:
    return PackRefused(
        "bad-manifest",
        f"The case pack's list of contents is unreadable or incomplete ({detail}). It was not "
        "made by cinchair, or was damaged before sealing: ask the council admin to make it "
        "again.",
        source,
    )


def parse_manifest(manifest_bytes: bytes, source: str) -> dict[str, Any]:
    """The manifest as a dict, if it is one this cinchair reads; ``PackRefused`` else."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise _bad_manifest(source, "not JSON") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != PACK_FORMAT:
        raise _bad_manifest(source, "not a cinchair case pack manifest")
    version = manifest.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > PACK_FORMAT_VERSION:
        raise PackRefused(
            "future-format",
            f"This case pack was made by a newer cinchair (case pack format {version}, app "
            f"{str(manifest.get('app_version'))[:40]}); update cinchair on this laptop to "
            "take it in.",
            source,
        )
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
        parse_iso_utc(manifest["made_at"])
    except ValueError as exc:
        raise _bad_manifest(source, "the time it was made is not a real date") from exc
    try:
        for case in manifest["cases"]:
            for day in case.get("dates", {}).values():
                if day is not None:
                    date.fromisoformat(day)
    except ValueError as exc:
        raise _bad_manifest(source, "a case's date is not a real date") from exc
    named = [m["file"] for c in manifest["cases"] for m in c["meetings"]]
    if len(set(named)) != len(named) or any(n not in manifest["files"] for n in named):
        raise _bad_manifest(source, "its meetings do not match its files")
    return manifest
