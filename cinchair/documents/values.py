"""Typed text made ready for both renderers: cleaned, isolated for direction, shortened.

A document is English composed around what people typed: "Consent given: NAME,
19 Oct 2026". Left to itself the Unicode bidi algorithm lets a right-to-left name pull
the comma and the date into its own run ("19 ,محمد Oct 2026"). So every value a person
typed is wrapped in a directional isolate (``cinchair.domain.bidi``, the same rule the
window uses), which Word, LibreOffice and the PDF renderer (python-bidi 0.6) lay out as
one unit in its own direction, never mixed with the words around it. Dates, stored as
ISO text in the record, become the UK words both formats print here too.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from cinchair.domain.bidi import isolate, plain
from cinchair.domain.dates import format_day, format_moment

# Word's manual line break (vertical tab), page break (form feed), NEL and Unicode's
# line and paragraph separators: each prints as a line break in both formats.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# What is left that no format can hold: C0/C1 controls but tab and newline, lone
# surrogates. Records are refused with them at validation; a stored meeting's text is
# cleaned here as a last guard, so a document is always made.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# How much of a name goes in a running header or a heading: at the header's size
# this is at most two lines even in Chinese; the full name is in the details table.
SHORT_NAME = 60


def clean(text: Any) -> str:
    """Text safe for any format: line breaks as ``\\n``, unprintable characters dropped."""
    if text is None:
        return ""
    return _UNPRINTABLE.sub("", _LINE_BREAKS.sub("\n", str(text))).strip()


def typed(text: Any) -> str:
    """A value someone typed, cleaned and isolated: what every document prints."""
    return isolate(clean(text))


def shortened(text: str, limit: int = SHORT_NAME) -> str:
    """Typed text cut to ``limit`` characters with an ellipsis, still isolated."""
    bare = plain(text)
    if len(bare) <= limit:
        return text
    return isolate(bare[: limit - 1].rstrip() + "…")


def day_words(iso: str | None, missing: str = "") -> str:
    """A stored ISO date as a document prints it ("19 Oct 2026"), or ``missing``."""
    return format_day(date.fromisoformat(iso)) if iso else missing


def moment_words(iso: str | None) -> str:
    """A stored ISO moment (UTC, maybe with "Z") as a document prints it, in UK time."""
    if not iso:
        return ""
    return format_moment(datetime.fromisoformat(iso.replace("Z", "+00:00")))
