"""The minutes and the plan as DOCX, from templates a council can edit in Word.

docxtpl fills the template's placeholders from the document context. It always
renders with autoescape on: without it, user text containing ``<`` or ``&``
silently vanishes from the document, and with it, ``{{ }}`` and ``{% %}`` typed
by a user come out as typed rather than being run as template code.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import TemplateError

from cinchair.documents.context import Signature


class TemplateProblem(ValueError):
    """A council's template that cannot be used, and why, in words an admin can act on."""


def _image(template: DocxTemplate, sig: Signature) -> InlineImage | str:
    if sig.image is None:
        return sig.image_note
    return InlineImage(template, io.BytesIO(sig.image), height=Mm(14))


def render_docx(context: dict[str, Any], template_path: Path) -> bytes:
    """The document in ``context`` as DOCX bytes, laid out by ``template_path``."""
    try:
        template = DocxTemplate(str(template_path))
        template.render_init()  # opens the file now, so a broken one is reported as such
    except Exception as exc:  # docx/zip errors vary; all mean the same to the user
        raise TemplateProblem(f"{template_path} is not a Word (.docx) template: {exc}") from exc
    signatures: list[Signature] = context["signatures"]
    values = dict(context)
    values["signatures"] = [
        {
            "name": s.name,
            "role": s.role,
            "status": s.status,
            "status_line": s.status_line,
            "when": s.when,
            "reason": s.reason,
            "image": _image(template, s),
        }
        for s in signatures
    ]
    try:
        template.render(values, autoescape=True)
    except TemplateError as exc:
        raise TemplateProblem(
            f"{template_path} has a placeholder error: {exc} "
            "(see templates/README.md for the placeholders)"
        ) from exc
    props = template.docx.core_properties
    doc = context["doc"]
    props.title = doc["title"]
    props.author = "cinchair"
    props.subject = f"{doc['marking']} · {doc['copy_label']}"
    props.comments = f"fingerprint {doc['fingerprint_full']}"
    props.keywords = doc["marking"]
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
