"""The list of required items still empty, shown on the sign-off page.

The meeting window counts them under the step list; here the chair sees each one
in words before signing, and Enter or a double click on one goes to its step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from cinchair.domain.required import MissingItem, count_words
from cinchair.meetings import views
from cinchair.meetings.draft import MeetingDraft
from cinchair.profiles import Profile


class MissingList(QListWidget):
    """What is still empty; ``chosen`` carries the agenda step key of the item picked."""

    chosen = Signal(str)

    def __init__(self, draft: MeetingDraft, profile: Profile, parent: QWidget | None = None):
        super().__init__(parent)
        self.draft, self.profile = draft, profile
        self.items_missing: list[MissingItem] = []
        self.setAccessibleName("Required items still empty")
        self.setWordWrap(True)
        self.itemActivated.connect(self._picked)

    def refresh(self) -> None:
        # a signed record is final: nothing is "still" to be filled in
        self.items_missing = self.draft.read(views.still_missing(self.profile))
        self.clear()
        self.setAccessibleDescription(count_words(len(self.items_missing)))
        if self.items_missing:
            heading = QListWidgetItem("Still empty before sign-off (Enter on one goes there):")
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a caption: not chosen, not a step
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self.addItem(heading)
        for missing in self.items_missing:
            item = QListWidgetItem(f"• {missing.label}")
            item.setData(Qt.ItemDataRole.UserRole, missing.step_key)
            item.setToolTip("Enter or double-click to go there")
            self.addItem(item)
        self.setVisible(bool(self.items_missing))
        rows = range(min(self.count(), 9))
        height = sum(self.sizeHintForRow(row) for row in rows)
        self.setFixedHeight(height + 2 * self.frameWidth() + 4)

    def _picked(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if key:
            self.chosen.emit(key)
