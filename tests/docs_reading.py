"""Reading produced documents back as text, the way a reader or a search would see them."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
from pypdf import PdfReader

ISOLATES = {ord(mark): None for mark in "\u2066\u2067\u2068\u2069"}


def docx_text(data: bytes | Path) -> str:
    """Body paragraphs, every table cell, and the headers and footers, in document order."""
    source = io.BytesIO(data) if isinstance(data, bytes) else str(data)
    document = docx.Document(source)
    parts = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append("".join(t.text or "" for t in child.iter(docx.oxml.ns.qn("w:t"))))
        elif tag == "tbl":
            for row in child.iter(docx.oxml.ns.qn("w:tr")):
                cells = [
                    "".join(t.text or "" for t in cell.iter(docx.oxml.ns.qn("w:t")))
                    for cell in row.iter(docx.oxml.ns.qn("w:tc"))
                ]
                parts.append(" | ".join(cells))
    for section in document.sections:
        for part in (section.header, section.footer):
            parts.extend(p.text for p in part.paragraphs)
    # the directional isolates around each typed value are invisible: a reader, a
    # screen reader or a search skips them
    return "\n".join(parts).translate(ISOLATES)


def docx_image_count(data: bytes | Path) -> int:
    source = io.BytesIO(data) if isinstance(data, bytes) else str(data)
    return len(docx.Document(source).inline_shapes)


def pdf_pages(data: bytes | Path) -> list[str]:
    reader = PdfReader(io.BytesIO(data) if isinstance(data, bytes) else str(data))
    return [page.extract_text() or "" for page in reader.pages]


def pdf_text(data: bytes | Path) -> str:
    """All pages' text with line breaks folded to spaces, so wrapped phrases still match."""
    return " ".join(" ".join(page.split()) for page in pdf_pages(data))


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_body_text(data: bytes | Path) -> str:
    """Like ``pdf_text`` without the running header and footer, so text can run across pages."""
    kept = []
    for page in pdf_pages(data):
        for line in page.splitlines():
            running = "OFFICIAL-SENSITIVE" in line or line.startswith("Produced ")
            running = running or (" · " in line and "copy" in line)
            if not running and not re.fullmatch(r"\s*page \d+ of \d+\s*", line):
                kept.append(line)
    return " ".join(" ".join(kept).split())
