"""A reportlab paragraph of typed text in any script, built without reportlab's parser.

reportlab's ``Paragraph`` parses its text as XML-like markup with ``html.parser`` every
time one is made: in the minutes that parse was a fifth of the time the PDF took, for
text this project had just escaped itself. A typed value never holds markup, so the
paragraph is built here straight from its pieces: each printed line's runs of
``(font, text)`` (from ``scripts.visual_runs``) become reportlab fragments cloned from
a prototype that the real parser made once per style, font and weight. A line of one
font is one fragment, so reportlab also takes its quick path of breaking lines of a
single fragment, where escaped ``&`` or ``<`` used to split it into three.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paraparser import ParaParser

from cinchair.documents.fonts import BODY, BODY_BOLD
from cinchair.documents.scripts import has_rtl, is_rtl, visual_runs

# Per style: (font, bold, colour) -> the fragment the parser makes for one run in that
# font, and the fragment of a line break. Weak keys: a style that goes, goes with its own.
_PROTOTYPES: weakref.WeakKeyDictionary[ParagraphStyle, dict[tuple[str, bool, str | None], Any]] = (
    weakref.WeakKeyDictionary()
)
_LINE_BREAK = "\n"  # the key of the line-break prototype, never a font name


def _parsed(markup: str, style: ParagraphStyle) -> list[Any]:
    _, frags, _ = ParaParser().parse(markup, style)  # type: ignore[no-untyped-call]
    if frags is None:  # the markup is this module's own: a failure is a bug here
        raise ValueError(f"reportlab could not read {markup!r}")
    return list(frags)


def _prototype(style: ParagraphStyle, font: str, bold: bool, colour: str | None = None) -> Any:
    """The fragment reportlab's parser makes for a run of ``font`` in ``style``.

    The markup is the one ``scripts.markup`` writes for such a run, so a paragraph
    built here draws exactly as one parsed from that markup.
    """
    known = _PROTOTYPES.setdefault(style, {})
    key = (font, bold, colour)
    if key not in known:
        main = BODY_BOLD if bold else BODY
        if font == _LINE_BREAK:
            inner = "x<br/>x"
        elif font == main:
            inner = "x"
        else:
            inner = f'<font name="{font}">x</font>'
        inner = f"<b>{inner}</b>" if bold else inner
        inner = f'<font color="{colour}">{inner}</font>' if colour else inner
        frags = _parsed(inner, style)
        known[key] = frags[1] if font == _LINE_BREAK else frags[0]
    return known[key]


def fragments(lines: list[list[tuple[str, str]]], style: ParagraphStyle, bold: bool) -> list[Any]:
    """reportlab fragments for printed lines of ``(font, text)`` runs, lines broken."""
    return _fragments([[(font, bold, None, part) for font, part in runs] for runs in lines], style)


def _fragments(
    lines: list[list[tuple[str, bool, str | None, str]]], style: ParagraphStyle
) -> list[Any]:
    frags: list[Any] = []
    for number, runs in enumerate(lines):
        if number:
            frags.append(_prototype(style, _LINE_BREAK, False).clone())
        frags.extend(
            _prototype(style, font, bold, colour).clone(text=part)
            for font, bold, colour, part in runs
        )
    if not frags:  # an empty paragraph: what the parser makes of no text
        frags = [_prototype(style, BODY, False).clone(text="")]
    return frags


@dataclass(frozen=True)
class Part:
    """One piece of a composed line: a bold label, a typed value, a coloured mark."""

    text: str
    bold: bool = False
    ltr: bool = True  # composed English; False for a value as typed (its own direction)
    width: float | None = None  # where a right-to-left value is broken into lines
    colour: str | None = None  # "#RRGGBB"


def composed(parts: list[Part], style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
    """A paragraph of pieces one after another, a space between: what ``markup`` of each
    piece joined with spaces would make, without reportlab's parser."""
    lines: list[list[tuple[str, bool, str | None, str]]] = []
    for part in parts:
        part_lines = [
            [(font, part.bold, part.colour, text) for font, text in runs]
            for runs in visual_runs(
                part.text,
                bold=part.bold,
                width=part.width,
                font_size=style.fontSize,
                ltr=part.ltr,
            )
        ]
        if lines and part_lines:
            lines[-1] += [(BODY, False, None, " "), *part_lines[0]]
            lines.extend(part_lines[1:])
        else:
            lines.extend(part_lines)
    return Paragraph("", style, bulletText=bullet, frags=_fragments(lines, style))


class ScriptParagraph(Flowable):
    """A Paragraph of user text, laid out for any script at the width it is given.

    It builds the underlying :class:`~reportlab.platypus.Paragraph` from the text's
    printed lines once the width is known (platypus tells a flowable its width only
    when wrapping it), so right-to-left text breaks into lines in the right order.
    Text that reads right to left as a whole is right-aligned when the style says left.
    Wherever a Paragraph goes (story, table cell, KeepTogether) this can go too.
    """

    # (title, level) for a heading: the PDF's outline (bookmarks) lists it
    outline: tuple[str, int] | None = None

    def __init__(
        self, text: str, style: ParagraphStyle, *, bold: bool = False, ltr: bool = False
    ) -> None:
        super().__init__()
        self.text = text
        self.bold = bold
        self.ltr = ltr
        if is_rtl(text) and not ltr and style.alignment == TA_LEFT:
            style = _right_aligned(style)
        self.style = style
        # only right-to-left text is broken into lines here, so only it needs the width
        self._needs_width = has_rtl(text)
        self._para = self._build(None)
        self._para_width: float | None = None
        # the width the paragraph was last laid out at: a table asks each cell's size
        # several times at one width, and breaking lines again gives the same answer
        self._wrapped_at: float | None = None

    def _build(self, avail_width: float | None) -> Paragraph:
        style = self.style
        width = None
        if avail_width is not None:
            indents = style.leftIndent + style.rightIndent + max(style.firstLineIndent, 0)
            width = avail_width - indents
        lines = visual_runs(
            self.text, bold=self.bold, width=width, font_size=style.fontSize, ltr=self.ltr
        )
        return Paragraph(self.text, style, frags=fragments(lines, style, self.bold))

    def _at(self, avail_width: float) -> Paragraph:
        if self._needs_width and avail_width != self._para_width:
            self._para = self._build(avail_width)
            self._para_width = avail_width
        return self._para

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # a Paragraph's lines depend on the width alone, never on the height offered
        if availWidth != self._wrapped_at:
            self.width, self.height = self._at(availWidth).wrap(availWidth, availHeight)
            self._wrapped_at = availWidth
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._wrapped_at = None  # splitting may lay the paragraph out again
        return self._at(availWidth).split(availWidth, availHeight)

    def draw(self) -> None:
        self._para.drawOn(self.canv, 0, 0)

    def minWidth(self) -> float:
        return self._para.minWidth()

    def getSpaceBefore(self) -> float:
        return self._para.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self._para.getSpaceAfter()


_RIGHT_ALIGNED: weakref.WeakKeyDictionary[ParagraphStyle, ParagraphStyle] = (
    weakref.WeakKeyDictionary()
)


def _right_aligned(style: ParagraphStyle) -> ParagraphStyle:
    """``style`` right-aligned, made once per style (its fragments' prototypes with it)."""
    if style not in _RIGHT_ALIGNED:
        _RIGHT_ALIGNED[style] = ParagraphStyle(
            f"{style.name}-rtl", parent=style, alignment=TA_RIGHT
        )
    return _RIGHT_ALIGNED[style]
