"""The minutes and the plan as PDF, laid out for print with reportlab's platypus.

Every page carries the protective marking, the child's name and case reference,
which copy it is, the document's version, when it was produced, the record's
fingerprint and "page N of M". All user text goes through ``scripts.markup``,
which escapes it (so ``<b>`` or ``{{ }}`` print as typed) and picks a shipped
font per run of characters, so any name in any script prints.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
)

from cinchair.documents.context import Document
from cinchair.documents.fonts import BODY, register_fonts
from cinchair.documents.pdf_parts import (
    BOTTOM,
    GRID,
    MARGIN,
    MARK_FILL,
    PAGE_H,
    PAGE_W,
    TOP,
    WIDTH,
    Builder,
)
from cinchair.documents.scripts import markup


def _minutes(b: Builder) -> None:
    ctx = b.ctx
    child, meeting = ctx["child"], ctx["meeting"]
    b.opening()
    b.details(
        [
            ("Child", f"{child['name']}, born {child['date_of_birth']}"),
            ("Case reference", child["reference"]),
            ("Meeting", meeting["kind"]),
            ("Date", meeting["date"]),
            ("Venue", meeting["venue"]),
            ("Chair", f"{meeting['chair']}, {meeting['chair_role']}"),
        ]
    )
    b.heading("Who was invited")
    b.table(
        ["Name", "Role and agency", "Attendance", "Interpreter", "Advocate"],
        [
            [p["name"], p["role"], p["attendance"], p["interpreter"], p["advocate"]]
            for p in ctx["people"]
        ],
        [2.8, 3.8, 2.1, 2.5, 2.0],
    )
    b.heading("Interpreters, advocates and communication needs", 2)
    b.bullets(ctx["access"], "None recorded.")
    b.heading("Consent")
    b.bullets(
        (f"{c['status']}: {c['who']}, {c['date']}. {c['notes']}".strip() for c in ctx["consents"]),
        "No consent recorded.",
    )
    b.heading(f"{child['short_name']}'s views")
    if not ctx["voice"]:
        b.text("The child's views were not recorded at this meeting.")
    for v in ctx["voice"]:
        if v["confidential"]:
            b.confidential(v["label"], v["quoted"])
        else:
            b.labelled(v["label"], v["quoted"])
    b.attachments()
    for h in ctx["headings"]:
        b.heading(h["title"])
        if not h["points"]:
            b.text("Nothing recorded under this heading.")
        for p in h["points"]:
            if p["confidential"]:
                b.confidential(f"{p['who']}:", p["text"])
            else:
                b.bullets([(f"{p['who']}:", p["text"])], "")
    scaling = ctx["scaling"]
    if scaling:
        b.heading("Scaling")
        if scaling["question"]:
            b.text(scaling["question"], "small")
        last = "Last time" + (f" ({scaling['previous_date']})" if scaling["previous_date"] else "")
        b.table(
            ["Who", last, "Today", "Why"],
            [[r["who"], r["previous"], r["score"], r["reason"]] for r in scaling["rows"]],
            [3.0, 2.0, 1.5, 5.4],
            free=[3],
        )
        b.scaling_chart()
    if ctx["progress"]:
        b.heading("Progress on the plan")
        b.table(
            ["Action", "Who", "By when", "Status", "Progress"],
            [[a["what"], a["owner"], a["due"], a["status"], a["note"]] for a in ctx["progress"]],
            [4, 2.6, 1.6, 1.6, 3.6],
            free=[0, 4],
        )
    b.heading("Decision")
    decision = ctx["decision"]
    if decision is None:
        b.text("No decision has been recorded yet.")
    else:
        b.labelled("Outcome:", decision["outcome"])
        b.labelled("Reasons:", decision["rationale"])
        b.labelled("What happens next:", decision["leads_to"])
        if decision["step_down_lead"]:
            b.labelled("Lead professional after step down:", decision["step_down_lead"])
        b.labelled("Decided:", f"{decision['decided_on']} by {decision['decided_by']}")
        review = ctx["next_review"]
        b.labelled("Next review:", f"{review['date']}. {review['reason']}".strip())
    b.distribution(with_copy=True)
    b.signatures("record")


def _plan(b: Builder) -> None:
    ctx = b.ctx
    child, plan = ctx["child"], ctx["plan"]
    b.opening()
    end = plan["end_target"] + (f". {plan['length_reason']}" if plan["length_reason"] else "")
    b.details(
        [
            ("Child", f"{child['name']}, born {child['date_of_birth']}"),
            ("Case reference", child["reference"]),
            ("Plan version", f"{plan['number']}, {plan['agreed']}"),
            ("Starts", plan["starts"]),
            ("Lead professional", plan["lead"]),
            ("Visits to the child", plan["visits"]),
            ("Plan end target", end),
            ("Next review", plan["review_date"]),
        ]
    )
    if plan["amends"]:
        b.text(
            f"This plan amends version {plan['previous_number']}. Each change is marked: "
            "New, Changed (with what it was), Completed or Dropped.",
            "note",
        )
    for o in plan["outcomes"]:
        b.heading(f"Outcome {o['number']}: {o['outcome']}")
        b.labelled("Need:", o["need"])
        b.labelled("How we will know:", o["measure"])
        header = ["No.", "What will happen", "Who", "By when", "Status"]
        widths = [0.9, 4.6, 2.8, 1.8, 2.8]
        if plan["amends"]:
            header.append("Change")
            widths.append(2.6)
        rows, fills = [], []
        for a in o["actions"]:
            status = a["status"] + (f": {a['note']}" if a["note"] else "")
            row = [a["number"], a["what"], a["who"], a["due"], status]
            if plan["amends"]:
                row.append(a["mark"] + (f" ({a['was']})" if a["was"] else ""))
            rows.append(row)
            fills.append(MARK_FILL.get(a["mark"]) if plan["amends"] else None)
        if rows:
            b.table(header, rows, widths, fills, free=[1])
        else:
            b.text("No actions under this outcome.")
    if plan["removed"]:
        b.heading("Taken out of the plan")
        b.table(
            ["What was planned", "Who", "By when"],
            [[a["what"], a["who"], a["due"]] for a in plan["removed"]],
            [6, 3, 2],
            free=[0],
        )
    b.heading("If the plan is not working: contingency plan")
    b.text(plan["contingency"], free=True)
    b.distribution(with_copy=False)
    b.signatures("plan")


FOOT_LOWEST = 7 * mm  # the footer's last line sits on this, clear of a printer's edge


def _page_decorations(
    ctx: dict[str, Any], styles: dict[str, ParagraphStyle]
) -> tuple[Callable[[Canvas, BaseDocTemplate], None], float]:
    """The running header and footer, each at most two lines however long a name is,
    and the height the footer takes from the page's foot (its rule), which the body
    must stay above.

    The footer is in the running type whatever the copy's body size: at a family's
    20 pt it ran to four lines and up into the body, which printed over it.
    """
    doc, child = ctx["doc"], ctx["child"]
    top = markup(doc["marking"], bold=True, ltr=True)
    reference = child["short_reference"]
    line = markup(f"{child['short_name']} · {reference} · {doc['copy_label']}", ltr=True)
    foot = (
        markup(f"{doc['marking']} · {doc['copy_label']} · {doc['version']}", ltr=True)
        + "<br/>"
        + markup(f"Produced {doc['produced']} · fingerprint {doc['fingerprint']}", ltr=True)
    )
    header = Paragraph(line, styles["header"])
    _, header_height = header.wrap(WIDTH, 40 * mm)
    if header_height > 2 * styles["header"].leading:  # the short name keeps it to two
        raise ValueError("the running header is longer than two lines")
    # laid out once and drawn on every page: the same on each, bar the page number
    marking = Paragraph(top, styles["marking"])
    _, marking_height = marking.wrap(WIDTH, 20 * mm)
    footer = Paragraph(foot, styles["footer"])
    _, footer_height = footer.wrap(WIDTH - 30 * mm, 12 * mm)
    # a long marking wraps the footer to three lines: it grows upwards from a line no
    # printer clips (most cannot print the last 4 or 5 mm of a page), its rule above it
    foot_rule = max(15 * mm, FOOT_LOWEST + footer_height + 1.5 * mm)

    def draw(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        marking.drawOn(canvas, MARGIN, PAGE_H - 10 * mm - marking_height)
        header.drawOn(canvas, MARGIN, PAGE_H - 15 * mm - header_height)
        rule = min(PAGE_H - 19 * mm, PAGE_H - 16 * mm - header_height)
        canvas.setStrokeColor(GRID)
        canvas.line(MARGIN, rule, PAGE_W - MARGIN, rule)
        canvas.line(MARGIN, foot_rule, PAGE_W - MARGIN, foot_rule)
        footer.drawOn(canvas, MARGIN, FOOT_LOWEST)
        canvas.restoreState()

    return draw, foot_rule


class _Template(BaseDocTemplate):
    """Adds each heading to the PDF's outline (the bookmarks a reader navigates by)."""

    def afterFlowable(self, flowable: Flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if outline is None:
            return
        title, level = outline
        key = f"heading-{id(flowable)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level, closed=False)


class _NumberedCanvas(Canvas):
    """Holds pages back until the end so each can say "page N of M"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(BODY, 8)
            self.drawRightString(PAGE_W - MARGIN, 9 * mm + 1, f"page {number} of {total}")
            super().showPage()
        super().save()


def render_pdf(context: dict[str, Any]) -> bytes:
    """The document in ``context`` as PDF bytes."""
    register_fonts()
    builder = Builder(context)
    document = Document(context["doc"]["kind"])
    (_minutes if document is Document.MINUTES else _plan)(builder)
    out = io.BytesIO()
    doc = context["doc"]
    template = _Template(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=doc["meta_title"],
        author="cinchair",
        lang="en-GB",
        initialFontName=BODY,  # not reportlab's Helvetica, which would not be embedded
        subject=f"{doc['marking']} · {doc['copy_label']} · fingerprint {doc['fingerprint_full']}",
        displayDocTitle=True,
        creator="cinchair",
    )
    decorate, foot_rule = _page_decorations(context, builder.s)
    bottom = max(BOTTOM, foot_rule + 3 * mm)  # the body never reaches the footer's rule
    frame = Frame(MARGIN, bottom, WIDTH, PAGE_H - TOP - bottom, id="body")
    template.addPageTemplates([PageTemplate("page", [frame], onPage=decorate)])
    template.build(builder.story, canvasmaker=_NumberedCanvas)
    return out.getvalue()
