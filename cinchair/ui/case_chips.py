"""The State column of the case list drawn as chips: "due soon", "1 to sign later", ...

The words and which chips a case has come from the core (``cinchair.cases.chips``);
this delegate only paints them, in the colours of the theme in force, as rounded
chips on the 8 px grid. The cell's text stays the chips' words joined, so a screen
reader, the sorting and a copy of the row read the same as the eye does.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from cinchair.cases.chips import Chip
from cinchair.ui import theme
from cinchair.ui.tokens import GRID

# The role under which the model gives a row's chips.
CHIPS_ROLE = Qt.ItemDataRole.UserRole + 1
_GAP = GRID // 2


class ChipDelegate(QStyledItemDelegate):
    """Paints a cell's chips side by side; everything else as any cell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        chips: tuple[Chip, ...] = index.data(CHIPS_ROLE) or ()
        if not chips:
            super().paint(painter, option, index)
            return
        # the row's background (selected or not) without the text, then the chips over it
        plain = QStyleOptionViewItem(option)
        self.initStyleOption(plain, index)
        plain.text = ""
        widget = option.widget
        style = widget.style() if widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter, widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(option.font)
        metrics = painter.fontMetrics()
        rect = option.rect
        height = metrics.height() + _GAP
        x = rect.left() + GRID
        top = rect.top() + (rect.height() - height) / 2
        high_contrast = theme.is_high_contrast()
        for chip in chips:
            width = metrics.horizontalAdvance(chip.words) + 2 * GRID + 4
            if x + width > rect.right() and x > rect.left() + GRID:
                break  # the rest is in the tooltip and the cell's text
            back, fore = theme.chip_colours(chip.state)
            box = QRectF(x, top, min(width, rect.right() - x - 2), height)
            painter.setPen(QPen(fore, 1) if high_contrast else Qt.PenStyle.NoPen)
            painter.setBrush(back)
            painter.drawRoundedRect(box, height / 2, height / 2)
            painter.setPen(fore)
            painter.drawText(
                box.adjusted(GRID, 0, -GRID, 0),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                metrics.elidedText(chip.words, Qt.TextElideMode.ElideRight, int(box.width()) - 16),
            )
            x += width + _GAP
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        chips: tuple[Chip, ...] = index.data(CHIPS_ROLE) or ()
        if chips:
            metrics = option.fontMetrics
            width = sum(metrics.horizontalAdvance(c.words) + 2 * GRID + 4 + _GAP for c in chips)
            size.setWidth(width + 2 * GRID)
        return size


def chips_width(chips: tuple[Chip, ...], advance: object) -> int:
    """The width a cell needs for ``chips``, given a font's ``horizontalAdvance``."""
    measure = advance  # a bound QFontMetrics.horizontalAdvance
    assert callable(measure)
    return sum(int(measure(c.words)) + 2 * GRID + 4 + _GAP for c in chips) + 2 * GRID
