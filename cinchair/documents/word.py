"""The minutes and the plan as DOCX, from templates a council can edit in Word.

docxtpl fills the template's placeholders from the document context. It always
renders with autoescape on: without it, user text containing ``<`` or ``&``
silently vanishes from the document, and with it, ``{{ }}`` and ``{% %}`` typed
by a user come out as typed rather than being run as template code.

docxtpl compiles the template's XML into Jinja code on every render, which was half
the time a DOCX took; the compiled template depends on nothing but that XML, so
``_TemplateCache`` keeps it (keyed by the XML itself: an edited template is a new key).
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, Template, TemplateError

from cinchair.documents.context import Picture, Signature


class TemplateProblem(ValueError):
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


def _image(template: DocxTemplate, sig: Signature) -> InlineImage | str:
    if sig.image is None:
        return sig.image_note
    return InlineImage(template, io.BytesIO(sig.image), height=Mm(14))


def _picture(
    template: DocxTemplate, picture: Picture | None, width: Mm, height: Mm
) -> InlineImage | str:
    """The picture fitted inside ``width`` by ``height``, its shape kept; "" without one."""
    if picture is None:
        return ""
    w, h = picture.size
    if w * height > h * width:
        return InlineImage(template, io.BytesIO(picture.data), width=width)
    return InlineImage(template, io.BytesIO(picture.data), height=height)


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
    values["attachments"] = [
        a | {"image": _picture(template, a["picture"], Mm(120), Mm(95))}
        for a in context.get("attachments", [])
    ]
    chart = context.get("scaling_chart")
    if chart is not None:
        values["scaling_chart"] = chart | {
            "image": _picture(template, chart["picture"], Mm(170), Mm(80))
        }
    try:
        template.render(values, jinja_env=_JINJA, autoescape=True)
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
