"""Directional isolates: a typed value in any script set as one unit inside English text.

The window and both document formats are English composed around what people typed:
"Chair: NAME", "Consent given: NAME, 19 Oct 2026". Left to itself the Unicode bidi
algorithm lets a right-to-left name pull the colon, comma or date beside it into its
own run ("North Tyneside Council :ليلى حسن"). Wrapping each typed value in a
directional isolate (LRI or RLI ... PDI, Unicode 6.3) makes Qt, Word, LibreOffice and
the PDF renderer (python-bidi 0.6) lay it out as one unit in its own direction.

A value reads right to left when its letters are all right to left (an Arabic name, an
Urdu sentence); a value with any left-to-right letter reads left to right, so a sentence
typed in English that starts with an Arabic name keeps its full stop at the end. The
isolates are invisible; readers and screen readers skip them.

This lives in the core, beside neither renderer, because the window and the documents
must isolate the same way: one rule, one place.
"""

from __future__ import annotations

import unicodedata

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
ISOLATE_MARKS = LRI + RLI + FSI + PDI
_RTL = frozenset({"R", "AL"})


def reads_right_to_left(text: str) -> bool:
    """Whether every strong letter in ``text`` is right to left (and there is one)."""
    strong = [
        direction
        for direction in map(unicodedata.bidirectional, text)
        if direction in _RTL or direction == "L"
    ]
    return bool(strong) and all(d in _RTL for d in strong)


def isolate(text: str) -> str:
    """``text`` wrapped in a directional isolate; empty text stays empty."""
    if not text:
        return ""
    return f"{RLI if reads_right_to_left(text) else LRI}{text}{PDI}"


def plain(text: str) -> str:
    """``text`` without its isolates: for metadata, file names, measuring and searching."""
    return text.translate({ord(mark): None for mark in ISOLATE_MARKS})
