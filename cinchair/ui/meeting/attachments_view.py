"""What the child gave, on the consent and child's voice page: attach, list, preview, remove.

Every file stays inside the encrypted store: the list shows thumbnails made from the
stored preview, and the preview window shows pictures and renders PDF pages in memory
(PDFium), so nothing is ever written to disk in clear for another program to open. Edits
go through ``cinchair.meetings.attachments`` and the draft, so each is saved at once and adding or
removing is undone from the Edit menu like any other row.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cinchair.domain import vocabulary as words
from cinchair.meetings import attachments
from cinchair.meetings.attachments import AttachmentInfo, AttachmentRefused
from cinchair.meetings.draft import MeetingDraft
from cinchair.model import AttachmentKind, ChildAttachment

FILE_FILTER = "Pictures and PDFs (*.png *.jpg *.jpeg *.pdf *.PNG *.JPG *.JPEG *.PDF);;All files (*)"
THUMB = 72


def _pixmap(data: bytes, side: int) -> QPixmap:
    image = QImage.fromData(data)
    return QPixmap.fromImage(image).scaled(
        side,
        side,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


class AttachmentRow(QFrame):
    """One attachment: thumbnail, title, kind, the child's say, preview and remove."""

    def __init__(self, view: AttachmentsView, info: AttachmentInfo, final: bool) -> None:
        super().__init__(view)
        self.view, self.info = view, info
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        thumb = QLabel(self)
        thumb.setFixedSize(THUMB, THUMB)
        thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if info.preview:
            thumb.setPixmap(_pixmap(info.preview, THUMB))
        thumb.setAccessibleName(f"Thumbnail of {info.title}")
        layout.addWidget(thumb)
        middle = QVBoxLayout()
        top = QHBoxLayout()
        self.title = QLineEdit(info.title, self)
        self.title.setAccessibleName("Title")
        self.title.setMaxLength(attachments.TITLE_LENGTH)
        self.title.editingFinished.connect(self._save_title)
        self.kind = QComboBox(self)
        self.kind.setAccessibleName("What it is")
        for kind, label in words.ATTACHMENT_KIND.items():
            self.kind.addItem(label, kind.value)
        self.kind.setCurrentIndex(self.kind.findData(info.kind.value))
        self.kind.currentIndexChanged.connect(self._save_kind)
        top.addWidget(self.title, 2)
        top.addWidget(self.kind, 1)
        middle.addLayout(top)
        bottom = QHBoxLayout()
        self.agreed = QCheckBox("Child agreed this can be in the minutes", self)
        self.agreed.setChecked(info.child_agreed_to_share)
        self.agreed.toggled.connect(self._save_agreed)
        detail = QLabel(f"{info.describe()}; added {info.added_at:%d %b %Y}", self)
        detail.setEnabled(False)
        bottom.addWidget(self.agreed)
        bottom.addStretch(1)
        bottom.addWidget(detail)
        middle.addLayout(bottom)
        layout.addLayout(middle, 1)
        self.preview = QPushButton("Preview", self)
        self.preview.setAccessibleName(f"Preview {info.title}")
        self.preview.clicked.connect(lambda: view.preview(info.id))
        self.remove = QPushButton("Remove", self)
        self.remove.setAccessibleName(f"Remove {info.title}")
        self.remove.clicked.connect(lambda: view.remove(info.id))
        buttons = QVBoxLayout()
        buttons.addWidget(self.preview)
        buttons.addWidget(self.remove)
        layout.addLayout(buttons)
        for widget in (self.title, self.kind, self.agreed, self.remove):
            widget.setEnabled(not final)

    def _save_title(self) -> None:
        text = self.title.text().strip()
        if not text:  # a title is needed in the minutes: put back the one saved
            self.title.setText(self.info.title)
        elif text != self.info.title:
            self.view.draft.set(ChildAttachment, self.info.id, title=text)

    def _save_kind(self) -> None:
        kind = AttachmentKind(self.kind.currentData())
        self.view.draft.set(ChildAttachment, self.info.id, kind=kind)

    def _save_agreed(self, checked: bool) -> None:
        self.view.draft.set(ChildAttachment, self.info.id, child_agreed_to_share=checked)


class AttachmentsView(QWidget):
    """The list of what the child gave, with "Attach what the child gave…" above it."""

    def __init__(self, draft: MeetingDraft, final: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft, self.final = draft, final
        self.rows: list[AttachmentRow] = []
        # Tests and other callers replace these to avoid modal dialogs.
        self.choose_file: Callable[[], str | None] = self._ask_for_file
        self.show_problem: Callable[[str], None] = self._warn
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        heading = QLabel("What the child gave before the meeting (kept encrypted here)", self)
        self.attach = QPushButton("Attach what the child gave…", self)
        self.attach.setEnabled(not final)
        self.attach.clicked.connect(self.attach_chosen_file)
        head.addWidget(heading, 1)
        head.addWidget(self.attach)
        layout.addLayout(head)
        self.list_box = QVBoxLayout()
        self.empty = QLabel(
            "Nothing attached. A wishes and feelings form, a drawing or a letter "
            "(picture or PDF) can be attached here.",
            self,
        )
        self.empty.setWordWrap(True)
        self.empty.setEnabled(False)
        self.list_box.addWidget(self.empty)
        layout.addLayout(self.list_box)
        self.reload()

    def reload(self) -> None:
        for row in self.rows:
            self.list_box.removeWidget(row)
            row.hide()  # gone from the screen now, not at the next turn of the event loop
            row.deleteLater()
        self.rows = [
            AttachmentRow(self, info, self.final)
            for info in attachments.list_attachments(self.draft)
        ]
        for row in self.rows:
            self.list_box.addWidget(row)
        self.empty.setVisible(not self.rows)
        # Room for every row: the page scrolls, so the list never squeezes them.
        shown = sum(row.sizeHint().height() for row in self.rows)
        self.setMinimumHeight(self.attach.sizeHint().height() + max(shown, 40) + 16)

    # -- actions ---------------------------------------------------------------------------

    def attach_chosen_file(self) -> None:
        chosen = self.choose_file()
        if chosen:
            self.attach_file(Path(chosen))

    def attach_file(self, path: Path) -> str | None:
        """Attach ``path``; the new id, or None after telling the chair why not."""
        guess = AttachmentKind.LETTER if path.suffix.lower() == ".pdf" else AttachmentKind.OTHER
        try:
            added = attachments.add_attachment_file(self.draft, path, kind=guess)
        except AttachmentRefused as exc:
            self.show_problem(str(exc))
            return None
        self.reload()
        return added

    def remove(self, attachment_id: str) -> None:
        attachments.remove_attachment(self.draft, attachment_id)
        self.reload()

    def preview(self, attachment_id: str) -> None:
        PreviewDialog(self.draft, attachment_id, self).exec()

    def _ask_for_file(self) -> str | None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Attach what the child gave", str(Path.home()), FILE_FILTER
        )
        return name or None

    def _warn(self, message: str) -> None:
        QMessageBox.warning(self, "Cannot attach this file", message)


class PreviewDialog(QDialog):
    """A picture, or a PDF page by page, shown from memory."""

    def __init__(
        self, draft: MeetingDraft, attachment_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        info = next(a for a in attachments.list_attachments(draft) if a.id == attachment_id)
        self.setWindowTitle(f"{info.title} ({info.kind_label})")
        self.data = attachments.attachment_data(draft, attachment_id)
        self.is_pdf, self.pages, self.page = info.is_pdf, info.pages or 1, 0
        layout = QVBoxLayout(self)
        self.picture = QLabel(self)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setAccessibleName(info.title)
        scroll = QScrollArea(self)
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(True)
        layout.addWidget(scroll, 1)
        nav = QHBoxLayout()
        self.back = QPushButton("Previous page", self)
        self.next = QPushButton("Next page", self)
        self.where = QLabel(self)
        self.back.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next.clicked.connect(lambda: self.show_page(self.page + 1))
        for widget in (self.back, self.where, self.next):
            nav.addWidget(widget)
            widget.setVisible(self.is_pdf)
        nav.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        nav.addWidget(buttons)
        layout.addLayout(nav)
        self.resize(900, 760)
        self.show_page(0)

    def show_page(self, index: int) -> None:
        index = max(0, min(index, self.pages - 1))
        self.page = index
        if self.is_pdf:
            image = attachments.render_pdf_page(self.data, index, 1400)
            out = io.BytesIO()
            image.save(out, "PNG")
            data = out.getvalue()
            self.where.setText(f"Page {index + 1} of {self.pages}")
            self.back.setEnabled(index > 0)
            self.next.setEnabled(index < self.pages - 1)
        else:
            data = self.data
        self.picture.setPixmap(_pixmap(data, 840))
