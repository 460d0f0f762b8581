"""Text as a chair types or pastes it, made fit to store: what validation would refuse.

Text pasted from Word carries its manual line break (vertical tab) and page break
(form feed); other programs paste Unicode's line and paragraph separators, NEL, or
stray control characters and, from broken clipboards, half of a UTF-16 pair. A meeting
record holding any control character or lone surrogate is refused (``record.format``),
so a meeting saved with one could never be rendered or sent. Cleaning at the edit keeps
what the chair meant: each kind of line break becomes a newline, and what has no
meaning in text (other controls, lone surrogates) is dropped. Tab stays.
"""

from __future__ import annotations

import re

# CR LF, CR, VT (Word's manual line break), FF (its page break), NEL, U+2028, U+2029
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# C0 controls but tab and newline, DEL, C1 controls, lone surrogates
_MEANINGLESS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def cleaned(text: str) -> str:
    """``text`` with every line break a newline and control characters dropped."""
    return _MEANINGLESS.sub("", _LINE_BREAKS.sub("\n", text))
