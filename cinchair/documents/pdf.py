"""The minutes and the plan as PDF, laid out for print with reportlab's platypus.

Every page carries the protective marking, the child's name and case reference,
which copy it is, the document's version, when it was produced, the record's
fingerprint and "page N of M". All user text goes through ``scripts.markup``,
which escapes it (so ``<b>`` or ``{{ }}`` print as typed) and picks a shipped
font per run of characters, so any name in any script prints.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from PIL import Image as PILImage
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from cinchair.documents.context import Document, Signature
from cinchair.documents.scripts import (
    BODY,
    BODY_BOLD,
    ScriptParagraph,
    markup,
    register_fonts,
)

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
TOP = 26 * mm
BOTTOM = 22 * mm
WIDTH = PAGE_W - 2 * MARGIN
MARK_RED = colors.HexColor("#A01010")
GRID = colors.HexColor("#9A9A9A")
HEAD_FILL = colors.HexColor("#E8ECF2")
MARK_FILL = {
    "New": colors.HexColor("#E3F4E1"),
    "Changed": colors.HexColor("#FFF1D6"),
    "Completed": colors.HexColor("#E1ECFA"),
    "Dropped": colors.HexColor("#EEEEEE"),
}


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=BODY, fontSize=9.5, leading=12.5, spaceAfter=3)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, spaceAfter=0),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11, spaceAfter=0),
        "title": ParagraphStyle(
            "title", parent=base, fontName=BODY_BOLD, fontSize=16, leading=20, spaceAfter=4
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=BODY_BOLD,
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
            textColor=colors.HexColor("#1F3A5F"),
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=BODY_BOLD,
            fontSize=10.5,
            leading=13.5,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "note": ParagraphStyle(
            "note",
            parent=base,
            fontSize=9,
            textColor=colors.HexColor("#444444"),
            backColor=colors.HexColor("#F4F4F4"),
            borderPadding=4,
            spaceBefore=4,
            spaceAfter=8,
        ),
        "marking": ParagraphStyle(
            "marking",
            parent=base,
            fontName=BODY_BOLD,
            fontSize=10,
            leading=12,
            alignment=TA_CENTER,
            textColor=MARK_RED,
        ),
        "header": ParagraphStyle(
            "header", parent=base, fontSize=8, leading=10, alignment=TA_CENTER
        ),
    }


class _Builder:
    """Turns the context into flowables; one instance per document."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.ctx = context
        self.s = _styles()
        self.story: list[Flowable] = []

    def para(
        self, text: str, style: str = "body", *, bold: bool = False, free: bool = False
    ) -> Flowable:
        """Text in any script, laid out once its width is known so RTL lines wrap right.

        ``free`` is for text exactly as someone typed it: its own first letter sets its
        direction (an Arabic paragraph reads right to left and is right-aligned).
        Otherwise the line is one the app composed in English around names, and reads
        left to right as a whole.
        """
        return ScriptParagraph(text, self.s[style], bold=bold, ltr=not free)

    def add(self, *flowables: Flowable) -> None:
        self.story.extend(flowables)

    def text(self, text: str, style: str = "body", *, free: bool = False) -> None:
        self.add(self.para(text, style, free=free))

    def heading(self, text: str, level: int = 1) -> None:
        self.add(CondPageBreak(30 * mm), self.para(text, f"h{level}"))

    def labelled(self, label: str, value: str) -> None:
        """A bold label, then the value as typed."""
        self.add(Paragraph(self._label_value(label, value), self.s["body"]))

    @staticmethod
    def _label_value(label: str, value: str) -> str:
        """Composed label (left to right) then the typed value in its own direction."""
        return f"{markup(label, bold=True, ltr=True)} {markup(value, width=WIDTH - 40 * mm)}"

    def bullets(self, items: Iterable[str | tuple[str, str]], empty: str) -> None:
        """Bullet points: composed lines, or (label, typed text) pairs."""
        items = list(items)
        if not items:
            self.text(empty)
        for item in items:
            text = (
                self._label_value(*item)
                if isinstance(item, tuple)
                else markup(item, ltr=True, width=WIDTH - 10 * mm)
            )
            self.add(Paragraph(text, self.s["body"], bulletText="•"))

    def table(
        self,
        header: list[str],
        rows: list[list[str]],
        widths: list[float],
        fills: list[colors.Color | None] | None = None,
        cells: Callable[[int, int, str], Flowable] | None = None,
        free: Iterable[int] = (),
    ) -> None:
        """A grid with a repeating heading row; each row stays whole on one page.

        Columns in ``free`` hold text as typed (see ``para``); the rest are composed.

        A cell too long for a page is carried on in continuation rows below it
        (``_continued``), so any amount of text fits without splitting a row.
        """
        typed = set(free)
        make = cells or (lambda _r, c, value: self.para(value, "cell", free=c in typed))
        total = sum(widths)
        col_widths = [WIDTH * w / total for w in widths]
        data: list[list[Any]] = [[self.para(h, "cell", bold=True) for h in header]]
        row_fills: list[colors.Color | None] = [None]
        for r, row in enumerate(rows):
            pieces = [_continued(value, w) for value, w in zip(row, col_widths, strict=True)]
            for k in range(max(len(p) for p in pieces)):
                data.append(
                    [
                        make(r, c, part[k])
                        if k == 0
                        else self.para(part[k] if k < len(part) else "", "cell", free=c in typed)
                        for c, part in enumerate(pieces)
                    ]
                )
                row_fills.append((fills or [None] * len(rows))[r])
        table = Table(data, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        for r, fill in enumerate(row_fills):
            if fill is not None:
                style.append(("BACKGROUND", (0, r), (-1, r), fill))
        table.setStyle(TableStyle(style))
        self.add(table, Spacer(1, 4))

    def details(self, rows: list[tuple[str, str]]) -> None:
        data = [
            [self.para(k if i == 0 else "", "cell", bold=True), self.para(piece, "cell")]
            for k, v in rows
            for i, piece in enumerate(_continued(v, WIDTH * 0.74))
        ]
        table = Table(data, colWidths=[WIDTH * 0.26, WIDTH * 0.74], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                    ("BACKGROUND", (0, 0), (0, -1), HEAD_FILL),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        self.add(table, Spacer(1, 6))

    # -- parts shared by both documents ---------------------------------------------

    def opening(self) -> None:
        doc, council = self.ctx["doc"], self.ctx["council"]
        self.text(doc["title"], "title")
        self.add(
            self.para(
                f"{council['name']} · {council['framework_name']} · {doc['status']}", bold=True
            )
        )
        self.text(f"{doc['copy_label']}. {doc['copy_note']}", "note")
        if doc["correction"]:
            self.labelled("Correction:", doc["correction"])

    def distribution(self, with_copy: bool) -> None:
        self.heading("Who receives a copy")
        dist = self.ctx["distribution"]
        self.bullets(
            (
                d["name"]
                + (f", {d['role']}" if d["role"] else "")
                + (f" ({d['gets']})" if with_copy else "")
                for d in dist["people"]
            ),
            "Nobody is marked to receive a copy.",
        )
        if dist["note"]:
            self.text(dist["note"])

    def signatures(self, what: str) -> None:
        """The signature block, kept on one page where it fits on one."""
        start = len(self.story)
        self.add(self.para("Signatures", "h1"))
        self.text(
            f"By signing, each person confirms they have seen this {what}. The fingerprint "
            f"{self.ctx['doc']['fingerprint']} matches this copy to the stored record."
        )
        signatures: list[Signature] = self.ctx["signatures"]
        if not signatures:
            self.text("No signatures recorded yet.")
        else:
            rows = [[f"{s.name}, {s.role}", "", s.status_line] for s in signatures]

            def cell(r: int, c: int, value: str) -> Flowable:
                if c == 1:
                    return _signature_image(signatures[r], self.s["cell"])
                return self.para(value, "cell")

            self.table(["Name and role", "Signature", "Signed"], rows, [3, 3, 3], cells=cell)
        block = self.story[start:]
        del self.story[start:]
        self.add(KeepTogether(block))


def _continued(text: str, width: float) -> list[str]:
    """``text`` in pieces that each fit well inside one page at ``width`` points wide.

    Breaks at paragraph ends, then sentence ends, then spaces; a piece after the
    first starts with an ellipsis so the reader sees it carries on.
    """
    per_line = max(8, int(width / 4.6))  # about 4.6 pt per character at 8.5 pt
    limit = per_line * 20  # 20 lines, under 80 mm: rows split finely, pages stay full
    if len(text) <= limit:
        return [text]
    pieces, rest = [], text
    while len(rest) > limit:
        cut = max(rest.rfind(sep, 0, limit) for sep in ("\n", ". ", " "))
        cut = cut + 1 if cut > limit // 2 else limit
        pieces.append(rest[:cut].rstrip())
        rest = "… " + rest[cut:].lstrip()
    pieces.append(rest)
    return pieces


def _signature_image(sig: Signature, style: ParagraphStyle) -> Flowable:
    """The captured signature scaled into its cell, or why there is none."""
    if sig.image is None:
        return Paragraph("—" if sig.signed else markup(sig.status), style)
    try:
        with PILImage.open(io.BytesIO(sig.image)) as probe:
            probe.verify()
            w, h = probe.size
    except Exception:
        return Paragraph("(signature image could not be read)", style)
    height = 14 * mm
    width = min(height * w / max(h, 1), 55 * mm)
    return Image(io.BytesIO(sig.image), width=width, height=width * h / max(w, 1))


def _minutes(b: _Builder) -> None:
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
        [3, 4, 2.2, 1.8, 1.8],
    )
    b.heading("Interpreters, advocates and communication needs", 2)
    b.bullets(ctx["access"], "None recorded.")
    b.heading("Consent")
    b.bullets(
        (f"{c['status']}: {c['who']}, {c['date']}. {c['notes']}".strip() for c in ctx["consents"]),
        "No consent recorded.",
    )
    b.heading(f"{child['name']}'s views")
    if not ctx["voice"]:
        b.text("The child's views were not recorded at this meeting.")
    for v in ctx["voice"]:
        label = v["method"] + (f" ({v['tool']})" if v["tool"] else "") + ":"
        b.labelled(label, v["quoted"])
    for h in ctx["headings"]:
        b.heading(h["title"])
        b.bullets(((f"{p['who']}:", p["text"]) for p in h["points"]), "Nothing recorded.")
    scaling = ctx["scaling"]
    if scaling:
        b.heading("Scaling")
        if scaling["question"]:
            b.text(scaling["question"], "small")
        last = "Last time" + (f" ({scaling['previous_date']})" if scaling["previous_date"] else "")
        b.table(
            ["Who", last, "Today", "Why"],
            [[r["who"], r["previous"], r["score"], r["reason"]] for r in scaling["rows"]],
            [3.2, 1.6, 1.1, 6],
            free=[3],
        )
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


def _plan(b: _Builder) -> None:
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
        block: list[Flowable] = [
            b.para(f"Outcome {o['number']}: {o['outcome']}", "h2"),
            Paragraph(b._label_value("Need:", o["need"]), b.s["body"]),
            Paragraph(b._label_value("How we will know:", o["measure"]), b.s["body"]),
        ]
        b.add(CondPageBreak(40 * mm), KeepTogether(block))
        header = ["No.", "What will happen", "Who", "By when", "Status"]
        widths = [1.0, 5, 3, 1.7, 2.6]
        if plan["amends"]:
            header.append("Change")
            widths.append(2.4)
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
        b.heading("Taken out of the plan", 2)
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


def _page_decorations(ctx: dict[str, Any], styles: dict[str, ParagraphStyle]) -> Callable:
    doc, child = ctx["doc"], ctx["child"]
    top = markup(doc["marking"], bold=True, ltr=True)
    line = markup(f"{child['name']} · {child['reference']} · {doc['copy_label']}", ltr=True)
    foot = (
        markup(f"{doc['marking']} · {doc['copy_label']} · {doc['version']}", ltr=True)
        + "<br/>"
        + markup(f"Produced {doc['produced']} · fingerprint {doc['fingerprint']}", ltr=True)
    )

    def draw(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        for text, style, y in (
            (top, styles["marking"], PAGE_H - 11 * mm),
            (line, styles["header"], PAGE_H - 16 * mm),
        ):
            p = Paragraph(text, style)
            _, h = p.wrap(WIDTH, 20 * mm)
            p.drawOn(canvas, MARGIN, y - h)
        canvas.setStrokeColor(GRID)
        canvas.line(MARGIN, PAGE_H - 19 * mm, PAGE_W - MARGIN, PAGE_H - 19 * mm)
        canvas.line(MARGIN, 15 * mm, PAGE_W - MARGIN, 15 * mm)
        p = Paragraph(foot, styles["small"])
        _, h = p.wrap(WIDTH - 30 * mm, 12 * mm)
        p.drawOn(canvas, MARGIN, 13.5 * mm - h)
        canvas.restoreState()

    return draw


class _NumberedCanvas(Canvas):
    """Holds pages back until the end so each can say "page N of M"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

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
    builder = _Builder(context)
    document = Document(context["doc"]["kind"])
    (_minutes if document is Document.MINUTES else _plan)(builder)
    out = io.BytesIO()
    doc = context["doc"]
    template = BaseDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=doc["title"],
        author="cinchair",
        subject=f"{doc['marking']} · {doc['copy_label']} · fingerprint {doc['fingerprint_full']}",
        creator="cinchair",
    )
    frame = Frame(MARGIN, BOTTOM, WIDTH, PAGE_H - TOP - BOTTOM, id="body")
    template.addPageTemplates(
        [PageTemplate("page", [frame], onPage=_page_decorations(context, builder.s))]
    )
    template.build(builder.story, canvasmaker=_NumberedCanvas)
    return out.getvalue()
