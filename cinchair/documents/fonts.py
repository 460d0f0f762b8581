"""The shipped fonts: their reportlab names, registering them once, and measuring text.

Kept apart from ``scripts.py`` because this is the part that touches reportlab's
global state (its font registry, its ToUnicode writer, its paragraph width function)
and the files under ``resources/fonts/``; ``scripts.py`` only turns typed text into
runs of these fonts. ``resources/fonts/`` ships Noto Sans (Latin, Greek, Cyrillic),
Noto Naskh Arabic (Arabic, Urdu, Persian), Noto Sans Hebrew, Armenian, Georgian,
Ethiopic and Thai, WenQuanYi Micro Hei (Chinese, Japanese, Korean) and Symbola
(monochrome emoji and symbols); its README says where each came from and its licence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import paragraph

from cinchair.app.paths import resources_dir

BODY = "CinBody"
BODY_BOLD = "CinBody-Bold"
ARABIC = "CinArabic"
ARABIC_BOLD = "CinArabic-Bold"
HEBREW = "CinHebrew"
HEBREW_BOLD = "CinHebrew-Bold"
ARMENIAN = "CinArmenian"
ARMENIAN_BOLD = "CinArmenian-Bold"
GEORGIAN = "CinGeorgian"
GEORGIAN_BOLD = "CinGeorgian-Bold"
ETHIOPIC = "CinEthiopic"
ETHIOPIC_BOLD = "CinEthiopic-Bold"
THAI = "CinThai"
THAI_BOLD = "CinThai-Bold"
CJK = "CinCJK"
SYMBOLS = "CinSymbols"


@dataclass(frozen=True)
class Face:
    """One shipped typeface: reportlab names and files for its regular and bold."""

    regular: str
    bold: str
    regular_file: str
    bold_file: str | None  # None: the regular file also stands in for bold
    subfont_index: int = 0  # which face of a .ttc collection


# Fallback order: the first face with a glyph for a letter prints it.
FACES: tuple[Face, ...] = (
    Face(BODY, BODY_BOLD, "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    Face(ARABIC, ARABIC_BOLD, "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
    Face(HEBREW, HEBREW_BOLD, "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
    Face(ARMENIAN, ARMENIAN_BOLD, "NotoSansArmenian-Regular.ttf", "NotoSansArmenian-Bold.ttf"),
    Face(GEORGIAN, GEORGIAN_BOLD, "NotoSansGeorgian-Regular.ttf", "NotoSansGeorgian-Bold.ttf"),
    Face(ETHIOPIC, ETHIOPIC_BOLD, "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"),
    Face(THAI, THAI_BOLD, "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"),
    Face(CJK, CJK, "wqy-microhei.ttc", None),
    Face(SYMBOLS, SYMBOLS, "Symbola_hint.ttf", None),
)


def fonts_dir() -> Path:
    """Where the shipped fonts live (inside the PyInstaller bundle when frozen)."""
    return resources_dir() / "fonts"


def font_file(name: str) -> tuple[Path, int]:
    """The file and face index (of a .ttc collection) behind a registered font name.

    A bold name of a face with no bold file is its regular file, as in the PDF.
    """
    for face in FACES:
        if name == face.regular:
            return fonts_dir() / face.regular_file, face.subfont_index
        if name == face.bold:
            return fonts_dir() / (face.bold_file or face.regular_file), face.subfont_index
    raise KeyError(f"not a shipped font: {name}")


def _register(name: str, path: Path, subfont_index: int) -> None:
    if name in pdfmetrics.getRegisteredFontNames():
        return
    if not path.is_file():
        raise FileNotFoundError(f"shipped font missing: {path}")
    pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=subfont_index))


# reportlab writes each glyph's "this is character U+XXXX" entry (the ToUnicode map
# that copy, paste, search and screen readers use) as four or more hex digits, so an
# emoji comes out as <1F44D>: odd-length, invalid, and read back as nothing. PDF wants
# UTF-16 there, a surrogate pair for characters beyond U+FFFF.
_ASTRAL_TO_UNICODE = re.compile(r"^(<[0-9A-F]{2}>) <([0-9A-F]{5,6})>$", re.MULTILINE)


def _utf16_entry(match: re.Match[str]) -> str:
    utf16 = chr(int(match[2], 16)).encode("utf-16-be").hex().upper()
    return f"{match[1]} <{utf16}>"


_reportlab_to_unicode_map = ttfonts.makeToUnicodeCMap


def _to_unicode_map(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map with non-BMP entries (emoji) written as UTF-16."""
    return _ASTRAL_TO_UNICODE.sub(_utf16_entry, _reportlab_to_unicode_map(fontname, subset))


# Widths of text already measured, per font and size: a document measures the same
# words many times over (each table cell is laid out more than once, and "the" is
# everywhere), and a width never changes once a font is registered under its name.
_WIDTHS: dict[tuple[str, str, float], float] = {}
_WIDTHS_KEPT = 200_000  # about 30 MB at most; then forgotten and measured afresh


def measured_width(text: str, font_name: str, font_size: float, encoding: str = "utf8") -> float:
    """reportlab's ``stringWidth``, remembered: what reportlab's line breaking calls."""
    key = (text, font_name, font_size)
    width = _WIDTHS.get(key)
    if width is None:
        if len(_WIDTHS) >= _WIDTHS_KEPT:
            _WIDTHS.clear()
        width = _WIDTHS[key] = pdfmetrics.stringWidth(text, font_name, font_size, encoding)
    return width


def forget_measurements() -> None:
    """Forget every remembered width (for a benchmark of a first render)."""
    _WIDTHS.clear()


@cache
def register_fonts() -> None:
    """Register every shipped font with reportlab, once per process.

    Each face also gets a font family, so ``<b>`` inside Paragraph markup (and
    ``scripts.markup(bold=True)``) picks the bold file where there is one and the
    regular file where there is not (WenQuanYi and Symbola have no bold). Italic maps
    to upright: no italic is shipped, and slanted Arabic or Chinese would be wrong
    anyway. It also mends reportlab's text map for emoji (see ``_to_unicode_map``)
    and has its paragraphs measure words through :func:`measured_width`.
    """
    ttfonts.makeToUnicodeCMap = _to_unicode_map  # looked up by name at save time
    paragraph.stringWidth = measured_width  # type: ignore[attr-defined]  # each line broken
    folder = fonts_dir()
    for face in FACES:
        _register(face.regular, folder / face.regular_file, face.subfont_index)
        if face.bold_file is not None:
            _register(face.bold, folder / face.bold_file, face.subfont_index)
        # Not registerFontFamily: each mapping also records the reverse (font name to
        # family, bold, italic), and the last one for a name wins. In this order the
        # upright ones come last, so a style naming CinBody is read as regular, not
        # as italic, and one naming CinCJK (which is its own bold) is not read as bold.
        for bold, italic in ((1, 1), (0, 1), (1, 0), (0, 0)):
            addMapping(face.regular, bold, italic, face.bold if bold else face.regular)  # type: ignore[arg-type]


@cache
def _coverage(font_name: str) -> frozenset[int]:
    """Code points the font really draws (cmap entries pointing at glyph 0 do not)."""
    register_fonts()
    face = pdfmetrics.getFont(font_name).face  # type: ignore[attr-defined]
    return frozenset(cp for cp, glyph in face.charToGlyph.items() if glyph)


@cache
def fallback_order(bold: bool) -> tuple[tuple[str, frozenset[int]], ...]:
    """Each shipped font's name (bold or regular) with the code points it draws, in the
    order a character is offered to them: the first that draws it prints it."""
    names = [face.bold if bold else face.regular for face in FACES]
    return tuple((name, _coverage(name)) for name in names)
