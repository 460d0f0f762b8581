"""Small row buttons (remove, move up, move down) drawn as icons in the theme's text colour.

A table has one main button in words ("Add point"); what acts on the selected row is a
small icon beside it, as in Word's and Outlook's list editors, each with an accessible
name and a tooltip that says the key. The icons are drawn here rather than taken from
the platform's icon theme: Qt's built-in set has no bin on every platform, and a drawn
icon follows the theme (dark, high contrast) and stays sharp at 125% and 200%.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QToolButton, QWidget

from cinchair.ui import theme

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


class GlyphIcon(QIconEngine):
    """Draws a glyph at whatever size and scaling it is asked for, in the colours of the
    theme in force when it is drawn: a theme changed while the app runs (the OS turned
    dark) redraws it right, with no per-widget event to keep up to date."""

    def __init__(self, glyph: str) -> None:
        super().__init__()
        self.glyph = glyph
        self.path = _path(glyph)

    def clone(self) -> QIconEngine:
        return GlyphIcon(self.glyph)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        tokens = theme.tokens()
        ink = tokens.border if mode == QIcon.Mode.Disabled else tokens.text
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(ink), 1.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.translate(rect.topLeft())
        scale = min(rect.width(), rect.height()) / ICON_PX
        painter.scale(scale, scale)
        painter.drawPath(self.path)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        return pixmap


def row_icon(glyph: str) -> QIcon:
    """The glyph as an icon, drawn in the theme's text colour (greyed when disabled)."""
    return QIcon(GlyphIcon(glyph))


class RowButton(QToolButton):
    """A small icon button for the selected row."""

    def __init__(self, glyph: str, name: str, tip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.glyph = glyph
        self.setAccessibleName(name)
        self.setToolTip(tip)
        self.setIconSize(QSize(ICON_PX, ICON_PX))
        self.setAutoRaise(True)
        self.setIcon(row_icon(glyph))
