"""The minutes and the amended plan, read back from DOCX and PDF, say everything they must."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from cinchair.demo import build_demo
from cinchair.documents import Copy, Document, build_context
from cinchair.documents.pdf import render_pdf
from cinchair.documents.render import template_for
from cinchair.documents.word import render_docx
from cinchair.domain.bidi import plain
from cinchair.record import build_record, fingerprint, short_fingerprint, validate_record
from cinchair.store.facade import Store, sqlite_url
from tests.docs_reading import docx_image_count, docx_text, flat, pdf_pages, pdf_text

PRODUCED = datetime(2026, 11, 23, 10, 15, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo_records(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    demo = build_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path)) as store, store.reading() as session:
        first, review = (build_record(session, m) for m in demo.meeting_ids)
    return first, review


def render_both(record: dict[str, Any], document: Document, copy: Copy) -> tuple[str, str]:
    context = build_context(record, document, copy, PRODUCED)
    template = template_for(record["council"]["profile_id"], document)
    word = docx_text(render_docx(context, template))
    pdf = pdf_text(render_pdf(context))
    return flat(word), pdf


@pytest.fixture(scope="module")
def review_minutes(demo_records: tuple[dict, dict]) -> tuple[str, str]:
    return render_both(demo_records[1], Document.MINUTES, Copy.AGENCIES)


MINUTES_PARTS = [
    # council, meeting type, date, venue, chair and role
    "North Tyneside Council",
    "Signs of Safety",
    "Child in Need review",
    "19 Oct 2026",
    "Riverside Primary School, family room (after school)",
    "Priya Shah, Social Worker",
    # the child
    "Amelia Nowak, born 14 Mar 2017",
    "LCS-482913",
    # attendance with roles, interpreter
    "Halina Wiśniewska",
    "Maternal grandmother",
    "Apologies",
    "Present for part",
    "Katarzyna Nowak: interpreter (Polish)",
    # consent and the child's voice
    "Consent given: Katarzyna Nowak, 19 Oct 2026",
    "“I like breakfast club because there's toast and I sit with Zuzia.”",
    "Observation:",
    # headings in the council's wording, attributed
    "What's working well?",
    "What are we worried about?",
    "What needs to happen?",
    "Rhys Llewellyn (Designated Safeguarding Lead): Attendance is up to 91% this half term",
    # scaling with last time's
    "Last time (7 Sep 2026)",
    "Breakfast club is working and I feel a bit better.",
    # progress on the previous plan
    "Progress on the plan",
    "Referred 22 September; first appointment 20 November.",
    "No longer needed",
    # the decision, dated and attributed; next review and why
    "Continues to be a Child in Need requiring the same level of services",
    "Good progress on school attendance",
    "The plan continues, as amended",
    "19 Oct 2026 by Priya Shah, Social Worker and chair",
    "30 Nov 2026. Review within 6 weeks of the last review",
    # distribution: the child (9) is not sent a copy
    "Who receives a copy",
    "Dr Chidi Okafor, GP, Wellfield Medical Practice",
    "Amelia Nowak is not sent a copy (under 12)",
    # signatures
    "Signatures",
    "Signed 19 Oct 2026 16:30",
    "To sign later",
    # every page's marking and copy
    "OFFICIAL-SENSITIVE",
    "Agencies' copy",
    "Minutes version 1, signed",
]


@pytest.mark.slow
@pytest.mark.parametrize("part", MINUTES_PARTS)
def test_minutes_have_every_part_in_both_formats(review_minutes, part: str) -> None:
    word, pdf = review_minutes
    assert part in word, f"DOCX lacks {part!r}"
    assert part in pdf, f"PDF lacks {part!r}"


def test_scaling_shows_last_time_beside_this_time(demo_records) -> None:
    context = build_context(demo_records[1], Document.MINUTES, Copy.AGENCIES, PRODUCED)
    rows = {plain(r["who"]): (r["previous"], r["score"]) for r in context["scaling"]["rows"]}
    assert rows["Katarzyna Nowak (Mother)"] == ("5", "7")
    assert rows["Amelia Nowak (Child)"] == ("6", "8")


def test_every_pdf_page_has_header_and_footer(demo_records) -> None:
    context = build_context(demo_records[1], Document.MINUTES, Copy.FAMILY, PRODUCED)
    pages = pdf_pages(render_pdf(context))
    assert len(pages) >= 2
    fingerprint_text = context["doc"]["fingerprint"]
    for number, page in enumerate(pages, start=1):
        text = flat(page)
        assert text.count("OFFICIAL-SENSITIVE") >= 2  # header and footer
        assert "Amelia Nowak · LCS-482913 · Family copy" in text
        assert f"page {number} of {len(pages)}" in text
        assert "Minutes version 1, signed" in text
        assert "Produced 23 Nov 2026 10:15" in text
        assert fingerprint_text in text


def test_docx_header_footer_and_fields(demo_records) -> None:
    context = build_context(demo_records[1], Document.PLAN, Copy.FAMILY, PRODUCED)
    data = render_docx(context, template_for("north-tyneside", Document.PLAN))
    text = docx_text(data)
    assert "OFFICIAL-SENSITIVE" in text
    assert "Amelia Nowak · LCS-482913 · Family copy" in text
    assert "Plan version 2 · produced 23 Nov 2026 10:15" in text
    assert context["doc"]["fingerprint"] in text
    assert b"NUMPAGES" in _document_xml(data, "footer")


def _document_xml(data: bytes, part: str) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return b"".join(z.read(n) for n in z.namelist() if part in n)


def test_amended_plan_marks_each_change(demo_records) -> None:
    word, pdf = render_both(demo_records[1], Document.PLAN, Copy.AGENCIES)
    for text in (word, pdf):
        assert "Child in Need plan (amended: version 2)" in text
        assert "This plan amends version 1" in text
        assert "Changed (was due 13 Nov 2026; was “Six home sessions agreeing a bedtime" in text
        assert "Completed" in text and "Dropped" in text
        assert "Have Amelia for tea and bedtime" in text and "New" in text
        # outcomes and actions as a table: what, who, by when, how judged, status
        assert "How we will know: Attendance at least 95%" in text
        assert "Halina Wiśniewska (Grandmother)" in text
        assert "30 Nov 2026" in text
        assert "In progress: Three of six sessions done." in text
        assert "At least every 14 days" in text
        assert "Priya Shah (Social Worker, North Tyneside Children's Services)" in text
        assert "If Amelia's attendance falls below 80%" in text


def test_first_plan_has_no_marks(demo_records) -> None:
    word, pdf = render_both(demo_records[0], Document.PLAN, Copy.AGENCIES)
    for text in (word, pdf):
        assert "Child in Need plan" in text and "amended" not in text
        for mark in ("| New", "Changed (", "Completed", "Dropped", "| Change"):
            assert mark not in text
    context = build_context(demo_records[0], Document.PLAN, Copy.AGENCIES, PRODUCED)
    assert {a["mark"] for o in context["plan"]["outcomes"] for a in o["actions"]} == {""}


def test_family_copy_leaves_out_confidential_points(demo_records) -> None:
    secret = "14 Harbour View, North Shields"
    family = render_both(demo_records[1], Document.MINUTES, Copy.FAMILY)
    agencies = render_both(demo_records[1], Document.MINUTES, Copy.AGENCIES)
    for text in family:
        assert secret not in text
        assert "Family copy. 1 point recorded at the meeting is kept in the agencies'" in text
    for text in agencies:
        assert secret in text
        assert "1 point marked CONFIDENTIAL: do not share with the family" in text


def test_signature_images_and_fingerprint(demo_records) -> None:
    record = demo_records[1]
    signed = [s for s in record["signatures"] if s["status"] == "signed"]
    assert signed and all(s["content_sha256"] == fingerprint(record) for s in signed)
    context = build_context(record, Document.MINUTES, Copy.FAMILY, PRODUCED)
    data = render_docx(context, template_for("north-tyneside", Document.MINUTES))
    pictured = [a for a in record["attachments"] if a["child_agreed_to_share"]]
    assert record["attachments"] and pictured != record["attachments"]  # one the child kept back
    chart = 1 if record.get("scaling_history") else 0
    on_minutes = len([s for s in signed if s["document"] == "minutes"])
    assert docx_image_count(data) == on_minutes + len(pictured) + chart
    assert context["doc"]["fingerprint"] == short_fingerprint(fingerprint(record))
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render_pdf(context)))
    images = [img for page in reader.pages for img in page.images]
    assert len(images) == on_minutes + len(pictured) + chart


def test_declined_signature_shows_its_reason(demo_records) -> None:
    record = _copy(demo_records[1])
    sig = next(s for s in record["signatures"] if s["signer_name"] == "Halina Wiśniewska")
    sig.update(status="declined", signed_at=None, image_png=None, reason="Disagrees with 2.3")
    word, pdf = render_both(record, Document.MINUTES, Copy.FAMILY)
    for text in (word, pdf):
        assert "Declined to sign: Disagrees with 2.3" in text


def test_record_validates_and_the_fingerprint_ignores_signing(demo_records) -> None:
    record = _copy(demo_records[1])
    validate_record(record)
    before = fingerprint(record)
    record["signatures"].clear()
    record["signing"]["status"] = "draft"
    assert fingerprint(record) == before
    record["agenda"][0]["points"][0]["text"] += "!"
    assert fingerprint(record) != before


def _copy(record: dict) -> dict:
    import json

    return json.loads(json.dumps(record))
