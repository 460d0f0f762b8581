"""What the child gave before the meeting: checked, cleaned and kept inside the store.

A wishes and feelings form, a photographed Three Houses drawing, a letter: images (PNG,
JPEG) or PDFs. Three rules shape this module:

* **Inside the encrypted store, never on disk in clear.** The bytes go straight from the
  chosen file into a ``ChildAttachment`` row (SQLCipher encrypts it with the rest); the
  preview and every page shown are made in memory. Nothing here writes a file.
* **What the file is decides, not its name.** The type is sniffed from the first bytes,
  so ``drawing.pdf`` that is really a JPEG is taken as a JPEG, and ``letter.docx`` renamed
  ``.png`` is refused with a reason.
* **Photos lose their metadata.** A phone photo of a drawing taken in the family home
  carries the home's GPS position, the phone's make and the time in its EXIF block.
  Images are decoded and re-encoded (turned upright first, as the camera meant), which
  keeps the picture and nothing else; large photos are scaled down on the way.

PDFs are kept as given (re-writing one could change what it says), after checking that
PDFium can open it and it is not password-protected, and their first page becomes the
preview. Adding and removing go through ``MeetingDraft``, so each is one saved, audited
transaction, undoable like any other added or removed row.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

from cinchair.app.errors import ActionableError
from cinchair.domain import vocabulary as words
from cinchair.meetings.draft import MeetingDraft
from cinchair.model import AttachmentKind, ChildAttachment, Meeting, utcnow

PNG, JPEG, PDF = "image/png", "image/jpeg", "application/pdf"

MAX_FILE_BYTES = 20 * 1024 * 1024
# A sync bundle is at most 64 MiB and 32 files, minutes and plans included: these keep a
# meeting's attachments well inside both.
MAX_PER_MEETING = 20
MAX_MEETING_BYTES = 40 * 1024 * 1024
MAX_IMAGE_SIDE = 2400  # stored images: plenty to read a child's handwriting
PREVIEW_SIDE = 1200  # the picture in the minutes and the app's preview
MAX_PIXELS = 60_000_000  # refuse decompression bombs before decoding them
TITLE_LENGTH = 200


class AttachmentRefused(ActionableError, ValueError):
    """A file that cannot be attached, with the reason in words the chair can act on."""


@dataclass(frozen=True)
class Prepared:
    """A checked file, cleaned, ready to store."""

    media_type: str
    data: bytes
    preview: bytes  # JPEG
    pages: int | None  # PDFs only

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class AttachmentInfo:
    """One attachment as the UI lists it: everything but the file itself."""

    id: str
    kind: AttachmentKind
    title: str
    media_type: str
    size: int
    pages: int | None
    child_agreed_to_share: bool
    added_at: datetime
    preview: bytes | None

    @property
    def kind_label(self) -> str:
        return words.label(words.ATTACHMENT_KIND, self.kind.value)

    @property
    def is_pdf(self) -> bool:
        return self.media_type == PDF

    def describe(self) -> str:
        """ "PDF, 2 pages, 184 KB" or "JPEG image, 1.2 MB": for the list and screen readers."""
        kind = {PNG: "PNG image", JPEG: "JPEG image", PDF: "PDF"}.get(self.media_type, "file")
        pages = f", {self.pages} page{'s' if self.pages != 1 else ''}" if self.pages else ""
        return f"{kind}{pages}, {human_size(self.size)}"


def human_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


# --- checking and cleaning ------------------------------------------------------------------


def sniff(head: bytes) -> str | None:
    """The media type from the file's first bytes, or None if it is none we take."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if b"%PDF-" in head[:1024]:
        return PDF
    return None


def read_file(path: Path | str) -> bytes:
    """The file's bytes, refusing an over-large one before reading it."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise AttachmentRefused(
                f"{path.name} is {human_size(size)}; an attachment may be at most "
                f"{human_size(MAX_FILE_BYTES)}. Scan or photograph it at a lower resolution."
            )
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise AttachmentRefused(f"{path.name} is no longer there.") from exc
    except IsADirectoryError as exc:
        raise AttachmentRefused(f"{path.name} is a folder; choose a file.") from exc
    except OSError as exc:
        raise AttachmentRefused(f"{path.name} cannot be read ({exc.strerror or exc}).") from exc


def prepare(raw: bytes, name: str = "the file") -> Prepared:
    """Check ``raw`` and return what to store; ``AttachmentRefused`` says why not."""
    if not raw:
        raise AttachmentRefused(f"{name} is empty.")
    if len(raw) > MAX_FILE_BYTES:
        raise AttachmentRefused(
            f"{name} is {human_size(len(raw))}; an attachment may be at most "
            f"{human_size(MAX_FILE_BYTES)}."
        )
    media_type = sniff(raw[:1024])
    if media_type is None:
        raise AttachmentRefused(
            f"{name} is not a PNG or JPEG picture or a PDF (whatever its name says). "
            "Save or scan it as one of those, then attach it."
        )
    if media_type == PDF:
        return _prepare_pdf(raw, name)
    return _prepare_image(raw, media_type, name)


def _open_image(raw: bytes, media_type: str, name: str) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(raw))
        expected = "PNG" if media_type == PNG else "JPEG"
        if image.format != expected:
            raise AttachmentRefused(f"{name} is not a readable {expected} picture.")
        if image.width * image.height > MAX_PIXELS:
            raise AttachmentRefused(
                f"{name} is {image.width} by {image.height} pixels, too large to open safely."
            )
        image.load()
    except AttachmentRefused:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
    ) as exc:
        raise AttachmentRefused(
            f"{name} looks like a picture but cannot be read (it may be damaged or cut "
            "short). Copy it again from the phone or scanner."
        ) from exc
    return image


def _prepare_image(raw: bytes, media_type: str, name: str) -> Prepared:
    """Decode, turn upright, scale down, re-encode: the picture without its metadata."""
    image = _open_image(raw, media_type, name)
    upright = ImageOps.exif_transpose(image)
    if media_type == JPEG:
        picture = upright.convert("RGB")
    elif upright.mode in ("RGBA", "LA") or "transparency" in upright.info:
        picture = upright.convert("RGBA")
    else:
        picture = upright.convert("RGB")
    picture.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No exif=, icc_profile= or pnginfo=: Pillow then writes pixels and nothing else.
    if media_type == JPEG:
        picture.save(out, "JPEG", quality=90, optimize=True)
    else:
        picture.save(out, "PNG", optimize=True)
    return Prepared(media_type, out.getvalue(), preview_jpeg(picture), None)


def _prepare_pdf(raw: bytes, name: str) -> Prepared:
    tail = raw[-2048:]
    if b"%%EOF" not in tail:
        raise AttachmentRefused(
            f"{name} is not a complete PDF (its end is missing: the copy may have been cut "
            "short). Save or scan it again."
        )
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        detail = str(exc).lower()
        if "password" in detail:
            raise AttachmentRefused(
                f"{name} is password-protected. Save a copy without the password "
                "(it is kept encrypted here), then attach that."
            ) from exc
        raise AttachmentRefused(f"{name} is a damaged PDF and cannot be opened.") from exc
    try:
        pages = len(document)
        if pages < 1:
            raise AttachmentRefused(f"{name} is a PDF with no pages.")
        first = render_pdf_page_from(document, 0, PREVIEW_SIDE)
    finally:
        document.close()
    return Prepared(PDF, raw, preview_jpeg(first), pages)


def preview_jpeg(picture: Image.Image, side: int = PREVIEW_SIDE) -> bytes:
    """A JPEG at most ``side`` pixels across, transparency laid on white paper."""
    copy = picture.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    if copy.mode in ("RGBA", "LA", "P"):
        rgba = copy.convert("RGBA")
        paper = Image.new("RGB", rgba.size, "white")
        paper.paste(rgba, mask=rgba.getchannel("A"))
        copy = paper
    out = io.BytesIO()
    copy.convert("RGB").save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()


def render_pdf_page_from(document: object, index: int, side: int) -> Image.Image:
    """Page ``index`` of an open pypdfium2 document, at most ``side`` pixels across."""
    page = document[index]  # type: ignore[index]
    try:
        width, height = page.get_size()
        scale = side / max(width, height, 1)
        image: Image.Image = page.render(scale=scale).to_pil().convert("RGB")
        return image
    finally:
        page.close()


def render_pdf_page(data: bytes, index: int, side: int = 1400) -> Image.Image:
    """One page of a stored PDF as a picture, made in memory (never a file)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        if not 0 <= index < len(document):
            raise IndexError(f"the PDF has {len(document)} pages; there is no page {index + 1}")
        return render_pdf_page_from(document, index, side)
    finally:
        document.close()


# --- through the draft ----------------------------------------------------------------------


def default_title(kind: AttachmentKind) -> str:
    return words.label(words.ATTACHMENT_KIND, kind.value)


def add_attachment(
    draft: MeetingDraft,
    raw: bytes,
    *,
    kind: AttachmentKind = AttachmentKind.OTHER,
    title: str | None = None,
    child_agreed: bool = False,
    name: str = "the file",
) -> str:
    """Check, clean and store a file the child gave; its id. Undoable.

    All the work on the file happens before the transaction, so a refusal leaves the
    meeting exactly as it was.
    """
    prepared = prepare(raw, name)
    title = (title or default_title(kind)).strip()[:TITLE_LENGTH] or default_title(kind)

    def make(session: Session, meeting: Meeting) -> ChildAttachment:
        _check_room(session, meeting, prepared.size)
        return ChildAttachment(
            meeting_id=meeting.id,
            kind=kind,
            title=title,
            media_type=prepared.media_type,
            size=prepared.size,
            sha256=prepared.sha256,
            data=prepared.data,
            preview=prepared.preview,
            pages=prepared.pages,
            child_agreed_to_share=child_agreed,
            added_at=utcnow(),
            sort_order=_next_order(session, meeting),
        )

    return draft.add(f"add {title}", make)


def add_attachment_file(
    draft: MeetingDraft,
    path: Path | str,
    *,
    kind: AttachmentKind = AttachmentKind.OTHER,
    title: str | None = None,
    child_agreed: bool = False,
) -> str:
    """``add_attachment`` from a file the chair chose."""
    path = Path(path)
    return add_attachment(
        draft, read_file(path), kind=kind, title=title, child_agreed=child_agreed, name=path.name
    )


def _check_room(session: Session, meeting: Meeting, size: int) -> None:
    rows = session.execute(
        select(ChildAttachment.size).where(ChildAttachment.meeting_id == meeting.id)
    ).all()
    if len(rows) >= MAX_PER_MEETING:
        raise AttachmentRefused(
            f"This meeting already has {MAX_PER_MEETING} attachments, the most one meeting "
            "can send to the council. Remove one first."
        )
    total = sum(r.size for r in rows) + size
    if total > MAX_MEETING_BYTES:
        raise AttachmentRefused(
            f"Together the attachments would be {human_size(total)}; a meeting can carry "
            f"at most {human_size(MAX_MEETING_BYTES)} to the council. Attach a smaller copy."
        )


def _next_order(session: Session, meeting: Meeting) -> int:
    orders = session.scalars(
        select(ChildAttachment.sort_order).where(ChildAttachment.meeting_id == meeting.id)
    ).all()
    return max(orders, default=-1) + 1


def remove_attachment(draft: MeetingDraft, attachment_id: str) -> None:
    """Remove an attachment; undo puts back the same file with the same id."""
    title = draft.read(lambda s, _m: s.get_one(ChildAttachment, attachment_id).title)
    draft.remove(f"remove {title}", ChildAttachment, attachment_id)


def list_attachments(draft: MeetingDraft) -> list[AttachmentInfo]:
    """The meeting's attachments in order, without loading the files themselves."""

    def read(session: Session, meeting: Meeting) -> list[AttachmentInfo]:
        return [
            AttachmentInfo(
                a.id,
                a.kind,
                a.title,
                a.media_type,
                a.size,
                a.pages,
                a.child_agreed_to_share,
                a.added_at,
                a.preview,
            )
            for a in meeting.attachments
        ]

    return draft.read(read)


def attachment_data(draft: MeetingDraft, attachment_id: str) -> bytes:
    """The stored file itself (for the preview window; it stays in memory)."""

    def read(session: Session, _meeting: Meeting) -> bytes:
        row = session.get(ChildAttachment, attachment_id)
        if row is None:
            raise KeyError(f"attachment {attachment_id} is no longer there")
        return bytes(row.data)

    return draft.read(read)
