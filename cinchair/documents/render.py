"""Rendering a meeting record to files: which documents, which copies, which formats.

File names carry the case reference, the meeting date, the document and the copy,
but never the child's name: file names show up in folder listings, email subjects
and USB sticks' directories, where the protective marking does not travel with them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from cinchair.app.files import write_atomically
from cinchair.app.paths import templates_dir
from cinchair.documents.context import Copy, Document, build_context
from cinchair.documents.pdf import render_pdf
from cinchair.documents.word import TemplateProblem, render_docx
from cinchair.profiles import ProfileError, get_profile


class Format(StrEnum):
    DOCX = "docx"
    PDF = "pdf"


@dataclass(frozen=True)
class Rendered:
    path: Path
    document: Document
    copy: Copy
    format: Format


def template_for(profile_id: str, document: Document) -> Path:
    """The council's own template if its profile names one, else the shipped default."""
    name = f"{document.value}.docx"
    try:
        named = get_profile(profile_id).templates.get(document.value)
    except (KeyError, ProfileError):
        named = None
    if named:
        name = named
    path = templates_dir() / name
    if not path.is_file():
        raise TemplateProblem(
            f"the {document.value} template {path} is missing"
            + (f" (named by profile {profile_id})" if named else "")
        )
    return path


def _slug(text: str) -> str:
    """Letters and digits of any script kept; anything a file system might mind is a dash."""
    return re.sub(r"[\W_]+", "-", text).strip("-") or "record"


def file_stem(record: dict[str, Any], document: Document, copy: Copy) -> str:
    ref = _slug(record["case"]["reference"])
    return f"{ref}_{record['meeting']['held_on']}_{document.value}_{copy.value}"


def render_record(
    record: dict[str, Any],
    out_dir: Path,
    *,
    formats: Iterable[Format] = (Format.DOCX, Format.PDF),
    copies: Iterable[Copy] = (Copy.FAMILY, Copy.AGENCIES),
    documents: Iterable[Document] = (Document.MINUTES, Document.PLAN),
    produced_at: datetime | None = None,
) -> list[Rendered]:
    """Write each document in each copy and format; a meeting without a plan gets no plan."""
    produced_at = produced_at or datetime.now().astimezone()
    formats = [Format(f) for f in formats]
    copies = [Copy(c) for c in copies]
    documents = [Document(d) for d in documents]
    written = []
    for document in documents:
        if document is Document.PLAN and record["plan"] is None:
            continue
        template = (
            template_for(record["council"]["profile_id"], document)
            if Format.DOCX in formats
            else None
        )
        for copy in copies:
            context = build_context(record, document, copy, produced_at)
            stem = file_stem(record, document, copy)
            for fmt in formats:
                if fmt is Format.DOCX:
                    assert template is not None
                    data = render_docx(context, template)
                else:
                    data = render_pdf(context)
                path = write_atomically(out_dir / f"{stem}.{fmt.value}", data)
                written.append(Rendered(path, document, copy, fmt))
    return written
