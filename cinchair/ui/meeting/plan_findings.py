"""The plan page's SMART findings, readable in full and where the keyboard is.

The list of every finding is as tall as its wrapped words (the page scrolls to it), not
a box of one line with scroll bars of its own at the foot of a 1366x768 page. The line
under the tables says the chosen row's findings in words, so a keyboard or screen
reader user learns why a row has ⚠ without a mouse to hover for its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QListWidget, QWidget

from cinchair.ui import theme
from cinchair.ui.meeting.rows import RowTable


class FindingsList(QListWidget):
    """Every finding, each wrapped whole; the list grows to them rather than scrolling."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAccessibleName("SMART findings")
        self.setWordWrap(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def show_lines(self, lines: list[str]) -> None:
        self.clear()
        self.addItems(lines)
        self.fit()

    def fit(self) -> None:
        """As tall as every finding wrapped at the list's width (measured, not guessed:
        a row's own size hint is one line until the list has been laid out)."""
        metrics = self.fontMetrics()
        width = max(self.viewport().width() - 2 * self.spacing() - 12, metrics.averageCharWidth())
        height = 0
        for row in range(self.count()):
            padding = max(self.sizeHintForRow(row) - metrics.height(), 4)
            words = metrics.boundingRect(
                QRect(0, 0, width, 1 << 20), Qt.TextFlag.TextWordWrap, self.item(row).text()
            )
            height += words.height() + padding
        self.setFixedHeight(height + 2 * self.frameWidth() + 4)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width wraps the findings anew, so their height is measured again."""
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit()


class RowFindingsLine(QLabel):
    """The findings of the row the keyboard is on, in words, in the table it is in."""

    def __init__(self, tables: list[RowTable], parent: QWidget) -> None:
        super().__init__(parent)
        self.tables = tables
        self.chosen: RowTable = tables[0]
        self.setWordWrap(True)
        self.setAccessibleName("Findings for the chosen row")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for table in tables:
            table.view.selectionModel().currentChanged.connect(
                lambda current, _previous, chosen=table: self.follow(chosen, current.isValid())
            )
            table.model.modelReset.connect(self.show_row)

    def follow(self, table: RowTable, chosen: bool) -> None:
        """Follow the keyboard to ``table``, but not when a table moves its own current row
        while the keyboard is in another one (the actions re-read for a chosen outcome)."""
        elsewhere = any(t.view.hasFocus() for t in self.tables if t is not table)
        if chosen and not elsewhere:
            self.chosen = table
        self.show_row()

    def show_row(self) -> None:
        """Say what is wrong with the chosen row, or that nothing is; nothing chosen, nothing."""
        row_id = self.chosen.current_id()
        if row_id is None:
            self.setText("")
            self.chosen.view.setAccessibleDescription("")
            return
        found = self.chosen.model.findings.get(row_id, [])
        noun = self.chosen.noun
        if found:
            text = f"⚠ The chosen {noun}: " + " ".join(found)
            self.setStyleSheet(theme.text_style(theme.error_colour(), bold=False))
        else:
            text = f"✓ The chosen {noun}: no problems found."
            self.setStyleSheet("")
        self.setText(text)
        # a screen reader says it with the table, where the keyboard is
        self.chosen.view.setAccessibleDescription(text)
