"""Text in the documents exactly as typed, in the right order, and what each copy may show.

Each test here holds the minutes and plan to a promise a reader relies on: the
agencies' copy says which points not to share; the family's copy says nothing of them
beyond the council's wording; a name in any script keeps the numbers and dates around
it where they belong; what a chair typed (template syntax, line breaks) prints as typed.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from cinchair.cli.main import main
from cinchair.demo import build_demo
from cinchair.documents import Copy, Document, build_context
from cinchair.documents.pdf import render_pdf
from cinchair.documents.render import template_for
from cinchair.documents.word import render_docx
from cinchair.record import RecordError, build_record, validate_record
from cinchair.store.facade import Store, sqlite_url
from tests.docs_reading import docx_text, flat, pdf_pages, pdf_text

PRODUCED = datetime(2026, 11, 23, 10, 15, tzinfo=UTC)
ISOLATES = "\u2066\u2067\u2068\u2069"
ARABIC_PRESENTATION = "\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff"


@pytest.fixture(scope="module")
def demo_records(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    demo = build_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path)) as store, store.reading() as session:
        first, review = (build_record(session, m) for m in demo.meeting_ids)
    return first, review


def _copy(record: dict) -> dict:
    return json.loads(json.dumps(record))


def _render(record: dict, document: Document, copy: Copy) -> tuple[bytes, bytes]:
    context = build_context(record, document, copy, PRODUCED)
    template = template_for(record["council"]["profile_id"], document)
    return render_docx(context, template), render_pdf(context)


def _docx_paragraphs(data: bytes) -> list[Any]:
    """Every paragraph of the body, tables included, as python-docx paragraphs."""
    document = docx.Document(io.BytesIO(data))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    return paragraphs


def pdf_seen(data: bytes) -> str:
    """The PDF's text in the order it is seen, left to right.

    pypdf turns each drawn run holding right-to-left letters back into typed order on
    extraction; turning those runs round again gives what a reader sees on the page.
    """
    runs: list[str] = []

    def keep(text: str, *_: Any) -> None:
        rtl = re.search(f"[{ARABIC_PRESENTATION}]", text)
        runs.append(text[::-1] if rtl else text)

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=keep)
    return flat(" ".join(runs).replace(" ,", ",")).replace(" :", ":")


def _plain(text: str) -> str:
    return "".join(ch for ch in text if ch not in ISOLATES)


def _confidential_texts(record: dict) -> list[str]:
    points = [p["text"] for h in record["agenda"] for p in h["points"] if p["confidential"]]
    return points + [v["content"] for v in record["child_voice"] if v["confidential"]]


# --- what each copy may show ---------------------------------------------------------


@pytest.mark.slow
def test_every_confidential_point_is_marked_in_the_agencies_copy(demo_records) -> None:
    for record in demo_records:
        secrets = _confidential_texts(record)
        assert secrets, "the demo has confidential points to test with"
        word, pdf = _render(record, Document.MINUTES, Copy.AGENCIES)
        count = f"{len(secrets)} point{'s' if len(secrets) > 1 else ''} marked CONFIDENTIAL"
        assert count in flat(_plain(pdf_pages(pdf)[0]))
        assert count in flat(_plain(docx_text(word)))
        pdf_flat = pdf_text(pdf)
        for secret in secrets:
            start = flat(secret)[:40]
            assert re.search(r"CONFIDENTIAL[^.]{0,80}" + re.escape(start), pdf_flat), secret
            holding = [p for p in _docx_paragraphs(word) if start in flat(_plain(p.text))]
            assert holding, secret
            for paragraph in holding:
                assert "CONFIDENTIAL" in paragraph.text
                assert paragraph._p.xpath(".//w:shd"), "the confidential point is shaded"
        # the PDF shades it too: a filled rectangle behind each marked point
        pages = PdfReader(io.BytesIO(pdf)).pages
        content = b"".join(page.get_contents().get_data() for page in pages)
        assert content.count(b"re f") >= len(secrets)


@pytest.mark.slow
def test_the_family_copy_holds_no_confidential_point(demo_records) -> None:
    for record in demo_records:
        for document in Document:
            if document is Document.PLAN and record["plan"] is None:
                continue
            word, pdf = _render(record, document, Copy.FAMILY)
            for text in (flat(_plain(docx_text(word))), pdf_text(pdf)):
                assert "CONFIDENTIAL" not in text
                for secret in _confidential_texts(record):
                    assert flat(secret)[:40] not in text


@pytest.mark.slow
def test_only_the_document_that_withheld_points_says_so(demo_records) -> None:
    record = demo_records[1]
    for fmt in (0, 1):
        minutes = _render(record, Document.MINUTES, Copy.FAMILY)[fmt]
        plan = _render(record, Document.PLAN, Copy.FAMILY)[fmt]
        read = (lambda d: flat(_plain(docx_text(d)))) if fmt == 0 else pdf_text
        assert "kept in the agencies' copy only" in read(minutes)
        assert "confidential" not in read(plan).lower()


# --- text exactly as typed -----------------------------------------------------------


def test_docxtpl_escapes_typed_by_a_chair_come_out_as_typed(demo_records) -> None:
    record = _copy(demo_records[1])
    typed = "Wrote {_{ 7*7 }_} and {_% if x %_} on the form"
    record["agenda"][0]["points"][0]["text"] = typed
    word, pdf = _render(record, Document.MINUTES, Copy.AGENCIES)
    assert typed in _plain(docx_text(word))
    assert typed in pdf_text(pdf)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("separator", "name"),
    [("\x0b", "vertical tab"), ("\x0c", "form feed"), ("\u2028", "line"), ("\u2029", "para")],
)
def test_typed_line_breaks_break_the_line_in_both_formats(
    demo_records, separator: str, name: str
) -> None:
    record = _copy(demo_records[1])
    record["agenda"][0]["points"][0]["text"] = f"Alpha{separator}Bravo"
    word, pdf = _render(record, Document.MINUTES, Copy.AGENCIES)
    assert any("Alpha\nBravo" in _plain(p.text) for p in _docx_paragraphs(word)), name
    lines = [line for page in pdf_pages(pdf) for line in page.splitlines()]
    at = next(i for i, line in enumerate(lines) if line.endswith("Alpha"))
    assert lines[at + 1].startswith("Bravo"), name


@pytest.mark.parametrize(
    ("bad", "what"),
    [("\ud800", "lone surrogate"), ("\x07", "control character"), ("\x1b", "control character")],
)
def test_a_record_with_unprintable_text_is_refused_naming_the_field(
    demo_records, tmp_path: Path, capsys, bad: str, what: str
) -> None:
    record = _copy(demo_records[1])
    record["agenda"][1]["points"][0]["text"] = f"Before{bad}after"
    with pytest.raises(RecordError) as refused:
        validate_record(record, "meeting.json")
    assert refused.value.where == "agenda/1/points/0/text"
    assert what in str(refused.value)
    path = tmp_path / "meeting.json"
    path.write_text(json.dumps(record), encoding="utf-8")  # JSON escapes the surrogate
    status = main(["render", "--record", str(path), "--out", str(tmp_path / "out")])
    assert status == 2
    assert "agenda/1/points/0/text" in capsys.readouterr().err


# --- names in any script, in order ---------------------------------------------------


def test_numbers_and_dates_stay_beside_a_right_to_left_name(demo_records) -> None:
    record = _copy(demo_records[1])
    record["consents"][0]["given_by"] = "محمد الأحمد"
    record["consents"][0]["notes"] = ""
    word, pdf = _render(record, Document.MINUTES, Copy.AGENCIES)
    date = record["consents"][0]["recorded_on"]
    day = datetime.fromisoformat(date).strftime("%-d %b %Y")
    # seen left to right: the label, the name (its letters right to left), then the date
    seen = re.search(rf"Consent given: [{ARABIC_PRESENTATION} ]+, ?{day}\.", pdf_seen(pdf))
    assert seen, pdf_seen(pdf)[:2000]
    # in Word the name is isolated, so the bidi algorithm cannot pull the date into it
    held = [p.text for p in _docx_paragraphs(word) if "محمد الأحمد" in p.text]
    assert held and all(re.search("[\u2066-\u2068]محمد الأحمد\u2069", t) for t in held)


def test_a_typed_sentence_starting_with_an_arabic_name_keeps_its_full_stop_last(
    demo_records,
) -> None:
    record = _copy(demo_records[1])
    record["decision"]["rationale"] = "محمد will keep the plan going."
    pdf = pdf_seen(_render(record, Document.MINUTES, Copy.AGENCIES)[1])
    assert re.search(rf"Reasons: [{ARABIC_PRESENTATION}]+ ?will keep the plan going\.", pdf)


def test_the_scaling_summary_keeps_each_score_with_its_person(demo_records) -> None:
    record = _copy(demo_records[1])
    history = record["scaling_history"]
    history["people"][0]["name"] = "عائشہ خان"
    word, pdf = _render(record, Document.MINUTES, Copy.AGENCIES)
    summary = next(p.text for p in _docx_paragraphs(word) if "عائشہ خان" in p.text)
    assert re.search("[\u2066-\u2068]عائشہ خان\u2069: ", summary)
    assert re.search(rf"[{ARABIC_PRESENTATION}] ?: \d+ on ", pdf_seen(pdf))


def test_word_xml_holds_no_unescaped_template_reversal(demo_records) -> None:
    """The DOCX as stored: typed braces and underscores untouched in the XML itself."""
    record = _copy(demo_records[1])
    record["agenda"][0]["points"][0]["text"] = "%_} }_} {_% {_{"
    word, _ = _render(record, Document.MINUTES, Copy.AGENCIES)
    with zipfile.ZipFile(io.BytesIO(word)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "%_} }_} {_% {_{" in _plain(xml)


# --- dates that make sense -------------------------------------------------------------


def test_a_next_review_beyond_every_timescale_needs_a_reason(demo_records) -> None:
    record = _copy(demo_records[1])
    record["decision"]["next_review_on"] = "2099-12-31"
    record["decision"]["next_review_reason"] = ""
    with pytest.raises(RecordError) as refused:
        validate_record(record)
    assert refused.value.where == "decision/next_review_on"
    assert "31 Dec 2099" in str(refused.value) and "give the reason" in str(refused.value)
    record["decision"]["next_review_reason"] = "Stable placement; the council agreed a year."
    validate_record(record)


def test_a_signature_a_year_from_its_meeting_is_refused(demo_records) -> None:
    record = _copy(demo_records[1])
    signed = next(i for i, s in enumerate(record["signatures"]) if s["signed_at"])
    record["signatures"][signed]["signed_at"] = "2028-10-19T15:20:00Z"
    with pytest.raises(RecordError) as refused:
        validate_record(record)
    assert refused.value.where == f"signatures/{signed}/signed_at"
    assert "more than a year from the meeting" in str(refused.value)
