"""What is due next, as a short read-only checklist: what, by when, for whom, and why.

The items come worked out from the core (``cinchair.domain.duties.checklist`` and
``meeting_checklist``): this widget only lays them out. Each line shows the date (with
the working day to hold it by where the date is a weekend or bank holiday), who does
it and to whom, and carries the procedure's words as its tooltip and in what a screen
reader reads, so a chair can say why. Late items come first, marked in words as well
as colour.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from cinchair.domain.duties import ChecklistItem
from cinchair.ui.theme import error_colour


def item_text(item: ChecklistItem) -> str:
    late = "Late: " if item.late else ""
    local = " (the council's local choice, not its procedure)" if item.local_choice else ""
    return f"{late}{item.what}: {item.when}\n    {item.who}{local}"


class DutiesPanel(QWidget):
    """The checklist of one case or one meeting; read-only, keyboard-reachable."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        plain = title.replace("&", "")
        self.title = QLabel(title, self)
        self.title.setAccessibleName(plain)
        self.list = QListWidget(self)
        self.list.setAccessibleName(plain)
        self.list.setAccessibleDescription(
            "What is due, by when and for whom; each item's tooltip quotes the procedure."
        )
        self.list.setWordWrap(True)
        self.list.setSpacing(3)  # each task stands apart from the next
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QListWidget.SelectionMode.SingleSelection)
        self.list.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.title.setBuddy(self.list)
        self.empty = "Nothing due."
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)

    def show_items(self, items: Sequence[ChecklistItem], empty: str = "Nothing due.") -> None:
        self.list.clear()
        self.empty = empty
        if not items:
            placeholder = QListWidgetItem(empty)
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)
            return
        for entry in items:
            row = QListWidgetItem(item_text(entry))
            row.setToolTip(entry.cite)
            row.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"{item_text(entry)}. Why: {entry.cite}"
            )
            if entry.late:
                row.setForeground(QBrush(error_colour()))  # the word says it too
            self.list.addItem(row)

    def texts(self) -> list[str]:
        """The lines shown, in order (what a test or a screen reader reads)."""
        return [self.list.item(i).text() for i in range(self.list.count())]
