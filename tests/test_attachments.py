"""What the child gave: checked by content, cleaned of metadata, kept inside the store."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import text

from cinchair.demo.child_gave import letter_pdf, three_houses_photo
from cinchair.meetings import attachments
from cinchair.meetings.attachments import AttachmentRefused
from cinchair.meetings.draft import MeetingDraft
from cinchair.meetings.lifecycle import sign_minutes
from cinchair.model import AttachmentKind, ChildAttachment
from cinchair.store.facade import Store
from cinchair.store.finality import RecordIsFinal
from tests.factories import make_case, make_meeting


@pytest.fixture
def draft(store: Store) -> MeetingDraft:
    with store.transaction() as session:
        meeting_id = make_meeting(session, make_case(session)).id
    return MeetingDraft(store, meeting_id)


def _png(size: tuple[int, int] = (40, 30), colour: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def _rotated_jpeg() -> bytes:
    """A 60x20 photo the camera held sideways: EXIF orientation 6 (turn 90° clockwise)."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 1.0), 3: "W", 4: (0.0, 7.0, 5.0)}
    out = io.BytesIO()
    Image.new("RGB", (60, 20), "blue").save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_photo_loses_its_gps_and_camera_details_and_is_turned_upright() -> None:
    raw = three_houses_photo()
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)  # the phone wrote a position
    prepared = attachments.prepare(raw, "IMG_2031.jpg")
    stored = Image.open(io.BytesIO(prepared.data))
    assert prepared.media_type == attachments.JPEG
    assert dict(stored.getexif()) == {}
    assert b"Exif" not in prepared.data[:4096] and b"PhoneMaker" not in prepared.data
    turned = Image.open(io.BytesIO(attachments.prepare(_rotated_jpeg()).data))
    assert turned.size == (20, 60)  # upright, as the camera meant; no orientation tag left


def test_large_photos_are_scaled_down_and_the_preview_is_a_jpeg() -> None:
    prepared = attachments.prepare(_png((5000, 1000)))
    assert prepared.media_type == attachments.PNG
    assert Image.open(io.BytesIO(prepared.data)).size == (attachments.MAX_IMAGE_SIDE, 480)
    preview = Image.open(io.BytesIO(prepared.preview))
    assert preview.format == "JPEG" and max(preview.size) == attachments.PREVIEW_SIDE


def test_the_type_comes_from_the_content_not_the_name(tmp_path: Path) -> None:
    misnamed = tmp_path / "drawing.pdf"
    misnamed.write_bytes(_png())
    assert attachments.prepare(attachments.read_file(misnamed)).media_type == attachments.PNG
    with pytest.raises(AttachmentRefused, match="not a PNG or JPEG picture or a PDF"):
        attachments.prepare(b"PK\x03\x04 a word document really", "letter.png")
    with pytest.raises(AttachmentRefused, match="empty"):
        attachments.prepare(b"", "nothing.png")
    with pytest.raises(AttachmentRefused, match="cannot be read"):
        attachments.prepare(_png()[:60], "cut.png")


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "scan.pdf"
    with big.open("wb") as handle:
        handle.truncate(attachments.MAX_FILE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(AttachmentRefused, match=r"at most 20\.0 MB"):
        attachments.read_file(big)


def test_pdfs_are_checked_opened_and_previewed() -> None:
    prepared = attachments.prepare(letter_pdf(), "letter.pdf")
    assert prepared.media_type == attachments.PDF and prepared.pages == 1
    assert prepared.data == letter_pdf()  # kept exactly as given
    assert Image.open(io.BytesIO(prepared.preview)).format == "JPEG"
    page = attachments.render_pdf_page(prepared.data, 0, 300)
    assert max(page.size) == 300
    with pytest.raises(AttachmentRefused, match="not a complete PDF"):
        attachments.prepare(letter_pdf()[:-400], "cut.pdf")
    with pytest.raises(AttachmentRefused, match="damaged PDF"):
        attachments.prepare(b"%PDF-1.4\nnonsense\n%%EOF\n", "bad.pdf")


def test_a_password_protected_pdf_is_refused_with_what_to_do() -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, encrypt=pdfencrypt.StandardEncryption("user-pw", "owner-pw"))
    canvas.drawString(72, 720, "locked")
    canvas.showPage()
    canvas.save()
    with pytest.raises(AttachmentRefused, match="password-protected"):
        attachments.prepare(out.getvalue(), "locked.pdf")


@pytest.mark.slow
def test_added_inside_the_store_removed_and_put_back_by_undo(
    draft: MeetingDraft, store: Store, tmp_path: Path
) -> None:
    before = sorted(p.name for p in tmp_path.rglob("*"))
    drawing = attachments.add_attachment(
        draft, three_houses_photo(), kind=AttachmentKind.THREE_HOUSES, child_agreed=True
    )
    letter = attachments.add_attachment(draft, letter_pdf(), kind=AttachmentKind.LETTER)
    listed = attachments.list_attachments(draft)
    assert [(a.id, a.title, a.child_agreed_to_share) for a in listed] == [
        (drawing, "Three Houses drawing", True),
        (letter, "Letter", False),
    ]
    assert listed[1].describe().startswith("PDF, 1 page, ")
    stored = attachments.attachment_data(draft, letter)
    assert stored == letter_pdf()
    with store.engine.connect() as conn:
        row = conn.execute(
            text("SELECT data, sha256, size FROM child_attachments WHERE id=:i"), {"i": letter}
        ).one()
    assert bytes(row.data) == stored and row.size == len(stored)
    # nothing was written beside the store but SQLite's own files
    after = sorted(p.name for p in tmp_path.rglob("*"))
    assert set(after) - set(before) <= {"test.sqlite3-wal", "test.sqlite3-shm"}

    attachments.remove_attachment(draft, drawing)
    assert [a.id for a in attachments.list_attachments(draft)] == [letter]
    assert draft.undo() == "remove Three Houses drawing"
    back = attachments.list_attachments(draft)
    assert [a.id for a in back] == [drawing, letter]
    assert (
        attachments.attachment_data(draft, drawing)
        == attachments.prepare(three_houses_photo()).data
    )


def test_the_childs_say_is_saved_and_a_signed_meeting_refuses_changes(draft: MeetingDraft) -> None:
    added = attachments.add_attachment(draft, _png(), kind=AttachmentKind.WISHES_FEELINGS_FORM)
    draft.set(ChildAttachment, added, child_agreed_to_share=True, title="My form")
    assert attachments.list_attachments(draft)[0].title == "My form"
    draft.change(lambda _s, m: sign_minutes(m))
    with pytest.raises(RecordIsFinal):
        attachments.add_attachment(draft, _png())
    with pytest.raises(RecordIsFinal):
        attachments.remove_attachment(draft, added)
    assert len(attachments.list_attachments(draft)) == 1


def test_a_meeting_has_room_for_so_many_attachments(
    draft: MeetingDraft, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attachments, "MAX_PER_MEETING", 2)
    attachments.add_attachment(draft, _png())
    attachments.add_attachment(draft, _png(colour="green"))
    with pytest.raises(AttachmentRefused, match="already has 2 attachments"):
        attachments.add_attachment(draft, _png(colour="blue"))
    assert len(attachments.list_attachments(draft)) == 2
    assert draft.undo_label == "add Something else the child gave"


def test_the_page_attaches_shows_and_removes_with_undo(
    qtbot, draft: MeetingDraft, tmp_path: Path
) -> None:
    from cinchair.ui.meeting.attachments_view import AttachmentsView, PreviewDialog

    view = AttachmentsView(draft, final=False)
    qtbot.addWidget(view)
    problems: list[str] = []
    view.show_problem = problems.append
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(letter_pdf())
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture")
    assert view.attach_file(notes) is None and "not a PNG or JPEG" in problems[0]
    added = view.attach_file(letter)
    assert [r.info.id for r in view.rows] == [added]
    row = view.rows[0]
    assert row.kind.currentData() == AttachmentKind.LETTER.value  # a PDF is probably a letter
    row.agreed.setChecked(True)
    assert attachments.list_attachments(draft)[0].child_agreed_to_share is True
    dialog = PreviewDialog(draft, added)
    qtbot.addWidget(dialog)
    assert dialog.where.text() == "Page 1 of 1" and not dialog.picture.pixmap().isNull()
    view.remove(added)
    assert view.rows == []
    draft.undo()
    view.reload()
    assert [r.info.id for r in view.rows] == [added]
