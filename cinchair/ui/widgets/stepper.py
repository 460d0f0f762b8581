"""The meeting's agenda as a stepper: numbered steps, a tick when done, a mark when short.

A list a chair reads at a glance, as the step indicators of the settings apps: each
step a circle with its number (a tick once something is recorded in it, a "!" when
something required in it is still empty), the step's title beside it, the current
step filled in the accent colour, and "6 of 10 steps recorded" above. It stays a
``QListWidget``: arrows, Home/End, typing a letter and a screen reader work as in
any list, and each item's text says in words what the marks show ("(empty)",
"required item missing").
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from cinchair.ui import theme
from cinchair.ui.tokens import GRID

# Per item: the step's number, whether it has something recorded, whether a required
# item in it is still empty, and its title without the words for the marks.
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 10
DONE_ROLE = Qt.ItemDataRole.UserRole + 11
MISSING_ROLE = Qt.ItemDataRole.UserRole + 12
TITLE_ROLE = Qt.ItemDataRole.UserRole + 13


def progress_words(done: int, total: int) -> str:
    return f"{done} of {total} steps recorded"


class _StepDelegate(QStyledItemDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        rect = option.rect
        current = bool(option.state & QStyle.StateFlag.State_Selected)
        tokens = theme.tokens()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if current:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(tokens.accent_tint))
            painter.drawRoundedRect(QRectF(rect).adjusted(2, 1, -2, -1), 6, 6)
        done, missing = bool(index.data(DONE_ROLE)), bool(index.data(MISSING_ROLE))
        size = min(rect.height() - GRID, GRID * 3)
        circle = QRectF(rect.left() + GRID, rect.top() + (rect.height() - size) / 2, size, size)
        accent, surface = QColor(tokens.accent), QColor(tokens.surface)
        if missing:
            fill, mark, edge = QColor(tokens.warning), surface, QColor(tokens.warning)
        elif current or done:
            fill, mark, edge = accent, QColor(tokens.on_accent), accent
        else:
            fill, mark, edge = surface, QColor(tokens.muted), QColor(tokens.border)
        painter.setPen(QPen(edge, 1.5))
        painter.setBrush(fill)
        painter.drawEllipse(circle)
        painter.setPen(mark)
        font = option.font
        font.setBold(True)
        painter.setFont(font)
        symbol = "!" if missing else ("✓" if done and not current else str(index.data(NUMBER_ROLE)))
        painter.drawText(circle, int(Qt.AlignmentFlag.AlignCenter), symbol)
        font.setBold(current)
        painter.setFont(font)
        text_colour = tokens.on_accent_tint if current else tokens.text
        painter.setPen(QColor(text_colour if done or current else tokens.muted))
        text_rect = rect.adjusted(int(circle.right()) - rect.left() + GRID + 2, 0, -GRID, 0)
        title = painter.fontMetrics().elidedText(
            str(index.data(TITLE_ROLE)), Qt.TextElideMode.ElideRight, text_rect.width()
        )
        painter.drawText(
            text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), title
        )
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        # the width the list gives (Stepper.width_for, narrower in a narrow window), not
        # the title's: a wider item scrolled sideways instead of ending in "…"
        metrics = option.fontMetrics
        return QSize(GRID * 10, max(metrics.height() + GRID * 2, GRID * 5))


class Stepper(QListWidget):
    """The steps; ``set_steps`` fills it, ``progress_text`` says how far the meeting is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(_StepDelegate(self))
        self.setObjectName("stepper")
        self.setSpacing(1)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.progress_text = ""

    def set_steps(self, titles: list[str], empty: list[bool], missing: set[int]) -> None:
        """Refill: ``empty`` per step, ``missing`` the positions with a required item empty."""
        for number, (title, is_empty) in enumerate(zip(titles, empty, strict=True), start=1):
            words = f"{number}. {title}" + ("  (empty)" if is_empty else "")
            item = QListWidgetItem(words)
            spoken = words + (", a required item missing" if number - 1 in missing else "")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
            item.setToolTip(spoken)
            item.setData(NUMBER_ROLE, number)
            item.setData(DONE_ROLE, not is_empty)
            item.setData(MISSING_ROLE, number - 1 in missing)
            item.setData(TITLE_ROLE, title)
            if is_empty:
                item.setForeground(theme.muted_colour())
            self.addItem(item)
        self.progress_text = progress_words(empty.count(False), len(empty))
        self.setAccessibleDescription(self.progress_text)

    def width_for(self, titles: list[str]) -> int:
        """As wide as the longest step needs, no wider: the page gets the rest.

        Measured in bold, as the current step is drawn (seen on screen: "Consent and the
        child's voice" was cut short when it was the current step)."""
        font = self.font()
        font.setBold(True)
        metrics = QFontMetrics(font)
        return max(metrics.horizontalAdvance(t) for t in titles) + GRID * 10
