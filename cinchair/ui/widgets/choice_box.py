"""The drop-down a table cell opens for a choice: typed into, and shown whole.

Qt's drop-down takes each key as a fresh search once 0.4 s has passed since the last,
so a chair typing "met the chair after" at an ordinary pace was thrown from one
entry to another and ended on none of them. Here what is typed while the cell is
open builds up until the cell closes: the first entry that starts with it is picked,
else the first with a word that starts with it, else the first that holds it; a key
that would match nothing is not taken, and Backspace steps back.

Its list also shows every entry (up to ``SHOWN_AT_MOST``, then it scrolls) with the
current one in view: Qt sizes the list before the style sheet's padding is counted,
which left the last entry half hidden behind a scroll arrow.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QWidget

SHOWN_AT_MOST = 12  # entries in view at once; a longer list scrolls


def best_match(labels: list[str], typed: str) -> int:
    """Which label the typed text means (-1 for none), case and accents of case aside."""
    wanted = typed.casefold()
    if not wanted.strip():
        return -1
    folded = [label.casefold() for label in labels]
    for test in (
        lambda label: label.startswith(wanted),
        lambda label: any(word.startswith(wanted.strip()) for word in label.split()),
        lambda label: wanted in label,
    ):
        found = next((n for n, label in enumerate(folded) if test(label)), -1)
        if found >= 0:
            return found
    return -1


class ChoiceBox(QComboBox):
    """A drop-down for a cell: type the start (or a word) of a choice to pick it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.typed = ""  # what has been typed since the cell opened
        self.setMaxVisibleItems(SHOWN_AT_MOST)
        self.view().installEventFilter(self)  # keys typed with the list open, too

    def _labels(self) -> list[str]:
        return [self.itemText(n) for n in range(self.count())]

    def type_ahead(self, event: QKeyEvent) -> bool:
        """Take a typed key as part of the search; True when it was taken."""
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            return False
        if event.key() == Qt.Key.Key_Backspace:
            if self.typed:
                self.typed = self.typed[:-1]
                self._pick(best_match(self._labels(), self.typed))
            return True
        text = event.text()
        if not text or not text.isprintable() or (text == " " and not self.typed):
            return False  # Space on its own opens the list, as on any drop-down
        found = best_match(self._labels(), self.typed + text)
        if found >= 0:
            self.typed += text
            self._pick(found)
        return True  # a key that matches nothing is not taken: the pick stays

    def _pick(self, row: int) -> None:
        if row < 0:
            return
        self.setCurrentIndex(row)
        if self.view().isVisible():
            self.view().setCurrentIndex(self.model().index(row, self.modelColumn()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.type_ahead(event):
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.view()
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and self.type_ahead(event)
        ):
            return True
        return super().eventFilter(watched, event)

    def showPopup(self) -> None:
        super().showPopup()
        self.fit_list()
        # the list's scroll arrows go once nothing scrolls, leaving room below the last
        # entry: taken back when the list has settled
        QTimer.singleShot(0, self.fit_list)

    def fit_list(self) -> None:
        """Size the open list to every entry (up to ``SHOWN_AT_MOST``), keeping it on the
        screen, then bring the current entry into view."""
        view = self.view()
        frame = view.window()
        if not view.isVisible() or frame is self.window():
            return
        shown = min(self.count(), self.maxVisibleItems())
        needed = sum(max(view.sizeHintForRow(n), 1) for n in range(shown))
        change = needed - view.viewport().height()
        if change > 0 or (change < 0 and view.verticalScrollBar().maximum() == 0):
            geometry = frame.geometry()
            geometry.setHeight(geometry.height() + change)
            screen = self.screen() or QGuiApplication.primaryScreen()
            room = screen.availableGeometry()
            if geometry.bottom() > room.bottom():
                geometry.moveBottom(room.bottom())
            if geometry.top() < room.top():
                geometry.setTop(room.top())
            frame.setGeometry(geometry)
        if self.count() <= self.maxVisibleItems():
            view.scrollToTop()
        view.scrollTo(view.currentIndex(), QAbstractItemView.ScrollHint.EnsureVisible)
