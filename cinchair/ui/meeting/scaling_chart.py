"""The scaling chart on the scaling page: each person's 0-10 scores across the case's meetings.

It paints the same ``ScalingHistory`` the minutes draw (``cinchair.meetings.scaling_history``), with
the same colours, marker shapes and side-by-side places for tied scores, so what the chair
sees is what the family reads. A screen reader gets the chart in words: the accessible
description is the history's summary, kept up to date as scores are typed.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from cinchair.domain.dates import format_day
from cinchair.meetings.scaling_history import ScalingHistory, style_of
from cinchair.ui import theme

QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no limit" on a widget's size
EMPTY = "Scores over time appear here from the case's second scored meeting."


class ScalingChart(QWidget):
    """A line chart of a ``ScalingHistory``; ``show_history`` replaces what it shows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = ScalingHistory((), ())
        self.setAccessibleName("Scaling scores over time")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable, so its summary is read
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(200)
        self.show_history(self.history)

    def show_history(self, history: ScalingHistory) -> None:
        self.history = history
        summary = history.summary() if history.worth_drawing else EMPTY
        self.setAccessibleDescription(summary)
        self.setToolTip(summary)
        # with nothing to draw, one line saying so: the table above takes the room, rather
        # than shrinking to four rows and a scroll bar over an empty half page
        if history.worth_drawing:
            self.setMinimumHeight(200)
            self.setMaximumHeight(QWIDGETSIZE_MAX)
        else:
            self.setFixedHeight(self.fontMetrics().lineSpacing() * 3)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, 240)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        painter.setBackground(self.palette().base())  # a hollow marker's inside
        text_colour = self.palette().text().color()
        tokens = theme.tokens()
        if not self.history.worth_drawing:
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(
                QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, EMPTY
            )
            return
        metrics = QFontMetricsF(self.font())
        line_h = metrics.height()
        names = [s.name for s in self.history.series]
        legend_w = min(self.width() * 0.35, max(metrics.horizontalAdvance(n) for n in names) + 70)
        left, top = metrics.horizontalAdvance("10") + 12, line_h / 2 + 4
        right = self.width() - legend_w - 16
        bottom = self.height() - line_h - 12
        count = len(self.history.occasions)

        def y_of(score: float) -> float:
            return bottom - (bottom - top) * score / 10

        def x_of(index: int) -> float:
            inset = min(60.0, (right - left) / 6)
            return left + inset + (right - left - 2 * inset) * index / max(count - 1, 1)

        for score in range(11):
            y = y_of(score)
            grid = QColor(tokens.chart_grid_major if score % 5 == 0 else tokens.chart_grid)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(left, y), QPointF(right, y))
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(0, y - line_h / 2, left - 6, line_h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(score),
            )
        for index, occasion in enumerate(self.history.occasions):
            x = x_of(index)
            label = format_day(occasion.held_on)
            width = metrics.horizontalAdvance(label)
            painter.drawText(QPointF(x - width / 2, bottom + line_h + 2), label)
        slots = self.history.side_by_side()
        step = 8.0
        for number, series in enumerate(self.history.series):
            colour, shape = _readable(style_of(number), text_colour)
            pen = QPen(QColor(colour), 2.5)
            painter.setPen(pen)

            def at(i: int, score: int, number: int = number) -> QPointF:
                return QPointF(x_of(i) + slots[number][i] * step, y_of(score))

            for i in range(count - 1):
                a, b = series.scores[i], series.scores[i + 1]
                if a is not None and b is not None:
                    painter.drawLine(at(i, a), at(i + 1, b))
            for i, given in enumerate(series.scores):
                if given is not None:
                    _marker(painter, shape, at(i, given), 5.0, QColor(colour))
        # legend: marker, name, latest score
        x0 = self.width() - legend_w
        y = top + line_h / 2
        for number, series in enumerate(self.history.series):
            colour, shape = _readable(style_of(number), text_colour)
            painter.setPen(QPen(QColor(colour), 2.5))
            painter.drawLine(QPointF(x0, y), QPointF(x0 + 22, y))
            _marker(painter, shape, QPointF(x0 + 11, y), 5.0, QColor(colour))
            latest = next((s for s in reversed(series.scores) if s is not None), None)
            painter.setPen(text_colour)
            name_w = legend_w - 60
            name = metrics.elidedText(series.name, Qt.TextElideMode.ElideRight, name_w)
            painter.drawText(QPointF(x0 + 30, y + metrics.ascent() / 2 - 1), name)
            painter.setPen(QColor(colour))
            painter.drawText(QPointF(self.width() - 22, y + metrics.ascent() / 2 - 1), str(latest))
            y += line_h + 6


def _readable(style: tuple[str, str], text_colour: QColor) -> tuple[str, str]:
    """The series' colour, but the theme's text colour for the palette's black (on a dark
    background the last series would otherwise vanish); the shape tells it apart still."""
    colour, shape = style
    return (text_colour.name() if colour.lower() == "#000000" else colour), shape


def _marker(painter: QPainter, shape: str, at: QPointF, r: float, colour: QColor) -> None:
    painter.save()
    hollow = shape.endswith("-open")
    painter.setPen(QPen(colour, 2))
    painter.setBrush(painter.background() if hollow else colour)
    x, y = at.x(), at.y()
    if shape.startswith("circle"):
        painter.drawEllipse(at, r, r)
    elif shape.startswith("square"):
        painter.drawRect(QRectF(x - r, y - r, 2 * r, 2 * r))
    else:
        points = {
            "triangle": [(0, -1.2), (1.1, 0.8), (-1.1, 0.8)],
            "down": [(0, 1.2), (1.1, -0.8), (-1.1, -0.8)],
            "diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
        }[shape]
        painter.drawPolygon(QPolygonF([QPointF(x + dx * r, y + dy * r) for dx, dy in points]))
    painter.restore()
