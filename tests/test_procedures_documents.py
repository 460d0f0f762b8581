"""The documents' context says who must receive the minutes and the plan, and by when,
by the council's procedure (North Tyneside s.2 and s.3 for the demo's review)."""

from __future__ import annotations

from pathlib import Path

from cinchair.demo import build_demo
from cinchair.documents.context import Copy, Document, build_context
from cinchair.documents.pdf import render_pdf
from cinchair.documents.render import template_for
from cinchair.documents.word import render_docx
from cinchair.domain.duties import record_distribution
from cinchair.record import build_record
from cinchair.store.facade import Store, sqlite_url
from tests.docs_reading import docx_text, pdf_text


def test_north_tyneside_s3_minutes_and_amended_plan_recipients_reach_the_documents(
    tmp_path: Path,
) -> None:
    demo = build_demo(tmp_path / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path)) as store, store.reading() as session:
        record = build_record(session, demo.meeting_ids[-1])
    minutes = build_context(record, Document.MINUTES, Copy.AGENCIES)["procedure_distribution"]
    assert [m["what"] for m in minutes] == ["Copy of the record of the meeting sent"]
    assert "the child (if old enough)" in minutes[0]["to"]
    assert minutes[0]["when"] == "the procedure sets no timescale"
    assert minutes[0]["cite"].startswith("North Tyneside, s.3")
    # the demo's review continues the plan, amended: the Lead Professional circulates it
    assert record["decision"]["leads_to"] == "plan-continues"
    plan = record_distribution(record, "plan")
    assert [p["who"] for p in plan] == ["the Lead Professional"]
    assert "including any new services" in plan[0]["to"]


def test_a_record_of_a_council_not_on_this_machine_has_no_procedure_list() -> None:
    record = {"council": {"profile_id": "atlantis"}, "meeting": {}, "case": {}}
    assert record_distribution(record, "minutes") == []


def _spaced(text: str) -> str:
    """For comparing the two formats: one space for any run of spaces or line breaks."""
    return " ".join(text.replace("\u00ad", "").split())


def test_both_formats_print_who_receives_each_document_and_by_when(tmp_path: Path) -> None:
    """North Tyneside s.3: the record goes to the child (if old enough), parent and all
    other participants; the amended plan is circulated by the Lead Professional. Both
    copies of both documents say so, in the same words in the PDF and the Word file."""
    demo = build_demo(tmp_path / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path)) as store, store.reading() as session:
        record = build_record(session, demo.meeting_ids[-1])
    for document in Document:
        template = template_for(record["council"]["profile_id"], document)
        for copy in Copy:
            context = build_context(record, document, copy)
            duties = context["procedure_distribution"]
            assert duties, (document, copy)
            pdf = _spaced(pdf_text(render_pdf(context)))
            word = _spaced(docx_text(render_docx(context, template)))
            for text in (pdf, word):
                assert "Who receives this, and by when" in text, (document, copy)
                for duty in duties:
                    sentence = _spaced(f"{duty['label']} {duty['line']}")
                    assert sentence in text, (document, copy, sentence)
                    assert _spaced(duty["source"]) in text, (document, copy)
    minutes = build_context(record, Document.MINUTES, Copy.FAMILY)["procedure_distribution"]
    assert minutes[0]["line"] == (
        "from the chair to the child (if old enough), parent, all other participants in "
        "the Review process; the procedure sets no timescale."
    )


def test_no_procedure_section_for_a_council_not_on_this_machine(tmp_path: Path) -> None:
    demo = build_demo(tmp_path / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path)) as store, store.reading() as session:
        record = build_record(session, demo.meeting_ids[-1])
    record["council"]["profile_id"] = "atlantis"
    context = build_context(record, Document.MINUTES, Copy.AGENCIES)
    assert context["procedure_distribution"] == []
    assert "Who receives this" not in pdf_text(render_pdf(context))
    template = template_for("north-tyneside", Document.MINUTES)
    assert "Who receives this" not in docx_text(render_docx(context, template))
