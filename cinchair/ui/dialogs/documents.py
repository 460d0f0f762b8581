"""Minutes and plan from the window: which copies, which formats, which folder; then write.

A draft can be written too (to read through with the family before signing): every
page then says "Draft: not yet signed", so nobody takes it for the final record.
Files are named by case reference and date only, never by the child's name, because
file names show in folders, e-mail attachments and recent-file lists.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cinchair.app.files import CannotWrite
from cinchair.documents import Copy, Format, TemplateProblem
from cinchair.documents.for_meeting import write_meeting_documents
from cinchair.store.facade import Store

LISTED_IN_FULL = 12  # files shown without scrolling; more than this and the list scrolls


class DocumentsDialog(QDialog):
    """Writes the meeting's minutes and plan; lists what was written."""

    def __init__(
        self,
        store: Store,
        meeting_id: str,
        folder: Path,
        *,
        signed: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.meeting_id = store, meeting_id
        self.written: list[Path] = []
        self.setWindowTitle("Minutes and plan")
        layout = QVBoxLayout(self)
        state = QLabel(
            "Signed: these are the final minutes and plan."
            if signed
            else "Not signed yet: every page will say \u201cDraft: not yet signed\u201d.",
            self,
        )
        state.setWordWrap(True)
        layout.addWidget(state)

        form = QFormLayout()
        self.family = QCheckBox("Family copy (leaves out points marked confidential)", self)
        self.agencies = QCheckBox("Agencies\u2019 copy (everything)", self)
        self.docx = QCheckBox("Word (DOCX), to edit or send", self)
        self.pdf = QCheckBox("PDF, to print or keep", self)
        for box, name in (
            (self.family, "Family copy"),
            (self.agencies, "Agencies' copy"),
            (self.docx, "Word format"),
            (self.pdf, "PDF format"),
        ):
            box.setChecked(True)
            box.setAccessibleName(name)
            box.toggled.connect(self._enable)
        copies = QVBoxLayout()
        copies.addWidget(self.family)
        copies.addWidget(self.agencies)
        formats = QVBoxLayout()
        formats.addWidget(self.docx)
        formats.addWidget(self.pdf)
        form.addRow("Copies", copies)
        form.addRow("Formats", formats)
        self.folder = QLineEdit(str(folder), self)
        self.folder.setAccessibleName("Folder to write into")
        browse = QPushButton("&Choose\u2026", self)
        browse.setAccessibleName("Choose the folder")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(browse)
        label = QLabel("&Folder", self)
        label.setBuddy(self.folder)
        form.addRow(label, where)
        layout.addLayout(form)

        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Result")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.files = QListWidget(self)
        self.files.setAccessibleName("Files written")
        self.files.hide()
        layout.addWidget(self.files)

        self.buttons = QDialogButtonBox(self)
        self.write_button = self.buttons.addButton("&Write", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button = self.buttons.addButton(
            "&Open the folder", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.setEnabled(False)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.write)
        self.buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(self._open_folder)
        layout.addWidget(self.buttons)
        self.write_button.setDefault(True)
        self.resize(560, 360)

    def _enable(self) -> None:
        wanted = (self.family.isChecked() or self.agencies.isChecked()) and (
            self.docx.isChecked() or self.pdf.isChecked()
        )
        self.write_button.setEnabled(wanted)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Where to write", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def write(self) -> None:
        """Write the chosen documents; say plainly what went wrong if anything did."""
        folder = Path(self.folder.text().strip()).expanduser()
        copies = [
            c
            for c, box in ((Copy.FAMILY, self.family), (Copy.AGENCIES, self.agencies))
            if box.isChecked()
        ]
        formats = [
            f for f, box in ((Format.DOCX, self.docx), (Format.PDF, self.pdf)) if box.isChecked()
        ]
        if not self.folder.text().strip():
            self._say("Choose a folder to write into.", error=True)
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = write_meeting_documents(
                self.store, self.meeting_id, folder, formats=formats, copies=copies
            )
        except CannotWrite as exc:
            self._say(f"Nothing was written: {exc.reason}.", error=True)
            return
        except TemplateProblem as exc:
            self._say(
                f"Nothing was written: the council's template has a problem ({exc}).", error=True
            )
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.written = [item.path for item in written]
        self.files.clear()
        self.files.addItems([path.name for path in self.written])
        self._fit_list()
        self.files.show()
        self.adjustSize()  # the dialog grows with the list, so no file hides below it
        self._say(f"{len(self.written)} files written in {folder}.", error=False)
        self.open_button.setEnabled(True)

    def _fit_list(self) -> None:
        """Tall enough for every file written (eight at most, from the four choices).

        A list of its default height showed four of the eight files with the rest
        below its foot; past ``LISTED_IN_FULL`` rows it scrolls, and the line above
        it says how many there are.
        """
        rows = min(self.files.count(), LISTED_IN_FULL)
        row_height = max(self.files.sizeHintForRow(0), self.files.fontMetrics().height())
        frame = 2 * self.files.frameWidth()
        self.files.setFixedHeight(rows * row_height + frame + 2)

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setText(("⚠ " if error else "✓ ") + text)

    def _open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder.text().strip()))
