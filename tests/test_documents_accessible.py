"""The DOCX as a council would send it, and the PDF's structure, read from their insides.

The DOCX is the accessible version (headings in order, alt text, language); the PDF
cannot be tagged with reportlab, so it carries what it can: language, title, outline.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from datetime import UTC, datetime

import pytest
from lxml import etree
from pypdf import PdfReader

from cinchair.demo import build_demo
from cinchair.documents import Copy, Document, build_context
from cinchair.documents.pdf import render_pdf
from cinchair.documents.plan_context import MARK_FILL
from cinchair.documents.render import template_for
from cinchair.documents.word import render_docx
from cinchair.record import build_record
from cinchair.store.facade import Store, sqlite_url

PRODUCED = datetime(2026, 11, 23, 10, 15, tzinfo=UTC)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {
    "w": W[1:-1],
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
}


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> dict:
    demo = build_demo(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path)) as store, store.reading() as session:
        return build_record(session, demo.meeting_ids[1])


def _docx(record: dict, document: Document) -> zipfile.ZipFile:
    context = build_context(record, document, Copy.AGENCIES, PRODUCED)
    data = render_docx(context, template_for(record["council"]["profile_id"], document))
    return zipfile.ZipFile(io.BytesIO(data))


def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(archive.read(name))


@pytest.mark.slow
@pytest.mark.parametrize("document", list(Document))
def test_word_file_is_current_british_and_dated(review: dict, document: Document) -> None:
    archive = _docx(review, document)
    settings = _xml(archive, "word/settings.xml")
    mode = settings.xpath("//w:compatSetting[@w:name='compatibilityMode']/@w:val", namespaces=NS)
    assert mode == ["15"]
    styles = _xml(archive, "word/styles.xml")
    assert styles.xpath("//w:docDefaults//w:lang/@w:val", namespaces=NS) == ["en-GB"]
    assert styles.xpath("//w:docDefaults//w:rFonts/@w:ascii", namespaces=NS) == ["Arial"]
    themed = styles.xpath(
        "//w:style[@w:styleId='Title' or starts-with(@w:styleId, 'Heading')]"
        "//w:rFonts/@w:asciiTheme",
        namespaces=NS,
    )
    assert not themed, "headings in Arial, not the theme's font"
    app = archive.read("docProps/app.xml").decode()
    assert "Microsoft" not in app and "cinchair" in app
    core = _xml(archive, "docProps/core.xml")
    assert core.xpath("//dcterms:created/text()", namespaces=NS) == ["2026-11-23T10:15:00Z"]
    assert core.xpath("//dcterms:modified/text()", namespaces=NS) == ["2026-11-23T10:15:00Z"]
    assert core.xpath("//dc:language/text()", namespaces=NS) == ["en-GB"]
    (title,) = core.xpath("//dc:title/text()", namespaces=NS)
    assert "19 Oct 2026" in title and "LCS-482913" in title
    assert "docProps/thumbnail.jpeg" not in archive.namelist()


@pytest.mark.parametrize("document", list(Document))
def test_headings_step_down_one_level_at_a_time(review: dict, document: Document) -> None:
    body = _xml(_docx(review, document), "word/document.xml")
    levels = []
    for style in body.xpath("//w:body/w:p/w:pPr/w:pStyle/@w:val", namespaces=NS):
        if style == "Title":
            levels.append(0)
        elif match := re.fullmatch(r"Heading(\d)", style):
            levels.append(int(match[1]))
    assert levels[0] == 0 and levels.count(0) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


def test_every_picture_has_alt_text(review: dict) -> None:
    body = _xml(_docx(review, Document.MINUTES), "word/document.xml")
    described = body.xpath("//wp:docPr/@descr", namespaces=NS)
    pictures = body.xpath("//wp:docPr", namespaces=NS)
    assert pictures and len(described) == len(pictures) and all(described)
    ids = body.xpath("//wp:docPr/@id", namespaces=NS)
    assert len(set(ids)) == len(ids), "each picture's id is unique"
    signed = [
        s for s in review["signatures"] if s["document"] == "minutes" and s["status"] == "signed"
    ]
    for signature in signed:
        assert any(
            d.startswith(f"Signature of {signature['signer_name']}, ") and "Oct 2026" in d
            for d in described
        )
    assert any(d.startswith("Scaling scores at 2 meetings") for d in described)
    shown = [a["title"] for a in review["attachments"] if a["child_agreed_to_share"]]
    assert shown and all(title in described for title in shown)


def test_tables_have_padding_and_shaded_repeating_heading_rows(review: dict) -> None:
    body = _xml(_docx(review, Document.MINUTES), "word/document.xml")
    tables = body.xpath("//w:tbl", namespaces=NS)
    assert tables
    for table in tables:
        assert table.xpath("w:tblPr/w:tblCellMar", namespaces=NS)
        first = table.xpath("w:tr[1]", namespaces=NS)[0]
        if first.xpath("w:trPr/w:tblHeader", namespaces=NS):
            fills = first.xpath("w:tc/w:tcPr/w:shd/@w:fill", namespaces=NS)
            assert fills and set(fills) == {"E8ECF2"}


def test_plan_changes_are_shaded_as_in_the_pdf(review: dict) -> None:
    body = _xml(_docx(review, Document.PLAN), "word/document.xml")
    context = build_context(review, Document.PLAN, Copy.AGENCIES, PRODUCED)
    marks = [a["mark"] for o in context["plan"]["outcomes"] for a in o["actions"]]
    assert {"New", "Changed", "Completed", "Dropped"} <= set(marks)
    fills = body.xpath("//w:tc/w:tcPr/w:shd/@w:fill", namespaces=NS)
    for mark in ("New", "Changed", "Completed", "Dropped"):
        assert MARK_FILL[mark] in fills, mark


@pytest.mark.parametrize("document", list(Document))
def test_pdf_language_title_outline_and_fonts(review: dict, document: Document) -> None:
    context = build_context(review, document, Copy.FAMILY, PRODUCED)
    reader = PdfReader(io.BytesIO(render_pdf(context)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert reader.metadata is not None and reader.metadata.title == context["doc"]["meta_title"]
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Who receives a copy" in titles and "Signatures" in titles
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            assert "Helvetica" not in str(font.get_object()["/BaseFont"])
