"""Small row buttons (remove, move up, move down) drawn as icons in the theme's text colour.

A table has one main button in words ("Add point"); what acts on the selected row is a
small icon beside it, as in Word's and Outlook's list editors, each with an accessible
name and a tooltip that says the key. The icons are drawn here rather than taken from
the platform's icon theme: Qt's built-in set has no bin on every platform, and a drawn
icon follows the theme (dark, high contrast) and stays sharp at 125% and 200%.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QToolButton, QWidget

ICON_PX = 16  # logical pixels; drawn at the screen's scaling
GLYPHS = ("remove", "up", "down", "calendar")


def _path(glyph: str) -> QPainterPath:
    """The glyph on a 16 x 16 grid."""
    path = QPainterPath()
    if glyph == "up":
        path.moveTo(3.5, 10.5)
        path.lineTo(8, 5.5)
        path.lineTo(12.5, 10.5)
    elif glyph == "down":
        path.moveTo(3.5, 5.5)
        path.lineTo(8, 10.5)
        path.lineTo(12.5, 5.5)
    elif glyph == "remove":  # a bin: lid, handle, body with two ribs
        path.moveTo(2.5, 4.5)
        path.lineTo(13.5, 4.5)
        path.moveTo(6, 4.5)
        path.lineTo(6, 2.5)
        path.lineTo(10, 2.5)
        path.lineTo(10, 4.5)
        path.addRoundedRect(QRectF(4, 4.5, 8, 9.5), 1.2, 1.2)
        path.moveTo(6.75, 7)
        path.lineTo(6.75, 11.5)
        path.moveTo(9.25, 7)
        path.lineTo(9.25, 11.5)
    elif glyph == "calendar":  # a page with two rings and a row of days
        path.addRoundedRect(QRectF(2.5, 3.5, 11, 10), 1.5, 1.5)
        path.moveTo(2.5, 6.5)
        path.lineTo(13.5, 6.5)
        for x in (5.5, 10.5):
            path.moveTo(x, 2)
            path.lineTo(x, 4.5)
        for x in (5.5, 8, 10.5):
            path.moveTo(x, 9.5)
            path.lineTo(x + 0.01, 9.5)
            path.moveTo(x, 11.5)
            path.lineTo(x + 0.01, 11.5)
    else:
        raise ValueError(f"no row icon called {glyph!r}")
    return path


def row_icon(glyph: str, colour: QColor, disabled: QColor, ratio: float = 1.0) -> QIcon:
    """The glyph as an icon, in ``colour`` and, greyed, in ``disabled``."""
    icon = QIcon()
    for mode, ink in ((QIcon.Mode.Normal, colour), (QIcon.Mode.Disabled, disabled)):
        size = max(1, round(ICON_PX * ratio))
        pixmap = QPixmap(size, size)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(ink, 1.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.drawPath(_path(glyph))
        painter.end()
        icon.addPixmap(pixmap, mode)
    return icon


class RowButton(QToolButton):
    """A small icon button for the selected row; redrawn when the theme changes."""

    def __init__(self, glyph: str, name: str, tip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.glyph = glyph
        self.setAccessibleName(name)
        self.setToolTip(tip)
        self.setIconSize(QSize(ICON_PX, ICON_PX))
        self.setAutoRaise(True)
        self._paint_icon()

    def _paint_icon(self) -> None:
        palette = self.palette()
        ink = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText)
        grey = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
        self.setIcon(row_icon(self.glyph, ink, grey, self.devicePixelRatioF()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._paint_icon()
        super().changeEvent(event)
