"""The case's meetings, to open any of them: a signed one read-only, to read or to sign later.

A parent marked "to sign later" signs weeks after the meeting, on the chair's next
visit; the chair needs the way back to that meeting from the case list.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cinchair.domain import vocabulary as words
from cinchair.domain.bidi import isolate
from cinchair.domain.dates import format_day
from cinchair.meetings.lifecycle import MeetingSummary


def describe(summary: MeetingSummary) -> str:
    """One line in words: date, kind, state, and who still has to sign."""
    kind = words.label(words.MEETING_KIND, summary.kind)
    state = "signed" if summary.signed else "not signed yet"
    if summary.version > 1:
        state += f", version {summary.version}"
    if summary.corrected:
        state += ", replaced by a correction"
    line = f"{format_day(summary.held_on)}  {kind}: {state}"
    if summary.to_sign_later:
        line += " · to sign later: " + ", ".join(summary.to_sign_later)
    return line


class PastMeetingsDialog(QDialog):
    """Pick one of the case's meetings; Enter or double-click opens it."""

    def __init__(
        self, child: str, meetings: list[MeetingSummary], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open a meeting")  # never the child's name: titles show on taskbars
        self.chosen: str | None = None
        layout = QVBoxLayout(self)
        caption = QLabel(f"Meetings for {isolate(child)}, newest first:", self)
        caption.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(caption)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Meetings of this case")
        caption.setBuddy(self.list)
        for summary in meetings:
            item = QListWidgetItem(describe(summary))
            item.setData(Qt.ItemDataRole.UserRole, summary.meeting_id)
            self.list.addItem(item)
        if meetings:
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 320)

    def accept(self) -> None:
        if self.list.currentRow() < 0:
            return
        self.chosen = self.list.currentItem().data(Qt.ItemDataRole.UserRole)
        super().accept()
