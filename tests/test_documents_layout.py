"""What was seen on the printed page, held by tests: nothing overprints the footer at a
council's largest family size, a bullet's later lines hang under its text, and a table
column is never so narrow that a word is broken in the middle.

Each test reads where pypdf says every run of text is drawn (x and y in points).
"""

from __future__ import annotations

import copy
import io
import re
from datetime import UTC, datetime
from typing import Any

import docx
import pytest
from docx.shared import Pt
from pypdf import PdfReader

from cinchair.demo import build_demo
from cinchair.documents import Copy, Document, build_context
from cinchair.documents.pdf import render_pdf
from cinchair.documents.pdf_columns import CELL_PADDING, word_width
from cinchair.documents.render import template_for
from cinchair.documents.word import render_docx
from cinchair.record import build_record
from cinchair.store.facade import Store, sqlite_url

PRODUCED = datetime(2026, 11, 23, 10, 15, tzinfo=UTC)


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    demo = build_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path)) as store, store.reading() as session:
        return build_record(session, demo.meeting_ids[-1])


def _spans(data: bytes) -> list[list[tuple[str, float, float]]]:
    """Per page, each drawn run of text with the x and y of its start, in points."""
    pages: list[list[tuple[str, float, float]]] = []

    def keep(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            pages[-1].append((text.strip(), x, y))

    for page in PdfReader(io.BytesIO(data)).pages:
        pages.append([])
        page.extract_text(visitor_text=keep)
    return pages


def _context(record: dict[str, Any], document: Document, copy_for: Copy) -> dict[str, Any]:
    return build_context(record, document, copy_for, PRODUCED)


@pytest.mark.slow
def test_nothing_overprints_the_footer_of_a_family_copy_at_20_pt(review: dict[str, Any]) -> None:
    context = _context(review, Document.MINUTES, Copy.FAMILY)
    context["doc"]["body_pt"] = 20.0  # the largest size a council may choose
    pages = _spans(render_pdf(context))
    assert len(pages) > 2
    # the footer is what every page draws at the same place (with its page number)
    every_page = set.intersection(*({(text, round(y)) for text, _x, y in p} for p in pages))

    def in_footer(text: str, y: float) -> bool:
        return (text, round(y)) in every_page or re.fullmatch(r"page \d+ of \d+", text) is not None

    for number, spans in enumerate(pages, start=1):
        footer_top = max(y for text, _x, y in spans if in_footer(text, y) and y < 200)
        body = [(text, y) for text, _x, y in spans if not in_footer(text, y)]
        lowest_text, lowest = min(body, key=lambda span: span[1])
        # the body's lowest baseline stands clear of the footer's top line
        assert lowest > footer_top + 10, (number, lowest_text)


def test_a_bullets_later_lines_hang_under_its_text(review: dict[str, Any]) -> None:
    record = copy.deepcopy(review)
    point = record["agenda"][0]["points"][0]
    point["text"] = "Hangingword " * 60
    spans = _spans(render_pdf(_context(record, Document.MINUTES, Copy.AGENCIES)))
    bullet_x = min(x for page in spans for text, x, _y in page if text.startswith("•"))
    lines = [x for page in spans for text, x, _y in page if text.startswith("Hangingword")]
    assert len(lines) >= 2, "the point wraps"
    assert min(lines) > bullet_x + 4


@pytest.mark.parametrize("copy_for", list(Copy))
def test_no_word_of_a_plan_table_is_broken_in_the_middle(
    review: dict[str, Any], copy_for: Copy
) -> None:
    """At 11 pt in the family's copy "No." and "(Grandmother)" were each cut in two."""
    spans = _spans(render_pdf(_context(review, Document.PLAN, copy_for)))
    drawn = {text for page in spans for text, _x, _y in page}
    words = {word for text in drawn for word in text.split()}
    for whole in ("No.", "(Grandmother)", "Wiśniewska"):
        assert whole in words, whole


def test_at_20_pt_the_people_table_keeps_every_word_whole(review: dict[str, Any]) -> None:
    """Five columns at a family's 20 pt cut "Atten/dance" and "Katarzyn/a": the table's
    type steps down (never under 11 pt) until each column holds its longest word."""
    context = _context(review, Document.MINUTES, Copy.FAMILY)
    context["doc"]["body_pt"] = 20.0
    spans = _spans(render_pdf(context))
    words = {word for page in spans for text, _x, _y in page for word in text.split()}
    for whole in ("Attendance", "Interpreter", "Advocate", "Katarzyna", "Present", "Apologies"):
        assert whole in words, whole


def test_at_20_pt_the_word_tables_step_down_to_hold_their_words(review: dict[str, Any]) -> None:
    """In Word too (seen through LibreOffice: "Attend/ance", "Toda/y" at 20 pt)."""
    context = _context(review, Document.MINUTES, Copy.FAMILY)
    context["doc"]["body_pt"] = 20.0
    template = template_for(review["council"]["profile_id"], Document.MINUTES)
    word = docx.Document(io.BytesIO(render_docx(context, template)))
    people = next(t for t in word.tables if t.rows[0].cells[0].text == "Name")
    sizes = {
        run.font.size
        for row in people.rows
        for c in row.cells
        for p in c.paragraphs
        for run in p.runs
    }
    assert len(sizes) == 1
    (size,) = sizes
    assert size is not None and Pt(11) <= size < Pt(20)
    for number, row in enumerate(people.rows):
        for cell in row.cells:
            for text in cell.text.split():
                room = cell.width.pt - CELL_PADDING if cell.width else 0
                assert word_width(text, number == 0, size.pt) <= room, text
