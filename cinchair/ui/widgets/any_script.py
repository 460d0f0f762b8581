"""Italic rich text that stays readable in any script.

Qt chooses a fallback font per family, not per face: asked for italic Arabic on a
system whose UI font is DejaVu Sans, it picks DejaVu Sans Oblique, because the family
has Arabic, but that face has no Arabic glyphs, so the words show as empty boxes. Many
scripts have no italics anyway (Arabic, Hebrew, Chinese, Devanagari). So the quote is
italic only where the italic face can draw the letters; every other run is set upright,
where Qt's usual fallback finds a font that has them.
"""

from __future__ import annotations

import html
import unicodedata

from PySide6.QtGui import QFont, QFontMetrics

# Spaces, punctuation, marks and joiners go with the letters around them.
_FOLLOWS = ("Z", "P", "M", "C", "S")


def italic_html(text: str, font: QFont) -> str:
    """``text`` escaped for rich text, in italic spans wherever ``font``'s italic can draw it.

    Letters the italic face lacks stay upright (``font-style:normal``), so they are
    drawn rather than boxed; line breaks become ``<br>``.
    """
    italic = QFont(font)
    italic.setItalic(True)
    metrics = QFontMetrics(italic)
    runs: list[tuple[bool, list[str]]] = []
    for char in text:
        category = unicodedata.category(char)[0]
        if runs and category in _FOLLOWS:
            runs[-1][1].append(char)
            continue
        slanted = category in _FOLLOWS or metrics.inFontUcs4(ord(char))
        if runs and runs[-1][0] == slanted:
            runs[-1][1].append(char)
        else:
            runs.append((slanted, [char]))
    style = {True: "font-style:italic", False: "font-style:normal"}
    return "".join(
        f'<span style="{style[slanted]};">{html.escape("".join(chars)).replace(chr(10), "<br>")}'
        "</span>"
        for slanted, chars in runs
    )
