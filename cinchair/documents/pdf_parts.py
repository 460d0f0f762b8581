"""The PDF's building blocks: page geometry, styles, and a builder of flowables.

``pdf.py`` lays out the minutes and the plan with these; here is how text of any
script becomes paragraphs, how tables keep rows whole and carry long text on, and
how a signature sits in its cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from cinchair.documents.fonts import BODY, BODY_BOLD
from cinchair.documents.pdf_columns import fitted_widths, fitting_size
from cinchair.documents.pdf_images import PdfPicture
from cinchair.documents.picture_context import Picture, Signature
from cinchair.documents.plan_context import MARK_FILL as MARK_HEX
from cinchair.documents.script_paragraph import Part, ScriptParagraph, composed
from cinchair.documents.scripts import markup, reopen_isolates
from cinchair.documents.type_size import heading_sizes
from cinchair.domain.bidi import plain

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
TOP = 26 * mm
BOTTOM = 22 * mm
WIDTH = PAGE_W - 2 * MARGIN
MARK_RED = colors.HexColor("#A01010")
GRID = colors.HexColor("#9A9A9A")
HEAD_FILL = colors.HexColor("#E8ECF2")
MARK_FILL = {mark: colors.HexColor(f"#{hex_fill}") for mark, hex_fill in MARK_HEX.items()}
CONFIDENTIAL_FILL = colors.HexColor("#FBE3E3")
# Type sizes (points) of body text, table cells and notes in the agencies' copy, read by
# professionals beside their own notes. A family's copy is all at one size, never under
# 11 pt and larger where the council chooses (``type_size``).
AGENCIES_SIZES = (10.0, 9.5, 9.0)
# Below this much room a heading may be stranded: measure what follows it.
_ROOM_TO_CHECK = 120 * mm


@cache
def styles(sizes: tuple[float, float, float] = AGENCIES_SIZES) -> dict[str, ParagraphStyle]:
    """The paragraph styles at these type sizes, made once per process and never changed:
    the fragments ``script_paragraph`` clones are remembered per style."""
    body, cell, small = sizes
    title_pt, h1_pt, h2_pt = heading_sizes(body)
    base = ParagraphStyle(
        "body",
        fontName=BODY,
        bulletFontName=BODY,  # reportlab's default is Helvetica, which is never embedded
        fontSize=body,
        leading=body * 1.3,
        spaceAfter=3,
    )
    return {
        "body": base,
        "small": ParagraphStyle(
            "small", parent=base, fontSize=small, leading=small * 1.27, spaceAfter=0
        ),
        "cell": ParagraphStyle(
            "cell", parent=base, fontSize=cell, leading=cell * 1.3, spaceAfter=0
        ),
        "confidential": ParagraphStyle(
            "confidential",
            parent=base,
            backColor=CONFIDENTIAL_FILL,
            borderPadding=3,
            spaceBefore=3,
            spaceAfter=6,
        ),
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=BODY_BOLD,
            fontSize=title_pt,
            leading=title_pt * 1.25,
            spaceAfter=4,
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=BODY_BOLD,
            fontSize=h1_pt,
            leading=h1_pt * 1.28,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
            textColor=colors.HexColor("#1F3A5F"),
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=BODY_BOLD,
            fontSize=h2_pt,
            leading=h2_pt * 1.28,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "note": ParagraphStyle(
            "note",
            parent=base,
            fontSize=body,
            leading=body * 1.3,
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
        "running": ParagraphStyle("running", parent=base, fontSize=8, leading=10, spaceAfter=0),
        # the page footer, the same size in every copy (see ``pdf._page_decorations``)
        "footer": ParagraphStyle(
            "footer",
            parent=base,
            fontSize=AGENCIES_SIZES[2],
            leading=AGENCIES_SIZES[2] * 1.27,
            spaceAfter=0,
        ),
        # the procedure's words under the duty they give (as in the Word template)
        "quoted": ParagraphStyle(
            "quoted", parent=base, leftIndent=body * 1.1, textColor=colors.HexColor("#444444")
        ),
        # a bullet's later lines hang under its text, not under the bullet
        "bullet": ParagraphStyle(
            "bullet",
            parent=base,
            leftIndent=body * 1.1,
            bulletIndent=body * 0.15,
            bulletFontSize=body,
        ),
    }


class _StartTogether(Flowable):
    """A page break where a heading would be left at the foot of a page.

    Placed before a heading, it holds the heading and what starts under it (a note,
    the first row of a table) and moves them all to the next page when that start
    does not fit below the heading. ``KeepTogether`` cannot: it lets go of a heading
    whenever what follows is longer than a page.
    """

    def __init__(self, group: list[Flowable]) -> None:
        super().__init__()
        self.group = group

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availHeight >= _ROOM_TO_CHECK:
            return 0, 0
        need = 0.0
        for flowable in self.group[:-1]:
            need += (
                flowable.wrapOn(self.canv, availWidth, availHeight)[1] + flowable.getSpaceBefore()
            )
        last = self.group[-1]
        _, height = last.wrapOn(self.canv, availWidth, availHeight)
        if isinstance(last, Table):
            heights: list[float] = getattr(last, "_rowHeights", [])
            rows = heights[: last.repeatRows + 1]  # the heading row and one row
            height = min(height, sum(rows))
        else:
            height = min(height, 3 * getattr(getattr(last, "style", None), "leading", 14))
        if availHeight < need + height + last.getSpaceBefore():
            frame = getattr(self, "_doctemplateAttr", lambda _name: None)("frame")
            if frame:
                from reportlab.platypus.doctemplate import FrameBreak

                frame.add_generated_content(FrameBreak)
        return 0, 0

    def draw(self) -> None:
        pass


class Builder:
    """Turns the context into flowables; one instance per document."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.ctx = context
        body_pt = context["doc"].get("body_pt")  # a family's copy: the council's size
        self.sizes = (body_pt,) * 3 if body_pt else AGENCIES_SIZES
        self.s = styles(self.sizes)
        self.story: list[Flowable] = []
        # where the heading waiting for what follows it starts (see ``_StartTogether``)
        self._heading_at: int | None = None

    def para(
        self, text: str, style: str = "body", *, bold: bool = False, free: bool = False
    ) -> ScriptParagraph:
        """Text in any script, laid out once its width is known so RTL lines wrap right.

        ``free`` is for text exactly as someone typed it: its own first letter sets its
        direction (an Arabic paragraph reads right to left and is right-aligned).
        Otherwise the line is one the app composed in English around names, and reads
        left to right as a whole.
        """
        return ScriptParagraph(text, self.s[style], bold=bold, ltr=not free)

    def add(self, *flowables: Flowable) -> None:
        for flowable in flowables:
            self.story.append(flowable)
            start = self._heading_at
            if start is None or isinstance(flowable, Spacer):
                continue
            following = self.story[start + 1 :]
            headed = [f for f in following if not getattr(f, "outline", None)]
            if isinstance(flowable, Table) or len(headed) >= 2:
                self.story[start] = _StartTogether(following)
                self._heading_at = None

    def text(self, text: str, style: str = "body", *, free: bool = False) -> None:
        self.add(self.para(text, style, free=free))

    def heading(self, text: str, level: int = 1) -> None:
        """A heading, in the PDF's outline (bookmarks), never alone at a page's foot."""
        if self._heading_at is None:
            self._heading_at = len(self.story)
            self.story.append(CondPageBreak(30 * mm))  # replaced once its start is known
        heading = self.para(text, f"h{level}")
        heading.outline = (plain(text), level - 1)
        self.story.append(heading)

    def labelled(self, label: str, value: str) -> None:
        """A bold label, then the value as typed."""
        self.add(composed(self._label_value(label, value), self.s["body"]))

    @staticmethod
    def _label_value(label: str, value: str) -> list[Part]:
        """Composed label (left to right) then the typed value in its own direction."""
        return [Part(label, bold=True), Part(value, ltr=False, width=WIDTH - 40 * mm)]

    def confidential(self, label: str, value: str) -> None:
        """A point the family must not be shown: labelled in red and shaded."""
        mark = Part(self.ctx["doc"]["confidential_label"], bold=True, ltr=False, colour="#A01010")
        self.add(composed([mark, *self._label_value(label, value)], self.s["confidential"]))

    def bullets(self, items: Iterable[str | tuple[str, str]], empty: str) -> None:
        """Bullet points: composed lines, or (label, typed text) pairs."""
        items = list(items)
        if not items:
            self.text(empty)
        for item in items:
            parts = (
                self._label_value(*item)
                if isinstance(item, tuple)
                else [Part(item, width=WIDTH - 10 * mm)]
            )
            self.add(composed(parts, self.s["bullet"], bullet="•"))

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
        total = sum(widths)
        shares = [WIDTH * w / total for w in widths]
        size = fitting_size(shares, header, rows, self.s["cell"].fontSize)
        cell = styles((self.sizes[0], size, self.sizes[2]))["cell"]

        def para(text: str, column: int, bold: bool = False) -> ScriptParagraph:
            return ScriptParagraph(text, cell, bold=bold, ltr=column not in typed)

        make = cells or (lambda _r, c, value: para(value, c))
        col_widths = fitted_widths(shares, header, rows, size)
        data: list[list[Any]] = [[para(h, -1, bold=True) for h in header]]
        row_fills: list[colors.Color | None] = [None]
        for r, row in enumerate(rows):
            pieces = [continued(value, w, size) for value, w in zip(row, col_widths, strict=True)]
            for k in range(max(len(p) for p in pieces)):
                data.append(
                    [
                        make(r, c, part[k]) if k == 0 else para(part[k] if k < len(part) else "", c)
                        for c, part in enumerate(pieces)
                    ]
                )
                row_fills.append((fills or [None] * len(rows))[r])
        table = Table(data, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
        style: list[Any] = [
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            # the cells' own font, which reportlab sets though every cell is a paragraph:
            # its default, Helvetica, would be a font the PDF uses and does not embed
            ("FONTNAME", (0, 0), (-1, -1), BODY),
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
            for i, piece in enumerate(continued(v, WIDTH * 0.74, self.s["cell"].fontSize))
        ]
        table = Table(data, colWidths=[WIDTH * 0.26, WIDTH * 0.74], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                    # the cells' own font, which reportlab sets though every cell is a paragraph:
                    # its default, Helvetica, would be a font the PDF uses and does not embed
                    ("FONTNAME", (0, 0), (-1, -1), BODY),
                    ("BACKGROUND", (0, 0), (0, -1), HEAD_FILL),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        self.add(table, Spacer(1, 6))

    def picture(self, picture: Picture, max_width: float, max_height: float) -> Flowable:
        """An image scaled to fit ``max_width`` by ``max_height``, its shape kept."""
        w, h = picture.size
        scale = min(max_width / max(w, 1), max_height / max(h, 1))
        return PdfPicture(picture.data, w * scale, h * scale)

    def attachments(self) -> None:
        """What the child gave: each listed; pictured where the child agreed."""
        given = self.ctx["attachments"]
        if not given:
            return
        self.heading("What the child gave us")
        for a in given:
            block: list[Flowable] = [
                composed(
                    self._label_value(
                        f"{a['title']}:", f"{a['kind']} ({a['what']}), added {a['added_on']}."
                    ),
                    self.s["body"],
                ),
            ]
            if a["picture"] is not None:
                block.append(self.picture(a["picture"], WIDTH * 0.75, 95 * mm))
            block.append(self.para(a["note"], "small"))
            block.append(Spacer(1, 6))
            self.add(KeepTogether(block))

    def scaling_chart(self) -> None:
        chart = self.ctx["scaling_chart"]
        if chart is None:
            return
        self.add(
            KeepTogether(
                [
                    self.para("Scores over time", "h2"),
                    self.picture(chart["picture"], WIDTH, 80 * mm),
                    self.para(chart["summary"], "small"),
                ]
            )
        )

    # -- parts shared by both documents ---------------------------------------------

    def opening(self) -> None:
        doc, council = self.ctx["doc"], self.ctx["council"]
        self.text(doc["title"], "title")
        self.add(
            self.para(
                f"{council['name']} · {council['framework_name']} · {doc['status']}", bold=True
            )
        )
        self.text(doc["copy_note"], "note")
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
        procedure = self.ctx["procedure_distribution"]
        if procedure:
            self.heading("Who receives this, and by when")
        for duty in procedure:
            self.bullets([(duty["label"], duty["line"])], "")
            if duty["source"]:
                self.text(duty["source"], "quoted")

    def signatures(self, what: str) -> None:
        """The signature block, kept on one page where it fits on one."""
        start = len(self.story)
        heading = self.para("Signatures", "h1")
        heading.outline = ("Signatures", 0)
        self.add(heading)
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
                    return signature_image(signatures[r], self.s["cell"])
                return self.para(value, "cell")

            self.table(["Name and role", "Signature", "Signed"], rows, [3, 3, 3], cells=cell)
        block = self.story[start:]
        del self.story[start:]
        self.add(KeepTogether(block))


def continued(text: str, width: float, font_size: float = 8.5) -> list[str]:
    """``text`` in pieces that each fit well inside one page at ``width`` points wide.

    Breaks at paragraph ends, then sentence ends, then spaces; a piece after the
    first starts with an ellipsis so the reader sees it carries on.
    """
    per_line = max(8, int(width / (font_size * 0.54)))  # an average character's width
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
    return reopen_isolates(pieces)


def signature_image(sig: Signature, style: ParagraphStyle) -> Flowable:
    """The captured signature scaled into its cell, or why there is none."""
    if sig.image is None:
        return Paragraph(sig.image_note or ("—" if sig.signed else markup(sig.status)), style)
    w, h = sig.image_size
    height = 14 * mm
    width = min(height * w / max(h, 1), 55 * mm)
    return PdfPicture(sig.image, width, width * h / max(w, 1))
