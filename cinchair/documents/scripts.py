"""Any name in any script, printed as typed in reportlab PDFs.

Families in a Child in Need review write their names in Polish, Welsh, Arabic, Urdu,
Chinese and more, and people put emoji in notes. reportlab draws each character with
one TrueType font and nothing else: it does no font fallback, no Arabic joining and no
right-to-left ordering of its own unless two optional extras are present (``rlbidi``,
which is not on PyPI, and ``uharfbuzz``). So this module does those three jobs before
the text reaches a ``Paragraph``:

* **Fonts.** :func:`markup` splits text into runs by which shipped font (see
  ``fonts.py``, which registers and measures them) has a glyph for each character,
  main font first.
* **Joining.** ``arabic-reshaper`` swaps Arabic letters for their joined presentation
  forms (initial, medial, final, isolated), which Noto Naskh Arabic has glyphs for.
* **Order.** ``python-bidi`` reorders each line from the order it was typed into the
  order it is seen, so Arabic and Hebrew read right to left inside left-to-right lines
  and the other way round.

Because the reordering happens before reportlab wraps lines, a right-to-left paragraph
longer than one line must be broken into lines first, in typed order, at the width it
will be printed: :func:`markup` does that when given ``width``, and
``script_paragraph.ScriptParagraph`` passes the width it is laid out at, so use it for
free text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from arabic_reshaper import ArabicReshaper
from bidi import get_display

from cinchair.documents.fonts import (
    BODY,
    BODY_BOLD,
    fallback_order,
    font_file,
    measured_width,
    register_fonts,
)

# Characters that have no glyph of their own: joiners, direction marks, variation
# selectors, tags. They have done their work (joining, ordering) before runs are made;
# drawn, they would be boxes. Skin-tone modifiers go too: a monochrome emoji font
# cannot tint the emoji, and draws the modifier as a separate grey swatch that looks
# like a broken character.
_INVISIBLE = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef\U0001f3fb-\U0001f3ff]")
_LINE_BREAKS = re.compile("\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")
_RTL_CLASSES = frozenset({"R", "AL", "RLE", "RLO", "RLI"})
# Below these no character is right to left (Hebrew starts the range) or a format
# character (the soft hyphen is the first): text under them skips the per-letter look.
_FIRST_RTL = "\u0590"
_FIRST_FORMAT = "\u00ad"
# Unicode's control characters (category Cc, a fixed set) but the newline, and lone
# surrogates (Cs): never drawn, and a surrogate cannot even be encoded.
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_LTR_CLASSES = frozenset({"L", "LRE", "LRO", "LRI"})
_OPENERS = "\u2066\u2067\u2068"  # LRI, RLI, FSI
_PDI = "\u2069"
_NO_ISOLATES = {ord(ch): None for ch in _OPENERS + _PDI}
# reportlab's own line breaks can differ from ours by rounding: leave a little slack.
_WRAP_SLACK = 1.0


@cache
def _reshaper() -> ArabicReshaper:
    # Harakat (short-vowel marks) are dropped: without OpenType mark positioning,
    # which reportlab lacks, they would sit beside the letters rather than over them.
    # Ligatures stay at the library's default (lam-alef and Allah), all of which the
    # shipped Arabic font has glyphs for.
    return ArabicReshaper(configuration={"delete_harakat": True, "support_ligatures": True})


def is_rtl(text: str) -> bool:
    """Whether the text reads right to left as a whole.

    That is the Unicode rule for a paragraph's direction: the first letter with a
    strong direction decides. "أميرة (Amira)" is right to left, "Amira أميرة" is not.
    Use it to right-align such text; ``ScriptParagraph`` already does. Text that
    opens with an explicit isolate (a typed value, see ``documents.values``) takes that
    isolate's direction: the value is the paragraph.
    """
    opening = text.lstrip()[:1]
    if opening in ("\u2066", "\u2067"):
        return opening == "\u2067"
    for ch in text:
        direction = unicodedata.bidirectional(ch)
        if direction in _RTL_CLASSES:
            return True
        if direction in _LTR_CLASSES:
            return False
    return False


def has_rtl(text: str) -> bool:
    """Whether any part of the text is right to left (and so needs reordering)."""
    text = text.translate(_NO_ISOLATES)
    if not text or max(text) < _FIRST_RTL:
        return False  # Latin, Greek, Cyrillic...: no letter-by-letter look needed
    return any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


def unprintable(text: str) -> set[str]:
    """The characters in ``text`` that no shipped font can draw (they print as boxes).

    Invisible characters (joiners, direction marks, variation selectors) are not
    counted: they are dropped, not drawn. Useful to warn before a document is made.
    """
    register_fonts()
    fonts = fallback_order(False)
    return {
        ch
        for ch in _drawable(_clean(text))
        if ch != "\n" and not any(ord(ch) in cov for _, cov in fonts)
    }


def _has_arabic(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) == "AL" for ch in text)


def _clean(text: str) -> str:
    """Canonical composition, ``\\n`` for every line break, no control characters.

    NFC turns "e" + combining acute into "é", which has a glyph of its own; the
    combining form would be drawn as a separate, badly placed mark.
    """
    text = _LINE_BREAKS.sub("\n", unicodedata.normalize("NFC", text)).replace("\t", " ")
    return _CONTROLS.sub("", text)


def _drawable(text: str) -> str:
    text = _INVISIBLE.sub("", text.translate(_NO_ISOLATES))
    if not text or max(text) < _FIRST_FORMAT:
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _runs(text: str, bold: bool) -> Iterator[tuple[str, str]]:
    """Split text into (font name, text) runs by which font has each glyph.

    Letters go to the first font in fallback order that has them. Spaces,
    punctuation, digits and marks stay with the run they are in when its font has
    them, so an Arabic phrase is one run rather than one run per word.
    A character no font has stays with the main font, which prints its
    missing-glyph box: better a visible box than a silently dropped letter.
    """
    order = fallback_order(bold)
    main = order[0][0]
    if text and all(map(order[0][1].__contains__, map(ord, text))):
        # the common case (English, most European text): one run, found without a loop
        # in Python over every letter, which a long document would pay thousands of times
        yield main, text
        return
    current: str | None = None
    coverage: frozenset[int] = frozenset()
    start = 0
    for index, ch in enumerate(text):
        cp = ord(ch)
        if current is not None and cp in coverage and unicodedata.category(ch)[0] != "L":
            continue
        chosen = next((name for name, cov in order if cp in cov), main)
        if chosen != current:
            if current is not None:
                yield current, text[start:index]
            current, start = chosen, index
            coverage = next(cov for name, cov in order if name == chosen)
    if current is not None:
        yield current, text[start:]


def _width(text: str, bold: bool, font_size: float) -> float:
    text = text.translate(_NO_ISOLATES)  # invisible, and drawn as nothing
    return sum(measured_width(part, font, font_size) for font, part in _runs(text, bold))


def _split_word(word: str, bold: bool, font_size: float, limit: float) -> list[str]:
    """Cut a word wider than the line into pieces that fit, a character at a time."""
    pieces: list[str] = []
    piece = ""
    piece_width = 0.0
    for ch in word:
        ch_width = _width(ch, bold, font_size)  # reportlab does not kern: widths add up
        if piece and piece_width + ch_width > limit:
            pieces.append(piece)
            piece, piece_width = "", 0.0
        piece += ch
        piece_width += ch_width
    if piece:
        pieces.append(piece)
    return pieces


def _wrap(line: str, bold: bool, font_size: float, width: float) -> list[str]:
    """Break one typed line into printed lines that fit ``width``, in typed order."""
    limit = max(width - _WRAP_SLACK, font_size)
    space = _width(" ", bold, font_size)
    lines: list[str] = []
    current: list[str] = []
    current_width = 0.0
    for word in line.split():
        word_width = _width(word, bold, font_size)
        if current and current_width + space + word_width <= limit:
            current.append(word)
            current_width += space + word_width
            continue
        if current:
            lines.append(" ".join(current))
        pieces = _split_word(word, bold, font_size, limit) if word_width > limit else [word]
        lines.extend(pieces[:-1])
        current = [pieces[-1]]
        current_width = _width(pieces[-1], bold, font_size)
    if current:
        lines.append(" ".join(current))
    return lines or [""]


def _bidi_ready(text: str) -> str:
    """Text the bidi algorithm accepts: characters with no direction class (unassigned in
    this Python's Unicode data), which no font has anyway, become U+FFFD.

    Directional isolates (LRI, RLI, FSI ... PDI) pass through: python-bidi 0.6 follows
    Unicode 6.3 and lays each isolate out on its own, as Word and LibreOffice do.
    """
    if all(map(unicodedata.bidirectional, text)):
        return text
    return "".join(ch if unicodedata.bidirectional(ch) else "\ufffd" for ch in text)


# Characters drawn mirrored in right-to-left text ("(" reads as ")"), in pairs. python-bidi
# 0.6 orders characters but leaves mirroring (rule L4) to the renderer, so it is done here.
_MIRRORED = {
    ord(a): b
    for pair in ("()", "[]", "{}", "<>", "«»", "‹›", "⁅⁆", "⁽⁾", "₍₎", "≤≥")
    for a, b in ((pair[0], pair[1]), (pair[1], pair[0]))
}
_LEVELS = re.compile(r"levels: \[(.*?)\],\s*paragraphs", re.DOTALL)
_LEVEL = re.compile(r"Level\(\s*(\d+)")


def _mirror(text: str, base: str) -> str:
    """``text`` with each mirrored character that falls in a right-to-left run swapped."""
    if not any(ord(ch) in _MIRRORED for ch in text):
        return text
    # the embedding level of each UTF-8 byte, read from python-bidi's own analysis
    info = _LEVELS.search(str(get_display(text, base_dir=base, debug=True)))
    if info is None:
        return text
    per_byte = [int(level) for level in _LEVEL.findall(info[1])]
    out, offset = [], 0
    for ch in text:
        odd = offset < len(per_byte) and per_byte[offset] % 2 == 1
        out.append(_MIRRORED.get(ord(ch), ch) if odd else ch)
        offset += len(ch.encode("utf-8", "surrogatepass"))
    return "".join(out)


def reopen_isolates(pieces: list[str]) -> list[str]:
    """Printed lines cut inside an isolate, each closed and the next opened again.

    Each printed line is reordered on its own; a name broken over two lines must still
    be isolated on both, or its second half would mix with the words around it.
    """
    if len(pieces) < 2:
        return pieces
    out: list[str] = []
    open_marks: list[str] = []
    for piece in pieces:
        prefix = "".join(open_marks)
        for ch in piece:
            if ch in _OPENERS:
                open_marks.append(ch)
            elif ch == _PDI and open_marks:
                open_marks.pop()
        out.append(prefix + piece + _PDI * len(open_marks))
    return out


def _visual_lines(
    line: str, bold: bool, font_size: float, width: float | None, ltr: bool = False
) -> list[str]:
    """One typed line as the printed lines to draw, each in left-to-right visual order.

    ``ltr`` fixes the line's base direction as left to right, for lines the app
    composes in English around a name ("أميرة حسن: interpreter (Arabic)"); otherwise
    the first strong letter decides, as Unicode says for a paragraph someone typed.
    """
    if not has_rtl(line):
        return [line]
    base = "R" if is_rtl(line) and not ltr else "L"
    shaped = _reshaper().reshape(line) if _has_arabic(line) else line
    pieces = _wrap(shaped, bold, font_size, width) if width is not None else [shaped]
    pieces = reopen_isolates(pieces)
    ready = (_bidi_ready(piece) for piece in pieces)
    return [get_display(_mirror(piece, base), base_dir=base) for piece in ready]


def visual_runs(
    text: str,
    *,
    bold: bool = False,
    width: float | None = None,
    font_size: float = 10.0,
    ltr: bool = False,
) -> list[list[tuple[str, str]]]:
    """Typed text as printed lines, each a list of ``(font name, text)`` runs in the
    order they are seen: cleaned, Arabic joined, right-to-left runs reordered, each
    character given the first shipped font that draws it. ``width``, ``font_size``
    and ``ltr`` are as for :func:`markup`, which writes these runs as markup;
    ``script_paragraph`` builds a paragraph from them without reportlab's parser.
    """
    register_fonts()
    return [
        list(_runs(_drawable(visual), bold))
        for line in _clean(text).split("\n")
        for visual in _visual_lines(line, bold, font_size, width, ltr)
    ]


def markup(
    text: str,
    *,
    bold: bool = False,
    width: float | None = None,
    font_size: float = 10.0,
    ltr: bool = False,
) -> str:
    """User text as safe reportlab Paragraph markup that prints as typed.

    ``<``, ``>`` and ``&`` are escaped, so "<b>", "{{ name }}" or "&amp;" print
    literally and can never become markup. Characters the main font (Noto Sans) lacks
    are wrapped in ``<font name=...>`` for a shipped font that has them; the rest are
    left to the paragraph style's font, which should therefore be :data:`BODY` (or
    :data:`BODY_BOLD`). Invisible characters are dropped. Arabic is joined
    and right-to-left runs are put in visual order. Newlines become ``<br/>``.

    ``bold`` prints every script in bold where a bold font is shipped; a style using
    :data:`BODY_BOLD` alone would leave Arabic or Hebrew in regular.

    ``width`` (points, with ``font_size`` of the style) lets a line holding
    right-to-left text be broken into printed lines before it is reordered; without
    it a right-to-left line longer than the column would wrap with its lines in the
    wrong order. ``script_paragraph.ScriptParagraph`` supplies it.

    ``ltr`` makes each line read left to right as a whole, with right-to-left runs
    inside it reordered in place: for text the app composes in English around names.
    """
    main = BODY_BOLD if bold else BODY
    printed = [
        "".join(
            escape(part) if font == main else f'<font name="{font}">{escape(part)}</font>'
            for font, part in runs
        )
        for runs in visual_runs(text, bold=bold, width=width, font_size=font_size, ltr=ltr)
    ]
    body = "<br/>".join(printed)
    return f"<b>{body}</b>" if bold and body else body


def image_runs(text: str, *, bold: bool = False) -> list[tuple[Path, int, str]]:
    """One line of text for drawing with Pillow: ``(font file, face index, text)`` runs,
    left to right as seen, Arabic joined.

    Pillow, like reportlab, draws with one font at a time; the same fallback order and
    ordering make a name in a chart look as it does in the minutes around it.
    """
    line = _clean(text).replace("\n", " ")
    (visual,) = _visual_lines(line, bold, 10.0, None, ltr=True)
    runs = []
    for font, part in _runs(_drawable(visual), bold):
        path, index = font_file(font)
        runs.append((path, index, part))
    return runs
