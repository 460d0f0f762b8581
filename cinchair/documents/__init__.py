"""Minutes and plan documents: the context, DOCX and PDF renderers."""

from cinchair.documents.context import Copy, Document, build_context
from cinchair.documents.render import Format, Rendered, render_record, template_for
from cinchair.documents.word import TemplateProblem

__all__ = [
    "Copy",
    "Document",
    "Format",
    "Rendered",
    "TemplateProblem",
    "build_context",
    "render_record",
    "template_for",
]
