"""Regenerate the shipped DOCX templates, ``templates/minutes.docx`` and ``templates/plan.docx``.

The templates are ordinary Word documents with docxtpl placeholders; a council
edits them in Word (or copies them and names its own in its profile). This
script is how the project makes its own defaults reproducibly: run it after
changing the layout here, then commit the DOCX files. Placeholders are listed in
``templates/README.md``.

    .venv/bin/python scripts/make_templates.py
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
MARK_RED = RGBColor(0xA0, 0x10, 0x10)
GREY = RGBColor(0x44, 0x44, 0x44)
NAVY = RGBColor(0x1F, 0x3A, 0x5F)
# Every Windows has Arial (and every Mac; LibreOffice metric-matches it with Liberation
# Sans), so the layout a council sees is the one made here.
FONT = "Arial"
HEAD_FILL = "E8ECF2"  # the shading of table heading rows, as in the PDF
CONFIDENTIAL_FILL = "FBE3E3"  # as the PDF shades a confidential point
# Cell padding in twentieths of a point: about 1 mm above and below, 1.5 mm each side.
CELL_PADDING = {"top": 57, "bottom": 57, "left": 85, "right": 85}
# What Word writes for a document of its own current version: no compatibility mode.
APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>cinchair</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
    "</Properties>"
)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the word processor fills in when it lays out pages."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "16")
    props.append(size)
    run.append(props)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _repeat_header(table: Table) -> None:
    """Repeat the first row on every page, and keep each row whole across a page break."""
    for i, row in enumerate(table.rows):
        props = row._tr.get_or_add_trPr()
        if i == 0:
            props.append(OxmlElement("w:tblHeader"))
        props.append(OxmlElement("w:cantSplit"))


def _tag(doc: Document, text: str) -> None:
    """A paragraph holding only a docxtpl block tag ({%p ... %}); it vanishes on render."""
    doc.add_paragraph(text)


def _heading(doc: Document, text: str, level: int = 1) -> None:
    doc.add_heading(text, level=level)


def _labelled(
    doc: Document, label: str, value: str, style: str | None = None, keep: bool = False
) -> Paragraph:
    p = doc.add_paragraph(style=style)
    p.add_run(label).bold = True
    p.add_run(value)
    p.paragraph_format.keep_with_next = keep
    return p


def _confidential(doc: Document, label: str, value: str) -> None:
    """A point the family must not see: labelled in red and shaded, as in the PDF."""
    p = doc.add_paragraph()
    mark = p.add_run("{{ doc.confidential_label }} ")
    mark.bold, mark.font.color.rgb = True, MARK_RED
    p.add_run(label).bold = True
    p.add_run(value)
    _shade(p._p.get_or_add_pPr(), CONFIDENTIAL_FILL)


def _points(doc: Document, loop: str, item: str, label: str, value: str, style: str) -> None:
    """One paragraph per item; a confidential one labelled and shaded (agencies' copy)."""
    _tag(doc, "{%p " + loop + " %}")
    _tag(doc, "{%p if " + item + ".confidential %}")
    _confidential(doc, label, value)
    _tag(doc, "{%p else %}")
    _labelled(doc, label, value, style=style or None)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")


def _loop_table(
    doc: Document,
    headers: Sequence[str],
    loop: str,
    cells: Sequence[str],
    widths: Sequence[float],
    fill: str | None = None,
) -> Table:
    """A table with a heading row and one row per item: ``{%tr for ... %}`` rows around it.

    ``widths`` are relative; the table spans the 17 cm between the margins. ``fill``
    (a docxtpl ``{% cellbg ... %}`` tag) shades each cell of an item's row.
    """
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [17 * w / sum(widths) for w in widths])
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
        _shade(cell._tc.get_or_add_tcPr(), HEAD_FILL)
    table.rows[1].cells[0].text = "{%tr " + loop + " %}"
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        cell.text = (fill or "") + text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    _repeat_header(table)
    _pad(table)
    return table


def _shade(props: OxmlElement, fill: str) -> None:
    """Solid ``fill`` (hex) behind a cell or paragraph: ``props`` is its tcPr or pPr."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    props.append(shading)


def _pad(table: Table) -> None:
    """Room around the text in every cell, so text does not touch the grid."""
    margins = OxmlElement("w:tblCellMar")
    for side, twips in CELL_PADDING.items():
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(twips))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._tbl.tblPr.append(margins)


def _widths(table: Table, cm: Sequence[float]) -> None:
    """Column widths Word and LibreOffice both honour: the grid and every cell."""
    table.autofit = False
    for column, width in zip(table.columns, cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, cm, strict=True):
            cell.width = Cm(width)


def _details(doc: Document, rows: Sequence[tuple[str, str]]) -> None:
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, rows, strict=True):
        row.cells[0].text = ""
        row.cells[0].paragraphs[0].add_run(label).bold = True
        row.cells[1].text = value
        _shade(row.cells[0]._tc.get_or_add_tcPr(), HEAD_FILL)
    _widths(table, (4.5, 12.5))
    _pad(table)


def _font(props: OxmlElement) -> None:
    """Arial for every script's slot of a run properties element (``w:rPr``), the theme's
    fonts no longer consulted."""
    fonts = props.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        props.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(slot), FONT)


def _styles(doc: Document) -> None:
    """Council output rather than python-docx's defaults: one plain font, quiet headings,
    British English for spelling and hyphenation, body text at 11 pt for a family."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _font(run_defaults)
    language = run_defaults.find(qn("w:lang"))
    language.set(qn("w:val"), "en-GB")
    language.set(qn("w:eastAsia"), "en-GB")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "120")  # 6 pt between paragraphs
    spacing.set(qn("w:line"), "264")  # 1.1 lines
    for fonts in doc.styles.element.iter(qn("w:rFonts")):  # every style, not the theme's
        _font(fonts.getparent())
    styles = doc.styles
    styles["Normal"].font.size = Pt(11)
    for name, size, before in (("Title", 18, 0), ("Heading 1", 14, 14), ("Heading 2", 12, 10)):
        style = styles[name]
        _font(style.element.get_or_add_rPr())
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = NAVY
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
        borders = style.element.get_or_add_pPr().find(qn("w:pBdr"))
        if borders is not None:  # the default Title's blue rule
            borders.getparent().remove(borders)
    for name in ("Title", "Heading 1", "Heading 2"):
        run_props = styles[name].element.get_or_add_rPr()
        for extra in ("w:spacing", "w:kern"):
            found = run_props.find(qn(extra))
            if found is not None:
                run_props.remove(found)
        colour = run_props.find(qn("w:color"))
        for theme in ("w:themeColor", "w:themeShade"):
            colour.attrib.pop(qn(theme), None)


def _settings(doc: Document) -> None:
    """Word's current compatibility mode (15), en-GB, no trace of the default template."""
    settings = doc.settings.element
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    fonts_language = settings.find(qn("w:themeFontLang"))
    if fonts_language is not None:
        fonts_language.set(qn("w:val"), "en-GB")
    package = doc.part.package
    for part in package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = APP_XML.encode()
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):  # a picture of python-docx's own template
            del package.rels[rel_id]
    props = doc.core_properties
    props.author = props.last_modified_by = "cinchair"
    props.title = props.subject = props.keywords = props.comments = ""
    props.language = "en-GB"
    props.revision = 1
    # the render sets both to the moment the document is made; the template's own
    # dates say when this template was made
    props.created = props.modified = datetime.now(UTC).replace(microsecond=0, tzinfo=None)


def _page_setup(doc: Document) -> None:
    _styles(doc)
    _settings(doc)
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(2.0))
        section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = header.add_run("{{ doc.marking }}")
        run.bold, run.font.color.rgb = True, MARK_RED
        sub = section.header.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        sub.add_run(
            "{{ child.short_name }} · {{ child.short_reference }} · {{ doc.copy_label }}"
        ).font.size = Pt(8)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        small = footer.add_run(
            "{{ doc.marking }} · {{ doc.copy_label }} · {{ doc.version }} · "
            "produced {{ doc.produced }} · "
            "fingerprint {{ doc.fingerprint }} · page "
        )
        small.font.size = Pt(8)
        _field(footer, "PAGE")
        footer.add_run(" of ").font.size = Pt(8)
        _field(footer, "NUMPAGES")


def _opening(doc: Document) -> None:
    doc.add_heading("{{ doc.title }}", level=0)
    p = doc.add_paragraph()
    p.add_run("{{ council.name }} · {{ council.framework_name }} · {{ doc.status }}").bold = True
    note = doc.add_paragraph()
    note.add_run("{{ doc.copy_note }}").font.color.rgb = GREY
    _shade(note._p.get_or_add_pPr(), "F4F4F4")
    _tag(doc, "{%p if doc.correction %}")
    _labelled(doc, "Correction: ", "{{ doc.correction }}")
    _tag(doc, "{%p endif %}")


def _signatures(doc: Document, what: str) -> None:
    _heading(doc, "Signatures")
    doc.add_paragraph(
        f"By signing, each person confirms they have seen this {what}. The fingerprint "
        "{{ doc.fingerprint }} matches this copy to the stored record."
    ).paragraph_format.keep_with_next = True
    _tag(doc, "{%p if signatures %}")
    _loop_table(
        doc,
        ("Name and role", "Signature", "Signed"),
        "for s in signatures",
        ("{{ s.name }}, {{ s.role }}", "{{ s.image }}", "{{ s.status_line }}"),
        (3, 3, 3),
    )
    _tag(doc, "{%p else %}")
    doc.add_paragraph("No signatures recorded yet.")
    _tag(doc, "{%p endif %}")


def _distribution(doc: Document, after_name: str) -> None:
    """Who receives a copy; ``after_name`` adds to each person's line (e.g. which copy)."""
    _heading(doc, "Who receives a copy")
    _tag(doc, "{%p for d in distribution.people %}")
    doc.add_paragraph(
        "{{ d.name }}{% if d.role %}, {{ d.role }}{% endif %}" + after_name, style="List Bullet"
    )
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if distribution.note %}")
    doc.add_paragraph("{{ distribution.note }}")
    _tag(doc, "{%p endif %}")
    # what the council's procedure says: the same words as the PDF (documents/procedure)
    _tag(doc, "{%p if procedure_distribution %}")
    _heading(doc, "Who receives this, and by when")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p for d in procedure_distribution %}")
    _labelled(doc, "{{ d.label }} ", "{{ d.line }}", style="List Bullet", keep=True)
    _tag(doc, "{%p if d.source %}")
    source = doc.add_paragraph()
    source.add_run("{{ d.source }}").font.color.rgb = GREY
    source.paragraph_format.left_indent = Cm(0.63)  # under the bullet's text
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")


def minutes() -> Document:
    doc = Document()
    _page_setup(doc)
    _opening(doc)
    _details(
        doc,
        [
            ("Child", "{{ child.name }}, born {{ child.date_of_birth }}"),
            ("Case reference", "{{ child.reference }}"),
            ("Meeting", "{{ meeting.kind }}"),
            ("Date", "{{ meeting.date }}"),
            ("Venue", "{{ meeting.venue }}"),
            ("Chair", "{{ meeting.chair }}, {{ meeting.chair_role }}"),
        ],
    )
    _heading(doc, "Who was invited")
    _loop_table(
        doc,
        ("Name", "Role and agency", "Attendance", "Interpreter", "Advocate"),
        "for p in people",
        (
            "{{ p.name }}",
            "{{ p.role }}",
            "{{ p.attendance }}",
            "{{ p.interpreter }}",
            "{{ p.advocate }}",
        ),
        (2.8, 3.8, 2.1, 2.5, 2.0),
    )
    _heading(doc, "Interpreters, advocates and communication needs", 2)
    _tag(doc, "{%p for line in access %}")
    doc.add_paragraph("{{ line }}", style="List Bullet")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if not access %}")
    doc.add_paragraph("None recorded.")
    _tag(doc, "{%p endif %}")
    _heading(doc, "Consent")
    _tag(doc, "{%p for c in consents %}")
    doc.add_paragraph(
        "{{ c.status }}: {{ c.who }}, {{ c.date }}. {{ c.notes }}", style="List Bullet"
    )
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if not consents %}")
    doc.add_paragraph("No consent recorded.")
    _tag(doc, "{%p endif %}")
    _heading(doc, "{{ child.short_name }}'s views")
    _points(doc, "for v in voice", "v", "{{ v.label }} ", "{{ v.quoted }}", "")
    _tag(doc, "{%p if not voice %}")
    doc.add_paragraph("The child's views were not recorded at this meeting.")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if attachments %}")
    _heading(doc, "What the child gave us")
    _tag(doc, "{%p for a in attachments %}")
    _labelled(doc, "{{ a.title }}: ", "{{ a.kind }} ({{ a.what }}), added {{ a.added_on }}.")
    _tag(doc, "{%p if a.image %}")
    doc.add_paragraph("{{ a.image }}")
    _tag(doc, "{%p endif %}")
    doc.add_paragraph("{{ a.note }}").runs[0].italic = True
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p for h in headings %}")
    _heading(doc, "{{ h.title }}")
    _points(doc, "for pt in h.points", "pt", "{{ pt.who }}: ", "{{ pt.text }}", "List Bullet")
    _tag(doc, "{%p if not h.points %}")
    doc.add_paragraph("Nothing recorded under this heading.")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if scaling %}")
    _heading(doc, "Scaling")
    _tag(doc, "{%p if scaling.question %}")
    question = doc.add_paragraph("{{ scaling.question }}")
    question.runs[0].italic = True
    question.paragraph_format.keep_with_next = True
    _tag(doc, "{%p endif %}")
    _loop_table(
        doc,
        (
            "Who",
            "Last time{% if scaling.previous_date %} ({{ scaling.previous_date }}){% endif %}",
            "Today",
            "Why",
        ),
        "for r in scaling.rows",
        ("{{ r.who }}", "{{ r.previous }}", "{{ r.score }}", "{{ r.reason }}"),
        (3.0, 2.0, 1.5, 5.4),
    )
    _tag(doc, "{%p if scaling_chart %}")
    _heading(doc, "Scores over time", 2)
    doc.add_paragraph("{{ scaling_chart.image }}")
    doc.add_paragraph("{{ scaling_chart.summary }}").runs[0].italic = True
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p if progress %}")
    _heading(doc, "Progress on the plan")
    _loop_table(
        doc,
        ("Action", "Who", "By when", "Status", "Progress"),
        "for a in progress",
        ("{{ a.what }}", "{{ a.owner }}", "{{ a.due }}", "{{ a.status }}", "{{ a.note }}"),
        (4, 2.6, 1.6, 1.6, 3.6),
    )
    _tag(doc, "{%p endif %}")
    _heading(doc, "Decision")
    _tag(doc, "{%p if decision %}")
    _labelled(doc, "Outcome: ", "{{ decision.outcome }}")
    _labelled(doc, "Reasons: ", "{{ decision.rationale }}")
    _labelled(doc, "What happens next: ", "{{ decision.leads_to }}")
    _tag(doc, "{%p if decision.step_down_lead %}")
    _labelled(doc, "Lead professional after step down: ", "{{ decision.step_down_lead }}")
    _tag(doc, "{%p endif %}")
    _labelled(doc, "Decided: ", "{{ decision.decided_on }} by {{ decision.decided_by }}")
    _labelled(doc, "Next review: ", "{{ next_review.date }}. {{ next_review.reason }}")
    _tag(doc, "{%p else %}")
    doc.add_paragraph("No decision has been recorded yet.")
    _tag(doc, "{%p endif %}")
    _distribution(doc, " ({{ d.gets }})")
    _signatures(doc, "record")
    return doc


def plan() -> Document:
    doc = Document()
    _page_setup(doc)
    _opening(doc)
    _details(
        doc,
        [
            ("Child", "{{ child.name }}, born {{ child.date_of_birth }}"),
            ("Case reference", "{{ child.reference }}"),
            ("Plan version", "{{ plan.number }}, {{ plan.agreed }}"),
            ("Starts", "{{ plan.starts }}"),
            ("Lead professional", "{{ plan.lead }}"),
            ("Visits to the child", "{{ plan.visits }}"),
            (
                "Plan end target",
                "{{ plan.end_target }}{% if plan.length_reason %}. "
                "{{ plan.length_reason }}{% endif %}",
            ),
            ("Next review", "{{ plan.review_date }}"),
        ],
    )
    _tag(doc, "{%p if plan.amends %}")
    doc.add_paragraph(
        "This plan amends version {{ plan.previous_number }}. Each change is marked: "
        "New, Changed (with what it was), Completed or Dropped."
    ).runs[0].italic = True
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p for o in plan.outcomes %}")
    _heading(doc, "Outcome {{ o.number }}: {{ o.outcome }}")
    _labelled(doc, "Need: ", "{{ o.need }}", keep=True)
    _labelled(doc, "How we will know: ", "{{ o.measure }}", keep=True)
    cells = (
        "{{ a.number }}",
        "{{ a.what }}",
        "{{ a.who }}",
        "{{ a.due }}",
        "{{ a.status }}{% if a.note %}: {{ a.note }}{% endif %}",
    )
    header = ("No.", "What will happen", "Who", "By when", "Status")
    widths = (0.9, 4.6, 2.8, 1.8, 2.8)
    _tag(doc, "{%p if plan.amends %}")
    _loop_table(
        doc,
        (*header, "Change"),
        "for a in o.actions",
        (*cells, "{{ a.mark }}{% if a.was %} ({{ a.was }}){% endif %}"),
        (*widths, 2.6),
        fill="{% cellbg a.fill %}",
    )
    _tag(doc, "{%p else %}")
    _loop_table(doc, header, "for a in o.actions", cells, widths)
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p if plan.removed %}")
    _heading(doc, "Taken out of the plan")
    _loop_table(
        doc,
        ("What was planned", "Who", "By when"),
        "for a in plan.removed",
        ("{{ a.what }}", "{{ a.who }}", "{{ a.due }}"),
        (6, 3, 2),
    )
    _tag(doc, "{%p endif %}")
    _heading(doc, "If the plan is not working: contingency plan")
    doc.add_paragraph("{{ plan.contingency }}")
    _distribution(doc, "")
    _signatures(doc, "plan")
    return doc


def main() -> int:
    out = ROOT / "templates"
    out.mkdir(exist_ok=True)
    for name, build in (("minutes", minutes), ("plan", plan)):
        path = out / f"{name}.docx"
        build().save(str(path))
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
