"""The minutes and the plan as DOCX, from templates a council can edit in Word.

docxtpl fills the template's placeholders from the document context. It always
renders with autoescape on: without it, user text containing ``<`` or ``&``
silently vanishes from the document, and with it, ``{{ }}`` and ``{% %}`` typed
by a user come out as typed rather than being run as template code.

docxtpl also turns ``{_{``, ``}_}``, ``{_%`` and ``%_}`` in its *output* into ``{{``,
``}}``, ``{%`` and ``%}`` (its way for a template to print those), which would change
what a chair typed; ``_Template`` does that turn on the template's own text before
rendering instead, so typed text is never touched.

docxtpl compiles the template's XML into Jinja code on every render, which was half
the time a DOCX took; the compiled template depends on nothing but that XML, so
``_TemplateCache`` keeps it (keyed by the XML itself: an edited template is a new key).
"""

from __future__ import annotations

import io
import itertools
import re
import threading
from collections import OrderedDict
from datetime import datetime
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, Template, TemplateError

from cinchair.app.errors import ActionableError
from cinchair.documents.pdf_columns import fitted_widths, fitting_size
from cinchair.documents.picture_context import Picture, Signature
from cinchair.domain.bidi import plain

# docxtpl's escapes for a template that wants to print template syntax, and what each
# prints; done as Jinja raw blocks in the template's source (see ``_Template``).
_TEMPLATE_ESCAPES = {"{_{": "{{", "}_}": "}}", "{_%": "{%", "%_}": "%}"}
_ESCAPE = re.compile("|".join(re.escape(e) for e in _TEMPLATE_ESCAPES))
# Picture ids above any a template holds, unique in each document (Word requires it).
_FIRST_PICTURE_ID = 5000


class TemplateProblem(ActionableError, ValueError):
    """A council's template that cannot be used, and why, in words an admin can act on."""


class _TemplateCache(Environment):
    """A Jinja environment that compiles each distinct template source once.

    Keyed by the whole source, so it can never hand back a stale template; bounded,
    as each of a few councils' minutes and plan (body, header, footer) is one entry.
    """

    _KEPT = 64

    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self._compiled: OrderedDict[str, Template] = OrderedDict()
        self._lock = threading.Lock()

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        with self._lock:
            found = self._compiled.get(source)
            if found is not None:
                self._compiled.move_to_end(source)
                return found
        compiled = super().from_string(source)
        with self._lock:
            self._compiled[source] = compiled
            while len(self._compiled) > self._KEPT:
                self._compiled.popitem(last=False)
        return compiled


_JINJA = _TemplateCache()


class _Template(DocxTemplate):  # type: ignore[misc]
    """docxtpl's template with its escapes resolved in the template, not in the output."""

    def render_xml_part(self, src_xml: Any, part: Any, context: Any, jinja_env: Any = None) -> Any:
        # the same steps as docxtpl's own, less the reversal of escapes over the result
        src_xml = _ESCAPE.sub(
            lambda m: "{% raw %}" + _TEMPLATE_ESCAPES[m[0]] + "{% endraw %}", src_xml
        )
        src_xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
        self.current_rendering_part = part
        template = (jinja_env or Environment()).from_string(src_xml)
        dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", template.render(context))
        return self.resolve_listing(dst_xml)


class _Picture(InlineImage):  # type: ignore[misc]
    """An inline picture with its alternative text (what a screen reader says)."""

    def __init__(
        self,
        template: DocxTemplate,
        data: bytes,
        alt: str,
        ids: itertools.count[int],
        **size: Any,
    ) -> None:
        super().__init__(template, io.BytesIO(data), **size)
        self.alt = plain(alt)
        self.ids = ids

    def _insert_image(self) -> str:
        inline = self.tpl.current_rendering_part.new_pic_inline(
            self.image_descriptor, self.width, self.height
        )
        number = next(self.ids)
        inline.docPr.id = number
        inline.docPr.name = f"Picture {number}"
        inline.docPr.set("descr", self.alt)
        drawing = f"<w:drawing>{inline.xml}</w:drawing>"
        return f'</w:t></w:r><w:r>{drawing}</w:r><w:r><w:t xml:space="preserve">'


def _signature_image(
    template: DocxTemplate, sig: Signature, ids: itertools.count[int]
) -> InlineImage | str:
    if sig.image is None:
        return sig.image_note
    alt = f"Signature of {sig.name}, {sig.role}, {sig.when}"
    return _Picture(template, sig.image, alt, ids, height=Mm(14))


def _picture(
    template: DocxTemplate,
    picture: Picture | None,
    alt: str,
    ids: itertools.count[int],
    width: Mm,
    height: Mm,
) -> InlineImage | str:
    """The picture fitted inside ``width`` by ``height``, its shape kept; "" without one."""
    if picture is None:
        return ""
    w, h = picture.size
    if w * height > h * width:
        return _Picture(template, picture.data, alt, ids, width=width)
    return _Picture(template, picture.data, alt, ids, height=height)


def _type_size(template: DocxTemplate, body_pt: float | None) -> None:
    """A family's copy at the council's chosen body size, headings kept above it.

    The templates set 11 pt (the least a family's copy has); everything in them takes
    its size from the Normal style, so changing the styles changes the whole document.
    """
    if not body_pt or body_pt <= 11:
        return
    styles = template.docx.styles
    styles["Normal"].font.size = Pt(body_pt)
    for name, least, above in (("Title", 18, 6), ("Heading 1", 14, 3), ("Heading 2", 12, 1)):
        styles[name].font.size = Pt(max(least, body_pt + above))


def _fit_tables(template: DocxTemplate, body_pt: float | None) -> None:
    """At a family's larger size, each table's columns are moved and its type steps down
    (never under 11 pt) until every column holds its longest word, as in the PDF: at
    20 pt Word and LibreOffice cut "Attend/ance" and "Toda/y" in the template's columns.
    Words are measured in the PDF's body font, a little wider than Arial, so the step is
    never too small. Tables with merged cells are left as the council laid them out."""
    if not body_pt or body_pt <= 11:
        return
    for table in template.docx.tables:
        grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
        widths = [int(col.get(qn("w:w")) or 0) / 20 for col in grid]  # twips to points
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if not rows or not all(widths) or any(len(row) != len(widths) for row in rows):
            continue  # merged cells: leave the table as the council laid it out
        size = fitting_size(widths, rows[0], rows[1:], body_pt)
        fitted = fitted_widths(widths, rows[0], rows[1:], size)
        for col, width in zip(grid, fitted, strict=True):
            col.set(qn("w:w"), str(round(width * 20)))
        for row in table.rows:
            for cell, width in zip(row.cells, fitted, strict=True):
                cell.width = Pt(width)
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(size)


def render_docx(context: dict[str, Any], template_path: Path) -> bytes:
    """The document in ``context`` as DOCX bytes, laid out by ``template_path``."""
    try:
        template = _Template(str(template_path))
        template.render_init()  # opens the file now, so a broken one is reported as such
    except Exception as exc:  # docx/zip errors vary; all mean the same to the user
        raise TemplateProblem(f"{template_path} is not a Word (.docx) template: {exc}") from exc
    signatures: list[Signature] = context["signatures"]
    ids = itertools.count(_FIRST_PICTURE_ID)
    values = dict(context)
    values["signatures"] = [
        {
            "name": s.name,
            "role": s.role,
            "status": s.status,
            "status_line": s.status_line,
            "when": s.when,
            "reason": s.reason,
            "image": _signature_image(template, s, ids),
        }
        for s in signatures
    ]
    values["attachments"] = [
        a | {"image": _picture(template, a["picture"], a["title"], ids, Mm(120), Mm(95))}
        for a in context.get("attachments", [])
    ]
    chart = context.get("scaling_chart")
    if chart is not None:
        values["scaling_chart"] = chart | {
            "image": _picture(template, chart["picture"], chart["summary"], ids, Mm(170), Mm(80))
        }
    try:
        template.render(values, jinja_env=_JINJA, autoescape=True)
    except TemplateError as exc:
        raise TemplateProblem(
            f"{template_path} has a placeholder error: {exc} "
            "(see templates/README.md for the placeholders)"
        ) from exc
    _type_size(template, context["doc"].get("body_pt"))
    _fit_tables(template, context["doc"].get("body_pt"))
    props = template.docx.core_properties
    doc = context["doc"]
    made = datetime.fromisoformat(doc["produced_iso"])
    props.title = doc["meta_title"]
    props.author = "cinchair"
    props.last_modified_by = "cinchair"
    props.created = props.modified = made
    props.revision = 1
    props.language = "en-GB"
    props.subject = f"{doc['marking']} · {doc['copy_label']}"
    props.comments = f"fingerprint {doc['fingerprint_full']}"
    props.keywords = doc["marking"]
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
