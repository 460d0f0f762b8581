"""The record's wire format: canonical JSON, its fingerprint, and schema checks.

The fingerprint is the SHA-256 of the canonical JSON of the record's *content*:
everything except the ``signing`` and ``signatures`` sections and the moment the
plan was agreed, which change as people sign. A signature stores the fingerprint
of what it signed, and every printed document shows it, so paper can be matched
to the stored record.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from cinchair.app.errors import ActionableError
from cinchair.app.paths import resources_dir

FORMAT = "cinchair.meeting-record"
FORMAT_VERSION = 1
UNSIGNED_SECTIONS = ("signing", "signatures")
# Copied from the case's other meetings (each fingerprinted in its own record) so the
# minutes can draw the scaling chart: context, not this meeting's content. Leaving it
# out keeps the fingerprints of meetings recorded before it existed as they were.
DERIVED_SECTIONS = ("scaling_history",)


# Characters no document can hold: lone surrogates (half of a UTF-16 pair, which cannot
# even be encoded as UTF-8, so the fingerprint would fail) and control characters.
# Tab, newline and carriage return are text; vertical tab, form feed and NEL are Word's
# manual line and page breaks, which the documents print as line breaks.
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")


class RecordError(ActionableError, ValueError):
    """A record file that cannot be used, with where and why in plain words."""

    def __init__(self, source: str, problem: str, where: str = "") -> None:
        self.source, self.problem, self.where = source, problem, where
        at = f" at {where}" if where else ""
        super().__init__(f"{source}{at}: {problem}")


def canonical_json(value: Any) -> bytes:
    """One byte string per value: sorted keys, no spaces, UTF-8 (not ASCII escapes)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def fingerprint(record: dict[str, Any]) -> str:
    """SHA-256 (hex) of the record's content, leaving out who has signed so far.

    The plan's ``agreed_at`` is left out too: the chair's sign-off sets it, after the
    family signed the same plan in the room, and their signatures must still match.
    """
    left_out = UNSIGNED_SECTIONS + DERIVED_SECTIONS
    content = {k: v for k, v in record.items() if k not in left_out}
    if isinstance(content.get("plan"), dict):
        content["plan"] = {k: v for k, v in content["plan"].items() if k != "agreed_at"}
    return hashlib.sha256(canonical_json(content)).hexdigest()


def short_fingerprint(full: str) -> str:
    """The first 16 hex digits in groups of four: short enough to read out over the phone."""
    head = full[:16].upper()
    return " ".join(head[i : i + 4] for i in range(0, 16, 4))


def schema_path() -> Path:
    return resources_dir() / "schema" / "meeting-record.schema.json"


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate_record(record: Any, source: str = "record") -> dict[str, Any]:
    """``record`` if it matches the schema; otherwise ``RecordError`` naming the first fault."""
    if not isinstance(record, dict):
        raise RecordError(source, "a meeting record must be a JSON object")
    if record.get("format") != FORMAT:
        raise RecordError(source, f"this is not a meeting record (format should be {FORMAT!r})")
    version = record.get("format_version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise RecordError(
            source,
            f"made by a newer cinchair (record format {version}; this one reads "
            f"{FORMAT_VERSION}): update cinchair to read it",
        )
    errors = list(_validator().iter_errors(record))
    if errors:
        from jsonschema.exceptions import best_match

        # best_match looks inside "null or object" choices for the deepest real fault.
        worst = best_match(errors)
        while worst.context:
            worst = best_match(worst.context)
        where = "/".join(str(p) for p in worst.absolute_path) or "(top level)"
        message = worst.message if len(worst.message) <= 200 else worst.message[:200] + "…"
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise RecordError(source, f"{message}{more}", where)
    for where, text in _strings(record):
        bad = _FORBIDDEN.search(text)
        if bad is not None:
            raise RecordError(source, _forbidden_problem(bad.group(), bad.start()), where)
    from cinchair.record.sense import sense_findings

    for finding in sense_findings(record):
        raise RecordError(source, finding.message, finding.where)
    return record


def _strings(value: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every string in ``value`` (keys too) with the path to it, as in schema errors."""
    if isinstance(value, str):
        yield where or "(top level)", value
    elif isinstance(value, dict):
        for key, item in value.items():
            path = f"{where}/{key}" if where else str(key)
            yield from _strings(key, path)
            yield from _strings(item, path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{where}/{index}" if where else str(index))


def _forbidden_problem(char: str, position: int) -> str:
    code = f"U+{ord(char):04X}"
    what = (
        "half of a character (a lone surrogate)"
        if "\ud800" <= char <= "\udfff"
        else "a control character"
    )
    return (
        f"the text holds {what}, {code}, at character {position + 1}, which no document "
        "can print: retype the text or remove that character"
    )


def load_record(path: Path) -> dict[str, Any]:
    """Read and check a record file; every failure is a ``RecordError`` with the file's name."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RecordError(source, f"cannot be read ({exc.strerror or exc})") from exc
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise RecordError(source, "is not UTF-8 text; is it a record file?") from exc
    except json.JSONDecodeError as exc:
        raise RecordError(
            source, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    return validate_record(record, source)
