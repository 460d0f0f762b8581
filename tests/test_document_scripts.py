"""Names in any script print as typed: fonts, escaping, Arabic joining, right-to-left order.

The unit tests pin what :func:`markup` emits; the PDF tests build a real document with
platypus and read it back with pypdf, which is what a person copying a name out of the
minutes (or a screen reader) gets.
"""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from cinchair.documents.fonts import (
    ARABIC,
    ARABIC_BOLD,
    BODY,
    BODY_BOLD,
    CJK,
    ETHIOPIC,
    HEBREW,
    SYMBOLS,
    fonts_dir,
    register_fonts,
)
from cinchair.documents.script_paragraph import ScriptParagraph
from cinchair.documents.scripts import has_rtl, is_rtl, markup, unprintable

POLISH = "Zażółć gęślą jaźń"
WELSH = "Ŵyn ŷd"
ARABIC_TEXT = "مرحبا بكم"
URDU = "یہ اردو ہے"
CHINESE = "王小明"
EMOJI = "👍 😀"
HOSTILE = "<b>x</b> & {{ name }} {% if x %}"
MIXED = "Amira أميرة (mother)"
LONG_ARABIC = " ".join(f"هذه جملة عربية طويلة رقم {n}" for n in range(1, 30))
# Roughly 5,000 characters of ordinary prose, then one 5,000-character "word".
LONG_PARAGRAPH = " ".join(f"sentence{n:04d} of a very long note." for n in range(160))
LONG_WORD = "ż" * 5000

TAG = re.compile(r"<[^>]+>")


def _visible(marked: str) -> str:
    """What a marked-up line draws, in drawing order: tags out, entities back."""
    text = TAG.sub("", marked.replace("<br/>", "\n"))
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _logical(visual: str) -> str:
    """Undo joining and right-to-left ordering of a right-to-left line.

    Numbers inside right-to-left text are still drawn left to right, so they are
    turned back after the line is.
    """
    backwards = re.sub(r"\d+", lambda number: number[0][::-1], visual[::-1])
    return unicodedata.normalize("NFKC", backwards)


def _is_presentation_form(ch: str) -> bool:
    return "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufeff"


# --- markup -----------------------------------------------------------------------


def test_hostile_text_is_escaped_not_interpreted() -> None:
    marked = markup(HOSTILE)
    assert "<b>" not in marked
    assert marked == "&lt;b&gt;x&lt;/b&gt; &amp; {{ name }} {% if x %}"
    assert _visible(marked) == HOSTILE


def test_latin_scripts_stay_in_the_main_font() -> None:
    for text in (POLISH, WELSH, "Ελένη Анна"):
        assert markup(text) == text


@pytest.mark.parametrize(
    ("text", "font"),
    [
        (ARABIC_TEXT, ARABIC),
        (URDU, ARABIC),
        ("שלום", HEBREW),
        ("ተስፋይ", ETHIOPIC),
        (CHINESE, CJK),
        ("김민준", CJK),
        ("👍", SYMBOLS),
    ],
)
def test_other_scripts_are_wrapped_in_a_font_that_has_them(text: str, font: str) -> None:
    assert f'<font name="{font}">' in markup(text)


def test_every_test_string_has_glyphs() -> None:
    everything = POLISH + WELSH + ARABIC_TEXT + URDU + CHINESE + EMOJI + HOSTILE + "שלום"
    others = "ひらがな 김민준 Ελένη Анна Անի ნინო ተስፋይ สมชาย سارا"
    assert unprintable(everything + others) == set()


def test_unprintable_names_what_would_be_a_box() -> None:
    assert unprintable("Ana \U0001e900") == {"\U0001e900"}  # Adlam: no font shipped


def test_arabic_is_joined_and_in_visual_order() -> None:
    drawn = _visible(markup(ARABIC_TEXT))
    assert all(_is_presentation_form(ch) for ch in drawn if ch != " ")
    assert _logical(drawn) == ARABIC_TEXT
    assert drawn[0] == "\ufee2"  # final meem of بكم, the last letter typed, drawn leftmost


def test_urdu_letters_are_joined() -> None:
    drawn = _visible(markup(URDU))
    assert all(_is_presentation_form(ch) for ch in drawn if ch != " ")
    assert _logical(drawn) == URDU


def test_mixed_line_keeps_english_left_to_right_and_reverses_only_the_arabic() -> None:
    drawn = _visible(markup(MIXED))
    assert drawn.startswith("Amira ")
    assert drawn.endswith(" (mother)")
    name = drawn.removeprefix("Amira ").removesuffix(" (mother)")
    assert _logical(name) == "أميرة"


def test_brackets_are_mirrored_inside_right_to_left_text() -> None:
    drawn = _visible(markup("أميرة (الأم)"))
    # Reading right to left the bracket opens before الأم, so drawn left to right
    # the closing-looking glyph must come first: "(ﻡﻷﺍ) ﺓﺮﻴﻣﺃ".
    assert drawn.startswith("(") and drawn.index("(") < drawn.index(")")


def test_direction_helpers() -> None:
    assert is_rtl(ARABIC_TEXT) and is_rtl("أميرة (Amira)") and is_rtl(URDU)
    assert not is_rtl(MIXED) and not is_rtl("123") and not is_rtl("")
    assert has_rtl(MIXED) and not has_rtl(POLISH + CHINESE + EMOJI)


def test_bold_covers_every_script() -> None:
    marked = markup(f"{POLISH} {ARABIC_TEXT}", bold=True)
    assert marked.startswith("<b>") and marked.endswith("</b>")
    assert f'<font name="{ARABIC_BOLD}">' in marked
    assert markup("", bold=True) == ""


def test_line_breaks_and_control_characters() -> None:
    assert markup("one\r\ntwo\x00\x07 three\rfour\u2028five\tsix") == (
        "one<br/>two three<br/>four<br/>five six"
    )


def test_invisible_characters_are_dropped_not_boxed() -> None:
    # Variation selector, zero-width joiner, skin tone: nothing of them is drawn.
    assert _visible(markup("❤\ufe0f 👍\U0001f3fd 👨\u200d👩")) == "❤ 👍 👨👩"


def test_isolates_and_unassigned_characters_do_not_break_reordering() -> None:
    # The bidi algorithm used predates isolates, and unassigned code points have no
    # direction at all; both once raised inside python-bidi.
    drawn = _visible(markup("\u2067أميرة\u2069 Amira \u2068سارا\u2069 \U000e0fff\uffff"))
    assert "Amira" in drawn and "\ufffd" in drawn


@pytest.mark.slow
def test_random_text_never_breaks_a_document(tmp_path: Path) -> None:
    blocks = [(0x20, 0x24F), (0x300, 0x36F), (0x590, 0x6FF), (0xFB50, 0xFEFF), (0x2000, 0x206F)]
    blocks += [(0x4E00, 0x4FFF), (0x1F300, 0x1F6FF), (0xE000, 0xE00F), (0x0, 0x1F)]
    rng = random.Random(5)
    style = ParagraphStyle("body", fontName=BODY, fontSize=10, leading=13)
    story = []
    for n in range(60):
        text = "".join(chr(rng.randint(*rng.choice(blocks))) for _ in range(rng.randint(0, 120)))
        story.append(Paragraph(markup(text, bold=n % 3 == 0), style))
        story.append(ScriptParagraph(text, style))
    out = tmp_path / "random.pdf"
    SimpleDocTemplate(str(out)).build(story)
    assert len(PdfReader(out).pages) >= 1  # written whole: a second reader opens it


def test_decomposed_accents_are_composed() -> None:
    assert markup("Zoe\u0308") == "Zoë"


def test_long_right_to_left_text_is_broken_in_typed_order() -> None:
    lines = markup(LONG_ARABIC, width=200, font_size=10).split("<br/>")
    assert len(lines) > 5
    logical = [_logical(_visible(line)) for line in lines]
    assert logical[0].startswith("هذه جملة عربية طويلة رقم 1")
    assert " ".join(logical) == LONG_ARABIC


def test_a_right_to_left_word_wider_than_the_line_is_cut() -> None:
    lines = markup("ب" * 400, width=100, font_size=10).split("<br/>")
    assert len(lines) > 3
    assert sum(len(_visible(line)) for line in lines) == 400


def test_register_fonts_is_idempotent() -> None:
    """A second registration (a new document in the same run) keeps the same font
    objects and the same families: no face is loaded twice, none is re-mapped."""
    from reportlab.lib.fonts import tt2ps
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    names = pdfmetrics.getRegisteredFontNames()
    fonts = {name: pdfmetrics.getFont(name) for name in names}
    register_fonts.cache_clear()
    register_fonts()
    again = pdfmetrics.getRegisteredFontNames()
    assert sorted(again) == sorted(names) and len(set(again)) == len(again)
    assert all(pdfmetrics.getFont(name) is font for name, font in fonts.items())
    assert BODY in names and BODY_BOLD in names
    assert tt2ps(BODY, 0, 0) == BODY  # upright stays upright after the second run
    assert tt2ps(BODY, 1, 0) == BODY_BOLD


# --- a real PDF -------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    register_fonts()
    style = ParagraphStyle("body", fontName=BODY, fontSize=11, leading=15, spaceAfter=4)
    story = [
        Paragraph(markup(text), style)
        for text in (POLISH, WELSH, ARABIC_TEXT, URDU, CHINESE, EMOJI, HOSTILE, MIXED)
    ]
    story.append(Paragraph(markup(f"Bold: {POLISH} {ARABIC_TEXT}", bold=True), style))
    story.append(ScriptParagraph(LONG_ARABIC, style))
    story.append(Table([[ScriptParagraph(LONG_ARABIC, style), Paragraph(POLISH, style)]]))
    story.append(Paragraph(markup(LONG_PARAGRAPH), style))
    story.append(Paragraph(markup(LONG_WORD), style))
    story.append(Paragraph(markup(CHINESE * 400), style))
    path = tmp_path_factory.mktemp("pdf") / "scripts.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


@pytest.fixture(scope="module")
def reader(pdf: Path) -> PdfReader:
    return PdfReader(pdf)


@pytest.fixture(scope="module")
def extracted(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_text_reads_back_as_typed(extracted: str) -> None:
    lines = extracted.splitlines()
    for text in (POLISH, WELSH, CHINESE, HOSTILE, EMOJI):
        assert text in lines
    assert "Bold: " + POLISH in extracted


def test_pdf_arabic_reads_back_as_joined_arabic(extracted: str) -> None:
    # The PDF holds the joined forms; NFKC maps them back to the letters typed.
    # pypdf may give right-to-left text in either order, so accept both.
    joined = [line for line in extracted.splitlines() if any(map(_is_presentation_form, line))]
    plain = {unicodedata.normalize("NFKC", line).strip() for line in joined}
    plain |= {text[::-1] for text in plain}
    for text in (ARABIC_TEXT, URDU):
        assert text in plain or text[::-1] in plain


def test_pdf_long_paragraph_is_all_there(extracted: str) -> None:
    flat = extracted.replace("\n", " ")
    assert "sentence0000 of a very long note." in flat
    assert "sentence0159 of a very long note." in flat
    assert extracted.count("ż") >= 5000


def test_pdf_embeds_the_shipped_fonts(reader: PdfReader) -> None:
    embedded: set[str] = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            if font["/Subtype"] != "/TrueType":
                continue  # reportlab lists Helvetica, the canvas's starting font
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor  # TrueType outlines inside the PDF
            embedded.add(str(font["/BaseFont"]).split("+", 1)[-1])
    assert {
        "NotoSans-Regular",
        "NotoSans-Bold",
        "NotoNaskhArabic-Regular",
        "NotoNaskhArabic-Bold",
        "WenQuanYiMicroHei-0",
        "Symbola",
    } <= embedded


def test_pdf_text_maps_are_valid_for_emoji(reader: PdfReader) -> None:
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            if "/ToUnicode" not in font:
                continue
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            for target in re.findall(r"^<[0-9A-F]{2}> <([0-9A-F]{4,})>$", cmap, re.MULTILINE):
                assert len(target) % 4 == 0, target


def test_fonts_folder_has_licences_and_readme() -> None:
    folder = fonts_dir()
    assert (folder / "README.md").is_file()
    assert len(list(folder.glob("LICENSE-*.txt"))) == 3
