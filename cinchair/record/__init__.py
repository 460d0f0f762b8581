"""The meeting record: one JSON document holding everything a meeting produced.

It is the single source for the minutes and the plan (DOCX and PDF are both
rendered from it, so they cannot disagree), the thing a signature fingerprints,
and the unit a sync bundle carries. Its format is fixed by the JSON Schema in
``resources/schema/meeting-record.schema.json``.
"""

from cinchair.record.build import (
    attachment_file_name,
    attachment_files,
    build_record,
    content_fingerprint,
)
from cinchair.record.format import (
    FORMAT,
    FORMAT_VERSION,
    RecordError,
    canonical_json,
    fingerprint,
    load_record,
    schema_path,
    short_fingerprint,
    validate_record,
)

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "RecordError",
    "attachment_file_name",
    "attachment_files",
    "build_record",
    "canonical_json",
    "content_fingerprint",
    "fingerprint",
    "load_record",
    "schema_path",
    "short_fingerprint",
    "validate_record",
]
