"""Text the chair typed in any script is drawn, never as empty boxes, and reads in order."""

from __future__ import annotations

import html

from PySide6.QtGui import QFont, QTextDocument

from cinchair.domain.bidi import isolate
from cinchair.ui.theme import body_font
from cinchair.ui.widgets.any_script import italic_html

# in scripts the upright UI font draws on every test machine (DejaVu Sans has Arabic)
DRAWN = "I like my school and my teacher. ليلى حسن أحب مدرستي. Привет. Ŵyn Łódź"
# and in any script at all: what has no font on the machine is boxed upright as well
ANY = DRAWN + " میں خوش ہوں۔ 我喜欢学校. मुझे स्कूल पसंद है. Adébáyọ̀ 👩🏽"


def _missing_glyphs(rich_text: str, font: QFont) -> list[str]:
    """Where a glyph was laid out as glyph 0 (the empty box) in the font Qt used."""
    document = QTextDocument()
    document.setDefaultFont(font)
    document.setHtml(rich_text)
    document.setTextWidth(4000)
    document.documentLayout().documentSize()  # lays every block out
    missing = []
    block = document.begin()
    while block.isValid():
        layout = block.layout()
        assert layout.lineCount() > 0
        for line in range(layout.lineCount()):
            text_line = layout.lineAt(line)
            runs = text_line.glyphRuns()
            for number, run in enumerate(runs):
                glyphs = run.glyphIndexes()
                missing += [f"line {line} run {number}" for glyph in glyphs if glyph == 0]
        block = block.next()
    return missing


def test_italic_quotes_draw_arabic_and_every_script_the_font_has(qapp) -> None:
    font = body_font()
    assert _missing_glyphs(italic_html(f"“{isolate(DRAWN)}”", font), font) == []


def test_italic_quotes_draw_whatever_upright_text_can(qapp) -> None:
    font = body_font()
    upright = _missing_glyphs(html.escape(f"“{isolate(ANY)}”"), font)
    assert len(_missing_glyphs(italic_html(f"“{isolate(ANY)}”", font), font)) == len(upright)


def test_latin_text_stays_italic(qapp) -> None:
    rich = italic_html("“I like my school”", body_font())
    assert rich.count("font-style:italic") == 1
    assert "font-style:normal" not in rich


def test_what_is_typed_is_kept_as_typed(qapp) -> None:
    document = QTextDocument()
    typed = "<b>&amp; {{ 7*7 }}\nليلى"
    document.setHtml(italic_html(typed, body_font()))
    assert document.toPlainText() == typed
