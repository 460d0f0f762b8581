"""Hostile records rendered in both formats: every string comes back as it was typed.

Names in many scripts, markup and template syntax, Word's line breaks, a word longer
than a page is wide, a paragraph longer than a page and a plan of 60 actions, all in
one meeting, read back from the DOCX (python-docx) and the PDF (pypdf).
"""

from __future__ import annotations

import copy
import re
import unicodedata
from datetime import UTC, datetime

import pytest

from cinchair.demo import build_demo
from cinchair.documents import Copy, Document, build_context
from cinchair.documents.pdf import render_pdf
from cinchair.documents.render import template_for
from cinchair.documents.word import render_docx
from cinchair.record import build_record, validate_record
from cinchair.store.facade import Store, sqlite_url
from tests.docs_reading import docx_text, pdf_body_text

PRODUCED = datetime(2026, 11, 23, 10, 15, tzinfo=UTC)
NAMES = {
    "Polish": "Zażółć Gęślą-Jaźń",
    "Welsh": "Ŵyn ap Dafydd ŷ",
    "Arabic": "محمد الأحمد",
    "Urdu": "عائشہ خان",
    "Chinese": "王小明",
    "Yoruba": "Adéṣọlá Ọ̀ṣun",
    "Cyrillic": "Анна Иванова",
    "Greek": "Ελένη Παπαδοπούλου",
    "Emoji": "Sam 👍🏽",
}
TYPED = [
    "<b>bold?</b> & &amp; </w:t> ]]> \\ \" '",
    "{{ child.name }} {% if true %}x{% endif %} {_{ 7*7 }_} {#c#}",
    "Line one\x0bline two\x0cline three\u2028line four\u2029line five",
]
WORD = "Supercalifragilistic" * 500  # 10,000 characters, no space
PARAGRAPH = ("The family described the week in detail, day by day. " * 378)[:20000]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict:
    demo = build_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path)) as store, store.reading() as session:
        record = build_record(session, demo.meeting_ids[1])
    record = copy.deepcopy(record)
    for person, name in zip(record["participants"], NAMES.values(), strict=False):
        person["name"] = name
    points = record["agenda"][0]["points"]
    template = points[0]
    texts = [*TYPED, WORD, PARAGRAPH, *(f"{name} said hello." for name in NAMES.values())]
    record["agenda"][0]["points"] = [
        template | {"text": text, "confidential": False} for text in texts
    ]
    outcome = record["plan"]["outcomes"][0]
    action = outcome["actions"][0]
    outcome["actions"] = [
        action | {"what": f"Action {n}: {list(NAMES.values())[n % len(NAMES)]} calls"}
        for n in range(60)
    ]
    return validate_record(record, "hostile")


def _same(text: str) -> str:
    """For comparing: composed, no spaces, no line breaks, no continuation marks."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s…]", "", text)


def _rendered(record: dict, document: Document) -> tuple[str, str]:
    context = build_context(record, document, Copy.AGENCIES, PRODUCED)
    word = render_docx(context, template_for(record["council"]["profile_id"], document))
    return _same(docx_text(word)), _same(pdf_body_text(render_pdf(context)))


@pytest.fixture(scope="module")
def minutes(hostile: dict) -> tuple[str, str]:
    return _rendered(hostile, Document.MINUTES)


@pytest.mark.slow
@pytest.mark.parametrize("script", list(NAMES))
def test_every_name_comes_out_as_typed(minutes: tuple[str, str], script: str) -> None:
    word, pdf = minutes
    name = NAMES[script]
    assert _same(name) in word
    # the PDF draws no skin-tone swatch (a monochrome font cannot tint the emoji)
    drawn = re.sub("[\U0001f3fb-\U0001f3ff]", "", name)
    assert _same(drawn) in pdf


@pytest.mark.parametrize("typed", TYPED)
def test_markup_template_syntax_and_breaks_come_out_as_typed(
    minutes: tuple[str, str], typed: str
) -> None:
    word, pdf = minutes
    assert _same(typed) in word
    assert _same(typed) in pdf


def test_the_longest_word_and_paragraph_are_all_there(minutes: tuple[str, str]) -> None:
    word, pdf = minutes
    for text in (WORD, PARAGRAPH):
        assert _same(text) in word
        assert _same(text) in pdf


def test_sixty_actions_are_all_in_the_plan(hostile: dict) -> None:
    word, pdf = _rendered(hostile, Document.PLAN)
    for n in range(60):
        what = f"Action {n}: {list(NAMES.values())[n % len(NAMES)]} calls"
        drawn = re.sub("[\U0001f3fb-\U0001f3ff]", "", what)
        assert _same(what) in word
        assert _same(drawn) in pdf
